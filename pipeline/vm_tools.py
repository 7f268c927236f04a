"""--trace and --stats of `python -m pipeline.run`: instruction tracing and opcode counts over the VM's hooks."""
import contextlib
import sys
from typing import Dict, Iterator, Optional

from .vm.instrument import format_stats, format_trace_event

__all__ = ['format_stats', 'format_trace_event', 'trace_to_stderr', 'tools']


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
