"""The host's builtins, bound in each VM module's own namespace when it is imported; and put
back in the builtins module for a while, for machinery that runs on the program's behalf.

CPython 3.8's eval loop is C: a program that rebinds builtins.len (to a Python function, say)
changes what its own code calls, never what the interpreter does. Our VM is Python code that
would otherwise find len, isinstance, tuple... through the same builtins module at run time,
and so call the program's function from inside the VM (a RecursionError when that function
calls len itself). bind() gives a module a global for every public builtin, as taken at
the VM's first import (before any program runs: compiler/code.py's HOST_BUILTINS, which
the compiler's modules the VM runs bind too), so the module's lookups stop there.

Host library code the machinery runs (importlib's bootstrap for the VM's lazy imports of its own
modules and of ctypes, linecache for a traceback's lines, the bodies of the modules imported,
our compiler's own lazy imports) finds its builtins in the builtins module itself, where bind()
cannot reach: there take_back() puts the host's values back over the program's rebindings (and
__import__, __build_class__) and give_back() restores the program's. 3.8 runs all of that in C
(compile(), its traceback printer) or not at all (its own modules are built in), so neither the
program's functions are called nor its rebindings break it. The builtins module is one for all
threads: take_back() does nothing while another thread runs (which must keep seeing the
program's rebindings), and the machinery then runs with them, as before. A program's own
`import` still runs importlib with its rebindings, as in 3.8.
"""
import builtins as _builtins
import importlib
import sys
from operator import is_ as _is
from typing import Any, Dict, Optional, Tuple

from ..compiler.code import bind_host_builtins as bind

bind(globals())

_MODULE: Dict[str, Any] = vars(_builtins)
_get = _MODULE.get
_values = _MODULE.values()
_MISSING = object()
# every name of the builtins module as the VM found it, dunders too, in the dict's order (a
# rebinding keeps a key's place; a name added goes after them); _EXPECTED, what machinery finds
# there: the same, but for the names the host patches replace while VM code runs (exec, eval,
# compile: expect()). (`_`, the display hook's, is the program's: never taken back.)
_NAMES = list(_MODULE)
_ORIGINAL = [_MODULE[name] for name in _NAMES]
HOST_IMPORT = _MODULE['__import__']
_EXPECTED = list(_ORIGINAL)
_INDEX = {name: index for index, name in enumerate(_NAMES)}
_COUNT = len(_NAMES)
_host_current_frames = sys._current_frames   # (the host's: host_patches replaces it while VM code runs)


def expect(name: str, value: Any = _MISSING) -> None:
    """host_patches: `value` replaces builtins.`name` while VM code runs (no value: the host's
    own again)."""
    index = _INDEX.get(name)
    if index is not None:
        _EXPECTED[index] = _ORIGINAL[index] if value is _MISSING else value


def _unchanged() -> bool:
    """One pass in C over the module's values by identity (no program code runs: no __eq__),
    in the dict's order: every name still has the value machinery expects, and none is gone."""
    return len(_MODULE) >= _COUNT and all(map(_is, _values, _EXPECTED))


def rebound() -> bool:
    """Whether the program has rebound (or deleted) a name of the builtins module."""
    return not _unchanged() and _taken_names() != []


def _taken_names() -> list:
    return [name for name, value in zip(_NAMES, _EXPECTED)
            if _get(name, _MISSING) is not value and name != '_']


def take_back() -> Optional[Dict[str, Tuple[Any, Any]]]:
    """The machinery's builtins in place of the program's rebindings, until give_back() of the
    value returned (None, at the cost of one pass in C, when the program rebound nothing).
    Not while another thread runs: a program thread keeps seeing its rebindings (the machinery
    then runs with them, as before)."""
    if _unchanged() or len(_host_current_frames()) > 1:
        return None
    program: Dict[str, Tuple[Any, Any]] = {}
    for name in _taken_names():
        value = _EXPECTED[_INDEX[name]]
        program[name] = (_get(name, _MISSING), value)
        _MODULE[name] = value
    return program or None


def give_back(program: Optional[Dict[str, Tuple[Any, Any]]]) -> None:
    """The program's rebindings again, after take_back() (where the machinery's value is still
    there: the one put back, or the host's own, which the host patches' suspend() puts)."""
    if program:
        for name, (value, put) in program.items():
            current = _get(name, _MISSING)
            if current is put or current is _ORIGINAL[_INDEX[name]]:
                if value is _MISSING:
                    del _MODULE[name]
                else:
                    _MODULE[name] = value


def cached_import(name: Any, globals: Any = None, locals: Any = None, fromlist: Any = (),
                  level: Any = 0) -> Any:
    """The host's __import__, but for a module already imported what 3.8's C one does there
    (PyImport_ImportModuleLevelObject's fast path: sys.modules, no Python code): on PyPy the
    host's is importlib's __import__, Python code that finds isinstance... in the builtins
    module a program may have rebound (the VM's IMPORT_NAME and its calls of the host's
    __import__ come here on PyPy)."""
    if level == 0 and type(name) is str and name:
        module = sys.modules.get(name)
        if module is not None:
            spec = getattr(module, '__spec__', None)
            if spec is None or not getattr(spec, '_initializing', False):
                if fromlist:
                    if not hasattr(module, '__path__'):
                        return module
                elif '.' not in name:
                    return module
                else:
                    return cached_import(name.partition('.')[0])
    return HOST_IMPORT(name, globals, locals, fromlist, level)


# where the VM calls the host's __import__: cached_import on PyPy (whose is Python code)
IMPORT = cached_import if sys.implementation.name == 'pypy' else HOST_IMPORT


def machinery_import(name: str) -> Any:
    """Module `name` (absolute), imported if it is not yet with the host's builtins in place: the
    VM's lazy imports of its own modules and of host ones (from sys.modules when there: a
    function-level `from . import X` runs importlib's _handle_fromlist, Python code, each time)."""
    module = sys.modules.get(name)
    if module is None:
        program = take_back()
        try:
            importlib.import_module(name)
        finally:
            give_back(program)
        module = sys.modules[name]
    return module
