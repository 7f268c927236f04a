"""Tier 2: hot loops projected into traces and compiled into host functions (PIPELINE_TIER >= 2).

A backward JUMP_ABSOLUTE is decoded as JUMP_BACKEDGE carrying a `Backedge` (its counter and,
once the loop is hot, its compiled trace: vm/tier2_backedges.py, which imports this module at
the first loop to get hot, and calls build_trace). The trace starts at the loop's head and follows
the code from there: every path of the trace ends back at the head (a host `continue`) or at
an exit; an inner loop on the way is a host `while True:` in the trace (its back edge a
`continue`, its way out a `break` followed by the code after it); a conditional jump whose two
ways meet again is a host `if`/`else` whose blocks end where they meet (Join), the code from
there written once after it. Instructions are translated
from their bodies in vm/instructions.py (tier2_translate), or from tier 1's specialised form
where the quickened stream has one of TRACE_FORMS (its guard's miss an exit before it); a
head FOR_ITER over one of the host's own iterators is the host's `for`; the value stack lives in host locals s0, s1...; locals stay in the frame's fast list, so
f_locals and sys._getframe() see them as the loop would. A call of a VM function runs the
callee's compiled body and goes on (vm/tier2_calls.py; not on PyPy). An exit (a branch off
the trace, a guard, a call of a function without a body, anything it cannot translate)
writes the value stack back
and returns the instruction to resume at; an exception writes it back, sets f.i to the failing
instruction and propagates, so the loop unwinds it exactly as its own. The trace is not
entered while a host trace or profile function is set (sys.settrace), nor under --trace/--stats
(whose loop runs the undecorated instructions). Traces are kept per code object (in its decoded
instructions), at most tier2_backedges.MAX_TRACES at a time, oldest dropped first.
"""
import os
import re
import sys
from types import CodeType, MethodType
from typing import Any, Dict, List, Optional, Tuple

from ..compiler import opcodes as O
from ..compiler.code import CO_COROUTINE
from . import instructions as I
from .function import Function, make_generator
from .generators import KEPT_STEPS
from . import specialize
from .tier2_peephole import mirror_locals, peephole, static_at
from .tier2_translate import (TRACE_FORMS, TRACED_EXIT, Context, Result, State, Untranslatable, iteration_tree,
                              translate)
from . import hostbuiltins, limits, stack, tier2_calls, tier2_generators, tracebacks, unwind
from .tier2_backedges import DEBUG, REVIEW, SIZED_ITERATORS
from . import compat
from .compat import VM_TB_LASTI, offset_line, raw_tb_lasti
from .frame import _plan
from .validate import pops

hostbuiltins.bind(globals())   # the host's builtins, whatever a program rebinds

MAX_UOPS = 300        # instructions in one trace, all its paths together
MAX_BRANCHES = 6      # nesting of branch points followed both ways
MAX_LINES = 800       # host lines in one trace: past them a branch is an exit (each path copies
                      # the rest of its instructions' bodies, so the text grows fast with branches;
                      # its compile() costs time and memory in proportion)
MAX_SHOWN = 400       # traces kept for the --tier2 view (their text), newest last
MAX_NESTING = 8       # traces running at once (a call in a trace nests a loop on the host stack)
_JUMPS_BACK = frozenset([O.JUMP_ABSOLUTE, O.POP_JUMP_IF_FALSE, O.POP_JUMP_IF_TRUE])
_JUMPS = frozenset(O.hasjrel + O.hasjabs)
_KNOWN_CALLS = frozenset(['CALL_FUNCTION', 'CALL_FUNCTION_KW', 'CALL_METHOD'])   # (_known_call)
# defaults a known call may take as constants of its code: values with no finalizer, no weak
# reference and nothing inside (a constant keeps them alive while the code lives)
_ATOMS = frozenset([type(None), bool, int, float, complex, str, bytes])
_NOT_STRAIGHT = _JUMPS | frozenset([O.RETURN_VALUE, O.RAISE_VARARGS])   # (_value_now)

# instructions that cannot raise once translated (no `at` marker for the exception handler)
_QUIET = frozenset(['LOAD_FAST', 'LOAD_CONST', 'STORE_FAST', 'POP_TOP', 'ROT_TWO', 'ROT_THREE',
                    'ROT_FOUR', 'DUP_TOP', 'DUP_TOP_TWO', 'NOP', 'JUMP_ABSOLUTE', 'JUMP_FORWARD'])
_CHAIN = frozenset(I.HEAD + I.BY_FREQUENCY)
# the binary operators whose VM dunders compiled code may call directly (_binary_dunder)
_DUNDER_OF = {'BINARY_' + op: '__%s__' % dunder for op, dunder in [
    ('ADD', 'add'), ('SUBTRACT', 'sub'), ('MULTIPLY', 'mul'), ('TRUE_DIVIDE', 'truediv'),
    ('FLOOR_DIVIDE', 'floordiv'), ('MODULO', 'mod'), ('MATRIX_MULTIPLY', 'matmul'), ('LSHIFT', 'lshift'),
    ('RSHIFT', 'rshift'), ('AND', 'and'), ('XOR', 'xor'), ('OR', 'or')]}
_HEAPTYPE = 1 << 9   # Py_TPFLAGS_HEAPTYPE: a class statement's class, not a built-in type
# A compiled body's return (its value then returned): the frame popped as the loop pops it,
# BODIES_RUNNING and the loop's current frame back, and kept for its function's next call as the
# loop's RELEASE_FRAME keeps it (a compiled function has no cells: Function.make_frame takes
# such frames back for calls with defaults or keywords too)
# where a step returns (vm/tier2_generators.py): the generator's frame as the loop's YIELD_VALUE
# leaves it, what its prologue (Projector._step_links) linked undone; then the generator's own
_UNLINK_STEP = ['BODIES_RUNNING[0] -= 1',
                'entry.loop_frame = caller',
                'f.back = None']
_POP_BODY = ['BODIES_RUNNING[0] -= 1',
             'entry.loop_frame = caller',
             'f.back = None',
             # (its value stack is empty: a body writes it back only where it leaves)
             'pool = f.func._pool',
             'if f.host is not None:',   # (seen outside: f_lineno is the return's, f.i set)
             '    RETURNED_AT(f, f.i - 1)',
             'elif not f.blocks and len(pool) < FRAME_POOL_LIMIT:',
             '    f.fast = f.locals = None',
             '    pool.append(f)']

# the instruction an exception caught by try_region's `except` came from: `at` where the trace
# keeps its markers; where static_at has dropped them, read off the line it passed in the trace
# (its traceback's first entry: the re-raises of inner regions' `except`s add none), as the
# trace's own handler reads it (_finish writes the one or the other)
_CAUGHT_AT = 'AT_OF(%s)'
compiled: List['TraceInfo'] = []                       # every trace compiled (for --tier2 views)
# the translator's failures (its bugs: an exception other than Untranslatable while a trace, body
# or step is built), one line each, for --stats; under PIPELINE_TIER2_STRICT (the test suite) the
# exception propagates into the program instead, so that a test sees it
failures: List[str] = []
STRICT = bool(os.environ.get('PIPELINE_TIER2_STRICT'))
# what the host's compile() refuses in generated code that is right (the messages of CPython's
# block limit, CO_MAXBLOCKS, and of its tokenizer's indentation and bracket limits); any other
# SyntaxError from it is the translator's bug
_HOST_LIMITS = frozenset(['too many statically nested blocks', 'too many levels of indentation',
                          'too many nested parentheses'])
_THIS_FILE = os.path.abspath(__file__)

# A trace without `at = ` markers (tier2_peephole.static_at) finds the instruction an exception
# came from by the host line it passed (LINE_AT). On 3.11+ hosts tb_lineno is worked out when
# read, by a scan of the code's line table from its start: some microseconds in a trace of a few
# hundred lines, for each exception a handler takes (a catch, the trace's own handler). There
# the handlers read the entry's tb_lasti instead, through a table of the `at` at each offset
# (AtByOffset: LINE_AT's, by the line of the offset, worked out once for each offset met).
# PyPy's handlers read tb_lasti too: its tb_lineno of a frame of this compiled code is not the
# line its line table gives for tb_lasti (line 567 of a 421-line trace, for the call at line 55),
# so a catch would take the wrong instruction (bench/FINDINGS.md, "Session 17, lead")
_AT_BY_OFFSET = sys.version_info >= (3, 11) or sys.implementation.name == 'pypy'
_LINE_AT_READ = re.compile(r'LINE_AT\.get\((\w+)\.__traceback__\.tb_lineno, (\d+)\)')


# how a handler reads tb_lasti: where TracebackType's is replaced while VM code runs (CPython,
# vm/tracebacks.py's TRACEBACK_LASTI), the host's own member, not the Python-level replacement
_READ_TB_LASTI = ('%s[raw_tb_lasti(%s.__traceback__)]' if sys.implementation.name == 'cpython'
                  else '%s[%s.__traceback__.tb_lasti]')


def _by_offset(line: str, tables: Dict[str, int]) -> str:
    """`line` with its readings of LINE_AT by tb_lineno (the catches' and the trace's own
    handler's) made by tb_lasti, through the tables named in `tables` (name: the default)."""
    if 'LINE_AT.get(' not in line:
        return line
    def table(match: Any) -> str:
        name = 'AT_BY_OFFSET_%s' % match.group(2)
        tables[name] = int(match.group(2))
        return _READ_TB_LASTI % (name, match.group(1))
    return _LINE_AT_READ.sub(table, line)


class AtByOffset(dict):
    """The `at` of each offset of a trace's code object (tb_lasti): LINE_AT's entry for the line
    of the offset (as tb_lineno would give it), or `default`; filled in as offsets are met."""
    __slots__ = ('code', 'line_at', 'default')

    def __init__(self, code: CodeType, line_at: Dict[int, int], default: int) -> None:
        super().__init__()
        self.code = code
        self.line_at = line_at
        self.default = default

    def __missing__(self, offset: int) -> int:
        line = offset_line(self.code, offset)
        at = self.line_at.get(line, self.default) if line is not None else self.default
        self[offset] = at
        return at


class TraceInfo:
    """What `python -m pipeline.dis --tier2` shows of a trace, and its counters."""
    __slots__ = ('code', 'head', 'backedge', 'uops', 'source', 'exits', 'exit_counts', 'iterations',
                 'prefixes', 'loop_lengths', 'namespace', 'verdict', 'reviewed', 'unhinted')
    code: Any              # the code object
    head: int              # the loop head's instruction index
    backedge: int          # the JUMP_BACKEDGE's index
    uops: List[str]        # the μop listing
    source: str            # the generated host function's text
    exits: List[int]       # side-exit indexes
    exit_counts: List[int]
    iterations: List[int]  # of the loop (N[0]), then of each inner loop (N[1:])
    prefixes: List[int]
    loop_lengths: List[List[int]]   # per loop (as iterations): the instructions of its paths
    namespace: Dict[str, Any]
    verdict: str
    reviewed: Tuple[List[int], List[int], int, int]   # at the last review: iterations, exit counts;
                                                # the entries until the next, and all before
    unhinted: frozenset    # dunders of binary operators translated with no live hint (_binary_dunder)

    def __repr__(self) -> str:
        return '<trace %s:%d>' % (self.code.co_name, 2 * self.head)


def build_trace(dc: Any, head: int, backedge: int, depth: int, iterator_type: Any, worth: int,
                frame: Any = None) -> Any:
    """(TraceInfo, host function) of the loop whose head is `head`, entered at its back edge
    `backedge` with `depth` values on the stack, the top one of `iterator_type`
    (tier2_backedges.Backedge, once the loop is hot), or (None, None) when it has none worth
    running `worth` instructions per entry. `frame`, the frame running the loop: when it is a
    generator's that a builtin's drain runs, the trace's YIELD_VALUE hands the item on
    (tier2_generators.drained, yield_to_drain)."""
    def project(regions: bool) -> Any:
        projector = Projector(dc, head, backedge, depth, iterator_type)
        projector.regions_allowed = regions
        projector.frame = frame
        projector.drained = frame is not None and dc.is_generator and tier2_generators.drained(frame)
        projector.opaque = frame is not None and opaque_reads(dc, head, projector.backedge, frame.globals)
        return projector.build(worth)
    info, trace = _with_regions_or_not(project, 'trace', dc, head)
    if trace is not None:
        _keep_for_describe(info)
    return info, trace


def build_body(dc: Any, frame: Any = None) -> Any:
    """(TraceInfo, host function) of the whole function of `dc` (vm/tier2_calls.py's BUILD, through
    tier2_backedges.build_body), or None. `frame`: a frame of it (what its calls call now:
    _known_call)."""
    def project(regions: bool) -> Any:
        projector = Projector(dc, 0, len(dc.plain_instrs) - 1, 0, None, function=True)
        projector.regions_allowed = regions
        projector.frame = frame
        projector.opaque = frame is not None and opaque_reads(dc, 0, len(dc.plain_instrs) - 1, frame.globals)
        return projector.build_body()
    info, run = _with_regions_or_not(project, 'body', dc, 0, jit_off=True)
    if run is None:
        return None
    _keep_for_describe(info)
    return info, run


# a body's call counting for its review (build_body's prologue), and what its steady copy has in
# their place (the same host lines: line numbers stay the body's)
_COUNTING = ['    C[0] -= 1', '    if not C[0]:', '        REVIEW()']
_NOT_COUNTING = ['    pass', '    if 0:', '        pass']


def steady_body(info: 'TraceInfo') -> Any:
    """The copy of compiled body `info` that does not count its calls (vm/tier2_calls.py runs it
    once a review has kept the body; its exits, counted by the caller, bring the counting one
    back): the same host code without the three lines of _COUNTING, in the same namespace."""
    lines = info.source.split('\n')
    start = lines.index(_COUNTING[0])
    assert lines[start:start + 3] == _COUNTING
    lines[start:start + 3] = _NOT_COUNTING
    namespace = info.namespace
    counting = namespace['body']
    exec(compile('\n'.join(lines), _THIS_FILE, 'exec'), namespace)
    steady = namespace['body']
    namespace['body'] = counting
    return steady


def build_step(dc: Any, index: int, depth: int, draining: bool = False, globals_dict: Any = None) -> Any:
    """The host function running generator code `dc` resumed at instruction `index` (0: not
    started), `depth` values on its stack, to its next yield (vm/tier2_generators.py's step:
    it returns the item, f.yielded set; or the generator's value, f.yielded clear; or EXIT, the
    frame written back for a loop to go on from f.i), or None. The value sent (None) is pushed by
    the caller, as the loop's RESUME_GENERATOR does, but for a POP_TOP at `index` (neither).
    `draining`: a drain step, `step(f, entry, D)`, whose yields offer their item to Drain `D`
    (vm/consumers.py) and go on when it takes it, returning only at an item it does not take
    (vm/tier2_generators.py's drain_call); none for code with a `yield from`. `globals_dict`: the
    generator's (opaque_reads)."""
    if draining and any(op == O.YIELD_FROM for op, _ in dc.plain_instrs):
        return None
    start = index
    if index:
        if dc.plain_instrs[index][0] == O.POP_TOP:
            start = index + 1
        else:
            depth += 1
    def project(regions: bool) -> Any:
        projector = Projector(dc, start, len(dc.plain_instrs) - 1, depth, None, function=True)
        projector.regions_allowed = regions
        projector.resumed = True
        projector.draining = draining
        projector.resume_key = index
        projector.sent = start == index and index > 0
        # (await_call runs the step of a coroutine from its start without the coroutine object;
        # not on PyPy, whose compiled code leaves calls to the loop: tier2_generators.awaited_call)
        projector.fresh = index == 0 and bool(dc.code.co_flags & CO_COROUTINE) and not draining and tier2_calls.NESTED_CALLS
        projector.low = 0
        projector.opaque = opaque_reads(dc, 0, len(dc.plain_instrs) - 1, globals_dict)
        return projector.build_step()
    info, run = _with_regions_or_not(project, 'step', dc, start)
    if run is None:
        return None
    info.verdict = 'a drain step of the generator' if draining else 'a step of the generator'
    _keep_for_describe(info)
    return run


def _with_regions_or_not(project: Any, what: str, dc: Any, index: int, jit_off: bool = False) -> Any:
    """project(True), the code's try statements and with blocks as try_regions; when the host
    refuses the result for one of its limits (_HOST_LIMITS: more than 20 statically nested
    blocks, each region's host `try` nesting the rest of the path, or too many levels of
    indentation), project(False), the trace as it was without them. (None, None) when there is
    none: the code cannot be translated (or exceeds the host's limits even so), or the
    translator failed (a bug, such as generated code that does not compile: the program runs on
    in the loop, as if the `what` of `dc` at instruction `index` were untranslatable, but the
    failure is kept in `failures` for --stats, and raised under PIPELINE_TIER2_STRICT, as the
    tests run). `jit_off`: on PyPy the JIT starts tracing nothing meanwhile (_JIT_DEFAULTS)."""
    switched = jit_off and _jit_off()
    try:
        try:
            return project(True)
        except SyntaxError as exc:
            if exc.msg not in _HOST_LIMITS:
                raise
            return project(False)
    except (Untranslatable, RecursionError, MemoryError):
        return None, None
    except BaseException as exc:
        program_part = _program_part(exc)
        if program_part is not False:   # not the translator's: the program's, where it stands
            raise exc.with_traceback(program_part)
        if isinstance(exc, SyntaxError) and exc.msg in _HOST_LIMITS:
            return None, None
        if STRICT:
            raise
        code = dc.code
        failures.append('%s of %s (%s, line %d) at offset %d: %s: %s' % (
            what, code.co_name, code.co_filename, code.co_firstlineno, 2 * index, type(exc).__name__, exc))
        if DEBUG:
            sys.stderr.write('tier2: translator failed: %s\n' % failures[-1])
        return None, None
    finally:
        if switched:
            _jit_on()


stack.MACHINERY_CALLERS.add(_with_regions_or_not.__code__)

# On PyPy a function's body is translated with the JIT's thresholds off (_with_regions_or_not's
# `jit_off`): no loop or function starts being traced while it is built (what the JIT compiled
# before runs on, and a guard failing there may still make a bridge). A body is the translator's
# biggest work (a whole function, every call site ~150 lines: thousands of lines of text), done once
# per function, with a different shape each time: the JIT's loops and bridges of the translator's
# own code (the peephole's passes, the str, list and re work under them) were ~40% of the
# operations it compiled in three runs of chaos at tier 2, and with their machine code, resume data
# and the garbage their tracing left in the old generation (which no major collection frees in such
# a run: PyPy's first comes at 8 nurseries, 256 MB) ~25 MB of chaos's peak RSS; the first runs
# were faster without them. Traces and steps are built with the JIT as it is: with it off for them
# too, generators_chain's warm runs went 0.2 s -> 0.6-1.1 s (tree's recursive `yield from` steps
# then make new bridges in every run; bench/FINDINGS.md, "Session 22, s22chaos"). The thresholds
# are put back to PyPy's defaults, hence left alone where the interpreter's command line sets JIT
# parameters (`--jit`: the user's settings stand, as for pipeline.pypy_nursery.tune_jit) or cannot
# be read.
_JIT_DEFAULTS: Optional[str] = None   # the set_param string putting the thresholds back ('': never off)
_JIT_OFF = [False]                     # the thresholds are off now


def _jit_defaults(argv: Optional[List[bytes]], defaults: Optional[Dict[str, Any]]) -> str:
    """The set_param string of the default thresholds `defaults` (pypyjit.defaults), or '' to
    leave the JIT alone: not PyPy (None), no command line (`argv` None: /proc/self/cmdline), or a
    `--jit` option among the interpreter's own, before the script, -c or -m."""
    if defaults is None or argv is None:
        return ''
    options = iter(argv[1:])
    for option in options:
        if option.startswith(b'--jit'):
            return ''
        if option in (b'-W', b'-X'):
            next(options, None)
        elif option[:1] != b'-' or option == b'-' or option[:2] != b'--' and option[-1:] in (b'c', b'm'):
            break
    return 'threshold=%d,function_threshold=%d' % (defaults['threshold'], defaults['function_threshold'])


def _jit_off() -> bool:
    """On PyPy, the JIT's thresholds off (see _JIT_DEFAULTS) unless they are already; whether
    they were turned off here (then _jit_on puts them back)."""
    global _JIT_DEFAULTS
    if _JIT_DEFAULTS is None:
        try:
            import pypyjit
            with open('/proc/self/cmdline', 'rb') as cmdline:
                argv: Optional[List[bytes]] = cmdline.read().split(b'\0')[:-1]
            defaults: Optional[Dict[str, Any]] = pypyjit.defaults
        except (ImportError, OSError):
            argv = defaults = None
        _JIT_DEFAULTS = _jit_defaults(argv, defaults)
    if not _JIT_DEFAULTS or _JIT_OFF[0]:
        return False
    import pypyjit
    _JIT_OFF[0] = True
    pypyjit.set_param('off')
    return True


def _jit_on() -> None:
    """The JIT's thresholds back to PyPy's defaults (after _jit_off)."""
    import pypyjit
    _JIT_OFF[0] = False
    pypyjit.set_param(_JIT_DEFAULTS)


def _program_part(exc: BaseException) -> Any:
    """False for an exception the translator raised. For one that arrived while it ran, the part
    of exc's traceback the program made (None if none): a KeyboardInterrupt, which the host's
    SIGINT handler raises in whatever frame runs (a regular expression's, say), or what the
    program's own code raised in it (a signal handler's: an entry the VM made). 3.8 sees either
    at the program's instruction that was running, so the translator's host entries go."""
    tb = exc.__traceback__
    while tb is not None and raw_tb_lasti(tb) > VM_TB_LASTI:
        tb = tb.tb_next
    if tb is None and not isinstance(exc, KeyboardInterrupt):
        return False
    return tb


def _keep_for_describe(info: 'TraceInfo') -> None:
    """Keep `info` for describe (the newest MAX_SHOWN)."""
    compiled.append(info)
    if len(compiled) > MAX_SHOWN:
        del compiled[:-MAX_SHOWN]


# the iterators a trace's head runs as a host `for`: the host's own, whose tp_iter is the identity
# (a `for` calls it once, FOR_ITER never; both fetch items by tp_iternext, as next(it, NULL))
_MORE: List[Any] = [range(1 << 64), '\xe9', {}.keys(), frozenset(), bytearray(), enumerate([]), zip(),
                    map(len, ()), filter(None, ())]
_FOR_TYPES = SIZED_ITERATORS | frozenset([type(iter(value)) for value in _MORE])
_ENDS = frozenset([O.RETURN_VALUE, O.RAISE_VARARGS])   # (for Projector.join_of: no way on from them)
_GOES_TO = frozenset([O.JUMP_ABSOLUTE, O.JUMP_FORWARD])
# the conditional jumps written as a host if/else meeting again (Join): their bodies are one
# `if` whose block is the jump, so the way on is that `if`'s `else`
# the instructions opening blocks (without them, a frame's block stack stays empty)
_SETUPS = frozenset([O.SETUP_FINALLY, O.SETUP_WITH, O.SETUP_ASYNC_WITH])
_JOINED = frozenset(['POP_JUMP_IF_FALSE', 'POP_JUMP_IF_TRUE', 'JUMP_IF_FALSE_OR_POP', 'JUMP_IF_TRUE_OR_POP'])
# and those whose bodies are an if/else, the jump in one block and the pop of the way on in the
# other (`x and y`, `x or y`): the way on goes on in the block of the pop, here the `if` block
_GOES_ON_IN_IF = frozenset(['JUMP_IF_FALSE_OR_POP'])


def _shown(dc: Any, index: int) -> str:
    """The argument of instruction `index` as dis shows it."""
    from .instrument import display_arg
    value = display_arg(dc, index)
    if value is None:
        return ''
    if dc.raw[index][0] in O.hasjabs:
        return 'to %d' % value
    if dc.raw[index][0] in O.hasjrel:
        return 'to %d' % value
    return '(%r)' % (value,)


def _canonical(depth: int) -> List[str]:
    return ['s%d' % k for k in range(depth)]


_NAMESPACE_READS = frozenset([O.LOAD_NAME, O.STORE_NAME, O.DELETE_NAME, O.STORE_GLOBAL, O.DELETE_GLOBAL])


def opaque_reads(dc: Any, first: int, last: int, globals_dict: Any) -> bool:
    """Whether compiled code of `dc`'s instructions `first` to `last`, run with `globals_dict`,
    reads the program's namespaces as the loop does where they are opaque (on PyPy at tier 2,
    compat.OPAQUE_NAMESPACES): where each name it reads is a builtin (the module has none of
    them now: PyPy's JIT folds such a read into a constant guarded by the module dict's
    version) and the module's body, running below it, binds a name the module does not have
    yet (nqueens' `solutions = list(n_queens(n))`): that new key would throw away the code's
    JIT code, in every run of a program run again with a fresh module. Read opaquely, a name
    costs a call the JIT does not trace into, and the code depends on no module dict
    (bench/FINDINGS.md, "Session 21, s21hex"). A name the module has (read inline, folded) would
    keep the dependency: then inline, as before."""
    if not compat.OPAQUE_NAMESPACES or type(globals_dict) is not dict:
        return False
    reads = False
    for op, arg in dc.plain_instrs[first:last + 1]:
        if op in _NAMESPACE_READS or op == O.LOAD_GLOBAL and arg in globals_dict:
            return False
        reads = reads or op == O.LOAD_GLOBAL
    if not reads:
        return False
    entries = stack.running_loops()
    entry = entries[-1] if entries else None   # (the outermost loop's: the module body's, if any)
    if entry is None or entry.globals is not globals_dict or entry.locals is not globals_dict:
        return False
    return any(op in (O.STORE_NAME, O.STORE_GLOBAL) and arg not in globals_dict
               for op, arg in entry.dc.plain_instrs[entry.i:])


class InnerLoop:
    """A loop inside a trace (or a function's body) that the path is in, as a host `while True:`."""
    __slots__ = ('head', 'depth', 'after', 'ways_out', 'steps', 'slot', 'breaks')

    def __init__(self, head: int, depth: int, after: int, steps: int) -> None:
        self.head = head        # its head's instruction index
        self.depth = depth      # the value stack's depth there
        self.after = after      # the instruction after it: a jump there is its `break`
        self.ways_out: Tuple[int, ...] = (after,)   # (and one to where that one jumps)
        self.steps = steps      # the trace's instructions before its head
        self.slot = 0           # its iterations' counter in the trace's N (0: none, in a body)
        self.breaks: List[int] = []   # the stack's depth at each `break` written


class Join:
    """Where the two ways of a conditional jump meet again (the first instruction every way of it
    that goes on reaches; see Projector.join_of). The jump is written as a host `if`/`else` whose
    blocks both end there, falling out of the `if`, and the code from there on is written once,
    after it: a loop body with many branches is translated once, not once per path through it."""
    __slots__ = ('index', 'indent', 'nesting', 'arrivals')

    def __init__(self, index: int, indent: int, nesting: int) -> None:
        self.index = index        # the instruction where the ways meet
        self.indent = indent      # of the `if` and `else` blocks: only their own paths end at it
        self.nesting = nesting    # inner loops open at the jump (a path in a deeper one goes on)
        self.arrivals: List[Tuple[int, set, int]] = []   # per way that got there: the stack's
        # depth, the locals it stored, its instructions since the loop head


class Projector:
    """Follows a loop from its head and writes the host function of its trace."""

    def __init__(self, dc: Any, head: int, backedge: int, depth: int,
                 iterator_type: Any = None, function: bool = False) -> None:
        self.dc = dc
        self.function = function   # a whole function's body (vm/tier2_calls.py), not a loop
        # the heads of the code's loops, and those whose host `while` the path is in, innermost
        # last: an inner loop of the trace (or any loop of a function's body) runs as a
        # `while True:` in the trace's own host code
        self.loop_heads = frozenset(target for k, (op, target) in enumerate(dc.plain_instrs)
                                    if op in _JUMPS_BACK and type(target) is int and target < k)
        self.open: List[InnerLoop] = []
        self.joins: List[Join] = []   # the branches' meeting points the path is between, innermost last
        self.inner_lengths: List[List[int]] = []   # per inner loop (N[1:]): its paths' instructions
        self.iterator_type = iterator_type   # the type of the value on top of the stack at entry
        # a generator's loop whose frame a builtin's drain runs: its YIELD_VALUE offers the item
        # to the drain and goes on (vm/tier2_generators.py's yield_to_drain)
        self.drained = False
        # a generator's step (build_step): the code from where it is resumed (`head`) to its
        # next yield, which returns the item
        self.resumed = False
        # a generator's drain step (build_step, draining): its yields offer the item to the
        # drain `D` and go on when it is taken
        self.draining = False
        # a step's resume index (its key: a POP_TOP there is skipped, `head` after it), whether
        # the value sent is its stack's top (not for a POP_TOP, nor a generator not started), and
        # whether it may run a frame with no generator yet (`gen` UNMADE: await_call's coroutine)
        self.resume_key = 0
        self.sent = False
        self.fresh = False
        # a step's calls awaited at once, which run the callee's step (tier2_generators.awaited_call)
        self.awaited_calls: set = set()
        self.head = head
        self.low = head   # the first instruction the trace may run (a step's: its loops' heads too)
        self.entered_at = backedge   # the JUMP_BACKEDGE entering the trace
        # the loop: from its head to its last back edge (an `else` may sit after the first one)
        self.backedge = backedge if function else max(
            [backedge] + [k for k, (op, target) in enumerate(dc.plain_instrs)
                          if op in _JUMPS_BACK and target == head])
        self.depth = depth
        # (a function's body: the code after its last loop too)
        self.budget = MAX_UOPS * (3 if function else 1)
        self.max_lines = MAX_LINES * (6 if function else 1)
        self.max_branches = MAX_BRANCHES + (4 if function else 0)
        self.size = 0          # host lines written so far
        self.constants: List[Any] = []
        self.constant_ids: Dict[int, str] = {}
        self.exits: List[int] = []
        self.prefixes: List[int] = []      # per exit: instructions run from the head to it
        self.loop_lengths: List[int] = []  # per path back to the head: its instructions
        self.entry_checks: set = set()
        self.depths: Dict[int, int] = {}
        self.max_depth = depth
        self.uops: List[str] = []
        self.loops = False     # some path gets back to the head
        self.iterates = False  # the head is a FOR_ITER run as a host `for` over the iterator
        # the locals some DELETE_FAST unbinds (tier2_translate's Context.deletable)
        self.deletable = frozenset(arg for op, arg in dc.plain_instrs if op == O.DELETE_FAST)
        # the END_FINALLYs re-raising an exception no `except` clause of its try matched (where
        # the last clause's test jumps): an exit before them (the loop re-raises it), not a
        # way on with the exception's values on the stack, which no way meeting it has
        self.regions: List[int] = []   # the handlers of the try_regions the path is in, innermost last
        self.region_levels: List[int] = []   # their blocks' stack levels
        self.regions_allowed = True    # (build_trace's second try is without: _with_regions_or_not)
        # the stack depths of the handlers whose exception's way the path is writing (a finally
        # block run for an exception: its END_FINALLY at that depth finds the exception on top)
        self.exception_ways: List[int] = []
        # a frame running the code (its globals and locals tell what its calls would call now:
        # _known_call), and the instructions some jump goes to (where that reading stops)
        self.frame: Any = None
        self.targets = frozenset(arg for op, arg in dc.plain_instrs if op in _JUMPS and type(arg) is int)
        self.unhinted: set = set()     # (TraceInfo.unhinted)
        self.opaque = False   # the program's namespaces read as the loop reads them (opaque_reads)
        raw = dc.raw
        self.reraises = frozenset(
            raw[k + 1][1] // 2 for k in range(len(raw) - 1)
            if raw[k] == (O.COMPARE_OP, O.cmp_op.index('exception match'))
            and raw[k + 1][0] == O.POP_JUMP_IF_FALSE and raw[raw[k + 1][1] // 2][0] == O.END_FINALLY)

    def constant(self, value: Any, own: bool = False) -> str:
        """The name of `value` in the compiled code's namespace; `own`: a name no other use
        shares (one that `repoint` may set to another value)."""
        name = None if own else self.constant_ids.get(id(value))
        if name is None:
            name = 'K%d' % len(self.constants)
            if not own:
                self.constant_ids[id(value)] = name
            self.constants.append(value)
        return name

    def exit(self, index: int, names: List[str], indent: int, prefix: int,
             callee: Optional[str] = None) -> List[str]:
        """An exit to instruction `index`, `prefix` instructions after the loop head (with
        `callee`: after a call, the loop pushing the callee's frame, named by it, first)."""
        pad = ' ' * indent
        if callee is not None and self.function:
            raise Untranslatable('a call handed to the loop, from a function body')
        if index < self.head and not self.function and self.dc.plain_instrs[self.backedge + 1] == (O.JUMP_ABSOLUTE, index):
            # a jump out of the loop threaded to an outer loop's head: to the back edge it was
            # threaded through instead (where the outer loop is counted, and its trace entered)
            index = self.backedge + 1
        number = len(self.exits)
        self.exits.append(index)
        self.prefixes.append(prefix)
        lines = [pad + 'X[%d] += 1' % number]
        if len(names) == 1:
            lines.append(pad + 'stack.append(%s)' % names[0])
        elif names:
            lines.append(pad + 'stack.extend((%s))' % ', '.join(names))
        if self.function and self.resumed:   # a generator's step: its caller finishes it in a loop
            lines.append(pad + 'f.i = %d' % index)
            lines.extend(self._unlinked(pad))
            lines.append(pad + 'return EXIT')
            return lines
        if self.function:   # the frame popped and finished in a loop, from f.i (tier2_calls.leave)
            lines.append(pad + 'f.i = %d' % index)
            lines.append(pad + 'at = -1')   # (the loop's own exception is not the body's: see build_body)
            lines.append(pad + 'return LEAVE(caller, f, entry)')
            return lines
        lines.append(pad + ('return %d' % index if callee is None else 'return %d, %s' % (index, callee)))
        return lines

    def call_nested(self, index: int, callee: str, names: List[str], indent: int,
                    steps: int) -> List[str]:
        """The call at `index` of the VM frame `callee` (vm/tier2_calls.py: its compiled body), its
        value in names[-1]. A loop's trace hands a callee that has none to the loop (cheaper than
        a loop of its own); a function's body cannot (its caller runs it in a nested loop)."""
        pad = ' ' * indent
        lines = [pad + 'f.i = %d' % (index + 1),   # (PUSH_FRAME's: f_lineno seen from the callee)
                 # the body itself, one host call (its Body's `run`, tier2_calls); counted till then
                 pad + 'run = (%s.dc.body or NO_BODY).run' % callee,
                 pad + 'if run is None:']
        if self.function:
            lines.append(pad + '    run = CALL_FRAME')
        else:
            lines.append(pad + '    run = BODY_OF(%s)' % callee)
            lines.append(pad + '    if run is None:')
            lines.extend(self.exit(index + 1, names[:-1], indent + 8, steps, callee))
        return lines + [pad + '%s = run(f, %s, entry)' % (names[-1], callee),
                        # (as the loop's RETURN_VALUE: the call's leftovers, args the callee's
                        # locals list, must not keep its locals alive)
                        pad + '%s = args = func = run = None' % callee]

    def path(self, index: int, names: List[str], indent: int, stored: set, branches: int,
             steps: int, first: bool = False) -> List[str]:
        """The code of the trace from instruction `index` on, its value stack in `names`."""
        pad = ' ' * indent
        lines: List[str] = []
        plain = self.dc.plain_instrs
        quick = self.dc.quick
        while True:
            if self.open and index in self.open[-1].ways_out:   # out of the innermost inner loop
                return lines + self._break(names, indent, steps)
            if index == self.head and not first and not (self.resumed and plain[index][0] == O.YIELD_FROM):
                # (a step resumed at a YIELD_FROM that comes round to it again, `for ...: await x`,
                # runs it as any other: the delegation, suspending there)
                if names != _canonical(self.depth) or self.open:   # (inside an inner loop's `while`)
                    return lines + self.exit(index, names, indent, steps)
                self.loops = True
                self.loop_lengths.append(steps)
                lines.append(pad + 'N[0] += 1')
                if self.iterates:   # the host `for` fetches the next item: an exception there is FOR_ITER's
                    lines.append(pad + 'at = %d' % self.head)
                lines.append(pad + 'continue')
                return lines
            if self.joins and indent == self.joins[-1].indent and len(self.open) == self.joins[-1].nesting \
                    and index >= self.joins[-1].index:
                # one way of a branch at the point where its ways meet: it falls out of its block
                # of the host `if`/`else`, and the code from there is written after it, once
                if index > self.joins[-1].index:   # (past it without running it: join_of says it cannot be)
                    return lines + self.exit(index, names, indent, steps)
                settled = self._settle(names, indent, lines)
                self.joins[-1].arrivals.append((len(settled), set(stored), steps))
                return lines
            if index in self.loop_heads and index != self.head and (self.function or self.head < index <= self.backedge):
                # an inner loop: a host `while True:` whose `continue` is its back edge and whose
                # `break` leaves it (only the innermost loop's: a jump to an outer one's head is an exit)
                if self.open and self.open[-1].head == index:
                    if not first:
                        return lines + self._continue(names, indent, steps)
                elif any(loop.head == index for loop in self.open) or self.budget <= 0:
                    return lines + self.exit(index, names, indent, steps)
                else:
                    return lines + self.inner_loop(index, names, indent, stored, branches, steps)
            first = False
            opcode, arg = plain[index]
            if not self.low <= index <= self.backedge or (
                    self.budget <= 0 or self.size > 2 * self.max_lines) and not (
                    opcode == O.JUMP_ABSOLUTE and arg in (self.head, self.open[-1].head if self.open else -1)):
                # (out of budget, a jump back to the head is still a `continue`: the path of the
                # code after an inner loop, written last, would otherwise exit on every iteration)
                if DEBUG and self.low <= index <= self.backedge:
                    sys.stderr.write('tier2: %s offset %d: out of budget (%d instructions, %d lines)\n'
                                     % (self.dc.code.co_name, 2 * index, self.budget, self.size))
                return lines + self.exit(index, names, indent, steps)
            name = O.opname[opcode] if opcode else 'FELL_OFF_END'
            form = specialize.NAMES.get(quick[index][0]) if quick is not None else None
            if form in TRACE_FORMS:   # tier 1's form there (its argument is the generic one)
                name = form
            if name == 'JUMP_ABSOLUTE' and arg < index and arg != self.head and not (
                    self.open and self.open[-1].head == arg):   # (an outer loop's: see above)
                if self.resumed and arg in self.loop_heads and all(loop.head != arg for loop in self.open):
                    # a step resumed inside this loop: the rest of its iteration is done, the loop
                    # goes on as a host `while True:` from its head
                    self.budget -= 1
                    self.uops.append('%4d %-24s %s' % (2 * index, name, _shown(self.dc, index)))
                    return lines + self.inner_loop(arg, names, indent, stored, branches, steps + 1)
                return lines + self.exit(index, names, indent, steps)
            if name == 'RETURN_VALUE' and self.function and names:
                # the function's value: its frame is finished as the loop's RETURN_VALUE leaves it
                self.budget -= 1
                self.uops.append('%4d %-24s %s' % (2 * index, name, ''))
                self.loop_lengths.append(steps + 1)
                if self.draining:   # (a generator's return: its drain step's caller finishes the frame)
                    return lines + [pad + 'f.yielded = False', pad + 'f.i = %d' % (index + 1),
                                    pad + 'return %s' % names[-1]]
                if self.resumed:   # finished, as the loop's RETURN_VALUE leaves it; NULL the step's value
                    return lines + [pad + 'f.yielded = False', pad + 'f.i = %d' % (index + 1)] + self._returned(
                        pad, names[-1])
                return lines + [pad + 'f.i = %d' % (index + 1)] + [pad + line for line in _POP_BODY] + [
                    pad + 'return %s' % names[-1]]
            if name == 'YIELD_VALUE' and self.resumed and names and not self.draining:
                return lines + self._yield(index, names, indent, steps)
            if name == 'END_FINALLY' and index in self.reraises:
                return lines + self.exit(index, names, indent, steps)
            if name == 'END_FINALLY' and self.regions and len(names) >= 6:
                if self.exception_ways and len(names) == self.exception_ways[-1]:
                    # (the end of a finally block run for an exception: it re-raises it, its way
                    # on for a NULL is not taken; an exit, whatever the top is, instead of a copy
                    # of the rest of the path, which took the budget from the ways that are)
                    return lines + self._end_finally(index, names, indent, steps)[:-1] + self.exit(
                        index, names, indent, steps)
                lines.extend(self._end_finally(index, names, indent, steps))
                names = names[:-1]
                steps += 1
                index += 1
                continue
            self.budget -= 1
            steps += 1
            self.depths[index] = len(names)
            jump: List[Any] = []   # [target, names at the jump]

            def goto(target: int, at_names: List[str], at_indent: int) -> List[str]:
                if at_indent == indent:      # the body's own jump: the path goes on there
                    jump.append(target)
                    jump.append(list(at_names))
                    return []
                if self.open and self.open[-1].head == target and target < index:
                    # back to the head of the innermost loop: its `continue`, whatever the size
                    return self._continue(at_names, at_indent, steps)
                if self.open and target in self.open[-1].ways_out:   # out of it: its `break`
                    return self._break(at_names, at_indent, steps)
                moves: List[str] = []
                if (target == self.head and not self.open and not self.function) or (
                        self.joins and target == self.joins[-1].index and at_indent == self.joins[-1].indent):
                    # back to the loop's head (its `continue`), or on to where the ways of the
                    # branch being written meet: a line or two, whatever the size
                    return moves + self.path(target, self._settle(at_names, at_indent, moves), at_indent,
                                             set(stored), branches, steps)
                if branches >= self.max_branches or self.size > self.max_lines or (
                        target < index and target != self.head
                        and not (self.open and self.open[-1].head == target)):
                    if DEBUG and target > index:
                        sys.stderr.write('tier2: %s offset %d: a branch to %d not followed (%d branches deep,'
                                         ' %d lines)\n' % (self.dc.code.co_name, 2 * index, 2 * target,
                                                            branches, self.size))
                    return self.exit(target, at_names, at_indent, steps)
                settled = self._settle(at_names, at_indent, moves)
                return moves + self.path(target, settled, at_indent, set(stored), branches + 1, steps)

            def exit_before(at_indent: int) -> List[str]:
                return self.exit(index, names, at_indent, steps - 1)

            raw_opcode, raw_arg = self.dc.raw[index]
            try:
                effect = O.stack_effect(raw_opcode, raw_arg or 0, False) if opcode else 0
            except (ValueError, KeyError):
                effect = 0
            ctx = Context(index, self.constant, goto, exit_before, effect, stored, self.entry_checks)
            ctx.deletable = self.deletable
            ctx.opaque = self.opaque
            ctx.call_exit = lambda callee, at_names, at_indent: self.exit(
                index + 1, at_names, at_indent, steps, callee)
            ctx.call_nested = lambda callee, at_names, at_indent: self.call_nested(
                index, callee, at_names, at_indent, steps)
            guard: List[str] = []
            join: Optional[Join] = None
            if name in _JOINED and branches < self.max_branches and self.size <= self.max_lines:
                meets = self.join_of(index, arg)
                if meets is not None:   # (the jump's own way, written by goto, ends there too)
                    join = Join(meets, indent + 4, len(self.open))
                    self.joins.append(join)
            try:
                if name == 'FOR_ITER' and names:
                    result = translate(name, arg, names, ctx, pad, iteration_tree())
                    guard = self._generator_items(result, index, names, indent, exit_before)
                elif name == 'YIELD_VALUE' and names and self.drained:   # (to a drain taking it: goes on)
                    result = tier2_generators.yield_to_drain(names, ctx, indent)
                elif name == 'YIELD_VALUE' and names and self.draining:   # (the same, in a drain step)
                    self.loop_lengths.append(steps + 1)
                    result = tier2_generators.offer_to_drain(names, ctx, indent, lambda at_indent: self._suspend(
                        names, index + 1, at_indent), blocks=self.has_blocks())
                elif name == 'RAISE_VARARGS' and arg in (1, 2) and len(names) >= arg:
                    result = self._raise(index, arg, names, pad, exit_before)
                elif name == 'POP_EXCEPT' and len(names) >= 3:
                    result = self._pop_except(arg, names, pad)
                elif name == 'GET_AWAITABLE' and names:
                    result = tier2_generators.awaitable(names, index, indent, lambda at_indent: self.exit(
                        index + 1, names, at_indent, steps))
                    if index - 1 in self.awaited_calls:
                        result = tier2_generators.skipped_if_awaited(result, indent)
                elif name == 'YIELD_FROM' and self.resumed and len(names) >= 2:   # (a step's: see delegate)
                    suspended = names[:-1]
                    result = tier2_generators.delegate(names, index, ctx, indent, lambda at_indent: self._suspend(
                        suspended[:-1] + [suspended[-1], 'v'], index, at_indent))
                    if index - 3 in self.awaited_calls:   # (translated on this path, which ran it)
                        result = tier2_generators.skipped_if_awaited(result, indent)
                else:
                    condition = tier2_generators.exit_condition(name, arg, names)   # (the same, for the others)
                    if form == 'CALL_FUNCTION_CLASS_INIT' and tier2_calls.NESTED_CALLS and len(names) > arg:
                        result = self._class_init(quick[index][1], arg, names, ctx, indent)
                    elif name in _DUNDER_OF and tier2_calls.NESTED_CALLS and len(names) >= 2:
                        result = self._binary_dunder(name, arg, names, ctx, indent)
                    else:
                        known = None
                        # (the callee and its arguments on the trace's stack; CALL_METHOD's and
                        # CALL_FUNCTION_KW's one value more: the method's object, the keywords' names)
                        if name in _KNOWN_CALLS and tier2_calls.NESTED_CALLS and len(names) > arg + (name != 'CALL_FUNCTION'):
                            known = self._known_call(name, arg, names, ctx, indent)
                        if known is None and name == 'CALL_FUNCTION' and tier2_calls.NESTED_CALLS and len(names) > arg:
                            known = self._instance_call(arg, names, ctx, indent)
                        result = known if known is not None else translate(name, arg, names, ctx, pad)
                    if condition is not None and name != 'YIELD_FROM' and tier2_calls.NESTED_CALLS:
                        # a builtin draining a VM generator: the generator's drain step, the
                        # call's other way (tier2_generators.drain_call); the loop's, where it has none
                        result = tier2_generators.drain_in_trace(condition, index, arg, names, result, ctx, indent)
                    elif condition is not None:
                        guard = [pad + 'if %s:' % condition] + exit_before(indent + 4)
                    if name in ('CALL_METHOD', 'CALL_METHOD_HOST') and arg == 1 and len(names) >= 3 \
                            and self.dc.plain_instrs[index - 2] == (O.LOAD_METHOD, 'send') and tier2_calls.NESTED_CALLS:
                        # a driver's coro.send(value): the coroutine's step (tier2_generators.send_step)
                        fused = tier2_generators.sent_call(index, names, result, lambda at_names, at_indent: self.exit(
                            index + 1, at_names, at_indent, steps), indent)
                        result = result if fused is None else fused
                    if name == 'CALL_FUNCTION' and self.resumed and not self.draining and tier2_calls.NESTED_CALLS \
                            and len(names) > arg and tier2_generators.await_site(self.dc, index):
                        # `await f(x)`: a coroutine function's step run at once, the await's value
                        fused = tier2_generators.awaited_call(index, arg, names, result, lambda at_names, at_indent:
                                                              self._suspend(at_names, index + 3, at_indent), indent)
                        if fused is not None:
                            result = fused
                            self.awaited_calls.add(index)
                            self.depths[index + 3] = len(names) - arg + 1   # (the receiver and the value sent)
            except Untranslatable as why:
                if join is not None:
                    self.joins.pop()
                if DEBUG:
                    sys.stderr.write('tier2: %s offset %d: %s\n' % (self.dc.code.co_name, 2 * index, why))
                return lines + self.exit(index, names, indent, steps)
            if name == 'RAISE_VARARGS':   # (its operands popped before the exception is unwound)
                self.depths[index] = len(names) - arg
            self.uops.append('%4d %-24s %s' % (2 * index, name, _shown(self.dc, index)))
            # (not counting the one-line exits after host calls, tier2_translate.TRACE_HOOKS: a
            # test and a return each, which a call has on each of its ways to the host)
            self.size += len(result.lines) - sum(1 for line in result.lines if TRACED_EXIT in line)
            if name not in _QUIET or self.dc.line_of(index) != self.dc.line_of(index - 1):
                # (a quiet instruction starting a line too: a SIGINT there names its line)
                lines.append(pad + 'at = %d' % index)
            if name not in _CHAIN and name not in TRACE_FORMS:
                lines.append(pad + 'f.i = %d' % (index + 1))   # as the loop's RARE_FALLBACK
            lines.extend(guard)
            if join is not None:
                try:
                    lines.extend(self.other_way(result, name, names, index, indent, stored, branches, steps))
                finally:
                    self.joins.pop()
                if not join.arrivals:   # (every way of it ended before)
                    return lines
                depths = set(depth for depth, _, _ in join.arrivals)
                if len(depths) != 1:
                    raise Untranslatable('ways meeting with different stack depths')
                names = _canonical(depths.pop())
                stored = set.intersection(*[done for _, done, _ in join.arrivals])
                steps = max(count for _, _, count in join.arrivals)
                index = join.index
                continue
            lines.extend(result.lines)
            if jump:
                target, names = jump[0], self._settle(jump[1], indent, lines)
                index = target
                continue
            if not result.falls:
                return lines
            end = result.falls[0]
            dropped = [n for n in names if n not in end.names and n not in end.held]
            names = self._settle(end.names, indent, lines)
            dropped = [n for n in dropped if n not in names]
            if dropped:
                lines.append(pad + '%s = None' % ' = '.join(dropped))
            if name in ('SETUP_FINALLY', 'SETUP_WITH') and self.catches(arg):
                return lines + self.try_region(index, arg, names, indent, stored, branches, steps)
            index += 1

    def other_way(self, result: Any, name: str, names: List[str], index: int, indent: int, stored: set,
                  branches: int, steps: int) -> List[str]:
        """The host `if`/`else` of a conditional jump at `index` (`name`) meeting again at its Join:
        its body's lines, with the way on from index + 1 written till it ends or reaches the Join.
        A POP_JUMP_IF_* body is one `if` around its jump: the way on is its `else:` block. A
        JUMP_IF_*_OR_POP body is an if/else, the jump in one block and the pop in the other: the
        way on goes on in the pop's block, after it (`a and b`: the rest is written once, not
        once per way, as copying it made `x = a and b` before each branch of a function double
        its size)."""
        pad = ' ' * indent
        body = result.lines
        shape = body[:1] and body[0].startswith(pad + 'if ') and len(result.falls) == 1 and not result.dones
        tops = [k for k, line in enumerate(body) if k and not line.startswith(pad + '    ')]
        if not shape or not (tops == [] or (len(tops) == 1 and body[tops[0]] == pad + 'else:')):
            raise Untranslatable('a branch whose body is not one `if` around its jump, or an if/else')
        end = result.falls[0]
        lines: List[str] = []
        dropped = [n for n in names if n not in end.names and n not in end.held]
        settled = self._settle(end.names, indent + 4, lines)
        dropped = [n for n in dropped if n not in settled]
        if dropped:
            lines.append(pad + '    %s = None' % ' = '.join(dropped))
        lines.extend(self.path(index + 1, settled, indent + 4, set(stored), branches, steps))
        if not tops:
            return body + [pad + 'else:'] + lines
        if name in _GOES_ON_IN_IF:
            jumps = body[tops[0]:]
            if jumps[1:] == [pad + '    pass']:   # (the jump's way is the meeting point itself)
                jumps = []
            return body[:tops[0]] + lines + jumps
        return body + lines

    def catches(self, handler: int) -> bool:
        """Whether the block a SETUP_FINALLY or SETUP_WITH to `handler` sets up is run by a
        try_region: a try statement's `except` clauses (which begin with DUP_TOP, testing the
        exception, or with a bare `except:`'s POP_TOP), a with's cleanup (WITH_CLEANUP_START,
        WITH_CLEANUP_FINISH, END_FINALLY: with_cleanup), or a `finally` block, whose END_FINALLY
        re-raises to the next region (_end_finally) or exits. (A finally measured slower than the
        loop's unwinding while the catches read tb_lineno, see AtByOffset: a try/finally in a
        try/except raising every third iteration, 2.0 us per iteration at the loop's unwinding,
        1.5 in the trace; exceptions_flow's work(), a finally in a with in a try, 24 -> 16.)"""
        plain = self.dc.plain_instrs
        if not self.regions_allowed:
            return False
        if plain[handler][0] == O.WITH_CLEANUP_START:
            return handler + 2 < len(plain) and plain[handler + 1][0] == O.WITH_CLEANUP_FINISH \
                and plain[handler + 2][0] == O.END_FINALLY
        return True

    def _end_finally(self, index: int, names: List[str], indent: int, steps: int,
                     saved: Optional[List[str]] = None) -> List[str]:
        """END_FINALLY inside a try_region, six values or more on the stack: BEGIN_FINALLY's
        NULL popped, the way on; an exception (a finally block or a with's cleanup run for it)
        re-raised to the innermost region's handler when the loop would unwind it there
        (unwind.reraises_here, reraise_in_trace); otherwise (a return index of CALL_FINALLY, an
        exception for another handler) an exit before it. `saved`: the names of the exception
        state its except block restores, (traceback, value, type), when they are not the three
        under the exception's (a with's cleanup: a NULL between them, unwind.exit_call)."""
        pad = ' ' * indent
        self.budget -= 1
        self.depths[index] = len(names)
        self.uops.append('%4d %-24s %s' % (2 * index, 'END_FINALLY', ''))
        top = names[-1]
        old_tb, old_value, old_type = saved or names[-6:-3]
        lines = [pad + 'at = %d' % index,
                 pad + 'if %s is not NULL:' % top]
        if self.regions:
            # (the handler's block at the except block's level: its unwinding drops nothing
            # between the state's restore and the catch, which can then keep it, reraise_held)
            held = self.region_levels[-1] == len(names) - (7 if saved else 6)
            lines.append(pad + '    if type(%s) is not int and RERAISES(f, %d):' % (top, self.regions[-1]))
            lines.append(pad + '        raise %s(f, %s, %s, %s, %s, %s)' % (
                'RERAISE_HELD' if held else 'RERAISE_IN_TRACE', names[-2], names[-3], old_type, old_value, old_tb))
        lines.extend(self.exit(index, names, indent + 4, steps))
        lines.append(pad + '%s = None' % top)
        self.size += len(lines)
        return lines

    def with_cleanup(self, handler: int, level: int, indent: int, stored: set, branches: int,
                     steps: int) -> List[str]:
        """A with's cleanup for an exception caught by its try_region (catch_in_trace's six
        values on the stack above the block's level, `__exit__` under them): WITH_CLEANUP_START,
        WITH_CLEANUP_FINISH and END_FINALLY's exception way, as the loop runs them. The saved
        state shifted down over `__exit__` (unwind.exit_call's layout: a loop that takes the frame
        over finds its stack as its own), `__exit__(type, value, traceback)` called
        (exit_with_exception); a true value suppresses the exception (the except block popped,
        the state restored) and the path goes on after the END_FINALLY; otherwise END_FINALLY
        re-raises it (_end_finally's way)."""
        pad = ' ' * indent
        base = level - 1   # (`__exit__`'s slot)
        shifted = _canonical(level + 6)
        s = shifted
        for offset in range(3):
            self.uops.append('%4d %-24s %s' % (2 * (handler + offset), O.opname[self.dc.plain_instrs[handler + offset][0]], ''))
            self.depths[handler + offset] = level + 6
        self.budget -= 3
        lines = [pad + 'at = %d' % handler,
                 pad + 'f.i = %d' % (handler + 1),   # (f_lineno, seen from __exit__)
                 pad + 'func = %s' % s[base],
                 pad + '%s, %s, %s, %s = %s, %s, %s, NULL' % (s[base], s[base + 1], s[base + 2], s[base + 3],
                                                          s[base + 1], s[base + 2], s[base + 3]),
                 pad + 'v = EXIT_WITH(f, entry, func, %s, %s, %s)' % (s[base + 6], s[base + 5], s[base + 4]),
                 pad + 'func = None',
                 pad + 'at = %d' % (handler + 1),
                 pad + 'if v:',
                 pad + '    v = None',
                 pad + '    POP_EXCEPT_IN_TRACE(f, %s, %s, %s)' % (s[base + 2], s[base + 1], s[base]),
                 pad + '    %s = None' % ' = '.join(s[base:])]
        self.size += len(lines)
        lines.extend(self.path(handler + 3, _canonical(base), indent + 4, set(stored) - self.deletable,
                               branches, steps + 3))
        lines.append(pad + 'v = None')
        lines.extend(self._end_finally(handler + 2, shifted, indent, steps + 2, s[base:base + 3])[:-1])
        lines.extend(self.exit(handler + 2, shifted, indent, steps + 2))
        return lines

    def try_region(self, index: int, handler: int, names: List[str], indent: int, stored: set,
                   branches: int, steps: int) -> List[str]:
        """After the SETUP_FINALLY (or SETUP_WITH) at `index` whose handler is at `handler` (catches):
        the rest of the path as a host `try:`, whose `except` keeps in the trace an exception the
        loop would unwind to that handler (unwind.caught_here), then the handler's code. The
        handler runs after the host `try` statement, not in its `except` clause: the host gives
        its handled exception back when an `except` clause is left, and the handler's exits
        leave it with the program's exception still handled (its EXCEPT_HANDLER block open).

        The host `try` holds everything the path writes from there, past the block's POP_BLOCK
        too (every way of the path ends in it: a `continue`, a `break`, an exit, a return or a
        raise). Once the block is popped (or a block set up inside it is innermost, a `finally`
        or a `with` whose exception's way the loop runs) caught_here says no and the exception
        goes on out, as before. Caught, it gets what the loop's exception_unwind gives it
        (unwind.catch_in_trace: the frame's traceback entry at the instruction that raised,
        `at`, the EXCEPT_HANDLER block, sys.exc_info()); the value stack above the block's level,
        and the temporaries of the instruction that raised, are dropped first, as the loop's
        unwinding drops them."""
        pad = ' ' * indent
        # (the stack's depth at the block: SETUP_WITH's value of __enter__ is pushed above it)
        level = len(names) - (self.dc.plain_instrs[index][0] == O.SETUP_WITH)
        caught = 'c%d' % handler
        self.regions.append(handler)
        self.region_levels.append(level)
        try:
            body = self.path(index + 1, names, indent + 4, set(stored), branches, steps)
        finally:
            self.regions.pop()
            self.region_levels.pop()
        text = '\n'.join(body)
        dropped = sorted(set(int(k) for k in re.findall(r'\bs(\d+)\b', text) if int(k) >= level))
        dropped_names = ['s%d' % k for k in dropped] + sorted(
            set(re.findall(r'\b(v|w|obj|res|func|args|kwargs|values|nf|tf|run|intercept)\b', text)))
        lines = [pad + 'try:'] + body + [
            pad + 'except BaseException as e%d:' % handler,
            # (one line, a re-raise: static_at's flow takes it as silent, tier2_peephole._SILENT)
            pad + '    if not HANDLES(f, e%d, %d): raise' % (handler, handler),
            pad + '    %s = e%d' % (caught, handler)]
        if dropped_names:
            lines.append(pad + '%s = None' % ' = '.join(dropped_names))
        handled = _canonical(level + 6)
        lines.append(pad + '%s = CATCH(f, %s, %s)' % (', '.join(handled[level:]), caught, _CAUGHT_AT % caught))
        lines.append(pad + '%s = None' % caught)
        lines.append(pad + 'at = %d' % handler)
        self.size += len(lines) - len(body)
        self.max_depth = max(self.max_depth, len(handled))
        if self.dc.plain_instrs[handler][0] == O.WITH_CLEANUP_START:
            return lines + self.with_cleanup(handler, level, indent, stored, branches, steps)
        self.exception_ways.append(len(handled))
        try:
            return lines + self.path(handler, handled, indent, set(stored) - self.deletable, branches, steps)
        finally:
            self.exception_ways.pop()

    def _raise(self, index: int, arg: int, names: List[str], pad: str, exit_before: Any) -> Any:
        """RAISE_VARARGS 1 or 2 (an exception, and its cause) as the host's `raise` where the
        innermost try_region's handler takes it (caught_here's test, before anything is done);
        elsewhere an exit before it: the loop raises it (a host raise out of the trace, caught
        by the loop, costs more than the exit)."""
        result = Result()
        if self.regions:
            result.lines.append(pad + 'if not f.blocks or f.blocks[-1][1] != %d or TRACE_REQUESTED[0]:'
                                % self.regions[-1])
            result.lines.extend(exit_before(len(pad) + 4))
            result.lines.append(pad + 'raise RAISING([%s], %d)' % (', '.join(names[-arg:]), arg))
        elif self.function and not self.resumed:
            # a body's raise that no block of its frame takes (none open, or only except blocks
            # being run: `raise Other(...)` in an except clause) leaves the function: a host raise,
            # which the body's own except clause unwinds out of the frame (unwound_out_of_body),
            # not an exit (a body left early every time it raises is dropped at its review, and
            # then every trace calling it exits at the call)
            result.lines.append(pad + 'if not RAISES_OUT(f):')
            result.lines.extend(exit_before(len(pad) + 4))
            if self.open:   # (inside an inner loop's `while True:`)
                result.lines.append(pad + 'raise RAISING([%s], %d)' % (', '.join(names[-arg:]), arg))
                return result
            # out of the body's own `while True:` to its unwinding after it, as its `except`
            # clause would be entered (the values under the operands its stack), without the
            # host raise: the context chained as the host's `raise` (and 3.8's) chains it
            result.lines.extend([pad + 'thrown = RAISING([%s], %d)' % (', '.join(names[-arg:]), arg),
                                 pad + 'CHAIN_CONTEXT(thrown)',
                                 pad + 'f.stack[:] = (%s)' % ''.join(name + ', ' for name in names[:-arg]),
                                 pad + 'f.i = %d' % (index + 1),
                                 pad + 'at = %d' % index,
                                 pad + 'break'])
        else:
            result.lines.extend(exit_before(len(pad)))
        return result

    def _class_init(self, site: Any, arg: int, names: List[str], ctx: Any, indent: int) -> Any:
        """CALL_FUNCTION of a class that tier 1 calls inline (CALL_FUNCTION_CLASS_INIT: `site`
        holds the class, its VM `__init__` and its builtin `__new__`): guarded on them, the
        instance from that `__new__` and `__init__` run by its compiled body as a call two
        levels deep (3.8's type_call, then the frame), its value checked as slot_tp_init checks
        it, the instance the call's value; the generic call where the guard fails or `__init__`
        has no body yet (type's call, the host call counting it: tier2_calls.host_call)."""
        pad = ' ' * indent
        generic = translate('CALL_FUNCTION', arg, names, ctx, pad + '    ')
        if site.cls is None or not generic.falls:
            return _outdented(generic, pad)
        target = generic.falls[0].names[-1]
        func, args = names[-arg - 1], names[len(names) - arg:]
        cls, init = self.constant(site.cls, own=True), self.constant(site.init, own=True)   # (repoint's)
        new, dc = self.constant(site.new), self.constant(site.dc)
        lines = self._body_lookup(pad, '%s is %s and type(%s) is type and %s.__init__ is %s and %s.__new__ is %s and %s._dc is %s'
                                  % (func, cls, func, func, init, func, new, init, dc), dc, ctx)
        # (a class of the same name: the class statement run again, as a program run again in one
        # process, or a class made by a function: the guard's class and `__init__` re-pointed)
        repoint = "if type(%s) is type and %s.__name__ == %r: REPOINT(globals(), %s, %r, %r, '__init__')" % (
            func, func, site.cls.__name__, func, cls, init)
        lines.append(pad + '    v = %s(%s)' % (new, ', '.join([func] + args)))
        if site.exact:   # (the pooled frame of a plain call: tier 1's POOLED_FRAME)
            lines += self._pooled_frame(pad, init, dc, ['v'] + args, site.dc)
        else:   # (bound as a host call binds them: defaults, keywords, cells)
            lines += [pad + '    nf = %s.make_frame((%s), None)' % (init, ''.join(name + ', ' for name in ['v'] + args)),
                      pad + '    args = None']
        lines += [pad + '    w = run(f, nf, entry, 2)',
                  pad + '    nf = run = None',
                  pad + '    if w is not None:',   # (as 3.8's slot_tp_init, raised at the call)
                  pad + "        raise TypeError(\"__init__() should return None, not '%.200s'\" % (type(w).__name__,))",
                  pad + '    %s = v' % target,
                  pad + '    v = None',
                  # (the body called host code that set a trace or profile function: the loop hands over)
                  pad + '    ' + TRACED_EXIT + '; '.join(line.strip() for line in ctx.call_exit(
                      None, generic.falls[0].names, 0)),
                  pad + 'else:',
                  pad + '    ' + repoint]
        generic.lines[0:0] = lines
        return generic

    def _binary_dunder(self, name: str, arg: Any, names: List[str], ctx: Any, indent: int) -> Any:
        """A binary operator whose dunder host code has called (tier2_calls.DUNDER_SITES: the VM
        function, the class of its `self`): guarded on both operands being of that class
        exactly (3.8's binary_op1 then calls the left operand's slot only, no reflected one),
        the class's dunder still that function with the same code, and the function's compiled
        body; then that body runs as a call one level deep (slot_nb_* calls the function, whose
        frame counts) with the caller's position written, and a NotImplemented it returns raises
        3.8's TypeError (with the same type on both sides nothing else is tried: a class with a
        built-in base other than object, whose `+` and `*` could fall back to sq_concat and
        sq_repeat, is not guarded); the generic operator otherwise."""
        pad = ' ' * indent
        generic = translate(name, arg, names, ctx, pad + '    ')
        dunder = _DUNDER_OF[name]
        cls, func = (alive() for alive in tier2_calls.DUNDER_SITES.get((self.dc, dunder), (_dead, _dead)))
        if cls is None or func is None:   # (none yet, or its class gone: tier2_calls.compile_again)
            self.unhinted.add(dunder)
        if (not generic.falls or type(cls) is not type or type(func) is not Function
                or not func._dc.simple or func._dc.argcount != 2 or func._dc.is_generator
                or any(not base.__flags__ & _HEAPTYPE for base in cls.__mro__ if base is not object)):
            return _outdented(generic, pad)
        target = generic.falls[0].names[-1]
        left, right = names[-2], names[-1]
        dc = func._dc
        C, F, D = self.constant(cls, own=True), self.constant(func, own=True), self.constant(dc)   # (repoint's)
        symbol = I.BINARY_SYMBOLS[name[len('BINARY_'):]]
        lines = self._body_lookup(pad, 'type(%s) is %s and type(%s) is %s and %s.%s is %s and %s._dc is %s'
                                  % (left, C, right, C, C, dunder, F, F, D), D, ctx)
        repoint = 'if type(%s) is type(%s) and type(%s).__name__ == %r: REPOINT(globals(), type(%s), %r, %r, %r)' % (
            left, right, left, cls.__name__, left, C, F, dunder)   # (as _class_init's)
        lines += self._pooled_frame(pad, F, D, [left, right], dc)
        lines += [pad + '    w = run(f, nf, entry)',
                 pad + '    nf = run = None',
                 pad + '    if w is NotImplemented:',   # (binop_type_error, at the operator)
                 pad + "        raise TypeError(\"unsupported operand type(s) for %s: '%%.100s' and '%%.100s'\" %% ("
                 "type(%s).__name__, type(%s).__name__))" % (symbol, left, right),
                 pad + '    %s = w' % target,
                 pad + '    w = None',
                 # (the body called host code that set a trace or profile function: the loop hands over)
                 pad + '    ' + TRACED_EXIT + '; '.join(line.strip() for line in ctx.call_exit(
                     None, generic.falls[0].names, 0)),
                 pad + 'else:',
                 pad + '    ' + repoint]
        generic.lines[0:0] = lines
        return generic

    def _value_now(self, index: int, wanted: int) -> Any:
        """What the value `wanted` values down the stack before instruction `index` would be
        now, read from the frame the code was compiled from (self.frame), where the instruction
        that pushed it is in the same straight run (`fib(n - 1)`: the load, the arguments'
        instructions, the call; no jump in or out between): a global's or a local's value
        (LOAD_GLOBAL, LOAD_NAME, LOAD_FAST), or what a method call would call (LOAD_METHOD: the
        name in its object's class, looked up with no code run); else None. A hint only: a call
        is guarded on what it finds (_known_call)."""
        frame = self.frame
        raw = self.dc.raw
        k = index
        while frame is not None and k > 0 and k not in self.targets:
            k -= 1
            opcode, oparg = raw[k]
            if opcode in _NOT_STRAIGHT:
                return None
            if opcode == O.NOP:   # (an EXTENDED_ARG prefix or a NOP: no values)
                continue
            popped = pops(opcode, oparg or 0)
            pushed = popped + O.stack_effect(opcode, oparg or 0, jump=False)
            if wanted <= pushed:
                arg = self.dc.plain_instrs[k][1]
                if opcode == O.LOAD_FAST and type(frame.fast) is list:
                    return frame.fast[arg]
                if opcode in (O.LOAD_GLOBAL, O.LOAD_NAME) and type(frame.globals) is dict:
                    return frame.globals.get(arg)
                if opcode == O.LOAD_METHOD and wanted == 2:
                    obj = self._value_now(k, 1)
                    for klass in type(obj).__mro__:
                        if arg in vars(klass):   # (a class's own names: str keys, no code run)
                            return vars(klass)[arg]
                return None
            wanted += popped - pushed
        return None

    def _known_call(self, name: str, arg: int, names: List[str], ctx: Any, indent: int) -> Any:
        """CALL_FUNCTION, CALL_FUNCTION_KW or CALL_METHOD `arg` of what is now a VM function
        (_value_now: a global's, a local's, a class's method) whose binding plan for the call (vm/frame.py's _plan) needs no *args,
        no keyword-only default and no cell made: guarded on the callee being that function
        with the same code (and the same defaults tuple, where it takes some), its frame from
        its pool with its locals laid out as the call site knows them (the arguments, the
        defaults, its closure's cells), and its compiled body run; the generic call where the
        guard fails or it has no body yet (which counts the call); None where no such
        function is known (the caller translates the generic call)."""
        keywords: tuple = ()
        if name == 'CALL_FUNCTION_KW':
            load = self.dc.plain_instrs[ctx.index - 1]
            if load[0] != O.LOAD_CONST or type(load[1]) is not tuple or ctx.index in self.targets:
                return None
            keywords = load[1]
        # the callee's place on the stack (CALL_METHOD: the function LOAD_METHOD found, its
        # object the first argument), the arguments above it, the keywords' names last
        below = len(names) - arg - (name != 'CALL_FUNCTION')
        func = self._value_now(ctx.index, len(names) - below + 1)
        if type(func) is not Function:   # (None: nothing known)
            return None
        dc = func._dc
        if dc.is_generator or dc.ncells:
            return None
        given = arg + (name == 'CALL_METHOD')   # (the values bound: the method's object first)
        plan = _plan(dc, given - len(keywords), dict.fromkeys(keywords))
        if plan is None or plan[3] or plan[5] >= 0:
            return None
        count, slots, from_defaults = plan[:3]
        defaults = func._defaults or ()
        first = dc.argcount - len(defaults)
        if from_defaults and (from_defaults[0] < first or any(type(value) not in _ATOMS for value in defaults)):
            return None   # (a default missing; or one the translated code must not keep alive)
        pad = ' ' * indent
        generic = translate(name, arg, names, ctx, pad + '    ')
        if not generic.falls:
            return generic
        target = generic.falls[0].names[-1]
        callee, values = names[below - 1], names[below:below + given]
        layout = ['NULL'] * (dc.nlocals + len(dc.cell_names))
        layout[:count] = values[:count]
        for slot, value in zip(slots, values[count:]):
            layout[slot] = value
        # (any function of that code: a program run again in the same process makes new ones)
        D = self.constant(dc)
        guard = 'type(%s) is Function and %s._dc is %s' % (callee, callee, D)
        if from_defaults:   # (a tuple, of constants where they are: the same one, the same values)
            guard += ' and %s._defaults is %s' % (callee, self.constant(func._defaults))
            for slot in from_defaults:
                layout[slot] = self.constant(defaults[slot - first])
        if dc.cell_names:   # (its free variables: the closure's cells, last of its locals)
            layout[dc.nlocals:] = ['*%s._closure' % callee]
        # (a function's Body, once it has one, is its code's for good: its `run` read as is)
        run = '%s.run' % self.constant(dc.body) if dc.body is not None else '(%s.body or NO_BODY).run' % D
        fast = '[%s]' % ', '.join(layout)
        lines = [pad + 'run = %s' % run,
                 pad + 'if %s and run is not None:' % guard,
                 pad + '    f.i = %d' % (ctx.index + 1),   # (PUSH_FRAME's: f_lineno seen from the callee)
                 pad + '    pool = %s._pool' % callee,     # (tier 1's POOLED_FRAME)
                 pad + '    if pool:',
                 pad + '        nf = pool.pop()',
                 pad + '        nf.fast = %s' % fast,
                 pad + '    else:',
                 pad + '        nf = new_frame(%s, %s, %s._globals, %s._builtins, None, %s)' % (
                     D, fast, callee, callee, callee),
                 pad + '    %s = run(f, nf, entry)' % target,
                 pad + '    nf = run = None']
        cleared = [value for value in names[below:] if value != target and value[:1] == 's' and value[1:].isdigit()]
        if cleared:
            lines.append(pad + '    %s = None' % ' = '.join(cleared))
        generic.lines[0:0] = lines + [pad + 'else:']
        return generic

    def _instance_call(self, arg: int, names: List[str], ctx: Any, indent: int) -> Any:
        """CALL_FUNCTION of an instance whose class's `__call__` is a VM function that host code
        has called from this code (tier2_calls.DUNDER_SITES, as _binary_dunder's hint): guarded
        on the callee being an instance of that class exactly, its `__call__` still that function
        with the same code; then its compiled body runs as a call two levels deep (3.8's
        _PyObject_MakeTpCall counts one, then slot_tp_call's function its frame: as
        hostcalls.entered_depth counts the loop's), the instance its first argument; the generic call where the guard fails or it has
        no body yet. None where no hint is live (the caller translates the generic call)."""
        cls, func = (alive() for alive in tier2_calls.DUNDER_SITES.get((self.dc, '__call__'), (_dead, _dead)))
        if cls is None or func is None:
            self.unhinted.add('__call__')
            return None
        if (type(cls) is not type or type(func) is not Function or func._dc.is_generator
                or any(not base.__flags__ & _HEAPTYPE for base in cls.__mro__ if base is not object)):
            return None
        pad = ' ' * indent
        generic = translate('CALL_FUNCTION', arg, names, ctx, pad + '    ')
        if not generic.falls:
            return None
        target = generic.falls[0].names[-1]
        callee, args = names[-arg - 1], names[len(names) - arg:]
        dc = func._dc
        C, F, D = self.constant(cls, own=True), self.constant(func, own=True), self.constant(dc)   # (repoint's)
        lines = self._body_lookup(pad, 'type(%s) is %s and %s.__call__ is %s and %s._dc is %s'
                                  % (callee, C, C, F, F, D), D, ctx)
        if dc.simple and dc.argcount == arg + 1:   # (the pooled frame of a plain call)
            lines += self._pooled_frame(pad, F, D, [callee] + args, dc)
        else:   # (bound as a host call binds them: defaults, keywords, cells)
            lines += [pad + '    nf = %s.make_frame((%s), None)' % (F, ''.join(name + ', ' for name in [callee] + args)),
                      pad + '    args = None']
        lines += [pad + '    %s = run(f, nf, entry, 2)' % target,
                  pad + '    nf = run = None',
                  # (the body called host code that set a trace or profile function: the loop hands over)
                  pad + '    ' + TRACED_EXIT + '; '.join(line.strip() for line in ctx.call_exit(
                      None, generic.falls[0].names, 0)),
                  pad + 'else:',
                  pad + "    if type(%s).__name__ == %r: REPOINT(globals(), type(%s), %r, %r, '__call__')"
                  % (callee, cls.__name__, callee, C, F)]
        generic.lines[0:0] = lines
        return generic

    @staticmethod
    def _body_lookup(pad: str, guard: str, dc: str, ctx: Any) -> List[str]:
        """The head of a direct call of a VM function's compiled body (_class_init,
        _binary_dunder): `run`, the body of decoded code `dc` where host condition `guard` holds
        (counted as a call from compiled code, compiled when warm), else None; where it is set,
        the caller's position written (PUSH_FRAME's: f_lineno seen from the callee), the call's
        lines to follow at the indent of `pad` + 4."""
        return [pad + 'run = None',
                pad + 'if %s:' % guard,
                pad + '    run = (%s.body or NO_BODY).run' % dc,
                pad + '    if run is None:',
                pad + '        run = BODY_OF_CODE(%s)' % dc,
                pad + 'if run is not None:',
                pad + '    f.i = %d' % (ctx.index + 1)]

    @staticmethod
    def _pooled_frame(pad: str, func: str, dc: str, arguments: List[str], decoded: Any) -> List[str]:
        """`nf`, the frame of a plain call of VM function `func` (decoded code `dc`, the Decoded
        `decoded`) with exact positional `arguments`: one its pool holds, else a new one, as tier
        1's POOLED_FRAME (the body itself starts it at instruction 0)."""
        return [pad + '    args = [%s]' % ', '.join(arguments + ['NULL'] * len(decoded.local_tail)),
                pad + '    if %s._pool:' % func,
                pad + '        nf = %s._pool.pop()' % func,
                pad + '        nf.fast = args',
                pad + '    else:',
                pad + '        nf = new_frame(%s, args, %s._globals, %s._builtins, None, %s)' % (dc, func, func, func),
                pad + '    args = None']

    def _pop_except(self, arg: Any, names: List[str], pad: str) -> Any:
        """POP_EXCEPT (its body hands the stack to unwind.pop_except) with the three values of
        the exception state it restores named."""
        result = Result()
        result.lines.append(pad + 'POP_EXCEPT_IN_TRACE(f, %s, %s, %s)' % (names[-1], names[-2], names[-3]))
        result.falls.append(State(names[:-3], arg))
        return result

    def _generator_items(self, result: Any, index: int, names: List[str], indent: int,
                         exit_before: Any) -> List[str]:
        """FOR_ITER (translated into `result`) over a VM generator: its item from the generator's
        compiled step, run as a call (vm/tier2_generators.py's next_item), or, where it has none,
        an exit before FOR_ITER, the loop resuming it inline (a host next() per item would cost
        a nested loop; a loop over such a generator then does too little per entry, and its trace
        is dropped at the review). The guard lines to put before `result`'s."""
        pad = ' ' * indent
        iterator = names[-1]
        fetch = pad + 'v = next(%s, NULL)' % iterator
        if not tier2_calls.NESTED_CALLS or not result.lines or result.lines[0] != fetch:
            return [pad + 'if type(%s) is Generator:' % iterator] + exit_before(indent + 4)
        result.lines[0:1] = ([pad + 'if type(%s) is Generator:' % iterator,
                              pad + '    f.i = %d' % (index + 1)]   # (its depth: this frame is in no call)
                             + tier2_generators.resumption(pad + '    ', iterator, 'None', False)
                             + [pad + '    if v is NOT_HERE:']
                             + exit_before(indent + 8)
                             + [pad + 'else:', '    ' + fetch])
        return []

    def _yield(self, index: int, names: List[str], indent: int, steps: int) -> List[str]:
        """YIELD_VALUE in a generator's step: the item returned, the frame left as the loop's
        YIELD_VALUE leaves it (the rest of its stack written back, f.i after the yield, its block
        stack as it is: a `try` or `with` around the yield is still open when it is resumed);
        inside an except block an exit before it, the loop yielding it (the handled exception's
        state goes with the generator then, gi_exc_state)."""
        pad = ' ' * indent
        self.budget -= 1
        self.uops.append('%4d %-24s %s' % (2 * index, 'YIELD_VALUE', ''))
        self.loop_lengths.append(steps + 1)
        if not self.has_blocks():   # (no block can be open, an except block neither)
            return self._suspend(names, index + 1, indent)
        return [pad + 'if f.blocks and unwind.in_handler(f):'] + self.exit(index, names, indent + 4, steps) + self._suspend(
            names, index + 1, indent)

    def has_blocks(self) -> bool:
        """Whether the code sets up any block (SETUP_*): else f.blocks is empty wherever it runs."""
        return any(op in _SETUPS for op, _ in self.dc.plain_instrs)

    def _suspend(self, names: List[str], resume: int, indent: int) -> List[str]:
        """A step's return of the item names[-1], the rest of its stack written back, the frame
        suspended to go on at instruction `resume`."""
        pad = ' ' * indent
        lines = []
        rest = names[:-1]
        if len(rest) == 1:
            lines.append(pad + 'stack.append(%s)' % rest[0])
        elif rest:
            lines.append(pad + 'stack.extend((%s))' % ', '.join(rest))
        lines += [pad + 'f.i = %d' % resume, pad + 'f.yielded = True'] + self._unlinked(pad)
        if resume == self.resume_key and not self.draining and KEPT_STEPS:
            lines.append(pad + 'gen._kept_step = step')   # (resumed from here again: by this step)
        return lines + [pad + 'return %s' % names[-1]]

    def _unlinked(self, pad: str) -> List[str]:
        """Where a step (not a drain step) returns or exits: the generator's frame unlinked, as
        the loop's YIELD_VALUE leaves it (the links its prologue made)."""
        if self.draining:
            return []
        own = ['f.gen = None', 'gen._running = False']
        return [pad + line for line in _UNLINK_STEP + own]

    def _returned(self, pad: str, value: str) -> List[str]:
        """A step's return of the generator's value `value`: the frame unlinked, the generator
        finished as the loop's RETURN_VALUE leaves it; NULL, the value in RETURNED[0] when the
        step is delegated to (`yield from`, `await`); await_call's (UNMADE) always is."""
        own = self._unlinked('')[len(_UNLINK_STEP):] + ['gen._frame = None', 'if delegating:', '    RETURNED[0] = %s' % value]
        if self.fresh:
            own = ['if gen is UNMADE:', '    RETURNED[0] = %s' % value, 'else:'] + ['    ' + line for line in own]
        return [pad + line for line in _UNLINK_STEP + own + ['return NULL']]

    def build_step(self) -> Any:
        """(TraceInfo, host function) of a generator's step (build_step), or (None, None) when it
        would not get far."""
        code = self.dc.code
        start = self.head
        names = _canonical(self.depth)
        body = peephole(self.path(start, names, 12, set(), 0, 0, first=True), set(names))
        if not self.loop_lengths and max(self.prefixes or [0]) < 2:
            # (exits at once: the loop runs it; one that returns or yields at once is done, as
            # `return (yield x)` resumed at its return, which a delegation's next_item runs)
            return None, None
        # (`entry`: the running loop's registration, which its calls link their frames to, as a
        # body's do; vm/tier2_generators.py's next_item has it at hand)
        comment = '    # %s, resumed at offset %d (line %d)' % (code.co_name, 2 * start, self.dc.line_of(start))
        if self.draining:
            lines = ['def step(f, entry, D):', comment]
        else:   # (the frame `f` of generator `gen`, resumed by `caller` with the value `sent`)
            lines = ['def step(gen, f, caller, entry, sent=None, delegating=True, levels=1):', comment] + self._step_links()
        lines += ['    stack = f.stack', '    fast = f.fast']
        if self.entry_checks:   # (a local read before it is bound: the loop raises the error)
            lines.append('    if %s:' % ' or '.join('fast[%d] is NULL' % n for n in sorted(self.entry_checks)))
            lines.append('        f.i = %d' % start)
            lines.extend(self._unlinked(' ' * 8))
            lines.append('        return EXIT')
        text = '\n'.join(body)
        for name, value in (('glb', 'f.globals'), ('bltn', 'f.builtins')):
            if re.search(r'\b%s\b' % name, text):   # (only the registers the step reads)
                lines.append('    %s = %s' % (name, value))
        stacked = names[:-1] if self.sent and not self.draining else names   # (the value sent: an argument)
        if len(stacked) == 1:   # (a pop: a third of the unpacking's and clearing's cost)
            lines.append('    %s = stack.pop()' % stacked[0])
        elif stacked:
            lines.append('    %s, = stack' % ', '.join(stacked))
            lines.append('    stack.clear()')
        if stacked != names:
            lines.append('    %s = sent' % names[-1])
        lines.append('    %s = None' % ' = '.join(_canonical(self.max_depth + 1)[self.depth:]))
        self.depths.setdefault(start, self.depth)
        lines.append('    try:')
        lines.append('        at = %d' % start)
        lines.append('        while True:')
        lines.extend(body)
        lines.append('    except BaseException as raised:')
        lines.append('        stack[:] = (%s,)[:DEPTH[at]]' % ', '.join(_canonical(self.max_depth + 1)))
        lines.append('        f.i = at + 1')
        if self.draining:
            lines.append('        raise')
            return self._finish(lines, start)
        # the rest of the resumption in a loop of its own, from where the step left the frame
        # (after the host's `except` clause: see build_body)
        lines.append('        thrown = raised')
        lines.extend(self._unlinked('    '))
        lines.extend(['    try:',
                      '        return STEP_LEFT(gen, f, thrown, delegating, step)',
                      '    finally:',
                      "        thrown = None   # (no cycle through this frame's traceback entry)"])
        return self._finish(lines, start)

    def _step_links(self) -> List[str]:
        """A step's prologue: where generator `gen`'s frame `f` is suspended at the step's resume
        index, `f` linked to `caller` as the loop's RESUME_GENERATOR links it (gi_running, f_back,
        its depth, the running loop's current frame: sys._getframe, tracebacks and f_lineno see what
        they would in the loop), the value `sent` taken; elsewhere (a step kept on the generator,
        Generator._kept_step, that no longer fits) next_item's, which finds the step from there or
        leaves the generator to the loop; NOT_HERE, nothing done, where the loop is to resume it
        (running, suspended in an except block, a trace function set, too deep in host calls). A
        fresh step's `gen` may be UNMADE: await_call's frame, which it checked itself."""
        key = self.resume_key
        own = ['if f is None or f.i != %d%s:' % (key, '' if key else ' or sent is not None'),
               '    return NEXT_ITEM(caller, gen, entry, sent, delegating, levels)',
               # (a trace or profile function set: the loop hands over, reporting it)
               'if gen._running or gen._exc_state is not None or TRACE_REQUESTED[0] or BODIES_RUNNING[0] >= %d:'
               % tier2_calls.MAX_CALL_DEPTH,
               '    return NOT_HERE',
               'if depth >= LIMIT[0]:',   # (3.8's error, the generator finished; or the state after one)
               '    RESUMED_AT_LIMIT(caller, gen, LIMIT[0])']
        if key and not self.sent:   # (a POP_TOP there: the value sent is dropped)
            own.append('f.i = %d' % self.head)
        own = ['depth = caller.depth + levels'] + own + ['gen._running = True', 'f.gen = gen', 'f.depth = depth']
        if self.fresh:   # (await_call's frame: its coroutine not made yet, UNMADE in its place)
            own = ['if gen is UNMADE:', '    f.depth = caller.depth + 1', 'else:'] + ['    ' + line for line in own]
        return ['    ' + line for line in own + ['f.back = caller', 'entry.loop_frame = f', 'BODIES_RUNNING[0] += 1']]

    def inner_loop(self, head: int, names: List[str], indent: int, stored: set, branches: int,
                   steps: int) -> List[str]:
        """At the head of an inner loop: the loop as a host `while True:` (its back edges a
        `continue`, its way out a `break`), then the code after it."""
        pad = ' ' * indent
        lines: List[str] = []
        settled = self._settle(names, indent, lines)
        after = self.loop_end(head)
        loop = InnerLoop(head, len(settled), after, steps)
        then, target = self.dc.plain_instrs[after]
        if then == O.JUMP_ABSOLUTE:   # (a jump threaded through it, to where it jumps, leaves the loop too)
            loop.ways_out = (after, target)
        if not self.function:   # (its iterations counted for the trace's review)
            self.inner_lengths.append([])
            loop.slot = len(self.inner_lengths)
        self.open.append(loop)
        try:
            lines.append(pad + 'while True:')
            lines.extend(self.path(head, settled, indent + 4, set(stored) - self.deletable, branches, steps,
                                   first=True))
        finally:
            self.open.pop()
        depths = loop.breaks
        if not depths:   # (every path of it loops or leaves the trace)
            return lines
        if len(set(depths)) != 1:
            raise Untranslatable('an inner loop left with different stack depths')
        return lines + self.path(after, _canonical(depths[0]), indent, stored, branches, steps)

    def loop_end(self, head: int) -> int:
        """The instruction after the loop whose head is `head` (where its `break` goes)."""
        opcode, arg = self.dc.plain_instrs[head]
        if opcode == O.FOR_ITER:
            return arg
        return 1 + max(k for k, (op, target) in enumerate(self.dc.plain_instrs)
                       if op in _JUMPS_BACK and target == head)

    def join_of(self, branch: int, target: int) -> Optional[int]:
        """Where the two ways of the conditional jump at `branch` (to `target`, else on) meet: the
        first instruction m reached from the jump such that no way from it passes m without
        running it (every way either ends before m, at a `continue`, a `break`, a return or a raise,
        or goes through m); None when there is none inside the innermost loop the path is in.
        An inner loop counts as one step from its head to the instruction after it, as the host
        `while` it is written as (the ways out of its body are that `while`'s own business)."""
        plain = self.dc.plain_instrs
        if self.open:
            loop = self.open[-1]
            low, high, sinks = loop.head, loop.after - 1, loop.ways_out
        else:
            low, high, sinks = self.low, self.backedge, ()
        if not low <= branch < target <= high:
            return None
        reached = {branch + 1, target}
        reach = target   # the furthest instruction a way from before m gets to
        for m in range(branch + 1, high + 1):
            if m > reach:
                return None   # every way has ended
            if m not in reached:
                continue
            if reach <= m:
                return m
            opcode, arg = plain[m]
            if m in self.loop_heads and m != self.head:
                targets = [self.loop_end(m)]
            elif not opcode or opcode in _ENDS:
                targets = []
            elif opcode in _GOES_TO:
                targets = [arg]
            elif opcode in O.hasjrel or opcode in O.hasjabs:
                targets = [m + 1, arg]
            else:
                targets = [m + 1]
            for following in targets:
                if m < following <= high and following not in sinks:
                    reached.add(following)
                    reach = max(reach, following)
        return None

    def _continue(self, names: List[str], indent: int, steps: int) -> List[str]:
        """Back to the head of the innermost inner loop."""
        loop = self.open[-1]
        if len(names) != loop.depth:
            return self.exit(loop.head, names, indent, steps)
        lines: List[str] = []
        self._settle(names, indent, lines)
        if loop.slot:
            self.inner_lengths[loop.slot - 1].append(steps - loop.steps)
            lines.append(' ' * indent + 'N[%d] += 1' % loop.slot)
        else:
            self.loop_lengths.append(steps)
        return lines + [' ' * indent + 'continue']

    def _break(self, names: List[str], indent: int, steps: int) -> List[str]:
        """Out of the innermost inner loop, to the code after it."""
        lines: List[str] = []
        self._settle(names, indent, lines)
        self.open[-1].breaks.append(len(names))
        return lines + [' ' * indent + 'break']

    def _settle(self, names: List[str], indent: int, lines: List[str]) -> List[str]:
        """The stack names made canonical (s0, s1, ...) by a parallel assignment."""
        canonical = _canonical(len(names))
        if names != canonical:
            lines.append(' ' * indent + '%s = %s' % (', '.join(canonical), ', '.join(names))
                         + (',' if len(names) == 1 else ''))
        self.max_depth = max(self.max_depth, len(names))
        return canonical

    def build(self, worth: int) -> Any:
        """(TraceInfo, host function) of the loop, or (None, None) when it is not worth one (no
        path loops, and none runs `worth` instructions before it exits)."""
        head = self.head
        code = self.dc.code
        opcode, loop_exit = self.dc.plain_instrs[head]
        iterator = 's%d' % (self.depth - 1)
        if opcode == O.FOR_ITER and self.depth and self.iterator_type in _FOR_TYPES:
            # the head's FOR_ITER as the host's own `for` (as next(it, NULL) it runs the type's
            # tp_iternext; `for` would also call tp_iter, which these types' is the identity)
            self.iterates = True
            self.depths[head] = self.depth
            self.uops.append('%4d %-24s %s' % (2 * head, 'FOR_ITER', _shown(self.dc, head)))
            self.budget -= 1
            item = _canonical(self.depth + 1)
            body = peephole(self.path(head + 1, item, 12, set(), 0, 1), set(item))
            ended = self.exit(loop_exit, _canonical(self.depth - 1), 12, 1)
            loop = ['        for s%d in %s:' % (self.depth, iterator)] + body + \
                ['        else:', '            %s = None' % iterator] + ended
        else:
            body = peephole(self.path(head, _canonical(self.depth), 12, set(), 0, 0, first=True),
                            set(_canonical(self.depth)))
            loop = ['        while True:'] + body
        if not self.loops and max(self.prefixes or [0]) < worth:
            return None, None
        # (`entry`: the running loop's registration; `resume`: after the back edge entering it,
        # where an exception before the trace's own handler (a SIGINT) is the back edge's: every
        # back edge of the loop's head runs the same trace, tier2_backedges.Backedge.share)
        lines = ['def trace(f, entry, resume=%d):' % (self.entered_at + 1),
                 '    # %s, loop at offset %d (line %d)' % (code.co_name, 2 * head, self.dc.line_of(head)),
                 '    f.i = resume',
                 '    if gettrace() is not None or getprofile() is not None:',
                 '        return %d' % head,
                 '    if NEST[0] >= %d:' % MAX_NESTING,
                 '        return %d' % head,
                 '    C[0] -= 1',
                 '    if not C[0]:',
                 '        REVIEW()',
                 '    stack = f.stack',
                 '    if len(stack) != %d:' % self.depth,
                 '        return %d' % head]
        if self.iterates:   # (another type's iterator: the loop runs this FOR_ITER)
            lines.append('    if type(stack[-1]) is not %s:' % self.constant(self.iterator_type))
            lines.append('        return %d' % head)
        lines.append('    fast = f.fast')
        if self.entry_checks:
            lines.append('    if %s:' % ' or '.join('fast[%d] is NULL' % n for n in sorted(self.entry_checks)))
            lines.append('        return %d' % head)
        lines.append('    glb = f.globals')
        lines.append('    bltn = f.builtins')
        if self.depth:
            lines.append('    %s, = stack' % ', '.join(_canonical(self.depth)))
            lines.append('    del stack[:]')
        spare = ['s%d' % k for k in range(self.depth, self.max_depth + 1)]
        lines.append('    %s = None' % ' = '.join(spare))
        self.depths.setdefault(head, self.depth)
        lines.append('    NEST[0] += 1')
        lines.append('    try:')
        # inside the try: the host's `continue` jumps to the `while`, and CPython 3.11+ finds the
        # handler of an exception raised at that jump (a SIGINT) by the instruction before it
        lines.append('        at = %d' % head)
        lines.extend(loop)
        lines.append('    except BaseException:')
        everything = _canonical(self.max_depth + 1)
        lines.append('        stack[:] = (%s,)[:DEPTH[at]]' % ', '.join(everything))
        lines.append('        f.i = at + 1')
        lines.append('        raise')
        lines.append('    finally:')
        lines.append('        NEST[0] -= 1')
        return self._finish(lines, head)


    def build_body(self) -> Any:
        """(TraceInfo, host function) of the whole function (function mode, vm/tier2_calls.py), or
        (None, None) when it would not get far."""
        code = self.dc.code
        body = peephole(self.path(0, [], 12, set(), 0, 0, first=True), set())
        if max(self.loop_lengths or [0]) < 2 and max(self.prefixes or [0]) < 2:
            return None, None   # (exits at its first instruction: the loop runs it)
        everything = ', '.join(_canonical(self.max_depth + 1))
        # (`levels`: how much deeper than its caller 3.8 counts the frame, more than 1 where it
        # counts C-level calls in between: tier2_calls.host_call of an __init__, __repr__, __str__)
        lines = ['def body(caller, f, entry, levels=1):',
                 '    # %s, called (line %d)' % (code.co_name, code.co_firstlineno),
                 # as tier2_calls.call_frame for a function without a body: run in a loop
                 '    if TRACE_REQUESTED[0] or BODIES_RUNNING[0] >= %d:' % tier2_calls.MAX_CALL_DEPTH,
                 '        f.i = 0',
                 '        return RUN_NESTED(f, None)',
                 '    fast = f.fast']
        # (a local read before it is bound: the loop raises the error; the parameters are bound
        # at every call, a function with cells being never compiled: none moved to a cell)
        checks = sorted(n for n in self.entry_checks if n >= self.dc.total_args)
        if checks:
            lines.append('    if %s:' % ' or '.join('fast[%d] is NULL' % n for n in checks))
            lines.append('        f.i = 0')
            lines.append('        return RUN_NESTED(f, None)')
        lines.extend([
            # PUSH_FRAME's check and links, the running loop's current frame the callee
            '    depth = caller.depth + levels',
            # (at the limit: the loop raises 3.8's error, or runs the deepest frame's instructions)
            '    if depth + 1 >= LIMIT[0]:',
            '        f.i = 0',
            '        return RUN_NESTED(f, None)',
            '    f.depth = depth',
            '    f.back = caller',
            '    f.i = 0',
            '    entry.loop_frame = f',
            '    BODIES_RUNNING[0] += 1'] + _COUNTING)
        text = '\n'.join(body)
        for name, value in (('stack', 'f.stack'), ('glb', 'f.globals'), ('bltn', 'f.builtins')):
            if re.search(r'\b%s\b' % name, text):   # (only the registers the body reads)
                lines.append('    %s = %s' % (name, value))
        lines.append('    %s = None' % ' = '.join(_canonical(self.max_depth + 1)))
        self.depths.setdefault(0, 0)
        lines.append('    try:')
        lines.append('        at = 0')
        lines.append('        while True:')
        lines.extend(body)
        lines.append('    except BaseException as exc:')
        lines.append('        if at < 0:   # (raised by the loop that finished the frame: LEAVE)')
        lines.append('            raise')
        lines.append('        f.stack[:] = (%s,)[:DEPTH[at]]' % everything)
        lines.append('        f.i = at + 1')
        lines.append('        DROP_OWN_ENTRY(exc)')
        lines.append('        thrown = exc')
        # unwound after the host's `except` clause, which gives back the handled exception it
        # found when it is left: raised inside one of the body's except blocks (try_region),
        # the exception's unwinding restores the state saved under that block, which the host
        # would then overwrite on the way out
        lines.append('    try:')
        # no handler left in the frame (the common `raise` out of a function): unwound here,
        # without a loop of its own (and not a call left early for the body's review)
        lines.append('        if UNWOUND_OUT(f, thrown, at):')
        lines.append('            BODIES_RUNNING[0] -= 1')
        lines.append('            entry.loop_frame = caller')
        lines.append('            f.back = None')
        lines.append('            raise AS_RAISED(thrown)')
        lines.append('        return THROWN(caller, f, entry, thrown)')
        lines.append('    finally:')
        lines.append('        thrown = None   # (no cycle through this frame\'s traceback entry)')
        return self._finish(lines, 0)

    def _finish(self, lines: List[str], head: int) -> Any:
        """The TraceInfo and host function of the source `lines`."""
        namespace = new_namespace()
        namespace.update(_namespace())
        if lines[0].startswith('def trace('):
            # (a body or a step would load the names at every call: measured no faster)
            lines = mirror_locals(lines)
        static = None
        handlers = [k for k, line in enumerate(lines) if line in ('    except BaseException:', '    except BaseException as raised:')]
        if '    try:' in lines and handlers:   # (a step's handler names the exception: `raised`)
            static = static_at(lines, lines.index('    try:'), handlers[0])
        if static is not None:   # (no `at = ` markers: the handler reads its line's, LINE_AT)
            lines, namespace['LINE_AT'] = static
        lines = [re.sub(r'\bAT_OF\((\w+)\)', (r'LINE_AT.get(\1.__traceback__.tb_lineno, 0)' if static is not None
                                                else 'at'), line) if 'AT_OF(' in line else line for line in lines]
        tables: Dict[str, int] = {}
        if static is not None and _AT_BY_OFFSET:
            lines = [_by_offset(line, tables) for line in lines]
        source = '\n'.join(lines) + '\n'
        for number, value in enumerate(self.constants):
            namespace['K%d' % number] = value
        exit_counts = [0] * len(self.exits)
        namespace['X'] = exit_counts
        namespace['N'] = iterations = [0] * (1 + len(self.inner_lengths))
        namespace['C'] = [REVIEW]
        namespace['DEPTH'] = self.depths
        module = compile(source, _THIS_FILE, 'exec')
        if tables:
            namespace['raw_tb_lasti'] = raw_tb_lasti
            code = [const for const in module.co_consts if isinstance(const, CodeType)][0]
            for name, default in tables.items():
                namespace[name] = AtByOffset(code, namespace['LINE_AT'], default)
        exec(module, namespace)
        info = TraceInfo()
        info.code = self.dc.code
        info.head = head
        info.backedge = self.backedge
        info.uops = self.uops
        info.source = source
        info.exits = self.exits
        info.exit_counts = exit_counts
        info.iterations = iterations
        info.prefixes = self.prefixes
        info.loop_lengths = [self.loop_lengths] + self.inner_lengths
        info.reviewed = ([0] * len(iterations), [0] * len(self.exits), REVIEW, 0)
        info.namespace = namespace
        info.unhinted = frozenset(self.unhinted)
        if 'trace' in namespace:
            return info, own_jit_code(namespace['trace'])
        return info, namespace['step' if 'step' in namespace else 'body']


_base_namespace: Optional[Dict[str, Any]] = None

try:
    # On PyPy the globals of compiled code are a module's kind of dict: its JIT reads a name
    # of such a dict as a constant, which stays valid till the name is bound again (a
    # quasi-immutable version), where a plain dict costs a hash lookup for each name the code
    # reads (its constants, the VM's functions, its counters) at each use, as a residual call
    # (bench/FINDINGS.md, "Session 17, s17pyloop": nbody 5x, a body's call 3-7x faster).
    from __pypy__ import newdict as _newdict

    def new_namespace() -> Dict[str, Any]:
        """An empty dict for the globals of compiled code (PyPy: a module's kind of dict)."""
        return _newdict('module')
except ImportError:
    new_namespace = dict


try:
    from pypyjit import dont_trace_here as _dont_trace_here
except ImportError:
    _dont_trace_here = None


def own_jit_code(function: Any) -> Any:
    """`function` (a trace's host function: a loop); on PyPy with the loop's opaque namespaces
    (compat.OPAQUE_NAMESPACES), marked so that PyPy's JIT calls its compiled code instead of
    tracing it into the eval loop's. Compiled code reads the program's globals inline, so its
    JIT code depends on their module dicts' versions (a module's new key throws it away): kept
    out of the loop's JIT code, the loop and its bridges live on (bench/FINDINGS.md, "Session
    19, s19glob": bodies and steps marked so too lost more, in calls between them, than this
    saved).
    """
    if compat.OPAQUE_NAMESPACES and _dont_trace_here is not None:
        _dont_trace_here(0, False, function.__code__)
    return function


def _outdented(result: Any, pad: str) -> Any:
    """`result`, translated at the indent of `pad` + 4 to follow a guard, at that of `pad` (no
    guard written: _class_init, _binary_dunder)."""
    if not all(line.startswith(pad + '    ') for line in result.lines):
        raise Untranslatable('a line outside the guard')
    result.lines = [pad + line[len(pad) + 4:] for line in result.lines]
    return result


def _dead() -> None:
    """(a dead weak reference's answer: _binary_dunder's operator with no hint)"""
    return None


def repoint(namespace: Dict[str, Any], cls: Any, C: str, F: str, dunder: str) -> None:
    """Where class `cls` would have passed the tests of a guard's translation (_class_init's,
    _binary_dunder's) as well as the class constant `C` of the compiled code of `namespace` did:
    its `dunder`, found in its MRO without running a descriptor, a VM function with the same
    decoded code as the function constant `F`, its metaclass `type`, its bases other than object
    classes too: `C` and `F` (names of this guard's own: Projector.constant) re-pointed to
    them. The guard still tests every use."""
    if type(cls) is not type:
        return
    for base in cls.__mro__:
        if dunder in base.__dict__:
            func = base.__dict__[dunder]
            break
    else:
        return
    if (type(func) is Function and func._dc is namespace[F]._dc
            and all(base.__flags__ & _HEAPTYPE for base in cls.__mro__ if base is not object)):
        namespace[C], namespace[F] = cls, func


def _namespace() -> Dict[str, Any]:
    """The names instruction bodies use: those of the generated loops' modules (the prelude
    and the RARE table in eval_rare_generated.py, which every loop imports). Built whole before
    it is published: threads compiling at once may each build it, never see half of it."""
    global _base_namespace
    namespace = _base_namespace
    if namespace is None:
        from . import eval_rare_generated
        namespace = {k: v for k, v in vars(eval_rare_generated).items() if not k.startswith('__')}
        namespace['gettrace'] = sys.gettrace
        namespace['NEST'] = NEST
        # (compiled code reads the program's namespaces inline, compat.OPAQUE_NAMESPACES: own_jit_code)
        namespace['OPAQUE_NAMESPACES'] = namespace['OPAQUE_NAMES'] = False
        namespace['getprofile'] = sys.getprofile
        namespace['CALL_FRAME'] = tier2_calls.call_frame
        namespace['BODY_OF'] = tier2_calls.body_of
        namespace['BODY_OF_CODE'] = tier2_calls.body_of_code
        namespace['NO_BODY'] = tier2_calls.NO_BODY
        namespace['LEAVE'] = tier2_calls.leave
        namespace['THROWN'] = tier2_calls.thrown
        namespace['RUN_NESTED'] = tier2_calls.run_nested
        namespace['BODIES_RUNNING'] = tier2_calls.BODIES_RUNNING
        namespace['RETURNED_AT'] = tracebacks.returned_at
        namespace['LIMIT'] = tier2_calls.LIMIT
        namespace['EXIT'] = tier2_calls.EXIT
        namespace['NEXT_ITEM'] = tier2_generators.next_item
        namespace['STEP_LEFT'] = tier2_generators.step_left
        namespace['UNMADE'] = tier2_generators.UNMADE
        namespace['RESUMED_AT_LIMIT'] = limits.resume
        namespace['AWAIT_CALL'] = tier2_generators.await_call
        namespace['AWAITABLE_AT'] = tier2_generators.awaitable_at
        namespace['SEND_STEP'] = tier2_generators.send_step
        namespace['COROUTINE_SEND'] = tier2_generators.Coroutine.send
        namespace['DRAIN_CALL'] = tier2_generators.drain_call
        namespace['NO_DRAIN'] = tier2_generators.NO_DRAIN
        namespace['NOT_HERE'] = tier2_generators.NOT_HERE
        namespace['RETURNED'] = tier2_generators.RETURNED
        namespace['HANDLES'] = unwind.caught_here
        namespace['CATCH'] = unwind.catch_in_trace
        # RAISE_VARARGS 1/2: the host's `raise` of exception_to_raise's exception chains its
        # __context__ from the same handled exception as 3.8's _PyErr_SetObject (chain_context)
        namespace['RAISING'] = unwind.exception_to_raise
        namespace['POP_EXCEPT_IN_TRACE'] = unwind.pop_except_in_trace
        namespace['UNWOUND_OUT'] = unwind.unwound_out_of_body
        namespace['RAISES_OUT'] = unwind.raises_out_of_body
        namespace['RERAISES'] = unwind.reraises_here
        namespace['RERAISE_IN_TRACE'] = unwind.reraise_in_trace
        namespace['RERAISE_HELD'] = unwind.reraise_held
        namespace['EXIT_WITH'] = exit_with_exception
        namespace['AS_RAISED'] = unwind.as_raised
        namespace['CHAIN_CONTEXT'] = unwind.chain_context
        namespace['DROP_OWN_ENTRY'] = unwind.drop_own_entry
        namespace['REPOINT'] = repoint
        namespace['__builtins__'] = __builtins__
        _base_namespace = namespace
    return namespace


NEST = [0]   # traces running now (all threads)


def exit_with_exception(f: Any, entry: Any, exit_method: Any, exc_type: Any, value: Any, tb: Any) -> Any:
    """WITH_CLEANUP_START's call of `__exit__` for an exception, in compiled code (Projector's
    with_cleanup) run by the loop `entry`: the except block's level one lower (as unwind.exit_call
    leaves it: `__exit__`'s slot is gone from under the saved state); a VM method's frame run
    nested as the loop runs it, a frame of the loop (tier2_calls.call_frame: its compiled body,
    else a loop of its own), any other called by the host; its value."""
    blocks = f.blocks
    kind, handler, level = blocks[-1]
    blocks[-1] = (kind, handler, level - 1)
    if type(exit_method) is MethodType and type(exit_method.__func__) is Function:
        function = exit_method.__func__
        frame = function.make_frame((exit_method.__self__, exc_type, value, tb), None)
        if function._dc.is_generator:
            return make_generator(function, frame)
        return tier2_calls.call_frame(f, frame, entry)
    return exit_method(exc_type, value, tb)
tier2_generators.BUILD_STEP = build_step
tier2_calls.delegate_with(tier2_generators.delegated)


def describe(file: Any = None) -> None:
    """Print every trace compiled so far: its instructions and its host code (pipeline.dis --tier2)."""
    file = file or sys.stdout
    if not compiled:
        print('no traces compiled', file=file)
    for info in compiled:
        code = info.code
        if info.source.startswith('def body'):   # (vm/tier2_calls.py)
            print('body %s (%s, line %d): the whole function, called from compiled code' % (
                code.co_name, code.co_filename, code.co_firstlineno), file=file)
        elif info.source.startswith('def step'):   # (vm/tier2_generators.py)
            print('step %s (%s, line %d): the generator resumed at offset %d, to its next yield' % (
                code.co_name, code.co_filename, code.co_firstlineno, 2 * info.head), file=file)
        else:
            print('trace %s (%s, line %d): loop head offset %d, back edge offset %d' % (
                code.co_name, code.co_filename, info.code.co_firstlineno, 2 * info.head,
                2 * info.backedge), file=file)
        print('  instructions (the trace\'s paths, in the order written; host code names instruction'
              ' k, at offset 2k, by k):', file=file)
        for uop in info.uops:
            print('   ' + uop, file=file)
        inner = ''.join(', %d of inner loop %d' % (count, k + 1) for k, count in enumerate(info.iterations[1:]))
        print('  %d iterations%s; %s' % (info.iterations[0], inner, info.verdict), file=file)
        print('  exits: %s' % ', '.join(
            'offset %d (taken %d)' % (2 * index, count) for index, count in zip(info.exits, info.exit_counts)),
              file=file)
        print('  host code:', file=file)
        for line in info.source.splitlines():
            print('    ' + line, file=file)
        print(file=file)
