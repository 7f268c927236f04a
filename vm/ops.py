"""Opcode helpers of the eval loop, and the table of rarely executed opcodes (`RARE`)."""
import operator
import sys
from typing import Any, Callable, Dict, List

from ..compiler import opcodes as O
from .compat import set_exc_info
from .decode import NULL
from .frame import Frame
from .function import Function
from . import host_patches
from .tracebacks import strip_machinery

SETUP_FINALLY_BLOCK = 0   # PyTryBlock b_type SETUP_FINALLY (also used by SETUP_WITH/SETUP_ASYNC_WITH)
EXCEPT_HANDLER_BLOCK = 1  # b_type EXCEPT_HANDLER: below it, the exception state to restore


def fresh_frame(func: Any, dc: Any, fast: List[Any]) -> Any:
    """A new frame for a plain call of VM function `func` (the eval loop's fast path)."""
    frame = Frame()
    frame.code = dc.code
    frame.dc = dc
    frame.instrs = dc.instrs
    frame.fast = fast
    frame.stack = []
    frame.blocks = []
    frame.i = 0
    frame.globals = func.__globals__
    frame.builtins = func._builtins
    frame.locals = None
    frame.func = func
    frame.yielded = False
    frame.gen = None
    frame.host = None
    return frame


def raised_here(exc: BaseException) -> bool:
    """Whether the eval loop should add its frame's entry to exc's traceback: yes for
    everything raised while the loop runs an instruction (the loop's own host frame is the
    newest entry). Not when the host replaced an exception it failed to instantiate (a C
    function raising a class whose __init__ fails) by the error from __init__: as 3.8's
    PyErr_NormalizeException, that error keeps its own traceback, without the calling
    frame, unless it has none (then the calling frame's entry is all there is)."""
    tb = exc.__traceback__
    if tb is None or tb.tb_frame.f_code.co_name == 'run_frame':
        return True
    exc.__traceback__ = tb = strip_machinery(tb)
    return tb is None


DELEGATED = -1   # Frame.resume_target of a generator resumed by its delegator's YIELD_FROM


def yield_inline(frame: Any, entry: Any) -> Any:
    """A generator frame resumed inside the loop yields: suspend it, and the frames that
    delegate to it with `yield from` (they yield the same value); the frame that receives
    the value (a FOR_ITER), or None when the loop's entry frame yields it out."""
    while True:
        if frame.blocks:
            suspend_inline_generator(frame)
        frame.gen._running = False
        frame.gen = None
        back = frame.back
        frame.back = None
        delegated = frame.resume_target == DELEGATED
        frame = back
        if not delegated:
            return frame
        frame.yielded = True
        if frame is entry:
            return None


def suspend_inline_generator(frame: Any) -> None:
    """A generator resumed inline yields inside an except block: keep its handled exception
    for later (as gi_exc_state) and give the caller back the state saved when the block began."""
    from .generators import _in_handler, restore_state_before_handler
    if _in_handler(frame):
        frame.gen._exc_state = sys.exc_info()
        restore_state_before_handler(frame)


def finish_inline_generator(frame: Any, exc: BaseException) -> BaseException:
    """An exception leaves a generator resumed inline: it is finished; StopIteration becomes
    RuntimeError (PEP 479, as gen_send_ex)."""
    gen = frame.gen
    frame.gen = None
    gen._running = False
    gen._frame = None
    gen._exc_state = None
    if isinstance(exc, StopIteration):
        replacement = RuntimeError('generator raised StopIteration')
        replacement.__cause__ = exc
        replacement.__context__ = exc
        return replacement
    return exc


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
    if type(locals_map) is dict:
        if name in locals_map:
            return locals_map[name]
    else:
        try:
            return locals_map[name]
        except KeyError:
            pass
    if name in f.globals:
        return f.globals[name]
    builtins_dict = f.builtins
    if name in builtins_dict:
        return builtins_dict[name]
    raise NameError("name '%.200s' is not defined" % (name,))


def store_global(f: Any, stack: List[Any], name: str) -> None:
    f.globals[name] = stack.pop()


def delete_global(f: Any, stack: List[Any], name: str) -> None:
    try:
        del f.globals[name]
    except KeyError:
        raise NameError("name '%.200s' is not defined" % (name,)) from None


def delete_name(f: Any, stack: List[Any], name: str) -> None:
    locals_map = f.locals
    if locals_map is None:
        raise SystemError('no locals when deleting %r' % (name,))
    try:
        del locals_map[name]
    except KeyError:
        raise NameError("name '%.200s' is not defined" % (name,)) from None


def delete_fast(f: Any, stack: List[Any], index: int) -> None:
    if f.fast[index] is NULL:
        raise unbound_local(f, index)
    f.fast[index] = NULL


def load_closure(f: Any, stack: List[Any], slot: int) -> None:
    stack.append(f.fast[slot])


def delete_deref(f: Any, stack: List[Any], slot: int) -> None:
    cell = f.fast[slot]
    try:
        del cell.cell_contents
    except ValueError:
        raise unbound_deref(f, slot) from None


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


def unpack_ex(f: Any, stack: List[Any], arg: int) -> None:
    stack.extend(unpack_iterable(stack.pop(), arg & 0xFF, arg >> 8))


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


def _pop_items(stack: List[Any], count: int) -> List[Any]:
    if not count:
        return []
    items = stack[-count:]
    del stack[-count:]
    return items


def build_set(f: Any, stack: List[Any], arg: int) -> None:
    stack.append(set(_pop_items(stack, arg)))


def build_map(f: Any, stack: List[Any], arg: int) -> None:
    items = _pop_items(stack, 2 * arg)
    result = {}
    for k in range(0, 2 * arg, 2):
        result[items[k]] = items[k + 1]
    stack.append(result)


def build_const_key_map(f: Any, stack: List[Any], arg: int) -> None:
    keys = stack.pop()
    values = _pop_items(stack, arg)
    if type(keys) is not tuple or len(keys) != arg:
        raise SystemError('bad BUILD_CONST_KEY_MAP keys argument')
    stack.append(dict(zip(keys, values)))


def build_string(f: Any, stack: List[Any], arg: int) -> None:
    stack.append(''.join(_pop_items(stack, arg)))


def build_slice(f: Any, stack: List[Any], arg: int) -> None:
    if arg == 3:
        step = stack.pop()
        stop = stack.pop()
        stack[-1] = slice(stack[-1], stop, step)
    else:
        stop = stack.pop()
        stack[-1] = slice(stack[-1], stop)


def build_list_unpack(f: Any, stack: List[Any], arg: int) -> None:
    result: List[Any] = []
    for item in _pop_items(stack, arg):
        result.extend(item)
    stack.append(result)


def build_tuple_unpack(f: Any, stack: List[Any], arg: int) -> None:
    build_list_unpack(f, stack, arg)
    stack[-1] = tuple(stack[-1])


def build_tuple_unpack_with_call(f: Any, stack: List[Any], arg: int) -> None:
    func = stack[-1 - arg]
    result: List[Any] = []
    for item in _pop_items(stack, arg):
        try:
            result.extend(item)
        except TypeError:
            if not _has_iter(item):
                raise TypeError('%.200s argument after * must be an iterable, not %.200s'
                                % (func_name(func), _type_name(item))) from None
            raise
    stack.append(tuple(result))


def build_set_unpack(f: Any, stack: List[Any], arg: int) -> None:
    result = set()
    for item in _pop_items(stack, arg):
        result.update(item)
    stack.append(result)


def build_map_unpack(f: Any, stack: List[Any], arg: int) -> None:
    result: Dict[Any, Any] = {}
    for item in _pop_items(stack, arg):
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


def build_map_unpack_with_call(f: Any, stack: List[Any], arg: int) -> None:
    func = stack[-2 - arg]
    result: Dict[Any, Any] = {}
    for item in _pop_items(stack, arg):
        merge_kwargs(func, result, item)
    stack.append(result)


def set_add(f: Any, stack: List[Any], arg: int) -> None:
    value = stack.pop()
    stack[-arg].add(value)


def map_add(f: Any, stack: List[Any], arg: int) -> None:
    value = stack.pop()
    key = stack.pop()
    stack[-arg][key] = value


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


# -- stack shuffles and plain operators --------------------------------------------------------

def rot_three(f: Any, stack: List[Any], arg: Any) -> None:
    stack[-1], stack[-2], stack[-3] = stack[-2], stack[-3], stack[-1]


def rot_four(f: Any, stack: List[Any], arg: Any) -> None:
    stack[-1], stack[-2], stack[-3], stack[-4] = stack[-2], stack[-3], stack[-4], stack[-1]


def dup_top_two(f: Any, stack: List[Any], arg: Any) -> None:
    stack.extend(stack[-2:])


def _unary(function: Callable[[Any], Any]) -> Callable[[Any, List[Any], Any], None]:
    def handler(f: Any, stack: List[Any], arg: Any) -> None:
        stack[-1] = function(stack[-1])
    return handler


def _binary(function: Callable[[Any, Any], Any]) -> Callable[[Any, List[Any], Any], None]:
    def handler(f: Any, stack: List[Any], arg: Any) -> None:
        right = stack.pop()
        stack[-1] = function(stack[-1], right)
    return handler


BINARY_OPERATORS = {
    'BINARY_POWER': operator.pow, 'BINARY_MULTIPLY': operator.mul,
    'BINARY_MATRIX_MULTIPLY': operator.matmul, 'BINARY_MODULO': operator.mod,
    'BINARY_ADD': operator.add, 'BINARY_SUBTRACT': operator.sub,
    'BINARY_SUBSCR': operator.getitem, 'BINARY_FLOOR_DIVIDE': operator.floordiv,
    'BINARY_TRUE_DIVIDE': operator.truediv, 'BINARY_LSHIFT': operator.lshift,
    'BINARY_RSHIFT': operator.rshift, 'BINARY_AND': operator.and_, 'BINARY_XOR': operator.xor,
    'BINARY_OR': operator.or_,
    'INPLACE_POWER': operator.ipow, 'INPLACE_MULTIPLY': operator.imul,
    'INPLACE_MATRIX_MULTIPLY': operator.imatmul, 'INPLACE_MODULO': operator.imod,
    'INPLACE_ADD': operator.iadd, 'INPLACE_SUBTRACT': operator.isub,
    'INPLACE_FLOOR_DIVIDE': operator.ifloordiv, 'INPLACE_TRUE_DIVIDE': operator.itruediv,
    'INPLACE_LSHIFT': operator.ilshift, 'INPLACE_RSHIFT': operator.irshift,
    'INPLACE_AND': operator.iand, 'INPLACE_XOR': operator.ixor, 'INPLACE_OR': operator.ior,
}
UNARY_OPERATORS = {'UNARY_POSITIVE': operator.pos, 'UNARY_NEGATIVE': operator.neg,
                   'UNARY_INVERT': operator.invert, 'UNARY_NOT': operator.not_}


def store_subscr(f: Any, stack: List[Any], arg: Any) -> None:
    key = stack.pop()
    container = stack.pop()
    container[key] = stack.pop()


def delete_subscr(f: Any, stack: List[Any], arg: Any) -> None:
    key = stack.pop()
    container = stack.pop()
    del container[key]


def delete_attr(f: Any, stack: List[Any], name: str) -> None:
    delattr(stack.pop(), name)


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


# -- the block stack and exception state ----------------------------------------------------------

def unwind_except_handler(stack: List[Any], level: int) -> None:
    """UNWIND_EXCEPT_HANDLER: drop to the block's level and restore the saved exception state."""
    del stack[level + 3:]
    exc_type = stack.pop()
    exc_value = stack.pop()
    exc_tb = stack.pop()
    set_exc_info(exc_type, exc_value, exc_tb)


def pop_except(stack: List[Any]) -> None:
    """POP_EXCEPT (after the EXCEPT_HANDLER block is popped): restore the saved exception state."""
    exc_type = stack.pop()
    exc_value = stack.pop()
    exc_tb = stack.pop()
    set_exc_info(exc_type, exc_value, exc_tb)


def pop_finally(f: Any, stack: List[Any], preserve_tos: int) -> None:
    """POP_FINALLY: leave a finally block early (break/continue/return inside it)."""
    result = stack.pop() if preserve_tos else NULL
    top = stack.pop()
    if top is not NULL and type(top) is not int:
        stack.pop()
        stack.pop()
        kind, _, level = f.blocks.pop()
        if kind != EXCEPT_HANDLER_BLOCK:
            raise SystemError('popped block is not an except handler')
        pop_except(stack)
    if preserve_tos:
        stack.append(result)


def exception_to_raise(f: Any, stack: List[Any], arg: int) -> BaseException:
    """RAISE_VARARGS: the exception to raise, with __cause__ set (as do_raise)."""
    if arg == 0:
        exc_type, exc_value, exc_tb = sys.exc_info()
        if exc_value is None:
            return RuntimeError('No active exception to reraise')
        exc_value.__traceback__ = exc_tb
        return exc_value
    cause = stack.pop() if arg == 2 else NULL
    exc = stack.pop()
    if isinstance(exc, type) and issubclass(exc, BaseException):
        value = exc()
        if not isinstance(value, BaseException):
            return TypeError('calling %r should have returned an instance of BaseException, not %r'
                             % (exc, type(value)))
        exc = value
    elif not isinstance(exc, BaseException):
        return TypeError('exceptions must derive from BaseException')
    if cause is not NULL:
        if isinstance(cause, type) and issubclass(cause, BaseException):
            fixed = cause()
            if not isinstance(fixed, BaseException):
                return TypeError('calling %r should have returned an instance of BaseException, '
                                 'not %r' % (cause, type(fixed)))
            cause = fixed
        elif cause is not None and not isinstance(cause, BaseException):
            return TypeError('exception causes must derive from BaseException')
        exc.__cause__ = cause    # also sets __suppress_context__
    return exc


def chain_context(exc: BaseException) -> None:
    """Implicit chaining of a newly raised exception, as 3.8's _PyErr_SetObject."""
    handled = sys.exc_info()[1]
    if handled is None or handled is exc:
        return
    link = handled
    while True:   # avoid a cycle through the context chain
        context = link.__context__
        if context is None:
            break
        if context is exc:
            link.__context__ = None
            break
        link = context
    exc.__context__ = handled


def special_lookup(obj: Any, name: str) -> Any:
    """_PyObject_LookupSpecial: the attribute from the type's MRO, bound; AttributeError(name) if absent."""
    for klass in type(obj).__mro__:
        if name in klass.__dict__:
            attr = klass.__dict__[name]
            getter = getattr(type(attr), '__get__', None)
            return attr if getter is None else getter(attr, obj, type(obj))
    raise AttributeError(name)


def enter_with(stack: List[Any]) -> Any:
    """SETUP_WITH's first half: replace the manager by its __exit__, call __enter__."""
    manager = stack[-1]
    enter = special_lookup(manager, '__enter__')
    stack[-1] = special_lookup(manager, '__exit__')
    return enter()


def before_async_with(f: Any, stack: List[Any], arg: Any) -> None:
    manager = stack[-1]
    exit_method = special_lookup(manager, '__aexit__')
    enter = special_lookup(manager, '__aenter__')
    stack[-1] = exit_method
    stack.append(enter())


def with_cleanup_start(f: Any, stack: List[Any]) -> None:
    """WITH_CLEANUP_START: call __exit__ with the exception (or Nones) that ended the block."""
    exc = stack[-1]
    if exc is NULL:
        stack.pop()
        exit_func = stack[-1]
        stack[-1] = exc
        exc, value, tb = None, None, None
    else:
        value = stack[-2]
        tb = stack[-3]
        exit_func = stack[-7]
        # shift the saved exception state down over __exit__; NULL where the state was
        stack[-7] = stack[-6]
        stack[-6] = stack[-5]
        stack[-5] = stack[-4]
        stack[-4] = NULL
        kind, handler, level = f.blocks[-1]
        f.blocks[-1] = (kind, handler, level - 1)
    result = exit_func(exc, value, tb)
    stack.append(exc)
    stack.append(result)


def with_cleanup_finish(f: Any, stack: List[Any], arg: Any) -> None:
    result = stack.pop()
    exc = stack.pop()
    if exc is not None and result:
        kind, _, level = f.blocks.pop()
        unwind_except_handler(stack, level)
        stack.append(NULL)


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
        importer = f.builtins['__import__']
    except KeyError:
        raise ImportError('__import__ not found') from None
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
    names = getattr(module, '__all__', NULL)
    skip_private = names is NULL
    if skip_private:
        namespace = getattr(module, '__dict__', NULL)
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


def unsupported(f: Any, stack: List[Any], arg: Any) -> None:
    raise SystemError('unknown opcode')


def _make_rare_table() -> List[Callable[[Any, List[Any], Any], None]]:
    from . import await_ops
    table: List[Callable[[Any, List[Any], Any], None]] = [unsupported] * 256
    for name, function in BINARY_OPERATORS.items():
        table[O.opmap[name]] = _binary(function)
    for name, function in UNARY_OPERATORS.items():
        table[O.opmap[name]] = _unary(function)
    for name, handler in [
            ('ROT_THREE', rot_three), ('ROT_FOUR', rot_four), ('DUP_TOP_TWO', dup_top_two),
            ('STORE_SUBSCR', store_subscr), ('DELETE_SUBSCR', delete_subscr),
            ('DELETE_ATTR', delete_attr), ('STORE_GLOBAL', store_global),
            ('DELETE_GLOBAL', delete_global), ('DELETE_NAME', delete_name),
            ('DELETE_FAST', delete_fast), ('LOAD_CLOSURE', load_closure),
            ('DELETE_DEREF', delete_deref), ('LOAD_CLASSDEREF', load_classderef),
            ('UNPACK_EX', unpack_ex), ('BUILD_SET', build_set), ('BUILD_MAP', build_map),
            ('BUILD_CONST_KEY_MAP', build_const_key_map), ('BUILD_STRING', build_string),
            ('BUILD_SLICE', build_slice), ('BUILD_LIST_UNPACK', build_list_unpack),
            ('BUILD_TUPLE_UNPACK', build_tuple_unpack),
            ('BUILD_TUPLE_UNPACK_WITH_CALL', build_tuple_unpack_with_call),
            ('BUILD_SET_UNPACK', build_set_unpack), ('BUILD_MAP_UNPACK', build_map_unpack),
            ('BUILD_MAP_UNPACK_WITH_CALL', build_map_unpack_with_call), ('SET_ADD', set_add),
            ('MAP_ADD', map_add), ('FORMAT_VALUE', format_value), ('PRINT_EXPR', print_expr),
            ('SETUP_ANNOTATIONS', setup_annotations), ('BEFORE_ASYNC_WITH', before_async_with),
            ('WITH_CLEANUP_FINISH', with_cleanup_finish), ('IMPORT_NAME', import_name),
            ('IMPORT_FROM', import_from), ('IMPORT_STAR', import_star),
            ('GET_YIELD_FROM_ITER', await_ops.get_yield_from_iter),
            ('GET_AITER', await_ops.get_aiter),
            ('GET_ANEXT', await_ops.get_anext)]:
        table[O.opmap[name]] = handler
    return table


RARE = _make_rare_table()
