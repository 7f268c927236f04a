"""Integer work: big ints, bit tricks, bases, divmod rules, and a sieve with a bytearray."""


def popcount(n):
    count = 0
    while n:
        n &= n - 1
        count += 1
    return count


def sieve(limit):
    flags = bytearray([1]) * (limit + 1)
    flags[0:2] = b'\x00\x00'
    for i in range(2, int(limit ** 0.5) + 1):
        if flags[i]:
            flags[i * i::i] = bytes(len(range(i * i, limit + 1, i)))
    return [i for i, flag in enumerate(flags) if flag]


def gray(n):
    return n ^ (n >> 1)


print(2 ** 200, (2 ** 200).bit_length(), -(2 ** 64) // 3, (-7) % 3, -7 // 2, divmod(-7, 2), divmod(7, -2))
print(popcount(2 ** 100 - 1), bin(255), oct(-8), hex(3735928559), int('ff', 16), int('0b101', 0))
print([gray(i) for i in range(8)], [format(gray(i), '03b') for i in range(4)])
print(sieve(60), len(sieve(10000)))
print(1 << 70, (1 << 70) >> 68, ~5, -5 & 0xFF, 5 | 10, 6 ^ 3, 12 & -12)
print(pow(3, 200, 1000), pow(2, -1, 7) if hasattr(int, 'as_integer_ratio') else None, abs(-10 ** 20))
print(int.from_bytes(b'\x01\x00', 'big'), (1024).to_bytes(4, 'little'), (255).to_bytes(2, 'big', signed=False))
print(round(12345, -2), round(-2.5), 10 ** 20 / 3, 7 / 2, 7 // 2.0, 2 ** -1, (-8) ** (1 / 3) != 2)
print(sum(range(10 ** 6)), 100 == 100.0, hash(100) == hash(100.0), True + True, 3 * True)
factorial = 1
for i in range(1, 31):
    factorial *= i
print(factorial, str(factorial).count('0'), len(str(factorial)))
