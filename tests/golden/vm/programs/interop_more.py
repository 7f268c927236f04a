import sys, pickle, inspect, copy
def top(a, b=1, *args, c, d=2, **kw) -> int:
    return a
sys.modules['__main__'].top = top
print(pickle.loads(pickle.dumps(top)) is top, copy.deepcopy(top) is top)
print(inspect.signature(top))
print(inspect.signature(lambda x, /, y=3: 0))
def g():
    yield 1
gen = g()
print(inspect.getgeneratorstate(gen))
next(gen)
print(inspect.getgeneratorstate(gen), gen.gi_frame.f_lineno)
list(gen)
print(inspect.getgeneratorstate(gen))
sys.setrecursionlimit(60)
def rec(n):
    return rec(n + 1)
try:
    rec(0)
except RecursionError as e:
    print(e, 50 < len(__import__('traceback').extract_tb(e.__traceback__)) <= 60)
sys.setrecursionlimit(1000)
print(callable(top), top.__code__.co_argcount, top.__code__.co_varnames[:2])
import functools
class Cls:
    @functools.cached_property
    def cp(self):
        return 'cached'
    @functools.singledispatchmethod
    def sd(self, arg):
        return 'default'
print(Cls().cp)
@functools.singledispatch
def disp(x):
    return 'base'
@disp.register(int)
def _(x):
    return 'int'
print(disp(1), disp('s'))
import operator
print(sorted([(1, 'b'), (0, 'a')], key=operator.itemgetter(0)))
print(list(map(top, [5, 6], [1, 1], [0, 0])) if False else 'skip')
