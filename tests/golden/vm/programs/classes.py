class Base:
    cls_attr = 'base'
    def __init__(self, x):
        self.x = x
    def describe(self):
        return 'Base(%s)' % self.x
    @property
    def double(self):
        return self.x * 2
    @classmethod
    def make(cls, x):
        return cls(x)
    @staticmethod
    def helper(y):
        return y + 1
    def __repr__(self):
        return '<%s %r>' % (type(self).__name__, self.x)
class Child(Base):
    def __init__(self, x, y):
        super().__init__(x)
        self.y = y
    def describe(self):
        return 'Child+' + super().describe()
c = Child(2, 3)
print(c.describe(), c.double, Child.make.__name__, Base.helper(1), c, Child.__qualname__, Child.__mro__[1].__name__)
print(Base.make(5), isinstance(c, Base), Child.__dict__['describe'].__qualname__)
class Meta(type):
    def __new__(mcls, name, bases, ns, **kw):
        ns['added'] = kw
        return super().__new__(mcls, name, bases, ns)
    @classmethod
    def __prepare__(mcls, name, bases, **kw):
        return {'prepared': True}
class WithMeta(metaclass=Meta, flag=1):
    pass
print(WithMeta.added, WithMeta.prepared, type(WithMeta).__name__)
class Registry:
    subs = []
    def __init_subclass__(cls, **kw):
        Registry.subs.append((cls.__name__, kw))
class R1(Registry, tag='x'):
    pass
print(Registry.subs)
class Desc:
    def __set_name__(self, owner, name):
        self.name = name
    def __get__(self, obj, typ=None):
        return 'desc:' + self.name
class UsesDesc:
    attr = Desc()
print(UsesDesc().attr)
def class_deco(cls):
    cls.decorated = True
    return cls
@class_deco
class D:
    """D doc"""
    x: int = 3
    def m(self):
        return __class__
print(D.decorated, D.__doc__, D.__annotations__, D().m() is D, D.__module__)
import dataclasses
@dataclasses.dataclass
class Point:
    x: int
    y: int = 0
    def norm(self):
        return abs(self.x) + abs(self.y)
pt = Point(1, -2)
print(pt, pt.norm(), pt == Point(1, -2))
class M1(type): pass
class M2(type): pass
class A1(metaclass=M1): pass
class A2(metaclass=M2): pass
try:
    class Bad(A1, A2): pass
except TypeError as e:
    print(e)
class Slots:
    __slots__ = ('a',)
s = Slots(); s.a = 1
print(s.a)
class Outer:
    class Inner:
        def m(self): pass
print(Outer.Inner.__qualname__, Outer.Inner.m.__qualname__)
class Ops:
    def __init__(self, v): self.v = v
    def __add__(self, o): return Ops(self.v + o.v)
    def __eq__(self, o): return self.v == o.v
    def __lt__(self, o): return self.v < o.v
    def __hash__(self): return hash(self.v)
    def __iter__(self): return iter(range(self.v))
    def __len__(self): return self.v
    def __getitem__(self, k): return k * 2
    def __call__(self, *a): return a
    def __enter__(self): return self
    def __exit__(self, *a): return False
    def __bool__(self): return self.v > 0
print((Ops(1) + Ops(2)).v, Ops(1) == Ops(1), sorted([Ops(3), Ops(1)])[0].v, list(Ops(3)), len(Ops(4)), Ops(1)[5], Ops(0)(1, 2), bool(Ops(0)))
class Counter:
    count = 0
    def __init__(self):
        type(self).count += 1
Counter(); Counter()
print(Counter.count)
class NoArgSuper:
    def f():
        return super()
try:
    NoArgSuper.f()
except RuntimeError as e:
    print(e)
