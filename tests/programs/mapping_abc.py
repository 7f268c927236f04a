"""A case-insensitive dict built on collections.abc.MutableMapping, plus abc.register and Sequence mixins."""
import abc
from collections.abc import MutableMapping, Sequence, Iterable, Sized, Hashable


class CaseInsensitiveDict(MutableMapping):
    def __init__(self, data=None, **kwargs):
        self._store = {}
        self.update(data or {}, **kwargs)

    def __setitem__(self, key, value):
        self._store[key.lower()] = (key, value)

    def __getitem__(self, key):
        return self._store[key.lower()][1]

    def __delitem__(self, key):
        del self._store[key.lower()]

    def __iter__(self):
        return (original for original, _ in self._store.values())

    def __len__(self):
        return len(self._store)

    def __repr__(self):
        return 'CaseInsensitiveDict(%r)' % dict(self.items())


class Range3(Sequence):
    def __init__(self, n):
        self.n = n

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if not -len(self) <= index < len(self):
            raise IndexError(index)
        return (index % len(self)) * 3

    def __len__(self):
        return self.n


class Duck:
    def __len__(self):
        return 0


class Drawable(abc.ABC):
    @abc.abstractmethod
    def draw(self):
        pass

    @classmethod
    def __subclasshook__(cls, other):
        return True if hasattr(other, 'draw') else NotImplemented


class Sprite:
    def draw(self):
        return 'sprite'


headers = CaseInsensitiveDict({'Content-Type': 'text/html'}, Accept='*/*')
headers['content-type'] = 'application/json'
print(headers['CONTENT-TYPE'], len(headers), sorted(headers), 'ACCEPT' in headers, headers.get('x', 'none'))
headers.setdefault('X-Id', '7')
del headers['accept']
print(headers, headers.pop('x-id'), list(headers.keys()), headers == {'Content-Type': 'application/json'})
r = Range3(5)
print(list(r), r[1:4], r[-1], 6 in r, r.index(9), r.count(3), list(reversed(r)))
print(isinstance(Duck(), Sized), isinstance(Duck(), Iterable), isinstance([], Hashable), isinstance(Sprite(), Drawable))
Iterable.register(Duck) if False else None
Sequence.register(tuple)
print(issubclass(tuple, Sequence), issubclass(CaseInsensitiveDict, MutableMapping))
try:
    Drawable()
except TypeError as exc:
    print('TypeError:', 'abstract' in str(exc))
