"""--trace / --stats support: an instrumented copy of the eval loop, swapped in only while active."""
import contextlib
import sys
from types import SimpleNamespace
from typing import Any, Callable, Dict, Iterator, List, Optional

from . import function as _function_module
from . import generators as _generators
from . import hostcalls as _hostcalls
from . import instrument, settrace as _settrace, stack as _stack
from . import hostbuiltins

hostbuiltins.bind(globals())   # the host's builtins, whatever a program rebinds


def _raise_no_tier() -> None:
    raise RuntimeError('no tier chosen (pipeline.vm chooses one when imported)')


# vm/tiers.py's: imports the chosen tier's loop and installs it with install_untraced
import_loop: List[Callable[[], None]] = [_raise_no_tier]


def loop_not_imported(frame: Any, *args: Any) -> Any:
    """Stands for the tier's loop from set_tier until VM code first runs (each loop is a large
    module for the host to compile, and start-up should compile only the one it runs): imports
    and installs it, then runs `frame` in it. (run_code and eval_code never run here:
    current_run_frame installs the loop first.)"""
    import_loop[0]()
    return _loop_in_use[0](frame, *args)


_loop_in_use: List[Callable[..., Any]] = [loop_not_imported]   # the tier's loop, or the instrumented one
_untraced: List[Callable[..., Any]] = [loop_not_imported]    # the tier's loop, in use when not instrumented
_reasons: Dict[str, bool] = {}   # why the instrumented loop stays installed (sys.settrace)
_instrumented_depth = 0          # open instrumented() contexts


def current_run_frame() -> Callable[..., Any]:
    """The loop in use: the plain one, or the instrumented one inside `instrumented()`."""
    if _loop_in_use[0] is loop_not_imported:
        import_loop[0]()
    return _loop_in_use[0]


def traced_run_frame() -> Callable[..., Any]:
    """The instrumented loop (vm/eval_traced_generated.py), known to the stack walker (imported
    when a program first sets a trace function: with the host's builtins in place of those it
    may have rebound, which importlib and the module's body would find)."""
    program_builtins = hostbuiltins.take_back()
    try:
        from . import eval_traced_generated
    finally:
        hostbuiltins.give_back(program_builtins)
    run_frame = eval_traced_generated.run_frame
    _stack.LOOP_CODES.add(run_frame.__code__)
    _settrace.install_traced_loop(run_frame)
    return run_frame


def _install(run_frame: Callable[..., Any]) -> None:
    if run_frame is not loop_not_imported:   # (no VM function exists before a loop runs)
        program_builtins = hostbuiltins.take_back()   # (as traced_run_frame's import)
        try:
            from . import eval_rare_generated   # (every loop imports it)
        finally:
            hostbuiltins.give_back(program_builtins)
        _function_module.pooled_frame = eval_rare_generated.pooled_frame
        _function_module.release_frame = eval_rare_generated.release_frame
    _loop_in_use[0] = run_frame
    _function_module.run_frame = run_frame
    _generators.run_frame = run_frame
    _hostcalls.run_frame = run_frame


def install_untraced(run_frame: Callable[..., Any]) -> None:
    """Make `run_frame` the loop VM code runs whenever nothing needs the instrumented one
    (the plain loop at tier 0, the adaptive one at tier 1: vm/tiers.py's set_tier)."""
    _untraced[0] = run_frame
    if not _reasons and not _instrumented_depth:
        _install(run_frame)


WHEN_TRACED: List[Callable[[], None]] = []   # called when the instrumented loop is required (tier 2's drop_all)


def require_traced(reason: str) -> None:
    """Install the instrumented loop until release_traced(reason)."""
    _reasons[reason] = True
    for hook in WHEN_TRACED:
        hook()
    _install(traced_run_frame())


def release_traced(reason: str) -> None:
    """Back to the tier's loop unless something else still needs the instrumented one."""
    _reasons.pop(reason, None)
    if not _reasons and not _instrumented_depth:
        _install(_untraced[0])


@contextlib.contextmanager
def instrumented(trace: bool, stats: bool, trace_event: Optional[Callable[..., None]],
                 counts: Optional[Dict[str, int]],
                 step: Optional[Callable[[Any, int], None]] = None) -> Iterator[Dict[str, int]]:
    """Swap the instrumented loop in for the duration (see vm.hooks)."""
    global _instrumented_depth
    print_counts = counts is None and stats
    if counts is None:
        counts = {}
    if trace and trace_event is None:
        trace_event = _default_trace_event
    previous = _loop_in_use[0]
    per_opcode = [0] * 256
    instrument.configure(trace_event if trace else None, per_opcode if stats else None, step)
    _install(traced_run_frame())
    _instrumented_depth += 1
    try:
        yield counts
    finally:
        _instrumented_depth -= 1
        _install(traced_run_frame() if _reasons else previous)
        instrument.configure(None, None)
        instrument.add_counts(counts, per_opcode, instrument.O.opname.__getitem__)
        if print_counts:
            _print_counts(counts)


def _default_trace_event(filename: str, lineno: int, offset: int, opname: str, arg: Any,
                         stack: list) -> None:
    sys.stderr.write(instrument.format_trace_event(filename, lineno, offset, opname, arg, stack))


def _print_counts(counts: Dict[str, int]) -> None:
    sys.stderr.write(instrument.format_stats(counts))


_settrace.loops = SimpleNamespace(require_traced=require_traced, release_traced=release_traced)
