"""SipHash-2-4, the hash CPython 3.8 uses for str/bytes (_Py_HashBytes) and for
importlib.util.source_hash (hash-based .pyc files, keyed by the magic number)."""

_MASK64 = (1 << 64) - 1


def rotl64(value: int, bits: int) -> int:
    return ((value << bits) | (value >> (64 - bits))) & _MASK64


def _rounds(v0: int, v1: int, v2: int, v3: int, count: int) -> tuple:
    for _ in range(count):
        v0 = (v0 + v1) & _MASK64
        v1 = rotl64(v1, 13) ^ v0
        v0 = rotl64(v0, 32)
        v2 = (v2 + v3) & _MASK64
        v3 = rotl64(v3, 16) ^ v2
        v0 = (v0 + v3) & _MASK64
        v3 = rotl64(v3, 21) ^ v0
        v2 = (v2 + v1) & _MASK64
        v1 = rotl64(v1, 17) ^ v2
        v2 = rotl64(v2, 32)
    return v0, v1, v2, v3


def siphash24(k0: int, k1: int, data: bytes) -> int:
    """SipHash-2-4 of `data` under the 128-bit key (k0, k1), as an unsigned 64-bit int."""
    v0, v1 = k0 ^ 0x736F6D6570736575, k1 ^ 0x646F72616E646F6D
    v2, v3 = k0 ^ 0x6C7967656E657261, k1 ^ 0x7465646279746573
    end = len(data) - len(data) % 8
    for start in range(0, end, 8):
        word = int.from_bytes(data[start:start + 8], 'little')
        v3 ^= word
        v0, v1, v2, v3 = _rounds(v0, v1, v2, v3, 2)
        v0 ^= word
    word = ((len(data) & 0xFF) << 56) | int.from_bytes(data[end:], 'little')
    v3 ^= word
    v0, v1, v2, v3 = _rounds(v0, v1, v2, v3, 2)
    v0 ^= word
    v2 ^= 0xFF
    v0, v1, v2, v3 = _rounds(v0, v1, v2, v3, 4)
    return v0 ^ v1 ^ v2 ^ v3
