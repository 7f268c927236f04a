"""Name resolution: global/nonlocal, class-body scopes, comprehension scopes and builtins shadowing."""
counter = 0
items = ['global list']


def bump(n=1):
    global counter
    counter += n
    return counter


def shadow_builtin():
    len = lambda obj: 'shadowed'
    return len([1, 2, 3])


class Config:
    base = 10
    doubled = base * 2
    try:
        values = [base + i for i in range(3)]
    except NameError as exc:
        values = 'NameError: %s' % exc
    names = [n for n in ('a', 'b')]

    def method(self):
        return base_fallback()


def base_fallback():
    try:
        return base
    except NameError as exc:
        return 'NameError: %s' % exc


def outer():
    value = 'outer'

    def inner():
        nonlocal value
        value = 'inner changed it'
        return value
    before = value
    inner()
    return before, value


def unbound():
    try:
        print(total)
        total = 1
    except UnboundLocalError as exc:
        return 'UnboundLocalError: %s' % exc


print(bump(), bump(5), counter)
print(shadow_builtin(), len('abc'))
print(Config.doubled, Config.values, Config.names, Config().method())
print(outer(), unbound())
x = 'module x'
print([x for x in range(3)], x)
print(sorted(k for k in globals() if not k.startswith('__'))[:6])


def make():
    exec_result = {}
    local_names = sorted(locals())
    return local_names, 'exec_result' in dir()


print(make())
del counter
try:
    counter
except NameError as exc:
    print('NameError:', exc)
import builtins
print(builtins.len is len, getattr(builtins, 'print') is print, type(__builtins__).__name__ in ('module', 'dict'))
