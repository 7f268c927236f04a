"""What the instrumented loop (vm/eval_traced_generated.py) reads of --trace, --stats and
vm.hooks(step=...): set by vm/tracing.py's instrumented() while they are on."""
from typing import Any, Callable, Dict, List, Optional

from ..compiler import opcodes as O
from . import hostbuiltins

hostbuiltins.bind(globals())   # the host's builtins, whatever a program rebinds

# read by the instrumented loop when it starts (its TRACE_SETUP hook)
active_counts: Optional[list] = None   # per-opcode counts (256 ints) while --stats is on
active_step: Optional[Callable[[Any, int], None]] = None   # vm.hooks(step=...)
_tracer: Optional[Callable[..., None]] = None


def emit(frame: Any, index: int) -> None:
    """Report instruction `index` of `frame`, with the frame's value stack after it."""
    if _tracer is not None:
        _tracer(*event(frame, index))


def reporting() -> bool:
    """Whether each instruction is reported (--trace, or a trace_event callback)."""
    return _tracer is not None


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


def add_counts(counts: Dict[str, int], per_opcode: List[int], name_of: Callable[[int], str]) -> None:
    """Add a loop's per-opcode counts (256 ints) into `counts`, by the names name_of gives."""
    for opcode, count in enumerate(per_opcode):
        if count:
            name = name_of(opcode)
            counts[name] = counts.get(name, 0) + count


# -- the text of --trace and --stats (pipeline.run's, and vm.hooks' when given no callback) --

def format_stats(counts: Dict[str, int]) -> str:
    """The --stats table: opcodes by count, most executed first, and the total."""
    total = sum(counts.values())
    width = max([len(name) for name in counts] + [6])
    lines = ['opcode statistics (%d instructions executed)' % total]
    for name, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        lines.append('%-*s %12d %6.2f%%' % (width, name, count, 100.0 * count / (total or 1)))
    return '\n'.join(lines) + '\n'


def _short_repr(value: object, limit: int = 60) -> str:
    try:
        text = repr(value)
    except Exception as exc:   # a program object whose __repr__ fails: show that, don't die
        text = '<repr failed: %s>' % type(exc).__name__
    return text if len(text) <= limit else text[:limit - 3] + '...'


def format_trace_event(filename: str, lineno: int, offset: int, opname: str, arg: Any,
                       stack: list) -> str:
    """One --trace line: where, which instruction, and the value stack after it."""
    takes_argument = O.opmap.get(opname, O.HAVE_ARGUMENT) >= O.HAVE_ARGUMENT
    argument = ' ' + _short_repr(arg) if takes_argument else ''
    return '%s:%s %4d %s%s  stack=[%s]\n' % (filename, lineno, offset, opname, argument,
                                              ', '.join(_short_repr(value) for value in stack))
