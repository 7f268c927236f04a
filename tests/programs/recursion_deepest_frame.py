"""The recursion limit as 3.8 counts it in the deepest frame (the one whose calls of Python
functions fail): its comparisons, calls of C functions and types, str/repr and raising a class
fail there too, each with its own message; after a RecursionError nothing is checked until the
stack is back 50 levels below the limit. (Not here: a C function's own levels inside it, one
level further up, and generators finalized near the limit.)"""
import sys
import traceback


def depth_of_failure():
    def dive(n):
        try:
            return dive(n + 1)
        except RecursionError:
            return n
    return dive(0)


D = depth_of_failure()


def g():
    pass


class C:
    def __init__(self):
        pass

    def m(self):
        pass

    def __eq__(self, other):
        return True

    __hash__ = object.__hash__

    def __format__(self, spec):
        return 'C'

    def __call__(self):
        pass


class E(Exception):
    pass


c = C()
PROBES = {'lt': 'n < 5', 'eq': "n == 'x'", 'is': 'n is None', 'in_tuple': "'q' in ('a', 'b')",
          'in_list': "'q' in ['a', v]", 'in_set': "'q' in {'a', 'b'}", 'in_str': "'a' in 'abc'",
          'in_empty': '1 in []', 'in_first': 's in [s, 2]', 'not_in': '3 not in [1]',
          'in_range': '1 in r', 'in_dict': "'x' in {'x': 1}",
          'len': "len('abc')", 'append': '[].append(1)', 'isinstance': 'isinstance(n, int)',
          'call': 'g()', 'str': 'str(n)', 'method': "'abc'.upper()", 'kw': "sorted([], key=None)",
          'star': 'max(*(1, 2))', 'vm_class': 'C()', 'vm_method': 'c.m()',
          'vm_call': 'c()', 'vm_eq': 'c == 1', 'lambda': '(lambda: 1)()',
          'listcomp': '[x for x in ()]', 'raise_class': 'raise ValueError',
          'raise_instance': 'raise v', 'raise_vm_class': 'raise E', 'repr_fmt': "f'{n!r}'",
          'str_fmt_str': "f'{s!s}'", 'str_fmt': "f'{s}'", 'int_fmt': "f'{n}'",
          'spec_fmt': "f'{s:>3}'", 'float_fmt': "f'{1.5}'", 'vm_fmt': "f'{c}'",
          'add': 'n + 1', 'attr': 'n.real', 'subscr': "'abc'[1]", 'build': '[n, n]',
          'unpack': 'a, b = 1, 2', 'import': 'import sys', 'not': 'not n'}
for kind, expr in PROBES.items():
    namespace = {'g': g, 'C': C, 'c': c, 'E': E, 's': 'abc', 'v': KeyError('v'),
                 'r': range(5)}
    exec('def f(n):\n'
         '    if n:\n'
         '        return f(n - 1)\n'
         '    try:\n'
         '        ' + expr + '\n'
         "        return 'ok'\n"
         '    except RecursionError as e:\n'
         "        return 'RecursionError: ' + str(e)\n"
         '    except Exception as e:\n'
         '        return e.__class__.__name__\n', namespace)
    print(kind + ':', namespace['f'](D + 1), namespace['f'](D - 1))


# the classic runaway recursion: its error comes from the comparison, at its line
def down(n):
    if n < 0:
        return 0
    return down(n + 1)


try:
    down(0)
except RecursionError as exc:
    lines = traceback.format_exception(type(exc), exc, exc.__traceback__)
    print(''.join(lines[-3:]), end='')


# after a RecursionError, a handler at the limit still calls, compares and prints
def handled(n):
    try:
        return handled(n + 1)
    except RecursionError as exc:
        print('handled at', n - D, exc, len(str(n)) > 0, sorted([2, 1]))
        return n


print(handled(0) - D)


# each dive fails anew once the stack is back below the low water mark
for attempt in range(3):
    print('attempt', attempt, depth_of_failure() == D)


# a hot function, its body compiled, reaching the limit (the deepest frame runs in a loop)
def climb(n, stop):
    if n == stop:
        return n
    return climb(n + 1, stop)


for _ in range(300):
    climb(0, 20)
try:
    climb(0, -1)
except RecursionError as exc:
    print('climb:', exc, traceback.extract_tb(exc.__traceback__)[-1].line)
print('climb to the deepest:', climb(0, D) == D)


# a lower limit: the low water mark is 3/4 of it
sys.setrecursionlimit(120)
print('low limit:', depth_of_failure(), handled(0) == depth_of_failure())
sys.setrecursionlimit(1000)
