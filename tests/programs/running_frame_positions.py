"""f_lasti and f_lineno of running frames read from where nothing wrote them down.

A frame delegating with `yield from` / `await` to a generator or coroutine that runs shows the
YIELD_FROM's offset (and the LOAD_CONST before it once suspended); a frame the program holds
(a generator's gi_frame, one kept from sys._getframe) read from a comparison's dunder, an
operator's, a property, a hash shows the instruction running; a trace function set on such a
frame from there starts from that line. Each in cold code and in loops hot enough for tier 2.
"""
import sys
import types
from collections import Counter


def show(tag, depth=2):
    f = sys._getframe(depth)
    print(tag, f.f_code.co_name, f.f_lasti, f.f_lineno)


@types.coroutine
def suspend():
    v = yield 'tick'
    return v


async def inner(x):
    show('inner first')
    await suspend()
    show('inner resumed')
    return x


async def outer():
    y = await inner(1)
    show('outer after', 1)
    return y


def delegating_coroutines():
    c = outer()
    print(c.send(None))
    print('suspended', c.cr_frame.f_lasti, c.cr_await.cr_frame.f_lasti, c.cr_frame.f_lineno)
    try:
        c.send(5)
    except StopIteration as e:
        print('done', e.value)


class It:
    def __init__(self):
        self.n = 0

    def __iter__(self):
        return self

    def __next__(self):
        show('It.__next__')
        self.n += 1
        if self.n > 2:
            raise StopIteration(5)
        return self.n


def sub():
    show('sub')
    yield 1
    show('sub again')


def g():
    x = yield from It()
    show('g after', 1)
    yield from sub()
    return x


class Awaitable:
    def __await__(self):
        show('__await__')
        return iter(It())


async def awaits_an_object():
    return await Awaitable()


def delegating_generators():
    for v in g():
        print('got', v)
    try:
        awaits_an_object().send(None)
    except StopIteration as e:
        print('awaited', e.value)
    gen = g()
    print(next(gen), gen.gi_frame.f_lasti, gen.gi_frame.f_lineno)
    print(next(gen), gen.gi_frame.f_lasti)
    print(next(gen), gen.gi_frame.f_lasti, gen.gi_frame.f_lineno)


def traced_delegation():
    events = []

    def tracer(frame, event, arg):
        if event == 'call' and frame.f_code.co_name in ('sub', 'inner'):
            back = frame.f_back
            events.append((frame.f_code.co_name, back.f_code.co_name, back.f_lasti, back.f_lineno))
        return None
    sys.settrace(tracer)
    try:
        list(g())
        c = outer()
        c.send(None)
        c.close()
    finally:
        sys.settrace(None)
    for event in events:
        print('traced', event)


seen = Counter()


def note(tag, f):
    seen[tag, f.f_code.co_name, f.f_lineno, f.f_lasti] += 1


class Held:
    def __init__(self, frame):
        self.frame = frame

    def __eq__(self, other):
        note('eq', self.frame)
        return other == 1

    def __lt__(self, other):
        note('lt', self.frame)
        return other > 2

    def __add__(self, other):
        note('add', self.frame)
        return other

    def __hash__(self):
        note('hash', self.frame)
        return 1

    @property
    def prop(self):
        note('prop', self.frame)
        return 1


def held_plain(n):
    me = sys._getframe()
    h = Held(me)
    t = 0
    x = 5
    if x == h:
        t -= 1
    for x in range(n):
        if x % 3 == h:
            t += 1
        t += h + x
        if h < x % 5:
            t += h.prop
        t += len({h})
    return t


def held_generator(n):
    me = sys._getframe()
    h = Held(me)
    for x in range(n):
        if x % 3 == h:
            yield h + x
        if h < x % 5:
            yield h.prop


GENERATORS = []


class Compared:
    def __eq__(self, other):
        f = GENERATORS[-1].gi_frame
        note('gi_frame', f)
        return other == 1


def compared_in_a_generator(n):
    for x in range(n):
        if x % 3 == Compared():
            yield x


def held_frames():
    print(held_plain(1), sum(held_generator(6)))
    GENERATORS.append(compared_in_a_generator(3))
    print(list(GENERATORS[-1]))
    for key in sorted(seen):
        print(key, seen[key])
    seen.clear()


class Tracing:
    def __init__(self, frame, lines):
        self.frame = frame
        self.lines = lines

    def __eq__(self, other):
        self.frame.f_trace = lambda frame, event, arg: None
        self.lines.append(('set at', self.frame.f_lineno))
        return True


def trace_set_from_a_comparison():
    lines = []
    t = Tracing(sys._getframe(), lines)
    a = 1
    if a == t:
        a = 2
    # (no trace function runs: f_lineno stays where f_trace was set, as 3.8's)
    lines.append(('later', sys._getframe().f_lineno))
    sys._getframe().f_trace = None
    lines.append(('cleared', sys._getframe().f_lineno))
    print('f_trace set from a comparison', lines)


# -- hot: the same in loops tier 2 compiles ------------------------------------------------------

async def inner_hot(x):
    if x % 7 == 0:
        show_count('inner first')
    if x % 3 == 0:
        await suspend()
        if x % 7 == 0:
            show_count('inner resumed')
    return x


async def outer_hot(n):
    t = 0
    for k in range(n):
        t += await inner_hot(k)
    return t


def drive(c):
    v = None
    while True:
        try:
            v = c.send(v)
        except StopIteration as e:
            return e.value


def sub_hot(k):
    if k % 5 == 0:
        show_count('sub')
    yield k
    if k % 5 == 0:
        show_count('sub again')


def g_hot(n):
    for k in range(n):
        yield from sub_hot(k)


def show_count(tag):
    f = sys._getframe(2)
    seen[tag, f.f_code.co_name, f.f_lineno, f.f_lasti] += 1


def hot():
    for r in range(3):
        print(drive(outer_hot(3000)), sum(g_hot(3000)), held_plain(3000), sum(held_generator(3000)))
        GENERATORS.append(compared_in_a_generator(3000))
        print(sum(GENERATORS[-1]))
    for key in sorted(seen):
        print(key, seen[key])


delegating_coroutines()
delegating_generators()
traced_delegation()
held_frames()
trace_set_from_a_comparison()
hot()
