"""Module globals read and written while hot code runs: new keys after hot loops, rebinding from
another function and through globals(), del mid-loop, builtins rebound and shadowed, module dicts
made again by exec, functions' __module__, class bodies and odd mappings as namespaces.

On PyPy the VM reads and writes a program's namespaces through calls its JIT does not trace into
(vm/compat.py OPAQUE_NAMESPACES; PIPELINE_OPAQUE_GLOBALS=1 turns it on elsewhere): every value
seen here must stay 3.8's."""
import builtins
import sys

scale = 1


def weigh(i):
    return (i & 7) * scale


def total(n):
    t = 0
    for i in range(n):
        t += weigh(i)
    return t


def rebind_scale(value):
    global scale
    scale = value


def rebinding_loop(n):
    # a global rebound mid-loop by a callee and through globals()
    seen = []
    for i in range(n):
        if i == n // 3:
            rebind_scale(2)
        elif i == 2 * n // 3:
            globals()['scale'] = 3
        seen.append(weigh(i))
    return sum(seen), seen[-3:]


def deleting_loop(n):
    # a global deleted mid-loop: the next read is a NameError; bound again, read again
    global gone
    gone = 5
    got = 0
    for i in range(n):
        if i == n // 2:
            del gone
        try:
            got += gone
        except NameError as exc:
            got -= 1
            if i == n // 2:
                print('deleted:', exc, 'line', sys.exc_info()[2].tb_lineno)
            if i == n // 2 + 10:
                gone = 7
    return got


def builtin_reader(n):
    t = 0
    for i in range(n):
        t += len('ab' * (i & 3))
    return t


def shadowing_loop(n):
    # a module global named like a builtin, made and deleted mid-loop
    global len
    t = 0
    for i in range(n):
        if i == n // 2:
            len = lambda s: 100
        if i == 3 * n // 4:
            del len
        t += len('abc')
    return t


# hot code first, then new keys at module level: each must be seen, in order
first = total(400)
print('first', first)
for round_number in range(3):
    value_of_round = total(300) + round_number
    print('round', round_number, value_of_round)
after_loop = total(200)
print('after', after_loop, 'names', [k for k in globals() if not k.startswith('__')][-6:])

print('rebinding', rebinding_loop(300), scale)
print('deleting', deleting_loop(300), gone)
print('builtin', builtin_reader(300))
real_len = builtins.len
builtins.len = lambda s: -1
try:
    print('builtin rebound', builtin_reader(300))
finally:
    builtins.len = real_len
print('builtin restored', builtin_reader(300))
print('shadowing', shadowing_loop(400), 'len' in globals())

# module dicts made again by exec: each gets its own functions, read hot
SOURCE = '''
def step(i):
    return i * factor
def run(n):
    t = 0
    for i in range(n):
        t += step(i)
    return t
result = run(250)
late_name = result + 1
'''
for factor in (1, 2, 3):
    namespace = {'factor': factor, '__name__': 'made_%d' % factor}
    exec(SOURCE, namespace)
    print('exec', factor, namespace['result'], namespace['late_name'], namespace['step'].__module__)
for name_value in (None, 5):
    namespace = {'factor': 1} if name_value is None else {'factor': 1, '__name__': name_value}
    exec(SOURCE, namespace)
    print('module of a function made without a str __name__:', namespace['run'].__module__)


def maker(n):
    # functions made in a hot loop, their __module__ read from the globals each time
    made = [lambda: i for i in range(n)]
    return made[-1].__module__, made[-1]()


print('made', maker(300))


# a class body's names, read and written while hot
class Counter:
    count = 0
    for step_number in range(300):
        count += step_number & 1
    doubled = count * 2


print('class', Counter.count, Counter.doubled, Counter.step_number)


# module code run with separate locals, and with a mapping that is not a dict
class Mapping:
    def __init__(self):
        self.data = {}

    def __getitem__(self, key):
        return self.data[key]

    def __setitem__(self, key, value):
        self.data[key] = ('set', key) if key == 'watched' else value

    def __delitem__(self, key):
        del self.data[key]


CODE = '''
acc = 0
for k in range(300):
    acc += k
watched = acc
'''
plain_locals = {}
exec(CODE, {}, plain_locals)
print('separate locals', plain_locals['acc'], plain_locals['watched'])
mapping = Mapping()
exec(CODE, {}, mapping)
print('mapping', mapping.data['acc'], mapping.data['watched'])


# a key that is a str subclass, found by a name
class Key(str):
    pass


globals()[Key('by_subclass')] = 'found'
print('subclass key', by_subclass, [type(k).__name__ for k in globals() if k == 'by_subclass'])
del by_subclass
try:
    by_subclass
except NameError as exc:
    print('gone:', exc)
final_name = total(100)
print('final', final_name, sorted(k for k in globals() if k.endswith('_name'))[:4])
