"""Builtins that consume a VM generator, run by the eval loop itself: sum(g), tuple(g), ''.join(g)...

Called from host code, a VM generator costs a nested eval loop per item: the builtin's
next() goes through Generator.__next__ into a fresh run_frame (~2 us per item on 3.11, most
of it entering and leaving the loop). When VM code calls one of the builtins below with a
VM generator as its iterable, the loop's call instructions (their CONSUME_GENERATOR hook)
resume the generator themselves instead, as a callee frame two levels below the caller (in
3.8 the call of the C function is a recursion level of its own, then the generator's frame),
and leave a `Drain` standing for the builtin's call on the caller's stack. Each item the
generator yields (itself, or through a chain of `yield from`) is offered to the drain:

- taken in place: the generator goes on at once, in the same loop, as if the builtin's next()
  had resumed it with None. A drain takes an item only when what the builtin would do with
  it runs no program code and cannot raise: every item for the builtins that materialise the
  iterable before looking at it (list, tuple, sorted, str.join and bytes.join: 3.8's
  PySequence_List/PySequence_Fast); items whose hash and equality are the builtin types' own
  for set, frozenset and dict; numbers whose addition cannot overflow for sum; numbers, or
  strings, or bytes, compared among themselves for min and max; items whose truth is the
  builtin types' own for any and all.
- or it ends the drain: any/all/next have their answer (3.8 stops there too, the generator
  left suspended where it yielded); any other item makes the drain hand over, the generator
  suspended where it yielded and the builtin itself called on what it has not seen yet: the
  items taken so far (or, for sum and min/max, the running total or best one as the start),
  that item and the rest of the generator (itertools.chain), so that it runs the same program
  code at the same points as in 3.8 and raises what 3.8 raises where 3.8 raises it.

When the generator returns, the drain's value is the builtin's result over the items taken;
an exception leaving the generator leaves the call (the caller's traceback entry is the
call's line, as in 3.8). Drains start only in the plain and tier-1 loops; the instrumented
loop, which a drain's frames reach when a trace or profile function is set meanwhile, offers
no item (each is handed over, so that the host path reports every event).
"""
import itertools
from types import BuiltinFunctionType, MethodType
from typing import Any, Callable, Dict, Optional, Tuple

from .generators import Generator
from .unwind import DELEGATED
from . import hostbuiltins

hostbuiltins.bind(globals())   # the host's builtins, whatever a program rebinds

DRAINING = -2   # Frame.resume_target of a generator resumed by a Drain (DELEGATED is -1, FOR_ITER's >= 0)
_chain = itertools.chain
_NoneType = type(None)

# Exact types whose truth, hash and equality are C code of the host's builtin types: no program
# code runs and nothing is raised when a builtin asks them (a subclass may override any of it).
_TRUTH_INERT = frozenset([bool, int, float, complex, str, bytes, _NoneType, tuple, list, dict, set, frozenset])
_HASH_INERT = frozenset([bool, int, float, complex, str, bytes, _NoneType])
# An int beyond this may not convert to a float (OverflowError) when added to one.
_FLOAT_SAFE = 1 << 1000


def _hash_inert(item: Any, depth: int = 0) -> bool:
    """Whether hashing `item` and comparing it for equality run no program code and raise
    nothing (a tuple nested deeper than a few levels is not looked into: False)."""
    kind = type(item)
    if kind in _HASH_INERT:
        return True
    if kind is tuple and depth < _TUPLE_DEPTH:
        for element in item:
            if not _hash_inert(element, depth + 1):
                return False
        return True
    return False


_TUPLE_DEPTH = 8


class Drain:
    """The call of a builtin consuming a VM generator, while the loop runs the generator.

    offer(item): None when the item is taken in place (the generator goes on at once), True
    when the drain ends at it (the generator is suspended, then `handed_over(item)` is the
    call's value). An offer that ends the drain leaves it so that a second offer of the same
    item ends it the same way (a tier-2 trace offers an item at its yield, and on True exits to
    the loop, whose YIELD_VALUE offers it again: vm/tier2_generators.py). finish(returned): the
    call's value when the generator returns `returned`."""
    __slots__ = ('builtin', 'gen', 'keywords')

    def __init__(self, builtin: Callable[..., Any], gen: Generator, keywords: Optional[dict]) -> None:
        self.builtin = builtin
        self.gen: Any = gen   # (None once handed over: the generator is the builtin's alone)
        self.keywords = keywords

    def offer(self, item: Any) -> Optional[bool]:
        raise NotImplementedError

    def finish(self, returned: Any) -> Any:
        raise NotImplementedError

    def handed_over(self, item: Any) -> Any:
        """The builtin's value, the generator suspended after yielding `item` (not taken): the
        builtin itself goes on from there, over what it has not seen (unseen) and the rest."""
        rest: Any = _chain(self.unseen(item), self.gen)
        self.gen = None   # (the generator is the builtin's alone: finalized when the call is done)
        try:
            return self.call_on(rest)
        finally:
            rest = None   # no reference from a traceback through this frame

    def unseen(self, item: Any) -> Any:
        """What the builtin has to be given before the rest of the generator."""
        return (item,)

    def call_on(self, iterable: Any) -> Any:
        return self.builtin(iterable, **self.keywords) if self.keywords else self.builtin(iterable)


class Listing(Drain):
    """A drain keeping the items it takes, in order, for the builtin to be called on at the end."""
    __slots__ = ('items',)

    def __init__(self, builtin: Callable[..., Any], gen: Generator, keywords: Optional[dict]) -> None:
        self.builtin = builtin   # (Drain.__init__'s, inlined: one drain per call of the builtin)
        self.gen = gen
        self.keywords = keywords
        self.items: Any = []

    def finish(self, returned: Any) -> Any:
        return self.call_on(self.items)

    def unseen(self, item: Any) -> Any:
        return _chain(self.items, (item,))


class Collector(Listing):
    """tuple(g), sorted(g, ...), sep.join(g): every item (3.8 lists the iterable before it
    looks at an item). Its offer is the list's own append (None: taken)."""
    __slots__ = ('offer',)

    def __init__(self, builtin: Callable[..., Any], gen: Generator, keywords: Optional[dict]) -> None:
        self.builtin = builtin   # (Listing.__init__'s, inlined)
        self.gen = gen
        self.keywords = keywords
        items: Any = []
        self.items = items
        self.offer = items.append   # type: ignore[assignment]


class ListCollector(Collector):
    """list(g): the list of the items itself."""
    __slots__ = ()

    def finish(self, returned: Any) -> Any:
        return self.items


class SetDrain(Listing):
    """set(g), frozenset(g): built from the items in their order (a set's layout, so its
    iteration order, depends on the order of insertion), taking those whose hash is inert."""
    __slots__ = ()

    def offer(self, item: Any) -> Optional[bool]:
        if type(item) in _HASH_INERT or _hash_inert(item):   # (the common case without a call)
            self.items.append(item)
            return None
        return True


class DictDrain(Listing):
    """dict(g) of pairs (exact tuples or lists of two) whose keys are inert."""
    __slots__ = ()

    def offer(self, item: Any) -> Optional[bool]:
        kind = type(item)
        if (kind is tuple or kind is list) and len(item) == 2 and _hash_inert(item[0]):
            self.items.append(item)
            return None
        return True


class SumDrain(Drain):
    """sum(g[, start]) of ints and floats: a running total, added as 3.8's sum adds (int + int
    exactly, float + float in IEEE double, int + float converting the int, correctly rounded,
    which overflows only beyond _FLOAT_SAFE: such a pair hands over, the total as the start)."""
    __slots__ = ('total',)

    def __init__(self, builtin: Callable[..., Any], gen: Generator, start: Any) -> None:
        Drain.__init__(self, builtin, gen, None)
        self.total = start

    def offer(self, item: Any) -> Optional[bool]:
        kind = type(item)
        total = self.total
        if kind is float:
            if type(total) is float or -_FLOAT_SAFE < total < _FLOAT_SAFE:
                self.total = total + item
                return None
        elif kind is int or kind is bool:
            if type(total) is int or -_FLOAT_SAFE < item < _FLOAT_SAFE:
                self.total = total + item
                return None
        return True

    def finish(self, returned: Any) -> Any:
        return self.builtin((), self.total)   # (a new object, as 3.8's sum returns)

    def call_on(self, iterable: Any) -> Any:
        return self.builtin(iterable, self.total)


_NUMBERS = frozenset([int, bool, float])


class MinMaxDrain(Drain):
    """min(g)/max(g) (key None, a default or none): the best item so far, compared as 3.8 does
    (`item < best` / `item > best`, the first of equals kept), while the items are all numbers,
    all strings or all bytes; handed over, the builtin starts again from the best one."""
    __slots__ = ('best', 'kind', 'better')

    def __init__(self, builtin: Callable[..., Any], gen: Generator, keywords: Optional[dict]) -> None:
        Drain.__init__(self, builtin, gen, keywords)
        self.kind: Any = None   # _NUMBERS, str or bytes once an item is taken
        self.better = builtin is max

    def offer(self, item: Any) -> Optional[bool]:
        kind = type(item)
        if self.kind is None:
            if kind in _NUMBERS:
                self.kind = _NUMBERS
            elif kind is str or kind is bytes:
                self.kind = kind
            else:
                return True
            self.best = item
            return None
        if kind is self.kind or (self.kind is _NUMBERS and kind in _NUMBERS):
            if (item > self.best) if self.better else (item < self.best):
                self.best = item
            return None
        return True

    def finish(self, returned: Any) -> Any:
        if self.kind is None:
            return self.call_on(())   # the default, or 3.8's ValueError
        return self.best

    def unseen(self, item: Any) -> Any:
        if self.kind is None:
            return (item,)
        best = self.best
        self.best = None
        return (best, item)


class AnyAllDrain(Drain):
    """any(g)/all(g): the answer at the first true (any) or false (all) item, as 3.8 stops there;
    an item whose truth is program code hands over (the items before it had no say)."""
    __slots__ = ('stop_on', 'result')

    def __init__(self, builtin: Callable[..., Any], gen: Generator, keywords: Optional[dict]) -> None:
        Drain.__init__(self, builtin, gen, keywords)
        self.stop_on = builtin is any
        self.result: Any = None

    def offer(self, item: Any) -> Optional[bool]:
        if type(item) not in _TRUTH_INERT:
            return True
        if bool(item) is self.stop_on:
            self.result = self.stop_on
            return True
        return None

    def finish(self, returned: Any) -> Any:
        return not self.stop_on

    def handed_over(self, item: Any) -> Any:
        if self.result is not None:
            self.gen = None
            return self.result
        return Drain.handed_over(self, item)


class NextDrain(Drain):
    """next(g[, default]): the first item; at the generator's return the default, or its
    StopIteration (with the returned value, as gen_send_ex makes it)."""
    __slots__ = ('default',)

    def __init__(self, builtin: Callable[..., Any], gen: Generator, default: Any) -> None:
        Drain.__init__(self, builtin, gen, None)
        self.default = default

    def offer(self, item: Any) -> Optional[bool]:
        return True

    def finish(self, returned: Any) -> Any:
        if self.default is not _NO_DEFAULT:
            return self.default
        raise self.gen._returned(returned)

    def handed_over(self, item: Any) -> Any:
        self.gen = None
        return item


_NO_DEFAULT = object()


def _collector(kind: type) -> Callable[[Any, Generator, tuple, Optional[dict]], Optional[Drain]]:
    """list/tuple/set/frozenset/dict(g): one positional argument, no keywords."""
    def start(builtin: Any, gen: Generator, args: tuple, keywords: Optional[dict]) -> Optional[Drain]:
        if len(args) != 1 or keywords:
            return None
        return kind(builtin, gen, None)
    return start


def _sorted(builtin: Any, gen: Generator, args: tuple, keywords: Optional[dict]) -> Optional[Drain]:
    # (3.8's sorted lists the iterable, then calls its sort with the keywords: their errors come after)
    return Collector(builtin, gen, keywords) if len(args) == 1 else None


def _sum(builtin: Any, gen: Generator, args: tuple, keywords: Optional[dict]) -> Optional[Drain]:
    if keywords:
        if len(args) != 1 or list(keywords) != ['start']:
            return None
        start = keywords['start']
    elif len(args) == 2:
        start = args[1]
    elif len(args) == 1:
        start = 0
    else:
        return None
    if type(start) is not int and type(start) is not float:
        return None
    return SumDrain(builtin, gen, start)


def _min_max(builtin: Any, gen: Generator, args: tuple, keywords: Optional[dict]) -> Optional[Drain]:
    if len(args) != 1:
        return None
    if keywords:
        if any(name not in ('key', 'default') for name in keywords) or keywords.get('key') is not None:
            return None
        keywords = {'default': keywords['default']} if 'default' in keywords else None
    return MinMaxDrain(builtin, gen, keywords)


def _any_all(builtin: Any, gen: Generator, args: tuple, keywords: Optional[dict]) -> Optional[Drain]:
    return AnyAllDrain(builtin, gen, None) if len(args) == 1 and not keywords else None


def _next(builtin: Any, gen: Generator, args: tuple, keywords: Optional[dict]) -> Optional[Drain]:
    if keywords or len(args) > 2:
        return None
    return NextDrain(builtin, gen, args[1] if len(args) == 2 else _NO_DEFAULT)


_Start = Callable[[Any, Generator, tuple, Optional[dict]], Optional[Drain]]
# builtin -> what makes its drain from the call's arguments (None: a call these do not reproduce,
# left to the builtin itself, errors included)
CONSUMERS: Dict[Any, _Start] = {
    list: _collector(ListCollector), tuple: _collector(Collector), set: _collector(SetDrain),
    frozenset: _collector(SetDrain), dict: _collector(DictDrain), sorted: _sorted, sum: _sum,
    min: _min_max, max: _min_max, any: _any_all, all: _any_all, next: _next,
}
# sep.join(g) of these separators (type: its join): 3.8's PySequence_Fast lists the iterable first
_JOINERS: Dict[type, Any] = {str: str.join, bytes: bytes.join}
_join = _collector(Collector)


def consumer_of(func: Any) -> Optional[_Start]:
    """What drains a VM generator for a call of `func`, if it is a builtin consuming its argument."""
    kind = type(func)
    if kind is type or kind is BuiltinFunctionType:
        try:
            start = CONSUMERS.get(func)
        except TypeError:   # a bound builtin method of an unhashable object
            return None
        if start is not None:
            return start
        if kind is BuiltinFunctionType and type(func.__self__) in _JOINERS and func.__name__ == 'join':
            return _join
    elif kind is MethodType and func.__func__ is _JOINERS.get(type(func.__self__)):
        return _join   # (PyPy: a str's join is a method of the function str.join)
    return None


def drain(f: Any, func: Any, args: Tuple[Any, ...], keywords: Optional[dict], limit: int) -> Optional[Drain]:
    """The Drain for a call of `func` with `args` (args[0] a VM generator) by frame `f`, the
    generator's frame made ready to run as its callee (see RESUME_DRAINED); None when the loop
    cannot run this call itself: not such a builtin, a call shape left to it, a generator that
    is finished, running or suspended in an except block (its handled exception would have to
    be restored), or a generator frame that would be too deep (the builtin raises as 3.8 does)."""
    gen = args[0]
    frame = gen._frame
    if frame is None or gen._running or gen._exc_state is not None or f.depth + 2 >= limit:
        return None
    start = consumer_of(func)
    if start is None:
        return None
    return start(func, gen, args, keywords)


def drain_of(frame: Any, entry: Any) -> Optional[Drain]:
    """The Drain taking what generator frame `frame` (resumed inside the loop entered with
    `entry`) yields, directly or through the frames delegating to it with `yield from`."""
    while frame.resume_target == DELEGATED:
        frame = frame.back
        if frame is entry:
            return None
    if frame.resume_target != DRAINING:
        return None
    return frame.back.stack[-1]
