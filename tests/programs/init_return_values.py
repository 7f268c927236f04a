"""Classes called where no call site is specialised for them: keywords, *args, **kwargs, a cold
call, a call site that meets many classes. 3.8's type call runs __init__ and checks its value
(`__init__() should return None, not 'list'`), raises __init__'s exceptions with the caller's
line, counts a level for itself against the recursion limit, and shows __init__ its caller.
"""
import sys
import traceback


class Returns:
    def __init__(self, value=None, *, extra=None):
        self.value = value
        return value


class Plain:
    def __init__(self, a, b=2, *, c=3):
        caller = sys._getframe(1)
        self.seen = (a, b, c, caller.f_code.co_name, caller.f_lineno)


class Fails(Exception):
    def __init__(self, code, **details):
        super().__init__(code)
        if code < 0:
            raise ValueError('negative code %d' % code)
        self.details = details


class Other:
    pass


class Swapped:
    """__new__ gives an instance of another class: its __init__ is never run."""
    def __new__(cls, *args, **kwargs):
        return Other()

    def __init__(self, *args, **kwargs):
        return 'never run'


def attempt(label, call):
    try:
        result = call()
    except Exception as exc:
        entries = [(entry.name, entry.lineno) for entry in traceback.extract_tb(exc.__traceback__)]
        print(label, type(exc).__name__, exc, entries[1:])
    else:
        print(label, 'made', type(result).__name__)


attempt('cold', lambda: Returns([1]))
attempt('keyword', lambda: Returns([1], extra=2))
attempt('keyword value', lambda: Returns(value={'a': 1}))
attempt('star', lambda: Returns(*[(1, 2)]))
attempt('double star', lambda: Returns(**{'value': 'text'}))
attempt('none', lambda: Returns(None, extra=1))
attempt('swapped', lambda: Swapped(1, k=2))
attempt('exception class', lambda: Fails(3, where='here'))
attempt('exception raising', lambda: Fails(-3, where='here'))
print(Plain(1).seen, Plain(1, c=5).seen, Plain(*(1, 2)).seen, Plain(**{'a': 9}).seen)


def many(classes, n):
    """One call site meeting several classes (it is never specialised for one) with keywords."""
    counts = {}
    for k in range(n):
        cls = classes[k % len(classes)]
        try:
            made = cls(k, extra=k) if cls is Returns else cls(k, c=k)
            key = type(made).__name__
        except TypeError as exc:
            key = str(exc)
        counts[key] = counts.get(key, 0) + 1
    return sorted(counts.items())


print('many', many([Returns, Plain], 3000))
print('many returning', many([Returns], 2000))


def descend(n):
    """Recursion through class calls with keywords, to the limit."""
    return Plain(descend(n + 1), c=n)


for limit in (80, 81):
    sys.setrecursionlimit(limit)
    try:
        descend(0)
    except RecursionError as exc:
        print('RecursionError', limit, exc)
sys.setrecursionlimit(1000)
