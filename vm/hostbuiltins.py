"""The host's builtins, bound in each VM module's own namespace when it is imported.

CPython 3.8's eval loop is C: a program that rebinds builtins.len (to a Python function, say)
changes what its own code calls, never what the interpreter does. Our VM is Python code that
would otherwise find len, isinstance, tuple... through the same builtins module at run time,
and so call the program's function from inside the VM (a RecursionError when that function
calls len itself). bind() gives a module a global for every public builtin, as taken here at
the VM's first import (before any program runs), so the module's lookups stop there.
"""
import builtins as _builtins
from typing import Any, Dict, Tuple

# (dunder names are not taken: __import__ and __build_class__ are found through the frame's
# builtins by the host's own IMPORT_NAME/LOAD_BUILD_CLASS, never as globals)
HOST: Dict[str, Any] = {name: value for name, value in vars(_builtins).items()
                        if not name.startswith('_')}


def bind(namespace: Dict[str, Any], but: Tuple[str, ...] = ()) -> None:
    """Give a VM module's globals the host's builtins it does not define itself (nor names in `but`)."""
    for name, value in HOST.items():
        if name not in but:
            namespace.setdefault(name, value)


bind(globals())
