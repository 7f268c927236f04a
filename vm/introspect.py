"""inspect support for VM functions and frames (inspect only understands host code objects)."""
import inspect
from typing import Any

from ..compiler.code import CO_VARARGS, CO_VARKEYWORDS, CodeType

_host_iscode = inspect.iscode


def iscode(object: Any) -> bool:
    """inspect.iscode that also accepts our code objects (so getfile/getsource work on VM
    functions); vm/host_patches.py installs it while VM code runs."""
    return _host_iscode(object) or isinstance(object, CodeType)


def signature_of(func: Any) -> inspect.Signature:
    """The inspect.Signature of a VM function, from its code object, defaults and annotations."""
    code = func.__code__
    names = code.co_varnames
    posonly = code.co_posonlyargcount
    argcount = code.co_argcount
    kwonly = code.co_kwonlyargcount
    defaults = func.__defaults__ or ()
    kwdefaults = func.__kwdefaults__ or {}
    annotations = func.__annotations__ or {}
    empty = inspect.Parameter.empty
    first_default = argcount - len(defaults)
    parameters = []
    for index in range(argcount):
        kind = (inspect.Parameter.POSITIONAL_ONLY if index < posonly
                else inspect.Parameter.POSITIONAL_OR_KEYWORD)
        default = defaults[index - first_default] if index >= first_default else empty
        parameters.append(inspect.Parameter(names[index], kind, default=default,
                                            annotation=annotations.get(names[index], empty)))
    index = argcount + kwonly
    if code.co_flags & CO_VARARGS:
        name = names[index]
        parameters.append(inspect.Parameter(name, inspect.Parameter.VAR_POSITIONAL,
                                            annotation=annotations.get(name, empty)))
        index += 1
    for k in range(argcount, argcount + kwonly):
        name = names[k]
        parameters.append(inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY,
                                            default=kwdefaults.get(name, empty),
                                            annotation=annotations.get(name, empty)))
    if code.co_flags & CO_VARKEYWORDS:
        name = names[index]
        parameters.append(inspect.Parameter(name, inspect.Parameter.VAR_KEYWORD,
                                            annotation=annotations.get(name, empty)))
    return inspect.Signature(parameters, return_annotation=annotations.get('return', empty))
