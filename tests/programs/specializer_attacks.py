"""Programs that change what a hot, specialised instruction assumed (tier 1 of the VM):
globals and builtins rebound mid-loop, class attributes and __slots__ layouts changed,
int subclasses reaching arithmetic, exceptions from specialised calls, frames read mid-loop,
coroutines awaited inside the loop."""
import builtins
import sys


def scale(x):
    return x * 2


def rebind_global_midloop():
    global scale
    original = scale
    out = []
    for k in range(200):
        if k == 120:
            scale = lambda x: x * 3
        out.append(scale(k))
    scale = original
    return sum(out), out[119], out[120]


def shadow_builtin_midloop():
    global len
    out = 0
    for k in range(150):
        if k == 100:
            len = lambda s: -1            # a module global now hides the builtin
        out += len('abc')
    del len                                # and the builtin is back
    out += len('abcd')
    return out


def rebind_builtin_midloop():
    saved = builtins.abs
    total = 0
    try:
        for k in range(150):
            if k == 90:
                builtins.abs = lambda v: 1000
            total += abs(-k)
    finally:
        builtins.abs = saved
    return total, abs(-5)


def delete_global_midloop():
    global threshold
    threshold = 7
    seen = []
    for k in range(100):
        if k == 60:
            del threshold
        try:
            seen.append(threshold)
        except NameError as exc:
            seen.append(str(exc))
            break
    return len(seen), seen[-1]


threshold = 0


def callable_changes_kind():
    # one call site sees a builtin, a VM function, a class, an intercepted builtin
    results = []
    for fn in [abs] * 60 + [scale] * 60 + [str] * 60 + [globals] * 3 + [abs]:
        value = fn(-3) if fn is not globals else ('scale' in fn())
        results.append(value)
    return results[0], results[60], results[120], results[180], results[-1], len(results)


def method_kind_changes():
    class Box(list):
        def append(self, value):
            list.append(self, value * 10)
    plain, boxed = [], Box()
    for k in range(150):
        target = plain if k < 100 else boxed
        target.append(k)
    return sum(plain), list(boxed)[:3]


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def norm(self):
        return self.x * self.x + self.y * self.y


def class_attribute_changes():
    points = [Point(k, k + 1) for k in range(100)]
    total = 0
    for index, p in enumerate(points):
        if index == 70:
            Point.norm = lambda self: -1
            Point.y = property(lambda self: 0)    # a data descriptor now wins over the instance
        total += p.norm() + p.y
    del Point.norm
    return total, hasattr(Point, 'norm')


class Slotted:
    __slots__ = ('a', 'b')

    def __init__(self, a, b):
        self.a = a
        self.b = b


class SlottedOther:
    __slots__ = ('b', 'a')    # the same names at other offsets

    def __init__(self, a, b):
        self.a = a
        self.b = b


def slots_layout_changes():
    objects = [Slotted(k, -k) for k in range(80)] + [SlottedOther(k, -k) for k in range(80)]
    total = 0
    for obj in objects:
        total += obj.a * 3 + obj.b
    return total


class Tricky(int):
    def __add__(self, other):
        return 'added'

    def __lt__(self, other):
        return 'less'


def int_subclass_reaches_int_ops():
    out = []
    values = [1] * 100 + [Tricky(1)] * 3
    for v in values:
        out.append((v + 1, v < 2))
    return out[0], out[-1], len(out)


def fails(k):
    if k == 130:
        return int('not a number')
    return k


def exception_from_specialised_call():
    total = 0
    for k in range(200):
        try:
            total += fails(k) + len([k]) + int(str(k))
        except ValueError as exc:
            total = -total
            print('caught at k=%d: %s (line %d)' % (k, exc, exc.__traceback__.tb_next.tb_lineno))
    return total


def frame_seen_from_builtin():
    # sorted() calls back into VM code, which reads the caller's line mid-loop
    lines = []
    for k in range(3):
        sorted([2, 1], key=lambda v: lines.append(sys._getframe(1).f_lineno) or v)
    return sorted(set(lines))


def locals_read_midloop():
    snapshot = None
    acc = 0
    for k in range(100):
        acc += k
        if k == 77:
            snapshot = dict(sys._getframe().f_locals)
    return snapshot['acc'], snapshot['k']


def generator_resumed_hot():
    def numbers(n):
        for k in range(n):
            yield k * k
    total = 0
    gen = numbers(300)
    for value in gen:
        total += value
        if value > 10000:
            break
    return total, next(gen), list(gen)[-1]


class Vec:
    def __init__(self, x, y):
        self.x = x
        self.y = y


class Bad:
    def __init__(self, n):
        if n == 150:
            return n        # TypeError at the call, after 150 good instances
        self.n = n


class Err(Exception):
    def __init__(self, code):
        self.code = code


def instances_made_inline():
    made = [Vec(k, -k) for k in range(120)]
    caller_lines = []

    def init_seen(self, x, y):
        caller_lines.append(sys._getframe(1).f_code.co_name)
        self.x, self.y = y, x
    for k in range(100):
        if k == 60:
            Vec.__init__ = init_seen               # rebound while the call site is hot
        if k == 80:
            Vec.__new__ = lambda cls, *args: object.__new__(cls)   # a __new__ of the program's
        made.append(Vec(k, 2 * k))
    bad = []
    try:
        for n in range(200):
            bad.append(Bad(n))
    except TypeError as exc:
        bad.append(str(exc))
    errors = []
    for k in range(70):
        try:
            raise Err(k)
        except Err as exc:
            errors.append((exc.code, exc.args))
    deep = []
    def broken(self, x, y):
        deep.append(x)
        if x == 5:
            raise KeyError(x)
    Vec.__init__ = broken
    try:
        for k in range(10):
            Vec(k, k)
    except KeyError as exc:
        frames = []
        tb = exc.__traceback__
        while tb is not None:
            frames.append((tb.tb_frame.f_code.co_name, tb.tb_lineno - instances_made_inline.__code__.co_firstlineno))
            tb = tb.tb_next
    return (made[5].x, made[-1].x, made[-1].y, set(caller_lines), len(bad), bad[-1],
            errors[-1], deep, frames)



class Tick:
    """An awaitable that suspends the whole await chain once, receiving what send() gives."""

    def __await__(self):
        sent = yield 'tick'
        return sent


async def awaited_leaf(n):
    if n == 3:
        raise StopIteration('inside')     # PEP 479: a RuntimeError naming the coroutine
    if n == 4:
        raise ValueError(n)
    got = await Tick()
    frame, names = sys._getframe(), []
    while frame is not None and len(names) < 3:
        names.append(frame.f_code.co_name)
        frame = frame.f_back
    return n, got, names


async def awaiting(n):
    try:
        return await awaited_leaf(n)
    except ValueError as exc:
        return 'caught %r' % (exc,)


def drive(coro, value):
    try:
        coro.send(None)
        coro.send(value)
    except StopIteration as stop:
        return stop.value
    except RuntimeError as exc:
        return '%s (%s)' % (exc, type(exc.__cause__).__name__)


def coroutines_resumed_inline():
    # `await` of a VM coroutine runs it in the awaiting loop: values sent, frames seen,
    # exceptions and StopIteration leaving it, reuse, cr_running and throw() into the chain
    results = [drive(awaiting(n), n * 10) for n in range(5)]

    async def reuse():
        leaf = awaited_leaf(0)
        await leaf
        try:
            await leaf
        except RuntimeError as exc:
            return str(exc)
    reused = drive(reuse(), 'r')

    async def probe():
        return outer_coro.cr_running, inner_ref[0].cr_running
    async def outer():
        inner = probe()
        inner_ref.append(inner)
        return await inner
    inner_ref = []
    outer_coro = outer()
    running = drive(outer_coro, None)

    async def catches():
        try:
            await Tick()
        except KeyError as exc:
            return 'thrown in %r' % (exc,)
    async def wraps():
        try:
            return await catches()
        finally:
            results.append('finally')
    chain = wraps()
    chain.send(None)
    try:
        chain.throw(KeyError('k'))
    except StopIteration as stop:
        thrown = stop.value
    return results, reused, running, thrown



def code_replaced_while_hot():
    # a function's __code__ (and an inlined __init__'s) assigned while its call sites are hot
    class Point:
        def __init__(self, x):
            self.x = x

    def two(self, x, y):
        self.x = (x, y)

    def step(k):
        return k + 1

    def double(k):
        return k * 2

    out, steps = [], []
    for k in range(200):
        if k == 150:
            Point.__init__.__code__ = two.__code__
            step.__code__ = double.__code__
        steps.append(step(k))
        try:
            out.append(Point(k).x)
        except TypeError as exc:
            out.append(str(exc))
    errors = []
    for value in (None, 1):
        try:
            step.__code__ = value
        except TypeError as exc:
            errors.append(str(exc))
    def outer():
        cell = 1
        def inner():
            return cell
        return inner
    try:
        step.__code__ = outer().__code__
    except ValueError as exc:
        errors.append(str(exc))
    return out[149], out[150], out[-1], steps[149], steps[150], steps[-1], errors



def instances_with_bound_init():
    # an inlined __init__ whose arguments are bound as a call's (defaults, *rest, super()'s
    # cell, a closure), defaults changed while hot, binding errors, a generator __init__
    class Base:
        def __init__(self, a, b=2, *rest):
            self.v = (a, b, rest)

    class Sub(Base):
        def __init__(self, a, b=5):
            super().__init__(a, b)
            self.w = [k for k in range(a) if k > b]

    class Closes:
        def __init__(self, x):
            def inner():
                return x
            self.f = inner

    class Gen:
        def __init__(self, x):
            yield x

    out = []
    for k in range(120):
        out.append((Base(k).v, Base(k, k, k).v, Sub(k).v, Sub(k).w[-1:], Closes(k).f()))
        if k == 100:
            Base.__init__.__defaults__ = (9,)
    errors = []
    for arguments in ((), (1, 2, 3, 4)):
        try:
            Sub(*arguments)
        except TypeError as exc:
            errors.append(str(exc))
    try:
        Gen(1)
    except TypeError as exc:   # (PyPy words the rest differently: "..., not 'generator'" is CPython's)
        errors.append(str(exc).startswith('__init__() should return None'))
    return out[0], out[100], out[-1], errors


def uncaught_at_the_end():
    values = [1, 2, 3] * 50 + ['x']
    total = 0
    for v in values:
        total += int(v)
    return total


for test in [rebind_global_midloop, shadow_builtin_midloop, rebind_builtin_midloop,
             delete_global_midloop, callable_changes_kind, method_kind_changes,
             class_attribute_changes, slots_layout_changes, int_subclass_reaches_int_ops,
             exception_from_specialised_call, frame_seen_from_builtin, locals_read_midloop,
             generator_resumed_hot, instances_made_inline, coroutines_resumed_inline,
             code_replaced_while_hot, instances_with_bound_init]:
    print(test.__name__, test())
uncaught_at_the_end()
