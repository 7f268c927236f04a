"""`while` loops run once for thousands of iterations, compiled in the middle of that run.

On PyPy a loop that is no `for` over a sized iterator, still in the same run a thousand back
edges after its first look, is compiled there and then (vm/tier2_backedges.py's
LONG_ACTIVATION), its frame already holding what the iterations so far left. What changes under
such a loop after it is compiled (a few thousand iterations in): a global function rebound, an
accumulator turning from int to float, a method rebound on its class and a class made again at
the same site, an exception raised by a method and caught in the loop (its traceback), the
caller's locals read from a method, tracing turned on and off, a `for` over a generator, a
loop with two back edges (a `continue` and the end of its body), the loop left by `break`, and
a second run of the same loop (another activation).
"""
import sys
import traceback


class Reader:
    def __init__(self, data):
        self.data, self.pos = data, 0

    def bits(self, count):
        if self.pos == 2222:
            raise ValueError('2222 in bits')
        if self.pos % 1237 == 0:
            caller = sys._getframe(1)
            SEEN.append((caller.f_code.co_name, caller.f_lineno, sorted(caller.f_locals)))
        value = self.data[self.pos % len(self.data)] & ((1 << count) - 1)
        self.pos += 1
        return value


def weight(v):
    return v * 3


def heavier(v):
    return v * 5


def other_bits(self, count):
    self.pos += 1
    return 1000 + count


SEEN = []


def decode(n):
    reader = Reader(bytes(range(7, 250)))
    total = 0
    failures = []
    while reader.pos < n:
        if reader.pos == 1500:
            global weight
            weight = heavier
        if reader.pos == 2000:
            total += 0.5   # (an int no more)
        if reader.pos == 2500:
            Reader.bits = other_bits
        if reader.pos == 3000:
            reader = type('Reader', (), {'pos': 3001, 'bits': lambda self, count: -count})()
        if reader.pos == 3010:
            break
        try:
            symbol = reader.bits(3)
        except ValueError as exc:
            failures.append([(entry.name, entry.lineno, entry.line) for entry in traceback.extract_tb(exc.__traceback__)])
            reader.pos += 1
            continue
        if reader.pos > 3000:
            reader.pos += 1
        if symbol < 4:
            total += weight(symbol)
            continue
        total -= symbol
    return total, reader.pos, failures


LINES = []


def tracer(frame, event, arg):
    LINES.append(event[0] + str(frame.f_lineno - START))
    return tracer


START = sys._getframe().f_lineno


def traced(n):
    total = i = 0
    while i < n:
        if i == 2000:   # (this frame's own lines from here: f_trace set on the running frame)
            sys._getframe().f_trace = tracer
            sys.settrace(tracer)
        elif i == 2003:
            sys.settrace(None)
            del sys._getframe().f_trace
        total += i * i % 11
        i += 1
    return total


def numbers(n):
    for x in range(n):
        yield x * 3 % 5


def generated(n):
    total = 0
    for x in numbers(n):
        if 1717 < total < 1721:
            total += 0.25
        total += x
    return total


original, original_weight = Reader.bits, weight
print(decode(3500))
Reader.bits, weight = original, original_weight
print(decode(2600))
print(traced(2500), LINES)
print(generated(3000))
print(len(SEEN), SEEN[:3], SEEN[-3:])
