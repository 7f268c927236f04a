"""A Polynomial type with full operator overloading: arithmetic, reflected, in-place, comparisons, calls."""
import functools
import itertools


@functools.total_ordering
class Polynomial:
    def __init__(self, *coefficients):
        coefficients = list(coefficients)
        while len(coefficients) > 1 and coefficients[-1] == 0:
            coefficients.pop()
        self.coefficients = tuple(coefficients) or (0,)

    @classmethod
    def _coerce(cls, other):
        if isinstance(other, Polynomial):
            return other
        if isinstance(other, (int, float)):
            return cls(other)
        return NotImplemented

    def __add__(self, other):
        other = self._coerce(other)
        if other is NotImplemented:
            return other
        return Polynomial(*[a + b for a, b in itertools.zip_longest(self.coefficients, other.coefficients, fillvalue=0)])

    __radd__ = __add__

    def __neg__(self):
        return Polynomial(*[-c for c in self.coefficients])

    def __sub__(self, other):
        return self + -self._coerce(other)

    def __rsub__(self, other):
        return -self + other

    def __mul__(self, other):
        other = self._coerce(other)
        if other is NotImplemented:
            return other
        result = [0] * (len(self.coefficients) + len(other.coefficients) - 1)
        for i, a in enumerate(self.coefficients):
            for j, b in enumerate(other.coefficients):
                result[i + j] += a * b
        return Polynomial(*result)

    __rmul__ = __mul__

    def __pow__(self, n):
        return functools.reduce(lambda acc, _: acc * self, range(n), Polynomial(1))

    def __call__(self, x):
        return functools.reduce(lambda acc, c: acc * x + c, reversed(self.coefficients), 0)

    def __eq__(self, other):
        other = self._coerce(other)
        return other is not NotImplemented and self.coefficients == other.coefficients

    def __lt__(self, other):
        return (len(self.coefficients), self.coefficients[::-1]) < (len(other.coefficients), other.coefficients[::-1])

    def __hash__(self):
        return hash(self.coefficients)

    def __bool__(self):
        return self.coefficients != (0,)

    def __len__(self):
        return len(self.coefficients) - 1

    def __getitem__(self, power):
        return self.coefficients[power] if power < len(self.coefficients) else 0

    def __iadd__(self, other):
        return self + other

    def derivative(self):
        return Polynomial(*[i * c for i, c in enumerate(self.coefficients)][1:])

    def __repr__(self):
        terms = []
        for power, c in reversed(list(enumerate(self.coefficients))):
            if c:
                terms.append('%s%s' % (c, '' if power == 0 else 'x' if power == 1 else 'x^%d' % power))
        return ' + '.join(terms) or '0'


x = Polynomial(0, 1)
p = (x + 1) ** 3
print(p, p(2), len(p), p[1], p.derivative(), p.derivative()(1))
print(3 * x - 2, 2 - x, x * x - x * x, bool(x - x), x == Polynomial(0, 1), x == 'x')
q = Polynomial(5)
q += x * x
print(q, sorted([p, x, q, Polynomial(7)]), max(p, q), x <= q, x > q)
print({p: 'cube', Polynomial(1, 3, 3, 1): 'same'}, hash(x) == hash(Polynomial(0, 1, 0)))
try:
    x + 'a'
except TypeError as exc:
    print('TypeError:', exc)
