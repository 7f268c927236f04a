"""Numerical methods: Newton's method, Simpson integration, bisection, and series with math/cmath."""
import cmath
import math


def newton(f, df, x0, tol=1e-12, max_iter=50):
    x = x0
    for i in range(max_iter):
        step = f(x) / df(x)
        x -= step
        if abs(step) < tol:
            return x, i + 1
    raise ArithmeticError('no convergence from %r' % x0)


def simpson(f, a, b, n=100):
    h = (b - a) / n
    total = f(a) + f(b)
    for i in range(1, n):
        total += (4 if i % 2 else 2) * f(a + i * h)
    return total * h / 3


def bisect_root(f, lo, hi, tol=1e-10):
    if f(lo) * f(hi) > 0:
        raise ValueError('root not bracketed')
    while hi - lo > tol:
        mid = (lo + hi) / 2
        if f(lo) * f(mid) <= 0:
            hi = mid
        else:
            lo = mid
    return (lo + hi) / 2


root, steps = newton(lambda x: x * x - 2, lambda x: 2 * x, 1.0)
print('%.12f %d' % (root, steps), math.isclose(root, math.sqrt(2)))
print('%.10f' % simpson(math.sin, 0, math.pi), '%.8f' % simpson(lambda x: math.exp(-x * x), -5, 5) ** 2)
print('%.9f' % bisect_root(lambda x: math.cos(x) - x, 0, 1))
try:
    bisect_root(lambda x: x * x + 1, -1, 1)
except ValueError as exc:
    print('ValueError:', exc)
try:
    newton(lambda x: x * x + 1, lambda x: 2 * x, 0.5, max_iter=5)
except ArithmeticError as exc:
    print('ArithmeticError:', str(exc)[:20])
pi_series = 4 * sum((-1) ** k / (2 * k + 1) for k in range(10000))
print('%.6f %.3e' % (pi_series, abs(pi_series - math.pi)))
print(math.factorial(20), math.gcd(462, 1071), math.floor(-2.5), math.ceil(-2.5), math.trunc(-2.7))
print(math.log(1024, 2), math.log10(1e-5), math.hypot(3, 4), math.degrees(math.pi), math.fsum([0.1] * 10))
print(cmath.sqrt(-4), cmath.exp(1j * math.pi).real, abs(3 + 4j), (1 + 2j) * (3 - 1j), complex('1+2j').conjugate())
print(math.inf > 10 ** 300, math.isnan(float('nan')), float('nan') == float('nan'), 0.1 + 0.2 == 0.3)
print(sum(1 / n ** 2 for n in range(1, 1000)), math.pi ** 2 / 6)
print([round(math.sin(math.radians(a)), 4) for a in range(0, 181, 45)], (0.1).hex(), float.fromhex('0x1.8p1'))
