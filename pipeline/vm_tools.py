"""--trace and --stats of `python -m pipeline.run`: instruction tracing and opcode counts over the VM's hooks."""
import contextlib
import sys
from typing import Dict, Iterator, Optional


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


def format_trace_event(filename: str, lineno: int, offset: int, opname: str, arg, stack) -> str:
    """One --trace line: where, which instruction, and the value stack after it."""
    from .compiler.opcodes import HAVE_ARGUMENT, opmap
    takes_argument = opmap.get(opname, HAVE_ARGUMENT) >= HAVE_ARGUMENT
    argument = ' ' + _short_repr(arg) if takes_argument else ''
    return '%s:%s %4d %s%s  stack=[%s]\n' % (filename, lineno, offset, opname, argument,
                                              ', '.join(_short_repr(value) for value in stack))


def trace_to_stderr(filename: str, lineno: int, offset: int, opname: str, arg, stack) -> None:
    """The VM's trace_event callback for --trace."""
    sys.stderr.write(format_trace_event(filename, lineno, offset, opname, arg, stack))


@contextlib.contextmanager
def tools(vm, trace: bool = False, stats: bool = False,
          counts: Optional[Dict[str, int]] = None) -> Iterator[None]:
    """Enable the VM's tracing/statistics hooks (vm.hooks) for the duration of a run."""
    if not trace and not stats:
        yield
        return
    with vm.hooks(trace=trace, stats=stats, trace_event=trace_to_stderr if trace else None,
                  counts=counts if counts is not None else {}, adaptive=True):
        yield
