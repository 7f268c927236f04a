"""The VM's patches of host functions, in one scope: installed while VM code runs, the host's
originals otherwise.

While a program runs, host code that looks at its caller or runs code must see the program's
frames: sys._getframe (namedtuple, enum, typing), sys._current_frames, exec/eval handed our
code objects (unittest's assertRaises(exc, eval, code)), compile (tools such as pdb,
profile, doctest and pytest's rewriter get our code objects), warnings.warn with a stacklevel,
inspect.iscode (getsource of VM functions) and logging.currentframe (findCaller).

enter()/leave() bracket every way into VM code from the host: run_code/eval_code (and so the
import hook's exec of a module), a VM function called by host code, a VM generator resumed by
host code. The first entry installs the patches, the last one out puts the host's originals
back, in whatever thread: a thread the program starts runs a VM function, so it keeps the
scope while it runs. Modules imported while the scope is active (inspect, logging) are
patched right after the import (after_import, called by IMPORT_NAME). The compiler runs with
the patches taken out (suspend/resume), so its own lazy imports use the host's exec.
"""
import sys
import threading
from typing import Any, Callable, Dict, Iterable, List, Optional, Set, Tuple
from . import hostbuiltins

hostbuiltins.bind(globals())   # the host's builtins, whatever a program rebinds

_lock = threading.RLock()
_depth = 0
# (module name, attribute) -> (the value found there when installed, our replacement)
_installed: Dict[Tuple[str, str], Tuple[Any, Any]] = {}
# modules with patches that were not imported when the scope was entered: checked after imports
pending: Set[str] = set()
# (module name, attribute) -> (the value the program set over our replacement while it was in
# place, the replacement, the host's original): the program's value stays when the patches go in
# again (after a compile's suspend(), at the next entry); our replacement, when the program puts
# back the one it took while it was in place, gives way to the original when the scope ends
_set_over: Dict[Tuple[str, str], Tuple[Any, Any, Any]] = {}

LATE_MODULES = ('inspect', 'logging', 'traceback', '_testcapi', 'gc', '_typing', 'signal')


# The replacements, by host module: functions of the module giving (attribute, replacement)
# pairs, registered by the modules that define them (vm/hostcalls.py, vm/stack.py) when they
# are imported, so this module imports neither.
_providers: Dict[str, List[Callable[[Any], Iterable[Tuple[str, Any]]]]] = {}


def provide(module_name: str, provider: Callable[[Any], Iterable[Tuple[str, Any]]]) -> None:
    """While VM code runs, set the (attribute, replacement) pairs `provider(module)` gives in
    the host module `module_name` (called when it is patched, and may register intercepts)."""
    _providers.setdefault(module_name, []).append(provider)


# Patches that are no module attribute (a built-in type's descriptor), as (install, uninstall)
# pairs run when the scope's patches go in and out
_hooks: List[Tuple[Callable[[], None], Callable[[], None]]] = []
_hooks_installed = [False]


def provide_hook(install: Callable[[], None], uninstall: Callable[[], None]) -> None:
    """While VM code runs, keep `install()` in effect (undone by `uninstall()`); in effect at
    once when the scope's patches are in place now."""
    with _lock:
        _hooks.append((install, uninstall))
        if _hooks_installed[0]:
            install()


def _patch(module_name: str) -> None:
    module = sys.modules[module_name]
    for provider in _providers.get(module_name, ()):
        for attribute, replacement in provider(module):
            key = (module_name, attribute)
            if key not in _installed:
                current = getattr(module, attribute)
                original = current
                over = _set_over.get(key)
                if over is not None:
                    if current is over[0]:
                        continue   # the program's own value stays (builtins.exec = its wrapper)
                    del _set_over[key]
                    if current is over[1]:
                        original = over[2]   # (our replacement, which the program put back)
                _installed[key] = (original, replacement)
                setattr(module, attribute, replacement)
                if module_name == 'builtins':
                    hostbuiltins.expect(attribute, replacement)


def _install() -> None:
    for module_name in ('builtins', 'sys', 'warnings') + LATE_MODULES:
        if module_name in sys.modules:
            _patch(module_name)
        else:
            pending.add(module_name)
    _hooks_installed[0] = True
    for install, _ in _hooks:
        install()


def _uninstall() -> None:
    """The host's originals back, where our replacement is still in place (a value the program
    set itself stays, as it would in CPython)."""
    pending.clear()
    if _hooks_installed[0]:
        _hooks_installed[0] = False
        for _, uninstall in _hooks:
            uninstall()
    for key, (original, replacement) in list(_installed.items()):
        module_name, attribute = key
        module = sys.modules.get(module_name)
        if module is not None:
            current = getattr(module, attribute, None)
            if current is replacement:
                setattr(module, attribute, original)
            else:
                _set_over[key] = (current, replacement, original)
        if module_name == 'builtins':
            hostbuiltins.expect(attribute)
    _installed.clear()
    for key, (_, replacement, original) in list(_set_over.items()):
        module = sys.modules.get(key[0])
        if module is not None and getattr(module, key[1], None) is replacement:
            setattr(module, key[1], original)   # (put back by the program while its own stood)
            del _set_over[key]


class _ThreadDepth(threading.local):
    depth = 0   # this thread's entries still running


_thread_depth = _ThreadDepth()


def enter() -> None:
    """VM code starts running (on any thread): the patches are in place until the matching leave().

    Only a thread's outermost entry counts in the process-wide depth (and takes the lock):
    entries inside it (a VM __init__ called by type(), a key function) end before it does."""
    here = _thread_depth
    if here.depth:
        here.depth += 1
        return
    here.depth = 1
    global _depth
    with _lock:
        _depth += 1
        if _depth == 1:
            _install()


def leave() -> None:
    here = _thread_depth
    here.depth -= 1
    if here.depth:
        return
    global _depth
    with _lock:
        _depth -= 1
        if _depth == 0:
            _uninstall()


def active() -> bool:
    """Whether VM code is running somewhere in the process (the patches are installed)."""
    return _depth > 0


def after_import() -> None:
    """Patch the modules an import just brought in (called by IMPORT_NAME while `pending`)."""
    with _lock:
        for module_name in [name for name in pending if name in sys.modules]:
            pending.discard(module_name)
            if _depth:
                _patch(module_name)


Suspended = Tuple[bool, Optional[Dict[str, Tuple[Any, Any]]]]


def suspend() -> Suspended:
    """Put the host's originals back for a while (our compiler, called for exec/eval/compile of
    strings and by the import hook), and the host's builtins over the program's rebindings (the
    compiler's lazy imports run importlib and module bodies, which find them there: 3.8's
    compile() is C, which calls none of them); resume() with the value returned ends it.
    Process-wide: VM code of another thread running meanwhile sees the host's functions until
    then. (A pair of calls, not a context manager: contextlib's frames would join tracebacks.)"""
    with _lock:
        was_installed = bool(_installed) or _hooks_installed[0]
        if was_installed:
            _uninstall()
        return was_installed, hostbuiltins.take_back()


def resume(suspended: Suspended) -> None:
    was_installed, program_builtins = suspended
    with _lock:
        hostbuiltins.give_back(program_builtins)
        if was_installed and _depth:
            _install()


def outside_scope(function: Callable[..., Any]) -> Callable[..., Any]:
    """`function`, always called with the patches suspended (the compiler given to set_compiler)."""
    def call(*args: Any, **kwargs: Any) -> Any:
        suspended = suspend()
        try:
            return function(*args, **kwargs)
        finally:
            resume(suspended)
    call.__wrapped__ = function   # type: ignore[attr-defined]
    return call
