"""Where a frame is while a dunder called by one instruction of a frequent pair runs (the pairs
the VM fuses into one dispatch: a comparison and its jump, `o.attr` of a local, `o.m()`,
`o.attr = v`, `for x in it`, two loads, a store and a load): sys._getframe(1).f_lasti and
f_lineno read by the dunder, in cold code and in hot loops (compiled at tier 2), and the frames
of the errors such a dunder raises. A comparison's result whose __bool__ runs (or raises) is at
the jump, not at the comparison; a sys.settrace 'opcode' view of the same code."""
import sys

N = 2500   # (hot: tier 2 compiles the loops and the functions)
SEEN = {}


def where(kind):
    frame = sys._getframe(2)
    offset = frame.f_lasti
    op = frame.f_code.co_code[offset]
    SEEN.setdefault(kind, set()).add((frame.f_code.co_name, offset, op, frame.f_lineno - frame.f_code.co_firstlineno))


class Truth:
    def __init__(self, value, fail=False):
        self.value = value
        self.fail = fail

    def __bool__(self):
        where('__bool__')
        if self.fail:
            raise ValueError('truth')
        return self.value


class Compared:
    def __init__(self, n, fail_at=-1, truth_fail_at=-1):
        self.n = n
        self.fail_at = fail_at
        self.truth_fail_at = truth_fail_at

    def __lt__(self, other):
        where('__lt__')
        if self.n == self.fail_at:
            raise KeyError('compare')
        return Truth(self.n % 3 == 0, self.n == self.truth_fail_at)

    def __eq__(self, other):
        where('__eq__')
        return Truth(self.n % 2 == 0, self.n == self.truth_fail_at)

    def __contains__(self, item):
        where('__contains__')
        return item % 5 == 0

    __hash__ = object.__hash__


class Attrs:
    def __init__(self):
        object.__setattr__(self, 'stored', 0)

    @property
    def prop(self):
        where('property')
        return 1

    def __getattr__(self, name):
        where('__getattr__')
        if name == 'missing':
            raise AttributeError(name)
        return 2

    def __setattr__(self, name, value):
        where('__setattr__')
        if name == 'refused':
            raise AttributeError('refused')
        object.__setattr__(self, name, value)

    def method(self):
        return 3


class Methods:
    def __getattribute__(self, name):
        where('__getattribute__')
        if name == 'gone':
            raise AttributeError(name)
        return lambda: 4


class Items:
    def __init__(self, n, fail_at=-1):
        self.k = 0
        self.n = n
        self.fail_at = fail_at

    def __iter__(self):
        return self

    def __next__(self):
        where('__next__')
        if self.k == self.fail_at:
            raise LookupError('next')
        if self.k >= self.n:
            raise StopIteration
        self.k += 1
        return self.k


def compare_jump(a, b):
    if a < b:
        return 1
    return 2


def compare_jump_loop(n, fail_at=-1, truth_fail_at=-1):
    total = 0
    other = Compared(0)
    for k in range(n):
        c = Compared(k, fail_at, truth_fail_at)
        if c < other:
            total += 1
        if c == other:
            total += 2
    return total


def compare_jump_while(n, truth_fail_at=-1):
    k = 0
    total = 0
    other = Compared(0)
    while k < n:
        k += 1
        c = Compared(k, -1, truth_fail_at)
        if c < other:
            total += 1
    return total


def contains_jump(n):
    total = 0
    box = Compared(0)
    for k in range(n):
        if k in box:
            total += 1
    return total


def attributes(n, fail_at=-1):
    total = 0
    o = Attrs()
    for k in range(n):
        total += o.prop + o.other
        o.stored = k
        if k == fail_at:
            total += o.missing
    return total


def refused(n, fail_at):
    o = Attrs()
    for k in range(n):
        if k == fail_at:
            o.refused = k
        o.stored = k
    return o.stored


def methods(n, fail_at=-1):
    total = 0
    m = Methods()
    for k in range(n):
        total += m.anything()
        if k == fail_at:
            m.gone()
    return total


def iterate(n, fail_at=-1):
    total = 0
    for x in Items(n, fail_at):
        total += x
    return total


def loads(flag):
    a = 1
    if flag:
        b = 2
    return a + b


def store_load(flag):
    if flag:
        b = 2
    a = 1; c = b
    return a + c


def report(title, function, *args):
    SEEN.clear()
    try:
        result = function(*args)
    except Exception as error:
        tb = error.__traceback__
        while tb.tb_next is not None:
            tb = tb.tb_next
        print(title, type(error).__name__, error, tb.tb_frame.f_code.co_name, tb.tb_lineno)
    else:
        print(title, result)
    for kind in sorted(SEEN):
        print('   ', kind, sorted(SEEN[kind]))


report('compare cold', compare_jump, Compared(3), Compared(0))
report('compare cold, truth fails', compare_jump, Compared(4, -1, 4), Compared(0))
report('compare cold, compare fails', compare_jump, Compared(5, 5), Compared(0))
report('compare hot', compare_jump_loop, N)
report('compare hot, truth fails', compare_jump_loop, N, -1, N - 3)
report('compare hot, compare fails', compare_jump_loop, N, N - 2)
report('while hot', compare_jump_while, N)
report('while hot, truth fails', compare_jump_while, N, N - 6)
report('in hot', contains_jump, N)
for _ in range(3):
    report('compare hot, again', compare_jump_loop, 300, -1, 299)
report('attributes hot', attributes, N)
report('attributes hot, missing', attributes, N, N - 4)
report('setattr refused', refused, N, N - 7)
report('methods hot', methods, N)
report('methods hot, gone', methods, N, N - 9)
report('iterate hot', iterate, N)
report('iterate hot, next fails', iterate, N, N - 11)
report('loads unbound', loads, False)
report('store load unbound', store_load, False)
for _ in range(N):
    compare_jump(Compared(3), Compared(0))
report('compare, a hot function', compare_jump, Compared(6, -1, 6), Compared(0))


def opcodes(frame, event, arg):
    if frame.f_code is compare_jump.__code__:
        frame.f_trace_opcodes = True
        if event == 'opcode':
            print('    opcode', frame.f_lasti, frame.f_lineno - frame.f_code.co_firstlineno)
    return opcodes


sys.settrace(opcodes)
report('compare traced', compare_jump, Compared(3), Compared(0))
report('compare traced, truth fails', compare_jump, Compared(4, -1, 4), Compared(0))
sys.settrace(None)
