"""Builtins the interpreter itself uses, rebound to Python functions: only the program's own code
sees them (CPython's eval loop is C), so each wrapper counts exactly the program's calls."""
import builtins

COUNTS = {}
REAL_VALUE_ERROR = ValueError
REAL_KEY_ERROR = KeyError
REAL_STOP = StopIteration
REAL_TYPE_ERROR = TypeError
REAL_ATTRIBUTE_ERROR = AttributeError
REAL_ZERO = ZeroDivisionError

NAMES = ('abs all any ascii bin bool bytes callable chr classmethod delattr dict divmod enumerate '
         'filter float format frozenset getattr hasattr hash hex id int isinstance issubclass iter '
         'len list map max min next oct ord pow property range repr reversed round set setattr slice '
         'sorted staticmethod str sum tuple type zip ValueError KeyError StopIteration TypeError '
         'AttributeError IndexError NameError RuntimeError ZeroDivisionError GeneratorExit').split()


def wrap(name, real):
    def wrapper(*args, **kwargs):
        COUNTS[name] = COUNTS.get(name, 0) + 1
        return real(*args, **kwargs)
    return wrapper


SAVED = {name: vars(builtins)[name] for name in NAMES}
WRAPPED = {name: wrap(name, real) for name, real in SAVED.items()}


class Shape:
    __slots__ = ('name', '_sides')

    def __init__(self, name, sides):
        self.name = name
        self._sides = sides

    @property
    def sides(self):
        return self._sides

    @staticmethod
    def kind():
        return 'shape'

    @classmethod
    def square(cls):
        return cls('square', 4)

    def __len__(self):
        return self._sides

    def __eq__(self, other):
        return type(self) is type(other) and self.name == other.name

    def __hash__(self):
        return hash(self.name)

    def __repr__(self):
        return 'Shape(%r, %d)' % (self.name, self._sides)


class Polygon(Shape):
    __slots__ = ('extra',)

    def __init__(self, name, sides, extra=None, *rest, scale=1, **options):
        super().__init__(name, sides * scale)
        self.extra = (extra, rest, sorted(options.items()))

    def __getattr__(self, attribute):
        raise AttributeError('no %s here' % attribute)

    def __iter__(self):
        return iter(range(self._sides))

    def __contains__(self, value):
        return 0 <= value < self._sides

    def __bool__(self):
        return self._sides > 3


def countdown(n):
    try:
        while n:
            received = yield n
            if received:
                n -= received
            n -= 1
    finally:
        COUNTS['finally'] = COUNTS.get('finally', 0) + 1


def chain(*parts):
    for part in parts:
        yield from part
    return 'done'


class Ledger:
    def __enter__(self):
        return self

    def __exit__(self, kind, value, tb):
        return kind is REAL_ZERO


def hot(n):
    total = 0
    items = [1, 'a', 2.5, Shape('t', 3), None]
    for k in range(n):
        value = items[k % 5]
        if type(value) is int:
            total += k
        elif isinstance(value, Shape):
            total += len(value)
        total += abs(-k) % 3
    return total


def workload():
    out = []
    p = Polygon('hex', 3, 'x', 'y', 'z', scale=2, colour='red', weight=1)
    out.append((len(p), p.sides, p.extra, Shape.kind(), Shape.square(), bool(p), 4 in p, 9 in p))
    out.append(list(p))
    out.append(sorted([Shape('b', 2), Shape('a', 1)], key=lambda s: s.name))
    out.append(len({Shape('a', 1), Shape('a', 1)}))
    try:
        p.missing
    except REAL_ATTRIBUTE_ERROR as error:
        out.append(str(error))
    out.append(hasattr(p, 'nothing'))
    out.append(getattr(p, 'name'))
    g = countdown(10)
    out.append([next(g), g.send(2), next(g)])
    g.close()
    out.append(list(countdown(4)))
    c = chain([1, 2], (3,), countdown(2))
    out.append(list(c))
    try:
        next(iter([]))
    except REAL_STOP:
        out.append('stop')
    try:
        {}['k']
    except REAL_KEY_ERROR as error:
        out.append(repr(error))
    try:
        int('x')
    except REAL_VALUE_ERROR as error:
        out.append(str(error))
    try:
        len(5)
    except REAL_TYPE_ERROR as error:
        out.append(str(error))
    with Ledger():
        1 / 0
    a, *b, c = range(6)
    out.append((a, b, c, dict(zip('abc', range(3))), [*map(abs, [-1, -2])], {**{'x': 1}}))
    out.append([x * y for x in range(3) for y in range(3) if x != y])
    out.append({k: v for k, v in enumerate('hey')})
    out.append(f'{3.14159:.2f}|{"s"!r:>5}|{42:#x}|{min(4, 2)}{max([1, 9])}')
    out.append((divmod(17, 5), pow(2, 10), round(2.675, 2), hex(255), oct(8), bin(5), chr(65), ord('A')))
    out.append(format(1234.5, ','))
    out.append(hot(5000))
    return out


vars(builtins).update(WRAPPED)
try:
    results = workload()
finally:
    vars(builtins).update(SAVED)
for line in results:
    print(line)
for name, count in sorted(COUNTS.items()):
    print(name, count)
vars(builtins).update(WRAPPED)
try:
    Polygon('tri', 3).nothing
finally:
    vars(builtins).update(SAVED)
