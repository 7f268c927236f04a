import threading, functools, operator, pickle, copy
class V:
    def __init__(self, v): self.v = v
    def __lt__(self, o): return self.v < o.v
    def __repr__(self): return 'V(%d)' % self.v
print(sorted([V(3), V(1), V(2)]), max([V(3), V(5)], key=lambda q: q.v), min(V(4), V(2)))
print(list(map(str, [1, 2])), functools.reduce(lambda a, b: a * b, range(1, 6)))
res = []
def worker(n):
    res.append(n * n)
ts = [threading.Thread(target=worker, args=(i,)) for i in range(3)]
for t in ts: t.start()
for t in ts: t.join()
print(sorted(res))
print(copy.deepcopy({'a': [1, 2]}), callable(worker), hasattr(worker, '__call__'))
class P:
    def __init__(self): self._x = 0
    def getx(self): return self._x
    def setx(self, v): self._x = v * 2
    x = property(getx, setx)
p = P(); p.x = 4
print(p.x)
print(type(worker.__get__(p)).__name__, worker.__get__(None, P) is worker)
print(isinstance(iter(range(3)), object), next(iter([1])), dict(zip('ab', range(2))))
print(any(x > 1 for x in [1, 2]), all([]), list(enumerate('ab', 1)), list(reversed([1, 2])))
print(str(V(1)), format(3.14159, '.2f'), '%s-%d' % ('a', 2), '{}+{}'.format(1, 2))
class CustomIter:
    def __init__(self): self.n = 0
    def __iter__(self): return self
    def __next__(self):
        self.n += 1
        if self.n > 3: raise StopIteration
        return self.n
print(list(CustomIter()), sum(CustomIter()))
print(getattr(p, 'missing', 'dflt'), setattr(p, 'k', 1), p.k)
