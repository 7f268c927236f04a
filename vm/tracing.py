"""--trace / --stats support: an instrumented copy of the eval loop, swapped in only while active."""
import contextlib
import sys
from typing import Any, Callable, Dict, Iterator, Optional

from . import eval as _eval
from . import function as _function_module
from . import generators as _generators
from . import hostcalls as _hostcalls

_active: Dict[str, Any] = {'run_frame': _eval.run_frame}
_reasons: Dict[str, Callable[..., Any]] = {}   # why the traced loop is installed (sys.settrace)


def current_run_frame() -> Callable[..., Any]:
    """The loop in use: the plain one, or the instrumented one inside `instrumented()`."""
    return _active['run_frame']


def _install(run_frame: Callable[..., Any]) -> None:
    _active['run_frame'] = run_frame
    _function_module.run_frame = run_frame
    _generators.run_frame = run_frame
    _hostcalls.run_frame = run_frame


def require_traced(reason: str, run_frame: Callable[..., Any]) -> None:
    """Install the traced loop until release_traced(reason)."""
    _reasons[reason] = run_frame
    _install(run_frame)


def release_traced(reason: str) -> None:
    """Back to the plain loop unless something else still needs the traced one."""
    _reasons.pop(reason, None)
    if not _reasons and not _instrumented_depth:
        _install(_eval.run_frame)


_instrumented_depth = 0


@contextlib.contextmanager
def instrumented(trace: bool, stats: bool, trace_event: Optional[Callable[..., None]],
                 counts: Optional[Dict[str, int]],
                 step: Optional[Callable[[Any, int], None]] = None) -> Iterator[Dict[str, int]]:
    """Swap the instrumented loop in for the duration (see vm.hooks)."""
    from . import eval_traced
    if step is not None:
        with stepping(eval_traced, step):
            with instrumented(trace, stats, trace_event, counts) as result:
                yield result
        return
    print_counts = counts is None and stats
    if counts is None:
        counts = {}
    if trace and trace_event is None:
        trace_event = _default_trace_event
    previous = _active['run_frame']
    per_opcode = [0] * 256
    global _instrumented_depth
    eval_traced.configure(trace_event if trace else None, per_opcode if stats else None)
    _install(eval_traced.run_frame)
    _instrumented_depth += 1
    try:
        yield counts
    finally:
        _instrumented_depth -= 1
        _install(eval_traced.run_frame if _reasons else previous)
        eval_traced.configure(None, None)
        from ..compiler.opcodes import opname
        for opcode, count in enumerate(per_opcode):
            if count:
                counts[opname[opcode]] = counts.get(opname[opcode], 0) + count
        if print_counts:
            _print_counts(counts)


@contextlib.contextmanager
def stepping(eval_traced: Any, step: Callable[[Any, int], None]) -> Iterator[None]:
    """Call step(frame, index) before each instruction the instrumented loop runs.

    The generated loop reports an instruction after it ran (emit); at that point its own
    variables `f` and `i` are the frame it runs next and that frame's next instruction
    (vm/stack.py reads them the same way), so the step hook sees the state *before* each
    instruction. A loop's first instruction is reported by the wrapper around run_frame.
    """
    from .stack import host_getframe as getframe   # sys._getframe may be pipeline.run's shim
    plain_emit, plain_run_frame = eval_traced.emit, eval_traced.run_frame

    def emit(frame: Any, index: int) -> None:
        plain_emit(frame, index)
        names = getframe(1).f_locals
        current = names.get('f')
        if current is None:   # the loop is leaving: a generator handed its value to host code
            step(frame, index)
        else:
            step(current, names['i'])

    def stepping_run_frame(f: Any, throw: Optional[BaseException] = None) -> Any:
        step(f, f.i)
        return plain_run_frame(f, throw)

    eval_traced.emit = emit
    previous = _active['run_frame']
    _install(stepping_run_frame)
    eval_traced.run_frame = stepping_run_frame   # what instrumented() installs
    try:
        yield
    finally:
        eval_traced.run_frame = plain_run_frame
        eval_traced.emit = plain_emit
        _install(previous)


def display_arg(dc: Any, index: int) -> Any:
    """The argument of instruction `index` as dis shows it: the constant, name, target offset..."""
    from ..compiler import opcodes as O
    opcode, raw = dc.raw[index]
    if raw is None:
        return None
    code = dc.code
    if opcode == O.LOAD_CONST:
        return code.co_consts[raw]
    if opcode in O.hasname:
        return code.co_names[raw]
    if opcode in O.haslocal:
        return code.co_varnames[raw] if raw < len(code.co_varnames) else None
    if opcode in O.hasfree:
        return dc.cell_names[raw]
    if opcode in O.hasjrel:
        return 2 * index + 2 + raw
    if opcode == O.COMPARE_OP:
        return O.cmp_op[raw]
    return raw


def event(frame: Any, index: int) -> tuple:
    """(filename, lineno, offset, opname, arg, stack) of instruction `index` of a VM frame."""
    from ..compiler.opcodes import opname
    dc = frame.dc
    if index >= len(dc.raw):
        return (dc.code.co_filename, dc.line_of(index), 2 * index, '<end>', None, list(frame.stack))
    opcode = dc.raw[index][0]
    stack = [item for item in frame.stack if item.__class__.__name__ != '_Null']
    return (dc.code.co_filename, dc.line_of(index), 2 * index, opname[opcode],
            display_arg(dc, index), stack)


def _default_trace_event(filename: str, lineno: int, offset: int, opname: str, arg: Any,
                         stack: list) -> None:
    try:
        shown = ', '.join(repr(item) for item in stack)
    except Exception as exc:   # a program object whose __repr__ fails
        shown = '<repr failed: %s>' % type(exc).__name__
    sys.stderr.write('%s:%s %4d %s %r  stack=[%s]\n' % (filename, lineno, offset, opname, arg, shown))


def _print_counts(counts: Dict[str, int]) -> None:
    total = sum(counts.values())
    sys.stderr.write('opcode statistics (%d instructions executed)\n' % total)
    for name, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        sys.stderr.write('%-28s %12d\n' % (name, count))
