"""What the instrumented loop (vm/eval_traced_generated.py) reads of --trace, --stats and
vm.hooks(step=...): set by vm/tracing.py's instrumented() while they are on."""
from typing import Any, Callable, Optional

from ..compiler import opcodes as O

# read by the instrumented loop when it starts (its TRACE_SETUP hook)
active_counts: Optional[list] = None   # per-opcode counts (256 ints) while --stats is on
active_step: Optional[Callable[[Any, int], None]] = None   # vm.hooks(step=...)
_tracer: Optional[Callable[..., None]] = None


def emit(frame: Any, index: int) -> None:
    """Report instruction `index` of `frame`, with the frame's value stack after it."""
    if _tracer is not None:
        _tracer(*event(frame, index))


def configure(tracer: Optional[Callable[..., None]], counts: Optional[list],
              step: Optional[Callable[[Any, int], None]] = None) -> None:
    """Set the trace callback, the per-opcode count list (256 ints) and the step callback (or None)."""
    global _tracer, active_counts, active_step
    _tracer = tracer
    active_counts = counts
    active_step = step


def display_arg(dc: Any, index: int) -> Any:
    """The argument of instruction `index` as dis shows it: the constant, name, target offset..."""
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
    dc = frame.dc
    if index >= len(dc.raw):
        return (dc.code.co_filename, dc.line_of(index), 2 * index, '<end>', None, list(frame.stack))
    opcode = dc.raw[index][0]
    stack = [item for item in frame.stack if item.__class__.__name__ != '_Null']
    return (dc.code.co_filename, dc.line_of(index), 2 * index, O.opname[opcode],
            display_arg(dc, index), stack)
