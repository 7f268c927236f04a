"""Introspection of program objects: inspect.signature/getsource/isfunction/isgenerator, extract_stack."""
import inspect
import traceback


def sample(a, b=2, *c, d, **e):
    """Return a."""
    return a


def numbers():
    yield 1


class Shape:
    def area(self):
        return 0


print(inspect.signature(sample), inspect.getdoc(sample))
print(inspect.isfunction(sample), inspect.ismethod(Shape().area), inspect.isgeneratorfunction(numbers))
print(inspect.isgenerator(numbers()), inspect.isclass(Shape))
print(inspect.getsource(sample))
print([name for name, _ in inspect.getmembers(Shape, inspect.isfunction)])


def where():
    return traceback.extract_stack()[-2][:3]


print(where())
print(inspect.currentframe().f_code.co_name, inspect.stack()[0][3])
