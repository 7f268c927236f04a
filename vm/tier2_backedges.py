"""Tier 2's back edges: each loop's counter, the choice of the loops worth a trace, and their entry.

This is what set_tier(2) loads, and all of tier 2 a program whose loops never get hot ever
loads. With tier 2 on, a loop's backward jump is decoded as JUMP_BACKEDGE (mark_backedges)
carrying a Backedge: the loop's countdown, run down by each interpreted back edge, and, once it
is out and the loop looks worth it, the host function of its trace, which JUMP_BACKEDGE enters
from then on (vm/instructions.py's TIER2_ENTER). The projector that builds a trace and the
translator it runs (vm/tier2.py, vm/tier2_translate.py and through it vm/instructions.py and
vm/cases.py: tens of milliseconds to import, several times more where no .pyc can be written)
are imported at the first loop that gets hot, not at start-up. Also here: the review that
drops a trace doing too little per entry, the bound on live traces, and turning tier 2 on and
off (vm/tiers.py's set_tier).
"""
import os
import sys
from collections import OrderedDict
from types import FunctionType
from typing import Any, Callable, List, Optional

from ..compiler import opcodes as O
from ..compiler.code import CO_ASYNC_GENERATOR, CO_COROUTINE, CO_GENERATOR
from . import fused, hostbuiltins, specialize, tier2_calls

hostbuiltins.bind(globals())   # the host's builtins, whatever a program rebinds

ENABLED = False   # vm/tiers.py's set_tier turns it on at tier 2 (enable/disable)
DEBUG = bool(os.environ.get('PIPELINE_TIER2_DEBUG'))   # say why each trace ends where it does

# back-edge runs before a loop is compiled: a trace costs about as much to translate and compile
# as some thousands of its iterations interpreted, so only a loop that has run that often (and so
# is likely to run as often again) is worth one; PIPELINE_TIER2_WARMUP sets it (tests set it low,
# so that their short loops are compiled). On PyPy 20 times as many: its JIT already compiles
# tier 1's loop along a hot program loop, so a trace saves much less per iteration there, while
# building one (the translation's regular expressions, run cold) costs several times more
# (bench/vm.py on PyPy, 2000 everywhere: tier 2 lost to tier 1)
WARMUP = int(os.environ.get('PIPELINE_TIER2_WARMUP') or (40000 if sys.implementation.name == 'pypy' else 2000))
MAX_TRACES = 200      # compiled traces alive at once
WORTH = 20            # instructions a trace must run per entry (on average, at its review) to stay
# the same in a generator's code: its loop is entered on each resumption and exits at its yield,
# so each entry saves at most one iteration; a genexpr's (consumed by sum, set...) pays from about
# 8 (bench/vm.py: spectral_norm 29x -> 21x), while 8 everywhere kept traces that lost elsewhere
# (chaos). Not on PyPy, whose JIT runs those loops well (generators_chain 1.4 s -> 1.8 s with 8)
GENERATOR_WORTH = WORTH if sys.implementation.name == 'pypy' else 8
# Whether loops in a generator's code are translated at all. On PyPy only with compiled bodies
# (tier2_calls.NESTED_CALLS): without them each entry runs one iteration up to the yield, which
# its JIT already runs well in the loop, so the trace's build (0.03-0.1 s there, its host
# compile() run cold) never paid (nqueens' `permutations`, built after its 40000th back edge, 300
# entries left; generators_chain's `evens`, dropped at review). With them a generator's step and
# a genexpr drained by a builtin run in compiled code, whose JIT traces then pay (bench/vm.py,
# nested calls: nqueens 3.6x -> 2.5x, generators_chain 2.3x -> 1.5x, spectral_norm 2.2x -> 1.5x)
TRANSLATE_GENERATORS = sys.implementation.name != 'pypy' or tier2_calls.NESTED_CALLS
MIN_ITERATIONS = 16   # a `for` loop compiled only when its iterator has as many items left
# Whether a drained generator's loop (a genexpr consumed by sum, set, join...) is compiled though
# fewer than MIN_ITERATIONS items are left (_drained_generator: its trace runs the rest of the
# drain in one entry). Not on PyPy: there each entry of such a trace runs a few iterations of a
# JIT loop specialised on the objects of the program's run (the attribute maps of classes made
# again, the module dict), and a program run again compiles its bridges again, 1,500-2,500
# operations for each such loop (hexiom's `sum(1 for n in neighbours if done.fixed(n) ...)`
# over 6 neighbours: 17k of a warm run's 22k new operations), which the loop (run_frame) runs
# for as many items without new JIT work (bench/FINDINGS.md, "Session 19, s19board")
SHORT_DRAINS = sys.implementation.name != 'pypy'
# Other loops (a `while`, a `for` over another iterator): on PyPy only one that has run as many
# more back edges in the same run of the loop (the same activation of its code) once its
# countdown is out. Its JIT runs short runs of a loop well already, and a trace entered for a
# few iterations at a time never pays its build there (pystone_like's func2, one iteration per
# call: built after 40000 calls, dropped at review, the translator imported for nothing). Not
# on CPython hosts, where a trace pays from about WORTH instructions per entry
PROBE = 200 if sys.implementation.name == 'pypy' else 0
# A `for` loop whose iterator has LONG_RUN items left when it has run EARLY_LOOK back edges is
# compiled then, not after WARMUP: its trace pays within that one run of the loop. On PyPy only
# (PIPELINE_TIER2_LONG_RUN sets it, 0 turns it off; CPython's WARMUP is short enough), where a loop
# run once per program run with some thousand iterations (chaos's create_image, 6,000) would
# otherwise be compiled after 7 runs of a program (40,000 back edges), and runs everything it
# calls in the loop meanwhile, the JIT's work on each run's classes included. All 21 bench programs
# on PyPy: chaos 0.42 -> 0.39 s a warm run alone, 0.25 s with its `__call__` hints (tier2_calls.dunder_hint),
# the others equal (bench/FINDINGS.md, "Session 20, s20chaos"). Not a loop of a generator's code
# (each entry one iteration up to its yield)
LONG_RUN = int(os.environ.get('PIPELINE_TIER2_LONG_RUN') or (4000 if sys.implementation.name == 'pypy' else 0))
EARLY_LOOK = 32
# A loop that is no such `for` (a `while`, a `for` over another iterator), found at its early look
# still in the run that started it, is watched for LONG_ACTIVATION more back edges of that run: one
# that gets there is compiled then (its run is long, it will likely go on), not after WARMUP. On
# PyPy only, as LONG_RUN (PIPELINE_TIER2_LONG_ACTIVATION sets it, 0 turns it off): pyflate's inflate
# decodes a block's 2,000-4,000 symbols in one run of its `while True`, and had no trace within
# three runs of the program (a run's 6,000 back edges, over two back edges of the loop, against
# WARMUP's 40,000), decoding 10x slower than its trace does (bench/FINDINGS.md, "Session 21, s21mid").
# Not where WARMUP comes first (a WARMUP set low: the loop counts to it as before)
LONG_ACTIVATION = int(os.environ.get('PIPELINE_TIER2_LONG_ACTIVATION')
                      or (1000 if sys.implementation.name == 'pypy' else 0))
MAX_ATTEMPTS = 4      # looks at a loop whose iterator had too few
REVIEW = 100          # entries after which a trace's worth is first reviewed
MAX_REVIEW = 1 << 16  # the longest interval between reviews (each kept trace's doubles)
NEVER_AGAIN = 1 << 62  # the countdown of a back edge restored to a plain jump
JUMP_BACKEDGE = fused.JUMP_BACKEDGE
_COUNTED = {O.JUMP_ABSOLUTE: JUMP_BACKEDGE, O.POP_JUMP_IF_FALSE: fused.POP_JUMP_IF_FALSE_BACKEDGE,
            O.POP_JUMP_IF_TRUE: fused.POP_JUMP_IF_TRUE_BACKEDGE}

_GENERATOR_FLAGS = CO_GENERATOR | CO_COROUTINE | CO_ASYNC_GENERATOR   # (Decoded.is_generator's)

_live: 'OrderedDict[int, Backedge]' = OrderedDict()   # compiled traces, oldest first


# vm/tier2.py, the projector and its translator: set by enable, a function importing it when
# the first loop gets hot (from vm/tiers.py, above both: that module imports this one)
_projector: Callable[[], Any]


class Backedge:
    """The argument of a JUMP_BACKEDGE: the loop head, the counter, the compiled trace."""
    __slots__ = ('dc', 'index', 'target', 'countdown', 'trace', 'info', 'attempts', 'probe', 'shared', 'drops', 'early',
                 'watching')

    def __init__(self, dc: Any, index: int, target: int) -> None:
        self.dc = dc
        self.index = index
        self.target = target
        # (LONG_RUN) whether its first look comes after EARLY_LOOK back edges
        self.early = 0 < LONG_RUN and EARLY_LOOK < WARMUP and not dc.code.co_flags & _GENERATOR_FLAGS
        self.countdown = EARLY_LOOK if self.early else WARMUP
        # (LONG_ACTIVATION) the id of the locals of the run of the loop watched since its early
        # look, or None (an id: the run's locals are not kept alive; another run's list at the same
        # address would only have the loop compiled sooner). None first, not 0: on PyPy an int
        # field is stored unboxed, and a large int or other object in it later throws away the JIT
        # code of every loop reading the class's fields (Terminator.allow_unboxing: run_frame's, which
        # counts back edges; scimark 0.15 -> 0.19 s a warm run)
        self.watching: Optional[int] = None
        self.trace: Any = None
        self.info: Any = None   # its tier2.TraceInfo, once compiled
        self.attempts = 0
        # (PROBE) the locals of the run of the loop being watched, a list each activation of
        # the code has its own of; held only from one look to the next
        self.probe: Optional[list] = None
        # the back edges of the same loop head running its trace (this one's, or the one whose
        # trace it runs), all restored together; None while it runs none of another's
        self.shared: Optional[List['Backedge']] = None
        self.drops = 0   # its traces dropped while a trace or profile function was set (restore)

    def worth(self) -> int:
        """The instructions its trace must run per entry (see GENERATOR_WORTH)."""
        return GENERATOR_WORTH if self.dc.is_generator else WORTH

    def compile(self, f: Any) -> None:
        """Once the back edge's countdown (run down by JUMP_BACKEDGE) is out: project and compile
        the loop's trace; a loop that has none goes back to a plain jump."""
        if self.early:   # (LONG_RUN) a long run of the loop is compiled now, any other counted on
            self.early = False
            left = self.items_left(f)
            if left is None and 0 < LONG_ACTIVATION < WARMUP - EARLY_LOOK:   # (LONG_ACTIVATION) this run of it watched
                self.watching = id(f.fast)
                self.countdown = LONG_ACTIVATION
                return
            if left is None or left < LONG_RUN:
                self.countdown = WARMUP - EARLY_LOOK
                return
        long_run = False
        if self.watching is not None:   # (LONG_ACTIVATION) compiled now if the watched run got here
            long_run, self.watching = self.watching == id(f.fast), None
            if not long_run:
                self.countdown = WARMUP - EARLY_LOOK - LONG_ACTIVATION
                return
        self.attempts += 1
        if sys.gettrace() is not None or sys.getprofile() is not None:
            self.countdown = WARMUP   # a traced program runs in the loop: looked at again later
            return
        if self.dc.is_generator and not TRANSLATE_GENERATORS:
            self.restore()
            return
        sized = self.items_left(f)
        left = MIN_ITERATIONS if sized is None else sized
        if left < MIN_ITERATIONS and not (SHORT_DRAINS and self.dc.is_generator and _drained_generator(f)):
            # a `for` with few items left: its trace would be entered for a few iterations at a
            # time (each entry and exit costs); look again a few times at most, early in the
            # loop's next run (after WARMUP more back edges, a loop of 100 items would be at its
            # end again every time)
            if self.attempts < MAX_ATTEMPTS:
                self.countdown = left + 2
            else:
                self.restore()
            return
        if PROBE and sized is None and not long_run and not self.runs_long(f):
            return
        # (where the trace goes on after a call, tier2_calls.NESTED_CALLS, a call is no exit)
        call = None if tier2_calls.NESTED_CALLS else _first_call_out(self.dc, self.target, self.index)
        if call is not None and call - self.target < WORTH:
            if DEBUG:
                sys.stderr.write('tier2: %s offset %d: every iteration calls out at offset %d\n'
                                 % (self.dc.code.co_name, 2 * self.target, 2 * call))
            self.restore()   # its trace would exit there on every iteration: not worth its cost
            return
        if host_builtins_rebound():
            # the translation runs host library code (re, compile), which finds its builtins
            # (KeyError...) in the module a program can rebind: not while it has (looked at
            # again a few times, as many back edges later)
            if self.attempts < MAX_ATTEMPTS:
                self.countdown = WARMUP
            else:
                self.restore()
            return
        info, trace = _projector().build_trace(self.dc, self.target, self.index, len(f.stack),
                                               type(f.stack[-1]) if f.stack else None, self.worth(), f)
        if trace is None:
            self.restore()
            return
        self.info = info
        info.verdict = 'running'
        info.namespace['REVIEW'] = self.review
        self.trace = trace
        self.share(trace)
        _live[id(self)] = self
        while len(_live) > MAX_TRACES:
            _, oldest = _live.popitem(last=False)
            oldest.restore()

    def items_left(self, f: Any) -> Optional[int]:
        """The items left to this run of the loop (in frame `f`) where it is a `for` over a host
        iterator that knows (SIZED_ITERATORS), else None."""
        plain = self.dc.plain_instrs
        head = self.target
        while plain[head][0] == O.NOP:   # (an EXTENDED_ARG: the FOR_ITER of a `for` past 256 bytes)
            head += 1
        if plain[head][0] != O.FOR_ITER or not f.stack or type(f.stack[-1]) not in SIZED_ITERATORS:
            return None
        return f.stack[-1].__length_hint__()

    def share(self, trace: Any) -> None:
        """Give this back edge's new `trace` to the other back edges of its loop head (a
        `continue`, an `if` at the end of a `while` body) not yet compiled: each runs it as its
        own (the same host code, its own `resume`), instead of counting to a trace of the same
        loop again; reviewed, evicted and restored as one (the entries of all of them count)."""
        shared = [self]
        for instrs in (self.dc.quick, self.dc.instrs):
            if instrs is None:
                continue
            for _, other in instrs:
                if type(other) is Backedge and other.target == self.target and other.trace is None \
                        and other.countdown != NEVER_AGAIN and other not in shared:
                    other.trace = FunctionType(trace.__code__, trace.__globals__, trace.__name__,
                                               (other.index + 1,))
                    other.info = self.info
                    other.probe = None
                    shared.append(other)
        if len(shared) > 1:
            for backedge in shared:
                backedge.shared = shared

    def runs_long(self, f: Any) -> bool:
        """Whether this run of the loop (in frame `f`) has gone PROBE back edges on since the
        last look; if not, the loop is watched from here (or, after MAX_ATTEMPTS looks, restored)."""
        watched, self.probe = self.probe, None
        if watched is not None and watched is f.fast:
            return True
        if self.attempts >= MAX_ATTEMPTS:
            self.restore()
        elif watched is None:
            self.probe = f.fast   # watch this run for PROBE more back edges
            self.countdown = PROBE
        else:
            self.countdown = WARMUP   # the run ended before: look again as much later
        return False

    def review(self) -> None:
        """After REVIEW entries, and again after twice as many each time it is kept: a trace
        doing too little per entry since the last review (each entry and exit costs a host call;
        a guard that has started to fail exits early every time) is dropped, its loop
        interpreted from then on."""
        info = self.info
        if info is None:
            return
        iterations, counts, entries, total = info.reviewed
        work = sum((now - before) * (sum(lengths) / len(lengths) if lengths else 0)
                   for now, before, lengths in zip(info.iterations, iterations, info.loop_lengths))
        work += sum((count - before) * prefix
                    for count, before, prefix in zip(info.exit_counts, counts, info.prefixes))
        total += entries
        if work < self.worth() * entries:
            info.verdict = 'dropped after %d entries: %.1f instructions per entry over the last %d' % (
                total, work / entries, entries)
            self.restore()
        else:
            info.verdict = 'kept after %d entries: %.1f instructions per entry over the last %d' % (
                total, work / entries, entries)
            entries = min(2 * entries, MAX_REVIEW)
            info.reviewed = (list(info.iterations), list(info.exit_counts), entries, total)
            info.namespace['C'][0] = entries

    def restore(self, again: bool = False) -> None:
        """Back to a plain JUMP_ABSOLUTE (never counted or compiled again), with every back edge
        sharing its trace; `again`: counted again instead (its trace dropped while a trace or
        profile function is set: compiled again once the loop is hot without one), each time
        after twice as many back edges, MAX_ATTEMPTS times (a loop that turns tracing on and off
        would be compiled again and again)."""
        shared = self.shared
        if shared is None:
            self.restore_alone(again)
            return
        for backedge in shared:
            backedge.shared = None
            backedge.restore_alone(again)

    def restore_alone(self, again: bool = False) -> None:
        """This back edge back to a plain JUMP_ABSOLUTE (`again`: to counting, see restore)."""
        self.trace = None
        self.probe = None
        if self.info is not None:   # its host function and constants go (a running one keeps its own)
            self.info.namespace = {}
        _live.pop(id(self), None)
        if again and self.info is not None:
            self.info.verdict = 'dropped: a trace or profile function was set'
        if again and self.drops < MAX_ATTEMPTS:
            self.drops += 1
            self.info = None
            self.countdown = WARMUP << self.drops
            self.attempts = 0
            return
        self.countdown = NEVER_AGAIN   # should a copy of the stream still hold this back edge
        plain = self.dc.plain_instrs[self.index]
        for instrs in (self.dc.instrs, self.dc.quick):   # the plain loop's stream and tier 1's copy
            if instrs is not None and instrs[self.index][1] is self:
                instrs[self.index] = plain
            if instrs is not None and self.index and instrs[self.index - 1][0] == fused.COMPARE_JUMP_IF_FALSE_BACKEDGE \
                    and instrs[self.index - 1][1][1] is self:
                # (its fused comparison: tier 1's pair again, quickened in tier 1's copy)
                compare = instrs[self.index - 1][1][0]
                opcode = fused.COMPARE_JUMP_IF_FALSE
                if instrs is self.dc.quick:
                    opcode = specialize.STATIC.get((opcode, compare), opcode)
                instrs[self.index - 1] = (opcode, (compare, self.target))


def _drained_generator(f: Any) -> bool:
    """Whether generator frame `f` is run by a builtin's drain (vm/consumers.py, DRAINING -2;
    vm/tier2_generators.drained): its loop's trace yields to the drain inside the trace, so a
    single entry runs the rest of the drain, however few items are left; and each new generator
    of the same code (a genexpr drained again) enters it once more. MIN_ITERATIONS guards
    against entries of a few iterations each, which this is not (but on PyPy: SHORT_DRAINS)."""
    return f.back is not None and f.resume_target == -2


def build_body(dc: Any, frame: Any = None) -> Any:
    """vm/tier2_calls.py's BUILD: (TraceInfo, host function) of the whole function of `dc`, or
    None (tier2.build_body, its module imported at the first function to get hot)."""
    if host_builtins_rebound():   # (see Backedge.compile; nor the import, which runs host code)
        return None
    return _projector().build_body(dc, frame)


def steady_body(info: Any) -> Any:
    """vm/tier2_calls.py's STEADY: the copy of a compiled body that does not count its calls
    (tier2.steady_body; its module is imported: the body was built by it)."""
    return _projector().steady_body(info)


def load_projector() -> Any:
    """vm/tier2.py, imported if it is not yet (tier2_calls.PROJECTOR, for the loop's YIELD_FROM
    once an awaited coroutine is warm); None while the program has rebound host builtins (the
    import runs host library code: see Backedge.compile)."""
    if host_builtins_rebound():
        return None
    return _projector()


def host_builtins_rebound() -> bool:
    """Whether the program has rebound any of the host's builtins (those vm/host_patches.py
    puts in place while VM code runs, exec and compile, are the VM's own): hostbuiltins.rebound,
    one pass in C (not vars(): PyPy's is Python code that finds len in the builtins module)."""
    return hostbuiltins.rebound()


# the host's iterators over sequences and ranges (their __length_hint__ runs no program code)
_EMPTY: List[Any] = [[], (), range(0), '', b'', {}, set(), {}.values(), {}.items()]
SIZED_ITERATORS = frozenset([type(iter(empty)) for empty in _EMPTY] + [type(reversed([]))])
_CALLS = frozenset([O.CALL_FUNCTION, O.CALL_METHOD, O.CALL_FUNCTION_KW, O.CALL_FUNCTION_EX])
_HOST_CALLS = frozenset(specialize.OPCODES[name] for name in ('CALL_FUNCTION_HOST', 'CALL_METHOD_HOST'))
_NOT_BRANCHES = frozenset([O.SETUP_FINALLY, O.SETUP_WITH, O.SETUP_ASYNC_WITH, O.CALL_FINALLY])


def _first_call_out(dc: Any, head: int, backedge: int) -> Optional[int]:
    """The first call on every path of the loop that tier 1 has not found to be a host call
    (so most likely a VM function's: a trace exits there, handing the callee to the loop), or None."""
    quick = dc.quick
    if quick is None:
        return None
    plain = dc.plain_instrs
    skipped_to = head   # the furthest instruction a branch seen so far jumps to
    for index in range(head, backedge):
        opcode, arg = plain[index]
        if opcode in _CALLS and index >= skipped_to and quick[index][0] not in _HOST_CALLS:
            return index
        if (opcode in O.hasjrel or opcode in O.hasjabs) and opcode not in _NOT_BRANCHES \
                and opcode != O.FOR_ITER and type(arg) is int and arg <= backedge:
            # forward past what follows, or back to the head (a `continue`): a path around it
            # (not an inner loop's FOR_ITER: its body runs unless the iterable is empty, so a
            # call first in it ends the trace on almost every entry)
            skipped_to = max(skipped_to, arg if arg > index else backedge)
    return None


def mark_backedges(dc: Any) -> None:
    """Decode-time hook: each backward JUMP_ABSOLUTE of the plain loop's stream becomes JUMP_BACKEDGE
    (not in a generator's code where such loops are never translated: counting them would only
    cost, and on PyPy each one's change back to a plain jump makes the JIT a bridge)."""
    if not TRANSLATE_GENERATORS and dc.code.co_flags & _GENERATOR_FLAGS:
        return
    instrs = dc.instrs
    for index, (opcode, target) in enumerate(instrs):
        if opcode in _COUNTED and target <= index:
            backedge = instrs[index] = (_COUNTED[opcode], Backedge(dc, index, target))
            if index and instrs[index - 1][0] == fused.COMPARE_JUMP_IF_FALSE:
                instrs[index - 1] = (fused.COMPARE_JUMP_IF_FALSE_BACKEDGE, (instrs[index - 1][1][0], backedge[1]))


def _dropping(real: Any) -> Any:
    """An intercept for the host's sys.settrace/setprofile called from VM code (a library run
    where pipeline.run has not put the VM's in their place): a function set drops every trace."""
    def call(f: Any, args: tuple, kwargs: Optional[dict]) -> Any:
        result = real(*args, **(kwargs or {}))
        if sys.gettrace() is not None or sys.getprofile() is not None:
            drop_while_traced()
        return result
    call.real = real   # type: ignore[attr-defined]
    return call


def drop_all() -> None:
    """Every live trace goes: its loops run as plain jumps from now on."""
    for backedge in list(_live.values()):
        backedge.restore()


def drop_while_traced() -> None:
    """A trace or profile function is set: every live trace goes, its loop counted again from
    WARMUP (the loop hands its frames to the instrumented one meanwhile; once tracing is off
    and they are back, vm/instructions.py's TRACE_HANDOVER, a hot loop is compiled again)."""
    for backedge in list(_live.values()):
        backedge.restore(again=True)


def enable(projector: Callable[[], Any]) -> None:
    """Turn tier 2 on for code decoded from now on (vm/tiers.py's set_tier(2)); `projector`
    returns vm/tier2.py, importing it on its first call."""
    global ENABLED, _projector
    from . import hostcalls, tracing
    ENABLED = True
    _projector = projector
    tier2_calls.BUILD = build_body
    tier2_calls.STEADY = steady_body
    tier2_calls.PROJECTOR = load_projector
    tier2_calls.enable(True)
    # (the module: the package's `decode` attribute is the function vm/__init__ exports)
    setattr(sys.modules[__name__.rpartition('.')[0] + '.decode'], 'MARK_BACKEDGES', mark_backedges)
    if drop_while_traced not in tracing.WHEN_TRACED:   # sys.settrace/setprofile from VM code drop every trace
        tracing.WHEN_TRACED.append(drop_while_traced)
    for real in (sys.settrace, sys.setprofile):
        if real not in hostcalls.INTERCEPTS:
            hostcalls.INTERCEPTS[real] = _dropping(real)


def disable() -> None:
    """Turn tier 2 off: live traces go, code decoded from now on has plain jumps."""
    global ENABLED
    from . import hostcalls, tracing
    ENABLED = False
    tier2_calls.enable(False)
    setattr(sys.modules[__name__.rpartition('.')[0] + '.decode'], 'MARK_BACKEDGES', None)
    if drop_while_traced in tracing.WHEN_TRACED:
        tracing.WHEN_TRACED.remove(drop_while_traced)
    for real, intercept in list(hostcalls.INTERCEPTS.items()):
        if getattr(intercept, 'real', None) is real:
            del hostcalls.INTERCEPTS[real]
    drop_all()
