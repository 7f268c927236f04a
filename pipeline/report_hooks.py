"""The hooks that report what nobody can catch (__del__, atexit, threads) in 3.8's words.

Installed by pipeline.run at start-up; the printer they call (pipeline/traceback_format.py)
is imported only when there is something to report, so a run that reports nothing never
compiles it.
"""
import sys
from .vm import hostbuiltins

hostbuiltins.bind(globals())   # the host's builtins, whatever a program rebinds


# the program's rebound builtins while the driver runs the atexit functions with the host's
# (pipeline/run.py's finalize_program): each one registered while the program ran (an
# ExitCallback: the program's own, its stdlib modules') gets them back while it runs
PROGRAM_BUILTINS: list = [None]


def printer():
    """pipeline/traceback_format.py, imported on its first report with the host's builtins in
    place (3.8's printer is C: the import runs neither a program's rebound builtins nor their
    breakage; `from . import` runs importlib's _handle_fromlist, Python code, every time)."""
    printer_module = sys.modules.get(_PRINTER)
    if printer_module is None:
        program_builtins = hostbuiltins.take_back()
        try:
            from . import traceback_format as printer_module
        finally:
            hostbuiltins.give_back(program_builtins)
    return printer_module


_PRINTER = __name__.rpartition('.')[0] + '.traceback_format'


def unraisable_hook(report) -> None:
    """sys.unraisablehook: traceback_format.unraisable_hook, imported on the first report."""
    try:
        hook = printer().unraisable_hook
    except ImportError:   # the host is tearing down its import system: its own report
        hook = sys.__unraisablehook__
    hook(report)


def thread_excepthook(args) -> None:
    """threading.excepthook: traceback_format.thread_excepthook, imported on the first report."""
    printer().thread_excepthook(args)


class ExitCallback:
    """A function given to atexit.register, run with its error reported as 3.8's atexit_callfuncs
    does ("Error in atexit._run_exitfuncs:", SystemExit ignored) by us, not by the host: 3.8 and
    3.9 hosts print it with PyErr_Display (our frames shown) and re-raise it from
    _run_exitfuncs, 3.10+ report it through sys.unraisablehook."""
    __slots__ = ('func', 'args', 'kwargs')

    def __init__(self, func, args: tuple, kwargs: dict) -> None:
        self.func = func
        self.args = args
        self.kwargs = kwargs

    def __call__(self) -> None:
        held = PROGRAM_BUILTINS[0]
        hostbuiltins.give_back(held)
        try:
            self.func(*self.args, **self.kwargs)
        except SystemExit:
            pass
        except BaseException as exc:
            stream = sys.stderr
            if stream is not None:
                traceback_format = printer()
                stream.write('Error in atexit._run_exitfuncs:\n')
                traceback_format.print_exception(traceback_format.without_machinery(exc), stream)
        finally:
            if held is not None:
                PROGRAM_BUILTINS[0] = hostbuiltins.take_back()

    def __eq__(self, other: object) -> bool:   # atexit.unregister(func) compares with ==
        return other is self or self.func == other

    __hash__ = None   # type: ignore[assignment]


def _atexit_register(host_register):
    def register(*args, **kwargs):
        if not args:
            raise TypeError('register() takes at least 1 argument (0 given)')
        func = args[0]
        if not callable(func):
            raise TypeError('the first argument must be callable')
        host_register(ExitCallback(func, args[1:], kwargs))
        return func
    register.__doc__ = host_register.__doc__
    register.host_register = host_register
    return register


def install() -> None:
    """Make sys.unraisablehook, threading.excepthook and atexit's functions print 3.8's reports
    for the program."""
    import atexit
    import threading
    if hasattr(sys, 'unraisablehook'):
        sys.unraisablehook = unraisable_hook
    if hasattr(threading, 'excepthook'):
        threading.excepthook = thread_excepthook
    if not hasattr(atexit.register, 'host_register'):
        atexit.register = _atexit_register(atexit.register)
