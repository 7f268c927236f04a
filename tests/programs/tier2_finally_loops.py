"""Hot loops with try/finally and with blocks in their bodies (tier 2 runs them in a trace): every way out of
the try body and of the finally block, now and then, after the trace is hot: an exception
(re-raised by END_FINALLY, caught outside or further up), a return inside the try body or a
loop's break/continue through the finally block, nested finally blocks, exc_info and the
traceback seen inside them."""
import sys
import traceback


def handled():
    kind = sys.exc_info()[0]
    return kind.__name__ if kind is not None else 'none'


def entries(exc):
    return ', '.join('%s:%d' % (e.name, e.lineno) for e in traceback.extract_tb(exc.__traceback__))


def counted(n, fail_at):
    total = cleaned = 0
    for i in range(n):
        try:
            total += i
            if i == fail_at:
                raise ValueError(i)
        finally:
            cleaned += 1
    return total, cleaned


def caught_each(n):
    log = []
    total = 0
    for i in range(n):
        try:
            try:
                total += 10 // (i % 500)
            finally:
                total += 1
                if i % 500 == 0:
                    log.append('finally %d handled=%s' % (i, handled()))
        except ZeroDivisionError as exc:
            log.append('caught %d at [%s] handled=%s' % (i, entries(exc), handled()))
    return total, log


def returns_from_try(n, stop):
    cleaned = 0
    for i in range(n):
        try:
            if i == stop:
                return 'returned at %d, cleaned %d' % (i, cleaned)
        finally:
            cleaned += 1
    return 'ran out'


def breaks_and_continues(n):
    seen = []
    count = 0
    for i in range(n):
        try:
            count += 1
            if i % 700 == 3:
                continue
            if i == n - 5:
                break
        finally:
            if i % 700 == 3 or i == n - 5:
                seen.append((i, count))
    return count, seen


def nested(n):
    outer = inner = 0
    for i in range(n):
        try:
            try:
                inner += i & 1
            finally:
                outer += 1
        finally:
            inner += 2
    return outer, inner


def finally_replaces(n):
    results = []
    for i in range(n):
        try:
            try:
                if i % 1000 == 999:
                    raise KeyError(i)
            finally:
                if i % 1000 == 999:
                    raise LookupError('replaced %d' % i)
        except LookupError as exc:
            results.append('%s <- %r at [%s]' % (exc, exc.__context__, entries(exc)))
    return results


def raising_deep(depth, i):
    if depth:
        try:
            return raising_deep(depth - 1, i)
        finally:
            pass
    if i % 250 == 0:
        raise IndexError(i)
    return i


def through_calls(n):
    total = 0
    last = None
    for i in range(n):
        try:
            total += raising_deep(3, i)
        except IndexError as exc:
            last = '%s at [%s]' % (exc, entries(exc))
        finally:
            total += 1
    return total, last


def traced_after_hot(n):
    events = []

    def tracer(frame, event, arg):
        if frame.f_code.co_name == 'traced_after_hot':
            events.append('%s:%d' % (event, frame.f_lineno))
        return tracer

    total = 0
    for i in range(n):
        try:
            total += i
            if i == n - 3:
                sys.settrace(tracer)
                sys._getframe().f_trace = tracer
        finally:
            total += 1
    sys.settrace(None)
    return total, events


class Counter:
    """__enter__/__exit__ of fixed arity (tier 2 compiles their bodies), now and then failing,
    suppressing, or seeing the caller's line and the handled exception."""
    def __init__(self):
        self.entered = self.exited = 0
        self.notes = []

    def __enter__(self):
        self.entered += 1
        if self.entered % 1000 == 0:
            self.notes.append('enter %d from line %d handled=%s'
                              % (self.entered, sys._getframe(1).f_lineno, handled()))
        if self.entered == 2500:
            raise OSError('enter failed')
        return self.entered

    def __exit__(self, kind, value, tb):
        self.exited += 1
        if kind is not None:
            self.notes.append('exit %d with %s handled=%s line %d'
                              % (self.exited, kind.__name__, handled(), tb.tb_lineno))
            return kind is KeyError
        return False


def with_loop(n):
    manager = Counter()
    total = 0
    for i in range(n):
        try:
            with manager as number:
                total += number
                if i % 900 == 899:
                    raise KeyError(i)      # suppressed by __exit__
                if i % 1300 == 1299:
                    raise ValueError(i)    # not suppressed
        except (ValueError, OSError) as exc:
            manager.notes.append('caught %r at [%s]' % (exc, entries(exc)))
    return total, manager.entered, manager.exited, manager.notes


def nested_with_loop(n):
    outer, inner = Counter(), Counter()
    total = 0
    for i in range(n):
        with outer:
            with inner as k:
                total += k
            total += 1
    return total, outer.notes[-1], inner.notes[-1]


print(counted(3000, -1))
try:
    counted(3000, 2500)
except ValueError as exc:
    print('counted raised', exc, 'at', entries(exc), 'handled=' + handled())
print(caught_each(2001))
print(returns_from_try(3000, 2800))
print(breaks_and_continues(3000))
print(nested(3000))
print(finally_replaces(3000))
print(through_calls(1001))
print(traced_after_hot(3000))
print(with_loop(3000))
print(nested_with_loop(2400))
