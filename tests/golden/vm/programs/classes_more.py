class Base:
    def __new__(cls, *args):
        inst = super().__new__(cls)
        inst.created_by = cls.__name__
        return inst
    def __init__(self, v):
        self.v = v
class Derived(Base):
    def __init__(self, v, w):
        super().__init__(v)
        self.w = w
d = Derived(1, 2)
print(d.created_by, d.v, d.w, type(Base.__dict__['__new__']).__name__)
class A:
    def who(self): return ['A']
class B(A):
    def who(self): return ['B'] + super().who()
class C(A):
    def who(self): return ['C'] + super().who()
class D(B, C):
    def who(self): return ['D'] + super().who()
print(D().who(), [k.__name__ for k in D.__mro__])
class Meta(type):
    def __call__(cls, *args, **kw):
        print('Meta.__call__', cls.__name__, args)
        return super().__call__(*args, **kw)
class WithMeta(metaclass=Meta):
    def __init__(self, x):
        self.x = x
print(WithMeta(3).x)
class Gen:
    def __class_getitem__(cls, item):
        return 'Gen[%s]' % (item.__name__,)
print(Gen[int])
class Prop:
    def __init__(self):
        self._v = 0
    @property
    def v(self):
        return self._v
    @v.setter
    def v(self, value):
        self._v = value * 10
    @v.deleter
    def v(self):
        print('deleted')
p = Prop(); p.v = 2; print(p.v); del p.v
class Cm:
    count = 0
    @classmethod
    def make(cls):
        cls.count += 1
        return cls()
    @staticmethod
    def st(a, b=2):
        return a + b
class SubCm(Cm):
    pass
SubCm.make(); SubCm.make()
print(Cm.count, SubCm.count, Cm.st(1), SubCm().st(1, 1))
Dyn = type('Dyn', (Base,), {'extra': lambda self: 'extra ' + self.created_by})
print(Dyn(1).extra())
def factory(tag):
    class Local:
        def show(self):
            return tag + ':' + type(self).__qualname__
    return Local
print(factory('t')().show())
class Parent:
    def __init_subclass__(cls, /, label='none', **kw):
        super().__init_subclass__(**kw)
        cls.label = label
class Kid(Parent, label='kid'):
    pass
class Kid2(Kid):
    pass
print(Kid.label, Kid2.label)
class Cell:
    def method(self):
        return __class__
    @classmethod
    def cm(cls):
        return super().__repr__ is not None
print(Cell().method() is Cell, Cell.cm())
class Eq:
    def __init__(self, v): self.v = v
    def __eq__(self, other): return isinstance(other, Eq) and self.v == other.v
print(Eq(1) == Eq(1), Eq(1) != Eq(2), Eq.__hash__)
class Iterable:
    def __getitem__(self, i):
        if i >= 3:
            raise IndexError
        return i * 10
print(list(Iterable()), 20 in Iterable())
class Ctx:
    def __enter__(self): return self
    def __exit__(self, *exc):
        print('suppress', exc[0].__name__)
        return True
def use_ctx():
    with Ctx():
        raise ValueError
    return 'continued'
print(use_ctx())
class Abstract:
    def method(self):
        raise NotImplementedError
try:
    Abstract().method()
except NotImplementedError as e:
    print('NotImplementedError', e.args)
import abc
class AB(abc.ABC):
    @abc.abstractmethod
    def run(self): pass
try:
    AB()
except TypeError as e:
    print(str(e).split(' with')[0])
class Impl(AB):
    def run(self): return 'ran'
print(Impl().run(), isinstance(Impl(), AB))
import enum
class Color(enum.Enum):
    RED = 1
    GREEN = 2
    def describe(self):
        return self.name.lower()
print(Color.RED, Color(2).describe(), [c.name for c in Color])
from collections import namedtuple
Pt = namedtuple('Pt', 'x y')
class Pt3(Pt):
    def total(self):
        return sum(self)
print(Pt3(1, 2).total(), Pt3(1, 2))
from typing import NamedTuple, Generic, TypeVar
T = TypeVar('T')
class Box(Generic[T]):
    def __init__(self, item: T):
        self.item = item
class NT(NamedTuple):
    a: int
    b: str = 'b'
print(Box[int](5).item, NT(1), Box.__orig_bases__ if hasattr(Box, '__orig_bases__') else None)
