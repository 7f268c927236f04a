"""Tracebacks kept from many activations of the same functions, raised and caught in hot loops
(compiled at tier 2), printed at the end: each entry's frame, line, f_back and locals are its own
activation's, and a local kept only by a traceback lives exactly as long as the traceback (what a
traceback stand-in reused across activations must never change)."""
import sys
import traceback


class Missing(Exception):
    pass


FREED = []


class Noisy:
    """A local whose freeing is recorded (by tag)."""
    freed = FREED

    def __init__(self, tag):
        self.tag = tag

    def __del__(self, freed=FREED):   # (also at exit, once the module's names are gone)
        freed.append(self.tag)


def lookup(table, key):
    marker = Noisy(key)
    try:
        return table[key] + 0 * marker.tag
    except KeyError:
        raise Missing(key)


def fetch(table, key):
    scaled = key * 10
    return lookup(table, key) + scaled


def deep(level, key):
    here = Noisy(-1000 * level - key)
    if level == 0:
        raise Missing(key)
    return deep(level - 1, key) + 1 + 0 * here.tag


def run(n, keep_every):
    table = {i: i for i in range(0, n, 3)}
    kept = []
    total = 0
    for i in range(n):
        try:
            total += fetch(table, i)
        except Missing as exc:
            if i % keep_every == 1:
                kept.append(exc)
        try:
            if i % 5 == 0:
                deep(i % 4, i)
        except Missing as exc:
            if i % (keep_every * 5) == 0:
                kept.append(exc)
    return total, kept


def describe(exc):
    tb = exc.__traceback__
    parts = []
    while tb is not None:
        frame = tb.tb_frame
        names = frame.f_locals
        shown = {}
        for name in sorted(names):
            value = names[name]
            if isinstance(value, Noisy):
                value = 'Noisy(%d)' % value.tag
            elif isinstance(value, (dict, list)):
                value = '%s[%d]' % (type(value).__name__, len(value))
            elif isinstance(value, Exception):
                value = repr(value)
            shown[name] = value
        back = frame.f_back
        # (run() returned after its entries were made: its f_lineno is its return's)
        parts.append('%s@%d/%d back=%s %s' % (frame.f_code.co_name, tb.tb_lineno, frame.f_lineno,
                                              back.f_code.co_name if back else None, shown))
        tb = tb.tb_next
    return parts


def same_frames(first, second):
    """Whether the entries of two tracebacks (innermost aligned) show the same frames."""
    a = []
    tb = first.__traceback__
    while tb is not None:
        a.append(tb.tb_frame)
        tb = tb.tb_next
    b = []
    tb = second.__traceback__
    while tb is not None:
        b.append(tb.tb_frame)
        tb = tb.tb_next
    return [x is y for x, y in zip(reversed(a), reversed(b))]


total, kept = run(3000, 50)
print('total', total, 'kept', len(kept))
kept_tags = set(exc.args[0] for exc in kept)
freed = set(Noisy.freed)
print('kept lookup markers alive:', sum(1 for exc in kept if exc.__context__ is not None
                                        and exc.args[0] not in freed))
print('markers freed during the run:', len(Noisy.freed))
print('a kept marker freed early:', sorted(kept_tags & freed)[:5])

for number, exc in enumerate(kept):
    for line in describe(exc):
        print(number, line)
    context = exc.__context__
    if context is not None:
        for line in describe(context):
            print(number, 'context', line)
        print(number, 'context frames shared:', same_frames(exc, context))
    if number % 12 == 0:
        print(''.join(traceback.format_exception(type(exc), exc, exc.__traceback__)), end='')

print('neighbours share frames:', [same_frames(kept[k], kept[k + 1]) for k in range(0, 6)])

before = len(Noisy.freed)
del kept[::2]
print('freed by dropping half:', len(Noisy.freed) - before)
before = len(Noisy.freed)
exc = None
kept.clear()
print('freed by dropping the rest:', len(Noisy.freed) - before)
total, kept = run(600, 7)
print('again', total, len(kept), [describe(exc)[-1] for exc in kept[:3]])
last = kept[-1]
del kept
print('last one still shows:', describe(last)[-1])
before = len(Noisy.freed)
del last
print('freed with the last:', len(Noisy.freed) - before)


def catcher(k):
    try:
        raise ValueError(k)
    except ValueError as exc:
        err = exc
    k += 1
    return err


def grab(k):
    here = sys._getframe()
    k += 1
    return here


def grabbing(k):
    here = sys._getframe()
    yield here
    k += 1


# frames that returned after being seen (by a traceback entry, sys._getframe()), from hot loops:
# their f_lineno and f_lasti are their return's, while alive and once only a traceback keeps them
errors = [catcher(k) for k in range(3000)]
print('caught then returned:', sorted(set((e.__traceback__.tb_lineno, e.__traceback__.tb_frame.f_lineno,
                                          e.__traceback__.tb_frame.f_lasti) for e in errors)))
frames = [grab(k) for k in range(3000)]
print('grabbed then returned:', sorted(set((fr.f_lineno, fr.f_lasti) for fr in frames)))
gens = [grabbing(k) for k in range(3000)]
frames = [next(g) for g in gens]
print('generators suspended:', sorted(set((fr.f_lineno, fr.f_lasti) for fr in frames)))
for g in gens:
    for _ in g:
        pass
print('generators finished:', sorted(set((fr.f_lineno, fr.f_lasti) for fr in frames)))
sys.stdout.flush()
