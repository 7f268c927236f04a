"""LOAD_NAME in hot module-level loops (the locals dict's names read inline, the rest as before):
locals that are not the globals, a dict subclass with __missing__ and __getitem__, a name
deleted from the locals mid-loop (then read from the globals, then the builtins), a name bound
nowhere (NameError, its traceback), and a loop at the module level of this program."""
import traceback

LOOP = '''
total = 0
for i in range(3000):
    total += i % 7 + bonus + len(word)
    if i == 2000:
        del bonus
    if i == 2500:
        del word
result.append(total)
'''
shared = {'bonus': 100, 'word': 'global', 'result': []}
local = {'bonus': 1, 'word': 'ab'}
exec(LOOP, shared, local)
print('locals apart', shared['result'], local['total'], sorted(local))

shared = {'result': [], 'len': lambda s: 1000, 'bonus': 10, 'word': 'g'}
local = {'bonus': 1, 'word': 'ab'}
exec(LOOP, shared, local)
print('len rebound in globals', shared['result'])


class Missing(dict):
    reads = 0

    def __missing__(self, key):
        if key != 'bonus':
            raise KeyError(key)
        Missing.reads += 1
        return 5

    def __getitem__(self, key):
        if key == 'word':
            return 'abc'
        return dict.__getitem__(self, key)


shared = {'result': []}
local = Missing(bonus=2, word='ignored')
exec(LOOP, shared, local)
print('subclass', shared['result'], Missing.reads)

shared = {'result': [], 'word': 'x'}
local = {'word': 'ab'}
try:
    exec(LOOP.replace('if i == 2000', 'if i == 2999').replace('+ bonus', '+ (bonus if i < 2600 else nowhere)'),
         shared, dict(local, bonus=3))
except NameError:
    print('\n'.join(traceback.format_exc().splitlines()[-3:]))

count = 0
step = 3
for n in range(4000):
    count += step + n % 5
    if n == 3000:
        step = -1
print('module loop', count, step)
