"""pyperformance's pyflate: a pure-Python DEFLATE (RFC 1951) decoder with Huffman tables and CRC-32,
over zlib streams of generated text (stored, fixed and dynamic blocks)."""
import sys
import zlib


class BitReader:
    """Bits of a byte string, least significant first, as DEFLATE packs them."""

    def __init__(self, data):
        self.data, self.pos, self.bit = data, 0, 0

    def bits(self, count):
        value = 0
        for shift in range(count):
            value |= ((self.data[self.pos] >> self.bit) & 1) << shift
            self.bit += 1
            if self.bit == 8:
                self.bit = 0
                self.pos += 1
        return value

    def align(self):
        if self.bit:
            self.bit = 0
            self.pos += 1


class Huffman:
    """Canonical Huffman code from code lengths: decoded one bit at a time through (length, code)."""

    def __init__(self, lengths):
        self.table = {}
        code = 0
        for length in range(1, 16):
            for symbol, symbol_length in enumerate(lengths):
                if symbol_length == length:
                    self.table[(length, code)] = symbol
                    code += 1
            code <<= 1

    def decode(self, reader):
        code = length = 0
        table = self.table
        while True:
            code = (code << 1) | reader.bits(1)
            length += 1
            symbol = table.get((length, code))
            if symbol is not None:
                return symbol


LENGTH_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99,
               115, 131, 163, 195, 227, 258]
LENGTH_EXTRA = [0] * 8 + [1] * 4 + [2] * 4 + [3] * 4 + [4] * 4 + [5] * 4 + [0]
DIST_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025,
             1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
DIST_EXTRA = [0, 0, 0, 0] + [k // 2 for k in range(2, 28)]
CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
FIXED_LITERALS = Huffman([8] * 144 + [9] * 112 + [7] * 24 + [8] * 8)
FIXED_DISTANCES = Huffman([5] * 30)


def dynamic_tables(reader):
    literals, distances, codes = reader.bits(5) + 257, reader.bits(5) + 1, reader.bits(4) + 4
    code_lengths = [0] * 19
    for i in range(codes):
        code_lengths[CODE_LENGTH_ORDER[i]] = reader.bits(3)
    code_length_code = Huffman(code_lengths)
    lengths = []
    while len(lengths) < literals + distances:
        symbol = code_length_code.decode(reader)
        if symbol < 16:
            lengths.append(symbol)
        elif symbol == 16:
            lengths.extend([lengths[-1]] * (3 + reader.bits(2)))
        elif symbol == 17:
            lengths.extend([0] * (3 + reader.bits(3)))
        else:
            lengths.extend([0] * (11 + reader.bits(7)))
    return Huffman(lengths[:literals]), Huffman(lengths[literals:])


def inflate(data):
    reader = BitReader(data)
    out = bytearray()
    final = 0
    while not final:
        final, kind = reader.bits(1), reader.bits(2)
        if kind == 0:
            reader.align()
            length = reader.data[reader.pos] | reader.data[reader.pos + 1] << 8
            reader.pos += 4
            out += reader.data[reader.pos:reader.pos + length]
            reader.pos += length
            continue
        literals, distances = (FIXED_LITERALS, FIXED_DISTANCES) if kind == 1 else dynamic_tables(reader)
        while True:
            symbol = literals.decode(reader)
            if symbol < 256:
                out.append(symbol)
            elif symbol == 256:
                break
            else:
                symbol -= 257
                length = LENGTH_BASE[symbol] + reader.bits(LENGTH_EXTRA[symbol])
                code = distances.decode(reader)
                distance = DIST_BASE[code] + reader.bits(DIST_EXTRA[code])
                for _ in range(length):
                    out.append(out[-distance])
    return bytes(out)


def crc_table():
    table = []
    for n in range(256):
        c = n
        for _ in range(8):
            c = 0xedb88320 ^ (c >> 1) if c & 1 else c >> 1
        table.append(c)
    return table


CRC_TABLE = crc_table()


def crc32(data):
    crc = 0xffffffff
    for byte in data:
        crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >> 8)
    return crc ^ 0xffffffff


def sample_text(words):
    state, vocabulary, parts = 42, ['alpha', 'beta', 'gamma', 'delta', 'pipeline', 'bytecode', 'frame',
                                    'stack', 'huffman', 'deflate', 'the', 'a', 'of', '\n'], []
    for _ in range(words):
        state = (state * 1103515245 + 12345) & 0x7fffffff
        parts.append(vocabulary[state % len(vocabulary)])
    return ' '.join(parts).encode()


def main(words):
    text = sample_text(words)
    for level in (0, 1, 9):
        stream = zlib.compress(text, level)
        result = inflate(stream[2:-4])   # the raw DEFLATE data inside the zlib wrapper
        print(level, len(result), result == text, hex(crc32(result)))


main(int(sys.argv[1]) if len(sys.argv) > 1 else 6000)
