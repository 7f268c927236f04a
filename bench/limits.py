"""Peak RSS and time compiling generated 1 MB and 5 MB sources of simple statements, ours
against CPython 3.8, each compilation in its own process: `python -m bench.limits`.

The same figures as `python -m bench.compile --memory-only` (see there for the sources)."""
import sys

from bench.compile import report_memory

if __name__ == '__main__':
    report_memory()
    sys.exit(0)
