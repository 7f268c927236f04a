"""A binary record format: struct packing, bytes/bytearray/memoryview, checksums and hexdumps."""
import struct
import zlib

RECORD = struct.Struct('<HI8sd')


def pack_records(records):
    out = bytearray(b'RECS')
    out += struct.pack('<I', len(records))
    for ident, count, name, ratio in records:
        out += RECORD.pack(ident, count, name.encode('ascii').ljust(8, b'\0'), ratio)
    out += struct.pack('<I', zlib.crc32(bytes(out)))
    return bytes(out)


def unpack_records(data):
    if data[:4] != b'RECS':
        raise ValueError('bad magic %r' % data[:4])
    (count,) = struct.unpack_from('<I', data, 4)
    body_end = 8 + count * RECORD.size
    (crc,) = struct.unpack_from('<I', data, body_end)
    if crc != zlib.crc32(data[:body_end]):
        raise ValueError('checksum mismatch')
    view = memoryview(data)
    records = []
    for offset in range(8, body_end, RECORD.size):
        ident, cnt, name, ratio = RECORD.unpack(view[offset:offset + RECORD.size])
        records.append((ident, cnt, name.rstrip(b'\0').decode('ascii'), ratio))
    return records


def hexdump(data, width=16):
    for offset in range(0, len(data), width):
        chunk = data[offset:offset + width]
        hexpart = ' '.join('%02x' % b for b in chunk)
        text = ''.join(chr(b) if 32 <= b < 127 else '.' for b in chunk)
        print('%04x  %-*s  %s' % (offset, width * 3 - 1, hexpart, text))


records = [(1, 10, 'alpha', 0.5), (2, 65535, 'beta', -1.25), (300, 2 ** 31, 'gamma', 1e100)]
blob = pack_records(records)
print(len(blob), RECORD.size)
hexdump(blob[:40])
print(unpack_records(blob) == records, unpack_records(blob)[2])
corrupt = bytearray(blob)
corrupt[10] ^= 0xFF
for bad in (bytes(corrupt), b'XXXX' + blob[4:]):
    try:
        unpack_records(bad)
    except ValueError as exc:
        print('error:', exc)
mv = memoryview(bytearray(b'abcdef'))
mv[0] = ord('A')
print(mv.tobytes(), mv[1:3].tobytes(), bytes(mv[::2]), mv.nbytes, bytes.fromhex('de ad be ef'), b'\x00\xff'.hex())
print(bytearray(b'hello').upper(), b'a,b'.split(b','), b'x' * 3, list(b'AB'), bytes([65, 66]) + b'C')
