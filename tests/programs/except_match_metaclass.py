"""except clauses match by the class hierarchy (PyType_IsSubtype), not a metaclass's __subclasscheck__."""


class Meta(type):
    def __subclasscheck__(cls, subclass):
        raise ValueError('__subclasscheck__ must not be consulted')


class Unrelated(Exception, metaclass=Meta):
    pass


def classify(exc):
    try:
        raise exc
    except Unrelated:
        return 'Unrelated'
    except (TypeError, Unrelated):
        return 'tuple'
    except KeyError:
        return 'KeyError'
    except Exception as other:
        return 'other ' + type(other).__name__


for exc in (KeyError('k'), TypeError('t'), IndexError('i')):
    print(type(exc).__name__, '->', classify(exc))

try:
    try:
        raise KeyError
    except 5:
        pass
except TypeError as error:
    print(error)

try:
    try:
        raise KeyError
    except (KeyError, 'x'):
        pass
except TypeError as error:
    print(error)
