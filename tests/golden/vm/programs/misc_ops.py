a = [1, 2, 3]
a[0], a[1] = a[1], a[0]
print(a)
x = y = z = 5
print(x, y, z)
d = {}
d.setdefault('k', []).append(1)
print(d)
s = slice(1, 3)
print(a[s], a[1:], a[:-1], a[::2])
del a[1:2]
print(a)
class A: pass
o = A(); o.attr = 1; del o.attr
print(hasattr(o, 'attr'))
print(1 if [] else 2, not None, -(-3), ~0)
print(2 ** -1, 7 // -2, -7 % 3, divmod(7, 2), 1e3, 0x1f, 0o7, 0b11, 1_000)
print('a' 'b', b'x' + b'y', r'\n', 'multi\
line')
big = 10 ** 30
print(big, big // 7, hash(1) == hash(1.0))
print([1, 2] * 2, 'ab' * 2, [[]] * 2)
print((lambda: (yield))().__class__.__name__)
g = {'a': 1}
print(g)
import sys
print(sys.getrecursionlimit() > 100)
assert True
try:
    assert 1 == 2, 'assert message'
except AssertionError as e:
    print(e)
print(__name__, type(__builtins__).__name__ in ('module', 'dict'))
nums = [3, 1, 2]
nums.sort(reverse=True)
print(nums, sorted('bca'), len({}))
print(repr(...), Ellipsis, None.__class__.__name__, NotImplemented)
print((1, 2) < (1, 3), [1] == [1], {1: 2} != {1: 3})
if (n := 10) > 5:
    print('walrus', n)
print([y for x in range(3) if (y := x * 2)])
