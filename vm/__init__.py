"""The VM: executes CPython 3.8 code objects (pipeline.compiler.code.CodeType) with 3.8's semantics.

Public API:
    run_code(code, globals)                 run module-level code in a namespace (sets __builtins__)
    eval_code(code, globals, locals=None)   run code with separate locals; its return value
    Function                                the type of functions defined by VM code
    Generator, Coroutine, AsyncGenerator    the types of VM generators
    hooks(trace, stats, trace_event, counts, step) context manager: per-instruction tracing
                                            (trace_event(file, line, offset, opname, arg, stack)),
                                            opcode counts by name into `counts`, and
                                            step(frame, index) before each instruction
    set_compiler(fn)                        fn(source, filename, mode) -> CodeType for exec/eval of strings
    set_tier(n)                             0: the plain loop; 1: the adaptive one; 2: with traces (vm/tiers.py)
    BytecodeCorruption                      raised for code objects the VM cannot run
    decode(code)                            validate a code object (raises BytecodeCorruption)

Exceptions escaping VM code carry host tracebacks whose entries are the program's own
frames (file, line, function name), so `traceback` shows CPython-3.8-like tracebacks
(entries made by the VM hold 3.8's tb_lasti encoded below compat.VM_TB_LASTI; the host frames behind them are finished
frames of a tiny host function renamed after the VM code). The only VM entry left is
that of the host's call into run_code/eval_code (or Function.__call__).

Design: each code object is decoded once (decode.py, cached on code._vm_cache) into
(opcode, resolved argument) pairs plus fused superinstructions (fused.py).
- Where an opcode is defined: once, in instructions.py (stack effect, what its argument
  is, body; macros for blocks several bodies share; `@hook(variant)` defs for the code a
  variant adds at named points). Nothing else implements an opcode.
- How the loops are generated: cases.py writes eval_generated.py (the plain loop, tier 0),
  eval_rare_generated.py (the RARE table of the opcodes outside the loops' if/elif chains,
  which every loop imports), eval_traced_generated.py (the instrumented loop behind
  --trace/--stats, vm.hooks' step and sys.settrace/setprofile, settrace.py) and tier 1's
  (below), `python -m pipeline.vm.cases [--check]`; never edit a *_generated.py file.
  Start-up imports only the loop the tier runs (vm/tiers.py's set_tier). A plain loop
  hands its frames to the instrumented one when a trace or profile function is set
  (TRACE_SWITCH/TRACE_HANDOVER).
- The loop runs a stack of plain frames (frame.py; frame.LoopFrame is the Protocol of what
  it needs of one, and mypy checks the package: .ci/typecheck.py), so VM-to-VM calls, `for` over VM
  generators and `yield from` VM generators do not recurse on the host stack;
  RecursionError comes at sys.getrecursionlimit() VM frames. Each running loop records
  its entry and current frame in the explicit frame stack of stack.py (what
  sys._getframe, f_back, tracebacks, warnings and unraisable reports read); unwind.py
  unwinds blocks and exceptions; generators.py and async_generators.py share one
  send/throw/close.
- Where host patches live: host_patches.py, one scope. While VM code runs (run_code,
  eval_code, a VM function or generator called by host code, threads running VM
  functions), sys._getframe, sys._current_frames, exec/eval, compile, warnings.warn,
  inspect.iscode and logging.currentframe are VM-aware (their replacements are in
  hostcalls.py, stack.py); before and after, they are the host's
  originals; the compiler runs outside it.
- Imports run one way (tests/test_import_layers.py): where a lower module calls up, the
  upper one fills in a name at its import (frame.walker and frame.tracer from stack.py and
  settrace.py, settrace.loops from tracing.py, host_patches.provide from hostcalls.py and
  stack.py, the running loop from tracing.py into function, generators and hostcalls).
  tiers.py chooses the loop; instrument.py is what the instrumented loop reads of
  --trace/--stats/hooks.
sys.exc_info() inside VM except blocks is the VM's handled exception (set through the
host's C API, compat.py), so host code called from a handler sees it and `raise`
re-raises it.

Tier 1 (specialize.py, adaptive.py; tiers.set_tier, PIPELINE_TIER): each code object's quickened
copy of its instructions, hot sites rewritten into specialised forms with guards (misses
deoptimise with backoff), run by the adaptive loop (eval_adaptive_generated.py); the traced
loop always runs the unquickened instructions. At run time tier 1 reads its forms from
adaptive_table_generated.py, not from their definitions (adaptive.py and instructions.py,
the generator's input).

Host introspection of VM code: warnings.warn, compile, traceback.extract_stack/format_stack/
print_stack and inspect.currentframe/stack called from VM code are handled over VM frames
(hostcalls.py); VM functions, generators, coroutines and async generators pass
isinstance(x, types.FunctionType/GeneratorType/CoroutineType/AsyncGeneratorType), and the
generator types are named and placed as CPython's (type(g) shows <class 'generator'>).

Known limits: exec()/eval() of a string run natively unless set_compiler() installed our compiler;
3.11/3.12's C-level default excepthook prints an empty line under each VM entry's
source line (the traceback module and pipeline.run's printer do not); recursion that
passes through host code (a VM __init__ creating instances, sorted(key=...)) is bounded
by the host's own limit (each level costs 2-3 host frames). In classes built by VM code,
methods are the VM functions themselves (C.__dict__['m'] is C.m); on CPython hosts they
bind through the host function's C tp_descr_get (compat.bind_as_host_functions).
"""
import builtins as _builtins
import contextlib as _contextlib
from typing import Any, Callable, Dict, Iterator, Optional

from . import host_patches as _host_patches
from . import tracing as _tracing
from .compat import CellType
from .decode import NULL, decoded as decode
from .errors import BytecodeCorruption
from .frame import builtins_of as _builtins_of, new_frame as _new_frame
from .function import Function
from .async_generators import AsyncGenerator
from .generators import Coroutine, Generator
from .hostcalls import set_compiler
from .tracebacks import strip_machinery as _strip_machinery
from . import tiers as _tiers
from .tiers import set_tier
from . import hostbuiltins

hostbuiltins.bind(globals(), but=('eval',))   # the host's builtins (not over the submodule vm.eval)

_tiers.set_tier(_tiers.tier_from_environment())   # PIPELINE_TIER, else tiers.DEFAULT_TIER

__all__ = ['run_code', 'eval_code', 'Function', 'Generator', 'Coroutine', 'AsyncGenerator',
           'hooks', 'set_compiler', 'BytecodeCorruption', 'decode', 'set_tier']


def _module_frame(code: Any, globals: dict, locals: Any) -> Any:
    if not isinstance(globals, dict):
        raise TypeError('globals must be a dict, not %s' % type(globals).__name__)
    if '__builtins__' not in globals:
        globals['__builtins__'] = _builtins
    dc = decode(code)
    if code.co_freevars:
        raise TypeError('code object passed to exec() may not contain free variables')
    fast = [NULL] * code.co_argcount + list(dc.local_tail)
    for index in range(dc.ncells):
        fast[dc.nlocals + index] = CellType()
    return _new_frame(dc, fast, globals, _builtins_of(globals),
                      globals if locals is None else locals, None)


def _reraise_from_program(exc: BaseException) -> None:
    """Prepare `exc`, caught by an entry point, for its bare `raise`: the VM's own entries
    leave its traceback, and the entry point's own (first) entry, which a bare raise keeps
    on hosts taking the traceback of the handled exception (3.8-3.10), shows the call that
    ran the program; 3.11+ take the exception's own, from which it is left out, as exec()
    has no entry."""
    own = exc.__traceback__
    if own is not None:
        own.tb_next = _strip_machinery(own.tb_next)
        exc.__traceback__ = own.tb_next


def eval_code(code: Any, globals: dict, locals: Any = None) -> Any:
    """Run `code` with these globals and locals (locals defaults to globals); the value it returns."""
    frame = _module_frame(code, globals, locals)
    _host_patches.enter()
    try:
        return _tracing.current_run_frame()(frame)
    except BaseException as exc:
        _reraise_from_program(exc)
        raise
    finally:
        _host_patches.leave()


def run_code(code: Any, globals: dict) -> None:
    """Execute module-level `code` with `globals` as its namespace (as exec(code, globals))."""
    frame = _module_frame(code, globals, globals)
    _host_patches.enter()
    try:
        _tracing.current_run_frame()(frame)
    except BaseException as exc:
        _reraise_from_program(exc)
        raise
    finally:
        _host_patches.leave()


@_contextlib.contextmanager
def hooks(trace: bool = False, stats: bool = False,
          trace_event: Optional[Callable[..., None]] = None,
          counts: Optional[Dict[str, int]] = None,
          step: Optional[Callable[[Any, int], None]] = None,
          adaptive: bool = False) -> Iterator[Dict[str, int]]:
    """Run VM code through the instrumented loop while active.

    trace: call trace_event(filename, lineno, offset, opname, arg, stack) after each
    instruction (default: write pipeline.vm_tools-style lines to stderr).
    stats: count executed opcodes by name into `counts` (yielded; printed to stderr
    at exit when no dict was given).
    step: call step(frame, index) before each instruction: the VM frame about to run its
    instruction `index` (index past the end, or at a yield, when the frame is leaving).
    adaptive: at tier 1, stats counts the instructions the adaptive loop runs (specialised
    forms by their own names, vm/specialize.py) instead of the plain ones.
    """
    if adaptive and stats and not trace and step is None and _tiers.tier:
        with _tiers.counting(counts) as result:
            yield result
        return
    with _tracing.instrumented(trace, stats, trace_event, counts, step) as result:
        yield result
