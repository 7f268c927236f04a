"""Hot code reading only builtins while the module body, below it, goes on to bind new names
(nqueens' `solutions = list(n_queens(n))`): on PyPy at tier 2 such code reads the module the way
the loop does, through calls its JIT does not trace into (vm/tier2.py opaque_reads;
PIPELINE_OPAQUE_GLOBALS=1 turns that on elsewhere). Each read must still see what 3.8 sees:
a module global shadowing a builtin bound and deleted mid-loop by a callee, through globals()
and by exec; builtins rebound; a name bound nowhere; generators drained by builtins; frames
read from callees."""
import builtins
import sys


def counting(n):
    # builtins only: len, range, abs, min; a module `len` bound and deleted mid-loop through
    # globals() shadows the builtin for a while
    t = 0
    for i in range(n):
        if i == n // 3:
            globals()['len'] = lambda s: 100
        elif i == n // 2:
            del globals()['len']
        t += len('ab' * (i & 3)) + abs(-i) % 5 + min(i, 3)
    return t


def measuring(n):
    t = 0
    for i in range(n):
        t += len(str(i))
    return t


def rebinding_builtins(n, module):
    # builtins.abs rebound mid-loop, then restored (the builtins module is an argument: the loop
    # reads builtins only)
    real = abs
    t = 0
    for i in range(n):
        if i == n // 4:
            module.abs = lambda x: 1000
        elif i == n // 2:
            module.abs = real
        t += abs(-i)
    return t


def written_by_exec(n):
    # exec binds a module global named like a builtin from inside the loop
    t = 0
    for i in range(n):
        if i == n // 2:
            exec('max = lambda *args: -1', globals())
        t += max(i, 2)
    return t


def unbound_name(n):
    # a name bound nowhere: NameError from the loop, its message and line
    t = 0
    for i in range(n):
        try:
            t += len(str(i)) + (nowhere if i == n - 5 else 0)
        except NameError as exc:
            print('unbound:', exc, 'line', exc.__traceback__.tb_lineno)
    return t


def frames_seen(n, watch):
    # the frame of a builtins-only loop read from a callee (an argument): its globals are the
    # module's, its locals and line its own
    found = 0
    for i in range(n):
        if i == n - 3:
            frame = watch()
            found = len(sorted(k for k in frame.f_globals if k.startswith('late_')))
            print('frame', frame.f_lineno, sorted(frame.f_locals))
        found += len(range(i & 3))
    return found


def watch():
    return sys._getframe(1)


def items(n):
    # a generator reading builtins, drained by list() and sum()
    for i in range(n):
        yield len(str(i)) * abs(i - n // 2) + min(i, 1)


def failing_items(n):
    for i in range(n):
        if i == n - 2:
            yield int('not a number %d' % i)
        yield len(repr(i))


def main_part():
    try:
        print('failing', sum(failing_items(300)))
    except ValueError as exc:
        print('failing:', exc, exc.__traceback__.tb_next.tb_lineno)


late_counting = counting(600)
print('counting', late_counting, measuring(300))
globals()['len'] = lambda s: 7
late_measuring = measuring(300)
del globals()['len']
print('measuring', late_measuring, measuring(300))
late_rebinding = rebinding_builtins(600, builtins)
print('rebinding', late_rebinding, abs(-3))
late_exec = written_by_exec(600)
print('exec', late_exec, max(1, 2))
del globals()['max']
print('max again', max(1, 2))
late_unbound = unbound_name(300)
print('unbound', late_unbound)
late_items = list(items(500))
print('items', len(late_items), sum(late_items), sum(items(400)))
late_frames = frames_seen(300, watch)
print('frames', late_frames)
main_part()
for again in range(3):
    late_again = counting(300) + sum(items(200))
    globals()['late_%d' % again] = late_again
    print('again', again, late_again)
late_names = sorted(k for k in globals() if k.startswith('late_'))
print(late_names)
