"""Module and class bodies without a loop, run again and again: the names they read and bind.

On PyPy at tiers 1 and 2 such code (no backward jump: decode's `loopless`) reads and binds its
names through calls the JIT does not trace into, and a function made reads its module's
`__name__` so (vm/compat.py OPAQUE_NAMES); a body with a loop keeps its inline reads. Here the
same module source runs many times in fresh module dicts (as a program run again), its names
rebound, deleted, shadowed, read through globals(), by class bodies and by a class body with a
mapping of its own: every value must stay 3.8's."""
import builtins
import types

SOURCE = '''
# a loopless module body: classes and functions made, names bound twice, deleted, shadowed
scale = 2
class Base:
    kind = 'base'
    def __init__(self, v):
        self.v = v
    def get(self):
        return self.v * scale
class Derived(Base):
    kind = Base.kind + '+derived'
    label = __name__
    def get(self):
        return Base.get(self) + len(self.kind)
scale = scale + 1
first = Derived(run).get()
globals()['bound_by_globals'] = first * 2
second = bound_by_globals + 1
len = lambda s: -1
shadowed = len('abc')
del len
restored = len('abc')
try:
    missing_name
except NameError as exc:
    error = str(exc)
__name__ = 'renamed_%d' % run
def made_after_rename():
    return scale
class AfterRename:
    where = __name__
results.append((first, second, shadowed, restored, error, Derived.kind, Derived.label,
                made_after_rename.__module__, AfterRename.where, AfterRename.__module__,
                Base.get.__module__))
'''

LOOPING = '''
# a module body with a loop (its reads stay inline), then new names after it
total = 0
for k in range(run + 3):
    total += k * step
after_loop = total + 1
results.append((total, after_loop, sorted(n for n in globals() if not n.startswith('__'))[:3]))
'''


class Recording(dict):
    """A class body's namespace that is a dict subclass (its own __setitem__)."""

    def __setitem__(self, key, value):
        if not key.startswith('__'):
            value = ('recorded', value)
        dict.__setitem__(self, key, value)


class Meta(type):
    @classmethod
    def __prepare__(mcs, name, bases):
        return Recording()

    def __new__(mcs, name, bases, namespace):
        return type.__new__(mcs, name, bases, dict(namespace))


results = []
code = compile(SOURCE, 'loopless_module', 'exec')
looping = compile(LOOPING, 'looping_module', 'exec')
for run in range(60):
    module = types.ModuleType('made_%d' % run)
    namespace = module.__dict__
    namespace.update(run=run, results=results)
    exec(code, namespace)
    if run % 20 == 0:
        print(run, results[-1])
        print(' module names', sorted(n for n in namespace if not n.startswith('__'))[:8], namespace['__name__'])
    exec(looping, {'run': run, 'step': 2, 'results': results})
    if run % 20 == 1:
        print(run, 'looping', results[-1])
print('runs', len(results), results[-2][:4], results[-1])

# class bodies (loopless) reading module names, builtins and a name bound by a previous class
marker = 'module level'


class Reader:
    seen = marker
    length = len(seen)
    marker = 'class level'
    again = marker


class WithMapping(metaclass=Meta):
    plain = 1
    derived = plain


print('class bodies', Reader.seen, Reader.length, Reader.again, marker)
print('mapping', WithMapping.plain, WithMapping.derived)

# a module body run with separate locals, and with globals lacking __name__ / with a non-str one
separate = {}
exec('x = 1\ny = x + 1\ndef f():\n    return y\n', {'y': 'global y'}, separate)
print('separate locals', separate['x'], separate['y'], separate['f'](), separate['f'].__module__)
for globals_dict in ({}, {'__name__': 7}, {'__name__': 'named'}):
    exec('def g():\n    pass\nresult = g.__module__\n', globals_dict)
    print('module of g:', globals_dict['result'])

# builtins rebound between two runs of loopless code (compiled before: the rebinding is the program's)
reading = compile('value = len("ab")\n', 'reading', 'exec')
real_len = builtins.len
builtins.len = lambda s: 100
try:
    probe = {}
    exec(reading, probe)
    rebound_value = probe['value']
finally:
    builtins.len = real_len
print('rebound builtin', rebound_value)
probe = {}
exec(reading, probe)
print('builtin back', probe['value'])
try:
    exec('del never_bound\n', {})
except NameError as exc:
    print('delete:', exc)
