"""Attribute machinery: __getattr__ fallbacks, __setattr__ validation, __slots__, __dir__ and descriptors."""


class Record:
    _fields = ('name', 'email')

    def __init__(self, **values):
        object.__setattr__(self, '_data', {})
        for key, value in values.items():
            setattr(self, key, value)

    def __setattr__(self, key, value):
        if key not in self._fields:
            raise AttributeError('Record has no field %r' % key)
        if key == 'email' and '@' not in value:
            raise ValueError('invalid email %r' % value)
        self._data[key] = value

    def __getattr__(self, key):
        if key in self._data:
            return self._data[key]
        if key.startswith('upper_'):
            return self._data[key[6:]].upper()
        raise AttributeError('%r not found' % key)

    def __delattr__(self, key):
        self._data.pop(key, None)

    def __dir__(self):
        return sorted(self._fields) + ['upper_' + f for f in self._fields]


class Slotted:
    __slots__ = ('a', 'b')

    def __init__(self):
        self.a = 1


class Lazy:
    def __init__(self, function):
        self.function = function
        self.name = function.__name__

    def __get__(self, obj, owner):
        if obj is None:
            return self
        value = self.function(obj)
        obj.__dict__[self.name] = value
        return value


class Report:
    computed = 0

    @Lazy
    def summary(self):
        Report.computed += 1
        return 'expensive summary'


r = Record(name='ann', email='ann@example.org')
print(r.name, r.upper_name, r.email, dir(r))
for action in (lambda: setattr(r, 'phone', 1), lambda: setattr(r, 'email', 'nope'), lambda: r.missing,
               lambda: r.upper_phone):
    try:
        action()
    except (AttributeError, ValueError, KeyError) as exc:
        print(type(exc).__name__, exc)
del r.name
print(hasattr(r, 'name'), getattr(r, 'name', 'default'))
s = Slotted()
try:
    s.c = 3
except AttributeError as exc:
    print('AttributeError', exc)
print(hasattr(s, 'b'))
print(s.a, hasattr(s, '__dict__'), Slotted.__slots__)
rep = Report()
print(rep.summary, rep.summary, Report.computed, type(Report.__dict__['summary']).__name__)
print(getattr(rep, 'nothing', None), vars(rep), setattr(rep, 'x', 5), rep.x)
