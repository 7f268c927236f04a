"""Helpers the instruction bodies of vm/instructions.py call: the longer semantics, written as functions."""
import sys
from types import MethodType
from typing import Any, Dict, Iterable, List, Tuple

from ..compiler import opcodes as O
from . import compat
from .compat import namespace_get, type_dict
from .decode import NULL
from .frame import Frame, MappingBuiltins
from .function import Function
from . import host_patches
from . import hostbuiltins

hostbuiltins.bind(globals())   # the host's builtins, whatever a program rebinds
_PYPY_HOST_IMPORT = hostbuiltins.HOST_IMPORT if sys.implementation.name == 'pypy' else NotImplemented


# -- errors of names and cells ---------------------------------------------------------------

def unbound_local(f: Any, index: int) -> BaseException:
    varnames = f.code.co_varnames
    if index >= len(varnames):   # a slot past co_varnames: format_exc_check_arg's PyTuple_GetItem fails
        return IndexError('tuple index out of range')
    return UnboundLocalError("local variable '%.200s' referenced before assignment" % (varnames[index],))


def unbound_deref(f: Any, slot: int) -> NameError:
    """as format_exc_unbound: a cell variable or a free variable read before assignment."""
    dc = f.dc
    index = slot - dc.nlocals
    name = dc.cell_names[index]
    if index < dc.ncells:
        return UnboundLocalError("local variable '%.200s' referenced before assignment" % (name,))
    return NameError("free variable '%.200s' referenced before assignment in enclosing scope" % (name,))


def load_name(f: Any, name: str) -> Any:
    """LOAD_NAME: locals, then globals, then builtins."""
    locals_map = f.locals
    if locals_map is None:
        raise SystemError('no locals when loading %r' % (name,))
    globals_dict = f.globals
    read = None   # (an exact dict looked in already: a module body's locals are its globals)
    if type(locals_map) is not dict:
        try:
            return locals_map[name]
        except KeyError:
            pass
    elif compat.OPAQUE_NAMES and (compat.OPAQUE_NAMESPACES or f.dc.loopless):   # (PyPy: reads its JIT does not trace into)
        value = namespace_get(locals_map, name, NULL)
        if value is NULL and globals_dict is not locals_map and type(globals_dict) is dict:
            value = namespace_get(globals_dict, name, NULL)
        if value is not NULL:
            return value
        read = globals_dict if type(globals_dict) is dict else locals_map
    elif name in locals_map:
        return locals_map[name]
    else:
        read = locals_map
    if globals_dict is not read and name in globals_dict:
        return globals_dict[name]
    builtins_dict = f.builtins
    if name in builtins_dict:
        return builtins_dict[name]
    raise NameError("name '%.200s' is not defined" % (name,))


def load_classderef(f: Any, stack: List[Any], slot: int) -> None:
    name = f.dc.cell_names[slot - f.dc.nlocals]
    locals_map = f.locals
    if locals_map is not None:
        try:
            stack.append(locals_map[name])
            return
        except KeyError:
            pass
    try:
        stack.append(f.fast[slot].cell_contents)
    except ValueError:
        raise unbound_deref(f, slot) from None


# -- sequences ----------------------------------------------------------------------------

def _type_name(value: Any) -> str:
    return type(value).__name__


def unpack_iterable(value: Any, count: int, count_after: int) -> List[Any]:
    """as unpack_iterable: the items, reversed, ready to be pushed."""
    try:
        it = iter(value)
    except TypeError:
        if not hasattr(type(value), '__iter__') and not hasattr(type(value), '__getitem__'):
            raise TypeError('cannot unpack non-iterable %.200s object' % _type_name(value)) from None
        raise
    items = []
    for index in range(count):
        item = next(it, NULL)
        if item is NULL:
            if count_after == -1:
                raise ValueError('not enough values to unpack (expected %d, got %d)' % (count, index))
            raise ValueError('not enough values to unpack (expected at least %d, got %d)'
                             % (count + count_after, index))
        items.append(item)
    if count_after == -1:
        if next(it, NULL) is not NULL:
            raise ValueError('too many values to unpack (expected %d)' % count)
        items.reverse()
        return items
    rest = list(it)
    if len(rest) < count_after:
        raise ValueError('not enough values to unpack (expected at least %d, got %d)'
                         % (count + count_after, count + len(rest)))
    if count_after:
        items.append(rest[:len(rest) - count_after])
        items.extend(rest[len(rest) - count_after:])
    else:
        items.append(rest)
    items.reverse()
    return items


def func_name(func: Any) -> str:
    """PyEval_GetFuncName + PyEval_GetFuncDesc, as 3.8 uses them in call errors."""
    if isinstance(func, type(func_name.__get__(0))):   # a bound method
        func = func.__func__
    if isinstance(func, Function) or type(func) is type(func_name):
        return func.__name__ + '()'
    if type(func) is type(len):
        return func.__name__ + '()'
    return type(func).__name__ + ' object'


def _has_iter(value: Any) -> bool:
    return hasattr(type(value), '__iter__') or hasattr(type(value), '__getitem__')


def call_ex_args(func: Any, args: Any) -> tuple:
    """The positional arguments of CALL_FUNCTION_EX, with 3.8's error for a non-iterable."""
    if type(args) is tuple:
        return args
    if not _has_iter(args):
        raise TypeError('%.200s argument after * must be an iterable, not %.200s'
                        % (func_name(func), _type_name(args)))
    return tuple(args)


def merge_kwargs(func: Any, target: dict, mapping: Any) -> None:
    """_PyDict_MergeEx(override=2) + format_kwargs_error."""
    items: Iterable[Tuple[Any, Any]]
    if isinstance(mapping, dict):
        items = mapping.items()
    else:
        try:
            keys = mapping.keys()
        except AttributeError:
            raise TypeError('%.200s argument after ** must be a mapping, not %.200s'
                            % (func_name(func), _type_name(mapping))) from None
        items = [(key, mapping[key]) for key in keys]
    for key, value in items:
        if key in target:
            if not isinstance(key, str):
                raise TypeError('%.200s keywords must be strings' % func_name(func))
            raise TypeError("%.200s got multiple values for keyword argument '%s'"
                            % (func_name(func), key))
        target[key] = value


def call_ex_kwargs(func: Any, kwargs: Any) -> dict:
    if type(kwargs) is dict:
        return kwargs
    result: Dict[Any, Any] = {}
    merge_kwargs(func, result, kwargs)
    return result


def pop_items(stack: List[Any], count: int) -> List[Any]:
    """The top `count` values, removed from the stack, oldest first."""
    if not count:
        return []
    items = stack[-count:]
    del stack[-count:]
    return items


def concatenate(iterables: List[Any]) -> List[Any]:
    """BUILD_LIST_UNPACK/BUILD_TUPLE_UNPACK: the items of each iterable, in order."""
    result: List[Any] = []
    for item in iterables:
        result.extend(item)
    return result


def call_arguments(func: Any, iterables: List[Any]) -> tuple:
    """BUILD_TUPLE_UNPACK_WITH_CALL: f(*a, *b)'s positional arguments, with 3.8's error."""
    result: List[Any] = []
    for item in iterables:
        try:
            result.extend(item)
        except TypeError:
            if not _has_iter(item):
                raise TypeError('%.200s argument after * must be an iterable, not %.200s'
                                % (func_name(func), _type_name(item))) from None
            raise
    return tuple(result)


def build_map(f: Any, stack: List[Any], arg: int) -> None:
    items = pop_items(stack, 2 * arg)
    result = {}
    for k in range(0, 2 * arg, 2):
        result[items[k]] = items[k + 1]
    stack.append(result)


def build_map_unpack(f: Any, stack: List[Any], arg: int) -> None:
    result: Dict[Any, Any] = {}
    for item in pop_items(stack, arg):
        if isinstance(item, dict) and type(item).__iter__ is dict.__iter__:
            result.update(item)
            continue
        try:   # PyDict_Update: anything else through keys() and [] (never pairs, as dict.update)
            keys = item.keys()
        except AttributeError:
            raise TypeError("'%.200s' object is not a mapping" % _type_name(item)) from None
        for key in keys:
            result[key] = item[key]
    stack.append(result)


def format_value(f: Any, stack: List[Any], arg: int) -> None:
    """FORMAT_VALUE: conversion (!s !r !a) then format() with the spec."""
    spec = stack.pop() if (arg & O.FVS_MASK) == O.FVS_HAVE_SPEC else ''
    value = stack[-1]
    conversion = arg & O.FVC_MASK
    if conversion == O.FVC_STR:
        value = str(value)
    elif conversion == O.FVC_REPR:
        value = repr(value)
    elif conversion == O.FVC_ASCII:
        value = ascii(value)
    if type(value) is not str or spec:
        value = format(value, spec)
    stack[-1] = value


# -- the interactive loop, annotations, with statements ------------------------------------------

def print_expr(f: Any, stack: List[Any], arg: Any) -> None:
    value = stack.pop()
    hook = getattr(sys, 'displayhook', None)
    if hook is None:
        raise RuntimeError('lost sys.displayhook')
    hook(value)


def setup_annotations(f: Any, stack: List[Any], arg: Any) -> None:
    locals_map = f.locals
    if locals_map is None:
        raise SystemError('no locals found when setting up annotations')
    if type(locals_map) is dict:
        if '__annotations__' not in locals_map:
            locals_map['__annotations__'] = {}
    else:
        try:
            locals_map['__annotations__']
        except KeyError:
            locals_map['__annotations__'] = {}


def special_lookup(obj: Any, name: str) -> Any:
    """_PyObject_LookupSpecial: the attribute from the type's MRO, bound; AttributeError(name) if absent."""
    for klass in type(obj).__mro__:
        namespace = type_dict(klass)
        if name in namespace:
            attr = namespace[name]
            if type(attr) is Function:   # (what Function.__get__ gives, without its call: `with`)
                return MethodType(attr, obj)
            getter = getattr(type(attr), '__get__', None)
            return attr if getter is None else getter(attr, obj, type(obj))
    raise AttributeError(name)


def before_async_with(f: Any, stack: List[Any], arg: Any) -> None:
    manager = stack[-1]
    exit_method = special_lookup(manager, '__aexit__')
    enter = special_lookup(manager, '__aenter__')
    stack[-1] = exit_method
    stack.append(enter())


# -- functions, imports -----------------------------------------------------------------------

def make_function(f: Any, stack: List[Any], flags: int) -> None:
    """MAKE_FUNCTION: a VM Function from the code object, qualified name and the flagged extras."""
    qualname = stack.pop()
    code = stack.pop()
    closure = stack.pop() if flags & O.MAKE_CLOSURE else None
    annotations = stack.pop() if flags & O.MAKE_ANNOTATIONS else None
    kwdefaults = stack.pop() if flags & O.MAKE_KWDEFAULTS else None
    defaults = stack.pop() if flags & O.MAKE_DEFAULTS else None
    stack.append(Function(code, f.globals, qualname, defaults, kwdefaults, annotations, closure,
                          f.builtins))


def import_name(f: Any, stack: List[Any], name: str) -> None:
    fromlist = stack.pop()
    level = stack.pop()
    try:
        if type(f.builtins) is MappingBuiltins:   # import_name's dict lookup refuses it
            raise SystemError('Objects/dictobject.c:1438: bad argument to internal function')
        importer = f.builtins['__import__']
    except KeyError:
        raise ImportError('__import__ not found') from None
    if importer is _PYPY_HOST_IMPORT:
        importer = hostbuiltins.cached_import   # (PyPy's is Python code: see there)
    stack.append(importer(name, f.globals, f.locals, fromlist, level))
    if host_patches.pending:   # inspect, logging: patched once imported
        host_patches.after_import()


def import_from(f: Any, stack: List[Any], name: str) -> None:
    """as import_from in ceval.c: an attribute, else a submodule from sys.modules, else ImportError."""
    module = stack[-1]
    try:
        stack.append(getattr(module, name))
        return
    except AttributeError:
        pass
    package = getattr(module, '__name__', None)
    if isinstance(package, str):
        found = sys.modules.get('%s.%s' % (package, name))
        if found is not None:
            stack.append(found)
            return
    else:
        package = '<unknown module name>'
    path = getattr(module, '__file__', None)
    spec = getattr(module, '__spec__', None)
    if spec is not None and getattr(spec, '_initializing', False):
        message = ('cannot import name %r from partially initialized module %r '
                   '(most likely due to a circular import) (%s)' % (name, package, path))
    elif not isinstance(path, str):
        message = 'cannot import name %r from %r (unknown location)' % (name, package)
        path = None
    else:
        message = 'cannot import name %r from %r (%s)' % (name, package, path)
    raise ImportError(message, name=package, path=path)


def import_star(f: Any, stack: List[Any], arg: Any) -> None:
    """as import_all_from: __all__, else the public names of __dict__."""
    module = stack.pop()
    locals_map = f.locals
    if locals_map is None:
        raise SystemError('no locals found during \'import *\'')
    names: Any = getattr(module, '__all__', NULL)
    skip_private = names is NULL
    if skip_private:
        namespace: Any = getattr(module, '__dict__', NULL)
        if namespace is NULL:
            raise ImportError('from-import-* object has no __dict__ and no __all__')
        names = list(namespace.keys())
    module_name = getattr(module, '__name__', '?')
    for name in names:
        if not isinstance(name, str):
            raise TypeError('%s in %s.%s must be str, not %.100s' % (
                'Key' if skip_private else 'Item', module_name,
                '__dict__' if skip_private else '__all__', type(name).__name__))
        if skip_private and name.startswith('_'):
            continue
        locals_map[name] = getattr(module, name)
