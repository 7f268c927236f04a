a, b = 7, 3
print(a + b, a - b, a * b, a / b, a // b, a % b, a ** b, -a, +a, ~a, not a)
print(a << 2, a >> 1, a & b, a | b, a ^ b, 2.5 @ 1 if False else 'mm')
x = 10
x += 1; x -= 2; x *= 3; x //= 2; x %= 7; x **= 2; x <<= 1; x >>= 1; x &= 0xff; x |= 1; x ^= 3
y = 9.0; y /= 2
print(x, y)
print(1 < 2 <= 2 == 2 != 3 > 1 >= 1, 1 in [1], 1 not in [1], None is None, 1 is not None)
print(True and 0, 0 or 'z', [] or [], 1 and 2)
s = 'hello'
print(s[1], s[1:3], s[::-1], s[:2], s[-1])
l = [1, 2, 3, 4]
l[1] = 9; del l[0]; l[1:2] = [7, 7]
print(l, l[::2])
d = {'a': 1}; d['b'] = 2; del d['a']
print(d, {1, 2} | {3}, (1,) + (2,))
t = 1, 2, 3
p, *q = t
*r, z = t
print(p, q, r, z)
(m, n), o = (1, 2), 3
print(m, n, o)
print(f"{a} {b!r} {s!s:>8} {y:.2f} {'x'!a}")
print(a if a > b else b, [i for i in range(3) if i], {i % 2 for i in range(5)}, {i: i * i for i in range(3)})
print(list(i * j for i in range(3) for j in range(2)))
print(*[1, 2], *(3,), sep='-')
def kw(**k): return sorted(k.items())
print(kw(**{'a': 1}, **{'b': 2}), kw(x=1, **{'y': 2}))
print([*range(2), *'ab'], (*'xy',), {*'aa'}, {**{'a': 1}, 'b': 2})
