"""Metaclasses: a plugin registry, __init_subclass__, __set_name__ descriptors and __prepare__."""
import collections


class PluginMeta(type):
    registry = {}

    def __new__(mcls, name, bases, namespace, **kwargs):
        cls = super().__new__(mcls, name, bases, namespace)
        if bases:
            mcls.registry[namespace.get('key', name.lower())] = cls
        cls.order = list(namespace.get('__order__', []))
        return cls

    @classmethod
    def __prepare__(mcls, name, bases, **kwargs):
        namespace = collections.OrderedDict()
        namespace['__order__'] = []
        return namespace

    def __call__(cls, *args, **kwargs):
        instance = super().__call__(*args, **kwargs)
        instance.created_by_meta = True
        return instance


class Plugin(metaclass=PluginMeta):
    def run(self):
        return '%s running' % type(self).__name__


class Exporter(Plugin):
    key = 'export'


class Importer(Plugin):
    pass


class Typed:
    def __init__(self, kind):
        self.kind = kind

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        return obj.__dict__.get(self.name)

    def __set__(self, obj, value):
        if not isinstance(value, self.kind):
            raise TypeError('%s must be %s, not %s' % (self.name, self.kind.__name__, type(value).__name__))
        obj.__dict__[self.name] = value


class Base:
    subclasses = []

    def __init_subclass__(cls, tag='none', **kwargs):
        super().__init_subclass__(**kwargs)
        Base.subclasses.append((cls.__name__, tag))


class Person(Base, tag='entity'):
    name = Typed(str)
    age = Typed(int)

    def __init__(self, name, age):
        self.name, self.age = name, age


class Employee(Person):
    pass


print(sorted(PluginMeta.registry))
for key in sorted(PluginMeta.registry):
    plugin = PluginMeta.registry[key]()
    print(key, plugin.run(), plugin.created_by_meta)
print(type(Plugin).__name__, type(Exporter) is PluginMeta)
p = Person('ann', 30)
print(p.name, p.age, Person.name.name)
try:
    p.age = 'old'
except TypeError as exc:
    print(exc)
print(Base.subclasses)
Dynamic = PluginMeta('Dynamic', (Plugin,), {'key': 'dyn'})
print(sorted(PluginMeta.registry), Dynamic().run())
