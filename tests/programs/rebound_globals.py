"""Module globals bound again (vm/rebound.py: on PyPy their first binding writes twice, so that
the module dict makes them cells at once): every binding, deletion, lookup and the dict's order
must stay 3.8's, and the placeholder of the first binding must never be seen."""
import sys
import threading

clock = 0
registry = []


def tick():
    global clock
    clock += 1
    return clock


def define_late():
    global late, counter
    late = 'late'
    counter = 0
    for _ in range(3):
        counter += 1


def forget():
    global clock
    del clock


seen = []
for step in range(4):
    seen.append(globals().get('current', 'unbound'))
    current = step * step
    tick()
print('seen before each binding:', seen, 'current', current, 'clock', clock)

total = 0
total = total + 1
print('bound twice:', total)

define_late()
print('defined by a function:', late, counter)

names = [name for name in globals() if not name.startswith('__')]
print('order:', names)

forget()
try:
    clock
except NameError as exc:
    print('after del:', exc)
clock = 100
print('bound again after del:', tick(), list(globals())[-3:])


class Config:
    limit = 1
    limit = limit + 1
    for index in range(2):
        limit += index
print('class body:', Config.limit, sorted(vars(Config).keys() - {'__dict__', '__weakref__', '__doc__'}))

scope = {}
exec('a = 1\na = 2\nfor b in range(3):\n    a += b\nprint("exec in a plain dict:", a, b)', scope)
local_scope = {}
exec('x = 1\nx = 2\nglobal y\ny = 3\ny = 4', scope, local_scope)
print('separate locals:', local_scope, scope['y'])


class Spy(dict):
    pass


spy = Spy(__builtins__=__builtins__)
exec('n = 0\nfor k in range(3):\n    n += k\n', spy)
print('dict subclass as globals:', spy['n'], spy['k'])


def watcher(stop, found):
    while not stop:
        value = globals().get('shared', 'unbound')
        if value is not None and not isinstance(value, (int, str)):
            found.append(repr(value))
        registry.append(1)


stop, found = [], []
thread = threading.Thread(target=watcher, args=(stop, found))
thread.start()
round_number = 0
while round_number < 200 or len(registry) < 3:     # the watcher reads while names are bound
    shared = round_number
    del shared
    round_number += 1
stop.append(True)
thread.join()
print('a thread never saw a placeholder:', found == [], len(registry) > 0)
print('module dict values are ordinary:', all(type(value).__name__ != '_Null' for value in globals().values()))
sys.stdout.flush()
