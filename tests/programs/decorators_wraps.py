"""Decorators: timing-free call logging, retry, memoisation, registration and class decorators."""
import functools

calls = []


def logged(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        arguments = [repr(a) for a in args] + ['%s=%r' % kv for kv in sorted(kwargs.items())]
        calls.append('%s(%s)' % (func.__name__, ', '.join(arguments)))
        return func(*args, **kwargs)
    return wrapper


def retry(times, exceptions=(Exception,)):
    def decorate(func):
        @functools.wraps(func)
        def wrapper(*args):
            for attempt in range(1, times + 1):
                try:
                    return func(*args)
                except exceptions as exc:
                    print('attempt %d failed: %s' % (attempt, exc))
            raise RuntimeError('%s failed %d times' % (func.__name__, times))
        return wrapper
    return decorate


REGISTRY = {}


def register(name=None):
    def decorate(obj):
        REGISTRY[name or obj.__name__] = obj
        return obj
    return decorate


def add_repr(cls):
    fields = cls.fields

    def __repr__(self):
        return '%s(%s)' % (cls.__name__, ', '.join('%s=%r' % (f, getattr(self, f)) for f in fields))
    cls.__repr__ = __repr__
    return cls


@register()
@logged
def add(a, b=0):
    """Add two numbers."""
    return a + b


counter = {'n': 0}


@retry(3, (ValueError,))
def flaky(limit):
    counter['n'] += 1
    if counter['n'] < limit:
        raise ValueError('try %d' % counter['n'])
    return 'succeeded after %d' % counter['n']


@register('point')
@add_repr
class Point:
    fields = ('x', 'y')

    def __init__(self, x, y):
        self.x, self.y = x, y


print(add(1, 2), add(5, b=7), add.__name__, add.__doc__, add.__wrapped__(10))
print(calls)
print(flaky(3))
counter['n'] = 0
try:
    flaky(10)
except RuntimeError as exc:
    print(exc)
print(sorted(REGISTRY), REGISTRY['point'](1, 2))
double = functools.partial(add, b=2)
print(double(40), double.func is add, double.keywords)


cached_property = functools.cached_property


class cached_property_demo:
    def __init__(self):
        self.computed = 0

    @cached_property
    def heavy(self):
        self.computed += 1
        return 42


obj = cached_property_demo()
print(obj.heavy, obj.heavy, obj.computed)
