"""The hooks that report what nobody can catch (__del__, atexit, threads) in 3.8's words.

Installed by pipeline.run at start-up; the printer they call (pipeline/traceback_format.py)
is imported only when there is something to report, so a run that reports nothing never
compiles it.
"""
import sys


def unraisable_hook(report) -> None:
    """sys.unraisablehook: traceback_format.unraisable_hook, imported on the first report."""
    try:
        from .traceback_format import unraisable_hook as hook
    except ImportError:   # the host is tearing down its import system: its own report
        hook = sys.__unraisablehook__
    hook(report)


def thread_excepthook(args) -> None:
    """threading.excepthook: traceback_format.thread_excepthook, imported on the first report."""
    from .traceback_format import thread_excepthook as hook
    hook(args)


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
        try:
            self.func(*self.args, **self.kwargs)
        except SystemExit:
            pass
        except BaseException as exc:
            stream = sys.stderr
            if stream is not None:
                from .traceback_format import print_exception, without_machinery
                stream.write('Error in atexit._run_exitfuncs:\n')
                print_exception(without_machinery(exc), stream)

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
