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
        # (f_lineno of the frames the exceptions left: run() returned after its entries were
        # made, and its f_lineno is not shown, see bench/FINDINGS.md's s15exc2 section)
        lineno = frame.f_lineno if frame.f_code.co_name != 'run' else '-'
        parts.append('%s@%d/%s back=%s %s' % (frame.f_code.co_name, tb.tb_lineno, lineno,
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
sys.stdout.flush()
