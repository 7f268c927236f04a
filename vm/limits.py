"""The recursion limit as CPython 3.8 counts it, beyond the VM frames' own depth check.

3.8 counts more than frames against the limit: `_Py_EnterRecursiveCall` also guards every rich
comparison (" in comparison"), every call of a C function, method descriptor or type
(" while calling a Python object") and PyObject_Str/Repr (" while getting the str/repr of an
object"). So in the deepest frame, the one whose calls of Python functions fail, those
operations fail too: the classic runaway recursion's RecursionError ends "in comparison" at
its `if n < 0:` line. The VM leaves its hot paths alone for this: a frame pushed at that depth
runs a copy of its code's instructions (`deepest`) in which each such instruction is AT_LIMIT,
which raises as 3.8 does or does the instruction's work.

After a RecursionError, 3.8 stops checking (`overflowed`) until the depth falls below the low
water mark (the limit - 50, or 3/4 of it under 200), so that a handler near the limit can still
call, print and compare; 50 levels past the limit it gives up with a fatal error. The VM keeps
the frame at the low water mark's depth (`_RECOVERING`, per thread): 3.8 would have left that
state once that frame has gone from the stack.

Not modelled: the instrumented loop (sys.settrace, --trace) runs the plain instructions; a
generator's frame resumed at the deepest depth; containment in sets and dicts whose lookup
compares equal hashes of different objects.
"""
import collections
import os
import sys
from types import CodeType, FunctionType, MethodType
from typing import Any, Dict, List, Optional
from weakref import ref

from ..compiler import opcodes as O
from .decode import COMPARE_FUNCTIONS, NULL, Decoded, shallow_copy
from .fused import AT_LIMIT
from .function import Function
from .stack import get_ident
from . import hostbuiltins

hostbuiltins.bind(globals())   # the host's builtins, whatever a program rebinds

IN_COMPARISON = ' in comparison'
WHILE_CALLING = ' while calling a Python object'
GETTING_STR = ' while getting the str of an object'
GETTING_REPR = ' while getting the repr of an object'

_RICH = frozenset(COMPARE_FUNCTIONS[:6])
_CONTAINS = frozenset(COMPARE_FUNCTIONS[6:8])
_CALLS = frozenset((O.CALL_FUNCTION, O.CALL_FUNCTION_KW, O.CALL_FUNCTION_EX, O.CALL_METHOD))
# containers whose `in` compares each item that is not the one looked for (RichCompareBool)
_SCANNED = (list, tuple, collections.deque)
_GENERATOR_FLAGS = 0x20 | 0x80 | 0x200   # CO_GENERATOR | CO_COROUTINE | CO_ASYNC_GENERATOR

# thread -> the frame at the low water mark's depth when its RecursionError was raised (weakly)
_RECOVERING: Dict[int, Any] = {}
_DEEPEST: Dict[Decoded, Decoded] = {}   # a code's decoded form -> its deepest frame's copy


# The program's recursion limit, set by sys.setrecursionlimit from VM code. VM frames are
# counted against it; the host's own limit only guards recursion through host code, and is
# never set below the depth the host stack already has (a program at depth 1 may ask for 60
# while the VM itself runs 100 host frames deep, e.g. under a test runner).
program_limit: List[Optional[int]] = [None]
# recursion_limit's last answer, which compiled code compares depths with (no host call of
# sys.getrecursionlimit per compiled call or resumption when the program set no limit): set
# at every loop's entry (which reads the limit once, as its frames' depth limit) and wherever
# program_limit changes (vm/hostcalls.py), so compiled code sees the limit its loop would
resolved_limit: List[int] = [sys.getrecursionlimit()]


def recursion_limit() -> int:
    """The limit VM frames are counted against: the program's, else the host's (kept in
    resolved_limit)."""
    limit = program_limit[0]
    if limit is None:
        limit = sys.getrecursionlimit()
    resolved_limit[0] = limit
    return limit


def low_water_mark(limit: int) -> int:
    """As 3.8's _Py_RecursionLimitLowerWaterMark."""
    return limit - 50 if limit > 200 else 3 * (limit >> 2)


def _caller(frame: Any) -> Any:
    """The VM frame below `frame`: its caller in the same loop, or, for the frame a loop was
    entered with from host code, the frame the loop it runs inside was running then."""
    if frame.back is not None:
        return frame.back
    outer = getattr(frame, 'loop_outer', None)
    return None if outer is None else outer.loop_frame or outer


def _recovering(frame: Any) -> bool:
    """Whether this thread is in 3.8's overflowed state, seen from `frame` (running now)."""
    held = _RECOVERING.get(get_ident())
    if held is None:
        return False
    mark = held()
    if mark is not None:
        while frame is not None and frame.depth > mark.depth:
            frame = _caller(frame)
        if frame is mark:
            return True
    del _RECOVERING[get_ident()]   # the stack fell below the mark: 3.8 left the state
    return False


def exceeded(frame: Any, depth: int, limit: int, message: str = '') -> None:
    """A check found `depth` (a VM frame's, or a C-level level's above `frame`) at or over
    `limit`: 3.8's RecursionError, unless the thread is recovering from one."""
    if _recovering(frame):
        if depth >= limit + 50:
            fatal(frame, 'Cannot recover from stack overflow.')
        return
    mark = frame
    water = low_water_mark(limit) - 1
    while mark is not None and mark.depth > water:
        mark = _caller(mark)
    if mark is not None:
        if mark.host is None:
            mark.host = False   # never reused for another call
        _RECOVERING[get_ident()] = ref(mark)   # (not keeping it, its locals and its callers alive)
    raise RecursionError('maximum recursion depth exceeded' + message)


def fatal(frame: Any, message: str) -> None:
    """3.8's Py_FatalError: the message and the thread's VM frames on stderr, then abort."""
    out = sys.stderr
    try:
        out.flush()
    except Exception:
        pass
    lines = ['Fatal Python error: %s\nPython runtime state: initialized\n\n' % message,
             'Current thread 0x%016x (most recent call first):\n' % get_ident()]
    shown = 0
    while frame is not None:
        if shown == 100:
            lines.append('  ...\n')
            break
        lines.append('  File "%s", line %d in %s\n' % (frame.code.co_filename, frame.dc.line_of(frame.i - 1),
                                                     frame.code.co_name))
        frame = _caller(frame)
        shown += 1
    os.write(2, ''.join(lines).encode('utf-8', 'backslashreplace'))
    os.abort()


# -- the deepest frame ---------------------------------------------------------------------------

def deepest(dc: Decoded) -> Decoded:
    """The copy of `dc` a frame pushed at the deepest depth runs: every instruction that 3.8
    counts a level for made AT_LIMIT (its argument: the instruction)."""
    copy = _DEEPEST.get(dc)
    if copy is None:
        instrs: List[Any] = []
        for opcode, arg in dc.plain_instrs:
            if ((opcode == O.COMPARE_OP and (arg in _RICH or arg in _CONTAINS)) or opcode in _CALLS
                    or opcode == O.FORMAT_VALUE or (opcode == O.RAISE_VARARGS and arg)):
                instrs.append((AT_LIMIT, (opcode, arg)))
            else:
                instrs.append((opcode, arg))
        copy = shallow_copy(dc)
        copy.instrs = copy.quick = instrs   # (plain_instrs kept: the instrumented loop's)
        copy.sites = copy.body = copy.steps = None
        _DEEPEST[dc] = copy
    return copy


def enter_deepest(frame: Any, caller: Any) -> None:
    """`frame`, not started, called by `caller` at the deepest depth: it runs the deepest copy
    of its code, unless the thread is recovering from a RecursionError (3.8 checks nothing then)."""
    if not frame.dc.is_generator and not _recovering(caller):
        frame.dc = deepest(frame.dc)
        frame.instrs = frame.dc.instrs
        if frame.host is None:
            frame.host = False   # never reused for another call with this code


def push(caller: Any, callee: Any, levels: int, limit: int) -> None:
    """The loop's PUSH_FRAME_AT near the limit: `callee` is to run `levels` below `caller`."""
    depth = caller.depth + levels
    if depth >= limit:
        exceeded(caller, depth, limit)
    else:
        enter_deepest(callee, caller)


def at_limit(f: Any, stack: List[Any], arg: Any) -> None:
    """AT_LIMIT: instruction `arg` of the deepest frame: 3.8's RecursionError where it counts a
    level there, else the instruction's work."""
    opcode, oparg = arg
    limit_now = recursion_limit()
    deepest_now = f.depth + 1 >= limit_now and not _recovering(f)
    if opcode == O.COMPARE_OP:
        right = stack.pop()
        left = stack[-1]
        if deepest_now and (oparg in _RICH or _contains_compares(left, right)):
            stack.append(right)
            exceeded(f, f.depth + 1, limit_now, IN_COMPARISON)
        stack[-1] = oparg(left, right)
    elif opcode == O.FORMAT_VALUE:
        if deepest_now:
            message = _format_level(stack[-2 if (oparg & O.FVS_MASK) == O.FVS_HAVE_SPEC else -1], oparg)
            if message is not None:
                exceeded(f, f.depth + 1, limit_now, message)
        from .ops import format_value
        format_value(f, stack, oparg)
    elif opcode == O.RAISE_VARARGS:
        if deepest_now and any(isinstance(x, type) and issubclass(x, BaseException) for x in stack[-oparg:]):
            exceeded(f, f.depth + 1, limit_now, WHILE_CALLING)   # (do_raise calls the class)
        from .unwind import chain_context, exception_to_raise
        exc = exception_to_raise(stack, oparg)
        chain_context(exc)
        raise exc
    else:
        _call(f, stack, opcode, oparg, deepest_now, limit_now)


def _contains_compares(item: Any, container: Any) -> bool:
    """Whether 3.8's `item in container` compares (a level) before it has its answer."""
    if isinstance(container, range):
        return len(container) > 0 or type(item) in (int, bool)
    if isinstance(container, _SCANNED) and type(container).__contains__ in (
            list.__contains__, tuple.__contains__, collections.deque.__contains__):
        return len(container) > 0 and container[0] is not item
    return False


def _format_level(value: Any, flags: int) -> Optional[str]:
    """The message of the level 3.8's FORMAT_VALUE counts for `value` first, or None."""
    conversion = flags & O.FVC_MASK
    if conversion in (O.FVC_REPR, O.FVC_ASCII):
        return GETTING_REPR
    if conversion == O.FVC_STR:
        if type(value) is not str:
            return GETTING_STR
    has_spec = (flags & O.FVS_MASK) == O.FVS_HAVE_SPEC
    if not has_spec and type(value) is str:
        return None
    if not has_spec and type(value) is int:
        return GETTING_STR
    if _is_python_function(getattr(type(value), '__format__', None)):
        return None   # (its frame's own check fails)
    return WHILE_CALLING


def _is_python_function(func: Any) -> bool:
    """Whether 3.8 calls `func` with no level before its frame's own (a Python function, or
    a bound method of one)."""
    if type(func) is MethodType:
        func = func.__func__
    return type(func) is Function or _is_host_python_function(func)


def _is_host_python_function(func: Any) -> bool:
    """A function of the host's written in Python (PyPy's builtins are functions too, of
    builtin code)."""
    return type(func) is FunctionType and type(func.__code__) is CodeType


def _call(f: Any, stack: List[Any], opcode: int, count: int, deepest_now: bool, limit_now: int) -> None:
    """A call instruction in the deepest frame: a Python function's call (its frame fails the
    check, after its arguments are bound; a generator function's makes its generator), any
    other callable's 3.8's " while calling" level, then the call."""
    kwargs = None
    if opcode == O.CALL_FUNCTION:
        args = tuple(stack[len(stack) - count:])
        func = stack[-count - 1]
        del stack[-count - 1:]
    elif opcode == O.CALL_METHOD:
        if stack[-count - 2] is NULL:
            args = tuple(stack[len(stack) - count:])
            func = stack[-count - 1]
        else:
            args = tuple(stack[-count - 1:])
            func = stack[-count - 2]
        del stack[-count - 2:]
    elif opcode == O.CALL_FUNCTION_KW:
        names = stack.pop()
        values = stack[len(stack) - count:]
        func = stack[-count - 1]
        del stack[-count - 1:]
        args = tuple(values[:count - len(names)])
        kwargs = dict(zip(names, values[count - len(names):]))
    else:   # CALL_FUNCTION_EX
        from .ops import call_ex_args, call_ex_kwargs
        kwargs = call_ex_kwargs(stack[-3], stack.pop()) if count & 1 else None
        args = call_ex_args(stack[-2], stack.pop())
        func = stack.pop()
    if deepest_now:
        if not _is_python_function(func):
            exceeded(f, f.depth + 1, limit_now, WHILE_CALLING)
        target = func.__func__ if type(func) is MethodType else func
        if _is_host_python_function(target) and not target.__code__.co_flags & _GENERATOR_FLAGS:
            exceeded(f, f.depth + 1, limit_now)   # (a host function: its frame's check)
    stack.append(func(*args, **kwargs) if kwargs else func(*args))


def resume(caller: Any, generator: Any, limit: int) -> None:
    """A generator resumed by `caller` at the limit: 3.8's gen_send_ex fails at its frame's
    check, the generator finished (its frame released: no 'never awaited' warning later)."""
    try:
        exceeded(caller, caller.depth + 1, limit)
    except RecursionError:
        generator._frame = None
        raise
