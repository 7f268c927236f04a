"""Shapes with abstract bases, super() chains, MRO, class/static methods and properties."""
import abc
import math


class Shape(abc.ABC):
    count = 0

    def __init__(self, name):
        self.name = name
        Shape.count += 1

    @abc.abstractmethod
    def area(self):
        ...

    def describe(self):
        return '%s with area %.2f' % (self.name, self.area())

    @classmethod
    def created(cls):
        return '%s: %d shapes' % (cls.__name__, Shape.count)

    @staticmethod
    def unit():
        return 'cm'


class Rectangle(Shape):
    def __init__(self, w, h, name='rectangle'):
        super().__init__(name)
        self.w, self.h = w, h

    def area(self):
        return self.w * self.h

    @property
    def ratio(self):
        return self.w / self.h

    @ratio.setter
    def ratio(self, value):
        self.w = self.h * value


class Square(Rectangle):
    def __init__(self, side):
        super().__init__(side, side, 'square')

    def describe(self):
        return 'square! ' + super().describe()


class Circle(Shape):
    def __init__(self, r):
        super(Circle, self).__init__('circle')
        self.r = r

    def area(self):
        return math.pi * self.r ** 2


class A:
    def who(self):
        return ['A']


class B(A):
    def who(self):
        return ['B'] + super().who()


class C(A):
    def who(self):
        return ['C'] + super().who()


class D(B, C):
    def who(self):
        return ['D'] + super().who()


shapes = [Rectangle(2, 3), Square(4), Circle(1)]
for shape in shapes:
    print(shape.describe())
print(Shape.created(), Square.created(), Shape.unit(), shapes[0].unit())
r = shapes[0]
r.ratio = 3
print(r.w, r.ratio, isinstance(shapes[1], Rectangle), issubclass(Square, Shape))
try:
    Shape('abstract')
except TypeError as exc:
    print('TypeError:', str(exc).split(' with')[0])
print(D().who(), [k.__name__ for k in D.__mro__])
print(sorted(s.area() for s in shapes)[-1], max(shapes, key=lambda s: s.area()).name)
print(vars(Square(1)))
