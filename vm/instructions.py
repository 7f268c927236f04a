"""Every instruction of the VM, written once: its stack effect, what its argument is, its body.

In the spirit of CPython 3.12's Python/bytecodes.c: `python -m pipeline.vm.cases` reads
this file and writes the eval loops from it (vm/eval_generated.py, the plain loop, and
vm/eval_traced_generated.py, the instrumented one). A body is the
Python text of a `def` below, run inside the loop with its registers: `f` (the frame),
`entry`, `code`, `stack`, `fast` (locals), `glb`, `bltn`, `i` (the next instruction),
`op`, `arg` (resolved by decode.py: the constant, the name, the jump target index...),
`limit`, `pending`/`tb_here` (an exception to unwind). DISPATCH_NEXT() goes on to the
next instruction at once (`continue`); UNWIND_PENDING() unwinds `pending` (`break`).
A statement `NAME(args)` naming a macro below is replaced by the macro's body
(parameters substituted); one naming a hook point (HOOK_POINTS) by the body of the def
of that name decorated `@hook(variant)` in that variant, and by nothing elsewhere: the
instrumented loop's hooks serve --trace/--stats, vm.hooks' step and sys.settrace/
setprofile (vm/settrace.py); the plain loop's only hooks hand its frames over to it.

`HEAD` and `BY_FREQUENCY` give the dispatch order of the if/elif chain (measured opcode
counts of the benchmarks, most frequent first); every other instruction is rare: the
generator makes it a function of (f, stack, arg) in the `RARE` table, so it must not
touch the loop's registers beyond those (and the frame registers it declares in `reads`).
Each opcode has exactly one body; the instrumented loop leaves the superinstructions out.
"""
from typing import Any, Callable, Dict, List, NamedTuple, Optional

from ..compiler import opcodes as O
from . import fused
from .decode import FELL_OFF_END as _FELL_OFF_END
from . import hostbuiltins

hostbuiltins.bind(globals())   # the host's builtins, whatever a program rebinds


class Instruction(NamedTuple):
    """One instruction: `effect` as bytecodes.c writes it ('left right -- result'), `reads`
    what its argument is (const, name, local, cell, jump, compare, count, flags or none)
    and which frame registers its body uses (locals, globals, builtins)."""
    name: str
    opcode: int
    effect: str
    reads: str
    body: Optional[str]        # None: the body is the text of the def of that name in this file
    superinstruction: bool


INSTRUCTIONS: Dict[str, Instruction] = {}
MACROS: Dict[str, List[str]] = {}               # macro name -> parameter names
HOOKS: Dict[str, Dict[str, List[str]]] = {}     # variant -> hook name -> parameter names
# Macros that host code runs too, written also as functions of the RARE module (vm/tracing.py
# puts them in vm/function.py, whose __call__ takes and gives back pooled frames as the loop
# does): macro -> (function name, its parameters, the register the macro leaves its result in)
MACRO_FUNCTIONS = {'POOLED_FRAME': ('pooled_frame', ['callee', 'locals_list'], 'nf'),
                   'RELEASE_FRAME': ('release_frame', ['frame'], None)}
# Where a variant of the loop may add code (see the hooks below for what each point is).
# RETURN_TO_CALLER: a VM frame returns `v` to its caller frame `back` in the loop (tier 1's
# inlined __init__ calls, SETUP_WITH's __enter__: FINISH_INLINE_CALL). INLINE_COROUTINES: YIELD_FROM resumes a VM coroutine (`await`)
# inside the loop, as it does a generator, in the loops that set `inline` to Coroutine.
HOOK_POINTS = ('TRACE_SETUP', 'TRACE_CALL', 'TRACE_INSTRUCTION', 'TRACE_RETURN', 'TRACE_LEAVE',
               'TRACE_ITER_END', 'TRACE_EXCEPTION', 'TRACE_EXIT', 'TRACE_HOST_CALL',
               'TRACE_INTERCEPT', 'TRACE_SWITCH', 'TRACE_HANDOVER', 'TRACE_HAND_BACK', 'RETURN_TO_CALLER',
               'TRACE_DELEGATORS', 'TRACE_DELEGATE_END', 'INLINE_COROUTINES', 'CALL_BODY',
               'CONSUME_GENERATOR', 'CONSUME_GENERATOR_OPERANDS', 'DRAIN_IN_PLACE', 'SENT_VALUE_DROPPED',
               'STEP_DELEGATED', 'CLASS_CALL')
# The variants: the module each is written to, what LOAD_CODE() reads (the instrumented loop
# runs the unfused instructions so that every opcode is reported), and extra imports.
VARIANTS = {
    'plain': ('eval_generated.py', 'code = f.instrs', 'from .eval_rare_generated import RARE\n'),
    'traced': ('eval_traced_generated.py', 'code = f.dc.plain_instrs',
               'from . import instrument\nfrom .eval_rare_generated import RARE\nfrom .instrument import emit\n'
               'from .settrace import (STATE as TRACE_STATE, c_profiled, c_profiled_intercept, '
               'delegate_ended, delegators_yield, for_iter_stopped, trace_enter,\n'
               '                       trace_exception, trace_exit, trace_instruction, trace_return, '
               'trace_start)\n'),
}


def _opcode(name: str) -> int:
    if name == 'FELL_OFF_END':
        return _FELL_OFF_END
    return getattr(fused, name) if hasattr(fused, name) else O.opmap[name]


def define(name: str, effect: str, reads: str = 'none', body: Optional[str] = None) -> None:
    """Register instruction `name` (an opcode of 3.8, or a superinstruction of vm/fused.py)."""
    if name in INSTRUCTIONS:
        raise ValueError('instruction %s defined twice' % name)
    INSTRUCTIONS[name] = Instruction(name, _opcode(name), effect, reads, body, hasattr(fused, name))


def inst(effect: str, reads: str = 'none') -> Callable[[Callable[[], None]], None]:
    """Decorator: the def's name is the instruction's, its body the instruction's body."""
    def register(function: Callable[[], None]) -> None:
        define(function.__name__, effect, reads)
    return register


def _parameters(function: Callable[..., None]) -> List[str]:
    return list(function.__code__.co_varnames[:function.__code__.co_argcount])


def macro(function: Callable[..., None]) -> None:
    """Decorator: a block of loop code used by several bodies, written once."""
    MACROS[function.__name__] = _parameters(function)


def hook(variant: str) -> Callable[[Callable[..., None]], None]:
    """Decorator: the body of a hook point in one variant of the loop."""
    def register(function: Callable[..., None]) -> None:
        if function.__name__ not in HOOK_POINTS:
            raise ValueError('unknown hook point %s' % function.__name__)
        HOOKS.setdefault(variant, {})[function.__name__] = _parameters(function)
    return register


# Dispatch order, from the opcode counts of bench/programs (each program weighing the same;
# counted by a COUNTS[op] += 1 after the fetch of the plain loop): HEAD is tested first; then
# the chain splits on `op < 100` so that each half stays short, each half in BY_FREQUENCY's
# order. Opcodes not listed are rare (the RARE table).
HEAD = ['LOAD_FAST', 'LOAD_CONST', 'LOAD_FAST_LOAD_FAST']
BY_FREQUENCY = [
    'LOAD_FAST_LOAD_ATTR', 'LOAD_ATTR', 'STORE_FAST', 'LOAD_FAST_LOAD_CONST', 'BINARY_ADD', 'BINARY_SUBSCR',
    'LOAD_GLOBAL', 'BINARY_MULTIPLY', 'POP_TOP', 'JUMP_ABSOLUTE', 'RETURN_VALUE',
    'FOR_ITER_STORE_FAST', 'CALL_FUNCTION', 'LOAD_FAST_STORE_ATTR', 'STORE_ATTR', 'COMPARE_JUMP_IF_FALSE',
    'CALL_METHOD', 'LOAD_FAST_LOAD_METHOD', 'LOAD_METHOD', 'YIELD_FROM', 'STORE_SUBSCR', 'INPLACE_ADD', 'YIELD_VALUE', 'LOAD_DEREF',
    'BINARY_SUBTRACT', 'DUP_TOP', 'ROT_THREE', 'ROT_TWO', 'POP_JUMP_IF_FALSE', 'BUILD_SLICE',
    'LOAD_NAME', 'DUP_TOP_TWO', 'BINARY_MODULO', 'SETUP_FINALLY', 'BINARY_FLOOR_DIVIDE',
    'UNPACK_SEQUENCE', 'INPLACE_SUBTRACT', 'FOR_ITER', 'JUMP_FORWARD', 'BINARY_TRUE_DIVIDE',
    'UNARY_NOT', 'COMPARE_OP', 'POP_BLOCK', 'STORE_NAME', 'CALL_FUNCTION_KW', 'END_FINALLY',
    'GET_ITER', 'JUMP_IF_FALSE_OR_POP', 'JUMP_IF_TRUE_OR_POP', 'BUILD_TUPLE', 'NOP',
    'WITH_CLEANUP_START', 'WITH_CLEANUP_FINISH', 'SETUP_WITH', 'STORE_FAST_LOAD_FAST', 'MAKE_FUNCTION', 'POP_EXCEPT',
    'BEGIN_FINALLY', 'RAISE_VARARGS', 'LIST_APPEND', 'BINARY_POWER', 'POP_JUMP_IF_TRUE',
    'STORE_DEREF', 'BUILD_LIST', 'LOAD_BUILD_CLASS', 'END_ASYNC_FOR', 'GET_AWAITABLE',
    'FELL_OFF_END', 'CALL_FUNCTION_EX', 'CALL_FINALLY', 'POP_FINALLY', 'SETUP_ASYNC_WITH',
    'JUMP_BACKEDGE', 'POP_JUMP_IF_FALSE_BACKEDGE', 'POP_JUMP_IF_TRUE_BACKEDGE', 'COMPARE_JUMP_IF_FALSE_BACKEDGE',
    # (last: never met at tier 0, vm/tier2.py)
]

# Names the loop binds as default arguments (read as fast locals), besides the opcodes.
LOOP_CONSTANTS = ['RUNNING_LOOPS', 'get_ident', 'NULL', 'Frame', 'Function', 'FRAME_POOL_LIMIT',
                  'TRACE_REQUESTED', 'SWITCH_LOOPS', 'HANDED_BACK', 'MethodType', 'BuiltinFunctionType', 'FunctionType',
                  'INTERCEPTS', 'Generator', 'Coroutine', 'AsyncGenerator', 'make_generator', 'DELEGATED', 'RARE',
                  'SETUP_FINALLY_BLOCK', 'EXCEPT_HANDLER_BLOCK', 'next', 'type', 'len',
                  'OPAQUE_NAMESPACES', 'OPAQUE_NAMES', 'namespace_get']

# What the generated modules import (the names instruction bodies use).
PRELUDE = '''\
import sys
from types import BuiltinFunctionType, FunctionType, MethodType
from typing import Any, Optional

from ..compiler import opcodes as O
from . import await_ops, consumers, hostcalls, limits, ops, unwind
from .consumers import DRAINING, Drain
from .compat import OPAQUE_NAMES, OPAQUE_NAMESPACES, namespace_get, namespace_set, namespace_update
from .decode import NULL
from .errors import BytecodeCorruption
from .frame import Frame, new_frame
from .async_generators import AsyncGenerator
from .function import FRAME_POOL_LIMIT, Function, make_generator
from .generators import Coroutine, Generator
from .tracebacks import add_entry, returned_at
from .settrace import HANDED_BACK, SWITCH_LOOPS, TRACE_REQUESTED, resume_traced
from .stack import RUNNING_LOOPS, after_jump, get_ident
from .unwind import DELEGATED, ENTERING, EXCEPT_HANDLER_BLOCK, SETUP_FINALLY_BLOCK
from . import hostbuiltins

hostbuiltins.bind(globals())   # the host's builtins, whatever a program rebinds
INTERCEPTS = hostcalls.INTERCEPTS
'''


# -- the loop ------------------------------------------------------------------------------------
# Run frame `f` (and the frames it calls) until it returns or yields; the value. `throw`:
# resume `f` by raising this exception at its current instruction (generators). Afterwards
# `f.yielded` tells a yield from a return. `_entry`: go on with the frames from `f` back to
# `_entry` that a plain loop was running (its handover to the traced loop, TRACE_HANDOVER).
# DISPATCH() stands for the if/elif chain.

def LOOP():
    # the loop's position (vm/stack.py's explicit frame stack): `entry` is registered as the
    # innermost running loop of this thread, entry.loop_frame is the frame it runs now (a
    # loop going on with a plain loop's frames keeps that loop's registration)
    limit = hostcalls.recursion_limit()   # (VM frames' depth limit: read once per entry)
    if _entry is None:
        entry = f
        thread = get_ident()
        outer = RUNNING_LOOPS.get(thread)
        if outer is None:
            f.depth = 0
            entry.loop_nesting = 0
        else:   # entered from host code: one below the VM frame that called it, or as hostcalls.entered_depth
            caller = outer.loop_frame or outer
            if f.dc.is_generator or f.code.co_name in hostcalls.ENTERED_LEVELS:
                f.depth = hostcalls.entered_depth(f, caller, CALLING)
            else:
                f.depth = caller.depth + 1
            if f.depth + 1 >= limit and f.i == 0:   # at the limit: 3.8's error, or the deepest frame's instructions
                limits.push(caller, f, f.depth - caller.depth, limit)
            caller = None
            entry.loop_nesting = outer.loop_nesting + 1
            if entry.loop_nesting > hostcalls.host_room[0]:
                hostcalls.make_host_room(entry.loop_nesting)
        entry.loop_outer = outer
        RUNNING_LOOPS[thread] = entry
    else:
        entry = _entry
        thread = None
    try:
        LOOP_BODY()
    finally:
        if thread is not None:
            entry.loop_frame = None   # (a finalizer this runs still sees the loop registered)
            if entry.loop_outer is None:
                del RUNNING_LOOPS[thread]
                if hostcalls.host_limit_before[0] is not None and not RUNNING_LOOPS:
                    hostcalls.give_back_host_room()
            else:
                RUNNING_LOOPS[thread] = entry.loop_outer
                entry.loop_outer = None


@macro
def LOOP_BODY():
    exc: Any   # the exception being unwound (a hook may replace it); an annotation, no code
    args: Any  # a call's arguments: a tuple, or a list being built (METHOD_FRAME, CALL_POSITIONAL)
    RELOAD_FRAME()
    i = f.i
    pending = throw
    throw = None
    tb_here = True
    op = arg = None
    TRACE_SETUP()
    while True:
        if pending is None:
            try:
                while True:
                    op, arg = code[i]
                    i += 1
                    TRACE_INSTRUCTION()
                    DISPATCH()
            except BytecodeCorruption:
                raise
            except BaseException as raised:   # the program's exception: unwound below
                pending = raised
                if op in JUMPING:   # (a signal arriving right after a jump: the jump is the instruction that ran)
                    i = after_jump(code, i, op, arg)
                if not unwind.raised_here(raised):
                    tb_here = False   # the host replaced it during normalization (see raised_here)
        TRACE_HANDOVER()
        TRACE_HAND_BACK()
        # exception_unwind: find a handler in this frame or the frames below it
        exc = pending
        pending = None
        if tb_here:
            add_entry(exc, f, i - 1)
            TRACE_EXCEPTION()
        tb_here = True
        while True:
            handler = unwind.unwind_to_handler(f, exc)
            if handler >= 0:
                i = handler
                # the handler has it on its stack; the registers of the instruction that raised go
                exc = nf = args = func = tf = kwargs = values = v = w = obj = res = None
                break
            f.i = i
            if f.host is not None:   # seen outside the loop: its f_lasti stays at what raised (a re-raise)
                returned_at(f, i - 1)
            TRACE_EXIT()
            if f is entry:
                f.yielded = False
                # a traceback through this frame must not keep exc (or anything) alive in a cycle
                v = w = obj = func = args = kwargs = values = nf = None
                try:
                    unwind.raise_out(exc)
                finally:
                    exc = None
            back = f.back
            f.back = None
            if f.gen is not None:
                exc = unwind.finish_inline_generator(f, exc)
                if f.resume_target == DELEGATED:
                    back.i += 1     # the exception comes out of the delegating YIELD_FROM
            i = back.i
            f = back
            add_entry(exc, f, i - 1)
            TRACE_EXCEPTION()
        RELOAD_FRAME()


@macro
def RARE_FALLBACK():
    f.i = i   # for f_lineno, should it call out
    RARE[op](f, stack, arg)
    v = w = obj = func = args = None   # no stray references delaying finalization (del x)


# -- macros ----------------------------------------------------------------------------------------

@macro
def RELOAD_FRAME():
    entry.loop_frame = f
    LOAD_CODE()
    stack = f.stack
    fast = f.fast
    glb = f.globals
    bltn = f.builtins


@macro
def PUSH_FRAME(callee):
    PUSH_FRAME_AT(callee, 1)


@macro
def PUSH_FRAME_AT(callee, levels):
    # `levels` deeper than the caller: 1, or 2 where 3.8 counts a C-level call in between
    if f.depth + levels + 1 >= limit:   # 3.8's error, or the deepest frame's instructions (vm/limits.py)
        f.i = i
        limits.push(f, callee, levels, limit)
    callee.depth = f.depth + levels
    v = w = None   # the caller's stale operands must not outlive their use
    callee.back = f
    f.i = i
    f = callee
    RELOAD_FRAME()
    i = 0
    TRACE_CALL()
    DISPATCH_NEXT()


@macro
def RESUME_GENERATOR(sent, target, caller_index):
    # resume VM generator `it` (its frame `gf`) inside this loop, as a callee frame
    if f.depth + 1 >= limit:
        # as 3.8's gen_send_ex, whose frame evaluation fails at its recursion check: the
        # generator is finished (its frame released: no 'never awaited' warning later)
        limits.resume(f, it, limit)
    it._running = True
    gf.gen = it
    it = None
    gf.depth = f.depth + 1
    gf.back = f
    gf.resume_target = target
    f.i = caller_index
    f, gf = gf, None   # the loop keeps no reference to a generator frame
    RELOAD_FRAME()
    i = f.i
    if i:   # (not just started: the value sent is the result of its yield)
        SENT_VALUE_DROPPED()
        stack.append(sent)
    TRACE_CALL()
    DISPATCH_NEXT()


@macro
def FOR_ITER_GENERATOR(target):
    if type(stack[-1]) is Generator:
        it = stack[-1]
        gf = it._frame
        if gf is not None and not it._running and it._exc_state is None:
            RESUME_GENERATOR(None, target, i)
        it = gf = None


@macro
def YIELD_TO_CONSUMER():
    # a generator resumed inside the loop yields: the value goes to its consumer
    TRACE_DELEGATORS()
    if f.blocks or f.resume_target < 0:   # (DELEGATED or DRAINING)
        DRAIN_IN_PLACE()
        f = unwind.yield_inline(f, entry)
        if f is None:
            TRACE_RETURN(entry, entry.i)
            return v
        RELOAD_FRAME()
        i = f.i
        if isinstance(stack[-1], Drain):
            # the generator a builtin's drain resumed is suspended: the drain ended at this
            # item (vm/consumers.py), or this loop offers it none; the builtin's value
            stack[-1] = stack[-1].handed_over(v)
        else:
            stack.append(v)
    else:   # (unwind.yield_inline's first step, inlined: the generator a FOR_ITER resumed)
        f.gen._running = False
        f.gen = None
        back = f.back
        f.back = None
        f = back
        back = None
        RELOAD_FRAME()
        i = f.i
        stack.append(v)
    v = None


@macro
def RESUME_DRAINED():
    # run the generator of Drain `obj` (consumers.drain checked its state and the depth) inside
    # the loop, two levels below this frame (3.8's call of the builtin is a recursion level),
    # the drain on the stack in place of the call's operands
    stack.append(obj)
    gf = obj.gen._frame
    obj.gen._running = True
    gf.gen = obj.gen
    obj = args = func = None
    gf.depth = f.depth + 2
    gf.back = f
    gf.resume_target = DRAINING
    f.i = i
    f, gf = gf, None   # the loop keeps no reference to a generator frame
    RELOAD_FRAME()
    i = f.i
    if i:   # (the builtin's next() sends None)
        SENT_VALUE_DROPPED()
        stack.append(None)
    TRACE_CALL()
    DISPATCH_NEXT()


@macro
def DELETE_FROM(namespace):
    try:
        del namespace[arg]
    except KeyError:
        raise NameError("name '%.200s' is not defined" % (arg,)) from None


@macro
def RERAISE_SAVED():
    w = stack.pop()
    w.__traceback__ = stack.pop()
    tb_here = False
    pending = w     # re-raised as is: no host raise, no new chaining
    w = None
    UNWIND_PENDING()


@macro
def CALL_POSITIONAL():
    func = stack[-arg - 1]
    if type(func) is Function:
        dc = func._dc
        if dc.simple and (arg == dc.argcount or arg < dc.argcount and func._defaults is not None
                          and len(func._defaults) >= dc.argcount - arg):
            # the fast path: positional call of a plain VM function, its defaults filling the
            # parameters the call leaves out
            args = stack[-arg:] if arg else []
            DROP(arg + 1)
            if arg != dc.argcount:
                args.extend(func._defaults[arg - dc.argcount:])
            args.extend(dc.local_tail)
            POOLED_FRAME(func, args)
            CALL_BODY(nf, dc)
            PUSH_FRAME(nf)
        if dc.plain_args and arg == dc.argcount:
            # a generator (coroutine) function's exact positional call: its frame bound as
            # make_frame's plain way binds it (never a pooled one), its generator made
            args = stack[-arg:] if arg else []
            DROP(arg + 1)
            args.extend(dc.local_tail)
            f.i = i   # for f_lineno, seen from the callee (cr_origin's frames)
            stack.append(make_generator(func, new_frame(dc, args, func._globals, func._builtins, None, func)))
            args = func = None
            DISPATCH_NEXT()
    args = tuple(stack[-arg:]) if arg else ()
    DROP(arg + 1)
    CALL_OBJECT(None, func(*args))
    args = func = tf = None   # no stray reference to the callable or its arguments while later code runs


@macro
def DROP(count):
    # `count` (at least 1) items off the stack: pops for up to four, as PyPy's JIT inlines a
    # pop but not a slice's deletion (a call that may force the loop's host frame)
    if count == 1:
        stack.pop()
    elif count == 2:
        stack.pop()
        stack.pop()
    elif count == 3:
        stack.pop()
        stack.pop()
        stack.pop()
    elif count == 4:
        stack.pop()
        stack.pop()
        stack.pop()
        stack.pop()
    else:
        del stack[-(count):]


@macro
def POOLED_FRAME(callee, locals_list):
    # `nf`: the frame of a plain call of VM function `callee` (exact positional arguments,
    # `locals_list` its locals): one it finished before (RELEASE_FRAME) when it has one
    if callee._pool:
        nf = callee._pool.pop()
        nf.fast = locals_list
    else:
        nf = new_frame(callee._dc, locals_list, callee._globals, callee._builtins, None, callee)


@macro
def RELEASE_FRAME(frame):
    # finished `frame` kept for its function's next plain call, if nothing else can see it (a
    # frame seen outside the loop, `host` set, is never reused) and it ended clean; bounded,
    # since the frames of every call come here but only plain calls take them back
    if (frame.dc.simple and not frame.blocks and not frame.stack and frame.host is None
            and len(frame.func._pool) < FRAME_POOL_LIMIT):
        frame.fast = frame.locals = None   # the call's locals go with it
        frame.func._pool.append(frame)


@macro
def METHOD_FRAME(arguments):
    # `nf`: the frame of a call of bound VM method `func` with `arguments` (a list: its self, then
    # the call's), bound as the host's call binds them, a frame the method finished before when the
    # call is plain; `func` is then the method's function
    args = arguments
    func = func.__func__
    if func._dc.simple and len(args) == func._dc.argcount:
        args.extend(func._dc.local_tail)
        POOLED_FRAME(func, args)
    else:
        nf = func.make_frame(tuple(args), None)
    args = None


@macro
def EXCEPTION_PATH():
    # what follows in the block is the way of an exception being unwound, which a trace never
    # takes: a trace exits before the instruction (tier2_translate's TRACE_MACROS); no code here
    pass


@macro
def ENTER_FRAME():
    # SETUP_WITH's __enter__ frame `nf` runs in the loop, the with block begun when it returns
    # (FINISH_INLINE_CALL); a trace runs it nested, its value in `res` (tier2_translate's
    # TRACE_MACROS), and goes on with the block
    nf.init = ENTERING
    PUSH_FRAME(nf)


@macro
def FINISH_INLINE_CALL():
    # frame `f`, run by the loop where 3.8 calls from C, returns `v` to its caller `back`: tier 1's
    # inlined __init__ (vm/adaptive.py's CALL_FUNCTION_CLASS_INIT: the instance is the call's
    # value), SETUP_WITH's __enter__ (the with block begins; SETUP_WITH is the caller's last
    # instruction, its argument the block's handler)
    if f.init is not None:
        w = f.init
        f.init = None
        i = back.i
        f = back
        RELOAD_FRAME()
        if w is ENTERING:
            f.blocks.append((SETUP_FINALLY_BLOCK, code[i - 1][1], len(stack)))
            stack.append(v)
            v = w = None
            DISPATCH_NEXT()
        if v is not None:   # as 3.8's slot_tp_init, raised at the call, in the caller
            w = None
            raise TypeError("__init__() should return None, not '%.200s'" % (type(v).__name__,))
        stack.append(w)
        w = obj = None   # no register keeps the instance (STORE_ATTR's obj): `del x` finalizes it
        DISPATCH_NEXT()


@macro
def CALL_OBJECT(keywords, host_call):
    # call `func` with `args` (a tuple) and the keyword arguments (a dict or None); `host_call`
    # is the call of a host callable
    f.i = i   # for f_lineno, seen from the callee (sys._getframe(), warnings, tracebacks)
    tf = type(func)
    if tf is MethodType and type(func.__func__) is Function:
        args = (func.__self__,) + args
        func = func.__func__
        tf = Function
    if tf is Function:
        nf = func.make_frame(args, keywords)
        kwargs = values = None
        if func._dc.is_generator:
            stack.append(make_generator(func, nf))
            nf = args = func = tf = None
            DISPATCH_NEXT()
        CALL_BODY(nf, func._dc)
        PUSH_FRAME(nf)
    if (tf is BuiltinFunctionType or tf is type or tf is FunctionType) and func in INTERCEPTS:
        intercept = INTERCEPTS[func]
        TRACE_INTERCEPT()
        stack.append(intercept(f, args, keywords))
        limit = hostcalls.recursion_limit()   # in case it was sys.setrecursionlimit
    else:
        CLASS_CALL(keywords)
        CONSUME_GENERATOR(keywords)
        TRACE_HOST_CALL()
        stack.append(host_call)
    TRACE_SWITCH()


# -- hooks -----------------------------------------------------------------------------------------
# The instrumented loop ('traced') serves --trace/--stats (vm/tracing.py: each report comes
# after the instruction ran, when the next one is fetched or the loop returns), vm.hooks'
# step callback (before each instruction) and sys.settrace/setprofile (vm/settrace.py: 3.8's
# call, line, opcode, return, exception and c_* events). The plain loop's only hooks hand its
# frames over to the instrumented loop once a trace or profile function is set.

@hook('traced')
def TRACE_SETUP():
    # once, at the loop's start: its state, and the 'call' events of the frame it starts with
    traced = None
    traced_index = 0
    calling: list = []   # (frame, index) of the calls into VM code not done yet, reported when they are
    counts = instrument.active_counts
    step = instrument.active_step
    reporting = instrument.reporting()   # --trace: each instruction reported (emit)
    ts = TRACE_STATE
    trace_start(ts, f, _entry)


@hook('traced')
def TRACE_CALL():
    # a frame starts (a call) or goes on (a generator resumed) inside the loop; the caller's
    # instruction is reported when it is done (with its result, or as the one that raised)
    if traced is not None:
        calling.append((traced, traced_index))
        traced = None
    trace_enter(ts, f, i)


@hook('traced')
def TRACE_INSTRUCTION():
    # instruction i - 1 of f is fetched: the previous one is reported, this one counted; the
    # line and opcode events may make it another (a jump: the trace function set f_lineno)
    if reporting:
        if traced is not None:
            emit(traced, traced_index)
        if calling and calling[-1][0] is f:
            emit(*calling.pop())   # back in the caller: its call, the result on its stack
        traced = f
        traced_index = i - 1
    if step is not None:
        step(f, i - 1)
    if counts is not None:
        counts[op] += 1
    if ts.line_tracing:
        # within a line, going forwards, no opcode events: nothing to report (each call of a
        # helper here is also a call event for the host's trace dispatch)
        fstate = getattr(f, 'trace_state', None)
        if fstate is not None and fstate.lb < 2 * i - 2 < fstate.ub and 2 * i - 2 >= fstate.prev and not fstate.opcodes:
            fstate.prev = 2 * i - 2
            f.i = i
        else:
            op, arg, i = trace_instruction(ts, f, i, op, arg, code)
        fstate = None
    elif _entry is not None and not TRACE_REQUESTED[0] and counts is None and step is None and not reporting:
        # a plain loop's frames (handed over: resume_traced) and no trace or profile function
        # any more, nor --trace, --stats or a step callback: this one goes back to it, run there
        i -= 1
        pending = SWITCH_LOOPS
        UNWIND_PENDING()


@hook('traced')
def TRACE_RETURN(frame, index):
    # the loop returns: instruction `index` of `frame` ran last
    if reporting:
        emit(frame, index)
    if step is not None:
        if f is None:   # a generator resumed inside the loop handed its value to host code
            step(frame, index)
        else:
            step(f, i)


@hook('traced')
def TRACE_LEAVE(index, yielded):
    # f returns or yields `v` at instruction `index`: 'return' events
    if ts.use_tracing:
        trace_return(ts, f, index, v, yielded)


@hook('traced')
def TRACE_DELEGATORS():
    # f, resumed by a delegating YIELD_FROM, yields v: the delegators yield it too ('return')
    if ts.use_tracing:
        delegators_yield(ts, f, entry, v, DELEGATED)


@hook('traced')
def TRACE_DELEGATE_END():
    # YIELD_FROM's sub-iterator (top of the stack) finished with value v
    if ts.line_tracing:
        delegate_ended(ts, f, i, stack[-1], v)


@hook('traced')
def TRACE_ITER_END():
    # FOR_ITER found the iterator on top of the stack exhausted (v: a generator's return value
    # when it ran inside the loop, else NULL)
    if ts.line_tracing:
        for_iter_stopped(ts, f, i, stack[-1], v)


@hook('traced')
def TRACE_EXCEPTION():
    # exception `exc` entered f's traceback (raised in f, or come out of a callee): the
    # instruction that raised it is reported now, with the stack it left
    if traced is not None:
        emit(traced, traced_index)
        traced = None
    elif calling and calling[-1][0] is f:
        emit(*calling.pop())
    if ts.line_tracing:
        exc = trace_exception(ts, f, i, exc)


@hook('traced')
def TRACE_EXIT():
    # exception `exc` leaves f (no handler): 'return' events
    exc = trace_exit(ts, f, i, exc) if ts.use_tracing else exc


@hook('traced')
def TRACE_HOST_CALL():
    # `func` is a host callable about to be called with `args`: c_call/c_return/c_exception
    if ts.profiling:
        func, args = c_profiled(ts, f, func, args)


@hook('traced')
def TRACE_INTERCEPT():
    # `intercept` is about to stand in for the builtin `func` (hostcalls.INTERCEPTS)
    intercept = c_profiled_intercept(ts, f, intercept, func) if ts.profiling else intercept


def _in_every_loop(function: Callable[..., None]) -> None:
    hook('plain')(function)    # (and tier 1's loops, which take the plain loop's hooks)
    hook('traced')(function)


@_in_every_loop
def RETURN_TO_CALLER():
    FINISH_INLINE_CALL()


@hook('plain')
def TRACE_SWITCH():
    # after a call into host code: if it set a trace or profile function, hand over
    if TRACE_REQUESTED[0]:
        pending = SWITCH_LOOPS
        UNWIND_PENDING()


@hook('plain')
def CONSUME_GENERATOR(keywords):
    # `func` is a builtin that consumes a VM generator (sum(g), tuple(g), ''.join(g)...): this
    # loop runs the generator, a Drain standing for the call takes its items (vm/consumers.py)
    if args and type(args[0]) is Generator:
        obj = consumers.drain(f, func, args, keywords, limit)
        if obj is not None:
            RESUME_DRAINED()
        obj = None


def CLASS_CALL(keywords):
    # class `func` called with `args` and the keyword arguments as 3.8's type_call calls it, where
    # the host's type call would not (hostcalls.INIT_IN_LOOP) and its __init__ is a VM function
    # (hostcalls.class_init): the instance from __new__, __init__ run as a frame of this loop two
    # levels deep, its value checked as slot_tp_init checks it (FINISH_INLINE_CALL). (A hook:
    # compiled code makes the host call, or tier 2's _class_init the class's instance)
    if tf is type and hostcalls.INIT_IN_LOOP and hostcalls.class_init(func) is not None:
        if f.depth + 1 >= limit:   # 3.8's type_call is a level (before __new__), then __init__'s frame
            limits.exceeded(f, f.depth + 1, limit, limits.WHILE_CALLING)
        obj = func.__new__(func, *args, **keywords) if keywords else func.__new__(func, *args)
        nf = func.__init__.make_frame((obj,) + args, keywords)
        nf.init = obj
        obj = args = func = tf = None
        PUSH_FRAME_AT(nf, 2)


_in_every_loop(CLASS_CALL)


@hook('plain')
def CONSUME_GENERATOR_OPERANDS(operands):
    # CONSUME_GENERATOR for tier 1's host calls, whose `arg` arguments are still on the stack
    # (the top `operands` items are the call's: the callable, NULL for a method, the arguments)
    if arg and type(stack[-arg]) is Generator:
        args = tuple(stack[-arg:])
        obj = consumers.drain(f, func, args, None, limit)
        if obj is not None:
            del stack[-(operands):]
            RESUME_DRAINED()
        obj = args = None


@hook('plain')
def SENT_VALUE_DROPPED():
    # a generator goes on (resumed inside the loop) at instruction i: a POP_TOP there (after
    # `yield x` as a statement) would drop the value sent at once, so neither is done
    if code[i][0] == 1:   # POP_TOP (the loops read opcodes as literals)
        i += 1
        DISPATCH_NEXT()


@hook('plain')
def DRAIN_IN_PLACE():
    # f yields v to a Drain: if it takes v (running no program code), f goes on at once, as
    # it would when the builtin's next() resumed it with None
    if f.resume_target == DRAINING:
        obj = f.back.stack[-1]
    elif f.resume_target == DELEGATED:
        obj = consumers.drain_of(f, entry)   # (through the frames delegating to f)
    else:
        obj = None
    if obj is not None and obj.offer(v) is None:
        obj = v = None
        i = f.i
        SENT_VALUE_DROPPED()
        stack.append(None)
        DISPATCH_NEXT()
    obj = None


@hook('plain')
def INLINE_COROUTINES():
    # `await` of a VM coroutine runs it in this loop, not in a nested host loop through send()
    # (the instrumented loop still resumes coroutines through send)
    inline = Coroutine


@hook('plain')
def TRACE_HANDOVER():
    # the instrumented loop goes on with this loop's frames (vm/settrace.py's resume_traced);
    # it hands them back once tracing is off (HANDED_BACK): this loop goes on with the frame
    # it is at then
    if pending is SWITCH_LOOPS:
        f.i = i
        pending = nf = v = w = obj = func = args = kwargs = values = None
        v = resume_traced(f, entry)
        if v is not HANDED_BACK:
            return v
        v = None
        f = entry.loop_frame or entry
        RELOAD_FRAME()
        i = f.i
        limit = hostcalls.recursion_limit()   # (the program may have set it meanwhile)
        DISPATCH_NEXT()   # (here: the outer `while`, whose next round dispatches code[i])


@hook('traced')
def TRACE_HAND_BACK():
    # tracing is off (TRACE_INSTRUCTION): the frames go back to the plain loop that handed
    # them over (its TRACE_HANDOVER), at the instruction fetched (f.i)
    if pending is SWITCH_LOOPS:
        f.i = i
        pending = nf = v = w = obj = func = args = kwargs = values = None
        return HANDED_BACK


# -- locals, constants, names --------------------------------------------------------------------

@inst('-- value', reads='local locals')
def LOAD_FAST():
    v = fast[arg]
    if v is NULL:
        raise ops.unbound_local(f, arg)
    stack.append(v)
    v = None


@inst('-- value', reads='const')
def LOAD_CONST():
    stack.append(arg)


@inst('value --', reads='local locals')
def STORE_FAST():
    fast[arg] = stack.pop()


@inst('--', reads='local locals')
def DELETE_FAST():
    if fast[arg] is NULL:
        raise ops.unbound_local(f, arg)
    fast[arg] = NULL


@inst('-- value', reads='name globals builtins')
def LOAD_GLOBAL():
    if OPAQUE_NAMESPACES and type(glb) is dict:
        v = namespace_get(glb, arg, NULL)
        if v is NULL:
            PUSH_BUILTIN()
        else:
            stack.append(v)
            v = None
    elif arg in glb:
        stack.append(glb[arg])
    else:
        PUSH_BUILTIN()


@macro
def PUSH_BUILTIN():
    # LOAD_GLOBAL of a name the module does not have: its builtin, else NameError
    if arg in bltn:
        stack.append(bltn[arg])
    else:
        raise NameError("name '%.200s' is not defined" % (arg,))


@inst('value --', reads='name globals')
def STORE_GLOBAL():
    if OPAQUE_NAMESPACES and type(glb) is dict:
        namespace_set(glb, arg, stack.pop())
    else:
        glb[arg] = stack.pop()


@inst('--', reads='name globals')
def DELETE_GLOBAL():
    DELETE_FROM(glb)


@inst('-- value', reads='name')
def LOAD_NAME():
    # (a name the locals dict has, inline: module-level loops read their names so; ops.load_name
    # does the rest, from the locals again, then globals and builtins; on PyPy by calls its JIT
    # does not trace into, compat.OPAQUE_NAMES)
    locals_map = f.locals
    if OPAQUE_NAMES and type(locals_map) is dict and (OPAQUE_NAMESPACES or f.dc.loopless):
        v = namespace_get(locals_map, arg, NULL)
        stack.append(ops.load_name(f, arg) if v is NULL else v)
        v = None
    elif type(locals_map) is dict and arg in locals_map:
        stack.append(locals_map[arg])
    else:
        stack.append(ops.load_name(f, arg))
    locals_map = None


@inst('value --', reads='name')
def STORE_NAME():
    locals_map = f.locals
    if locals_map is None:
        raise SystemError('no locals found when storing %r' % (arg,))
    if OPAQUE_NAMES and type(locals_map) is dict and (OPAQUE_NAMESPACES or f.dc.loopless):
        namespace_set(locals_map, arg, stack.pop())
    else:
        locals_map[arg] = stack.pop()
    locals_map = None


@inst('value --', reads='name')
def STORE_NAME_REBOUND():
    # STORE_NAME of a name the module binds again later (vm/rebound.py, on PyPy)
    locals_map = f.locals
    if locals_map is None:
        raise SystemError('no locals found when storing %r' % (arg,))
    if locals_map is f.globals:
        BIND_AS_CELL(locals_map, OPAQUE_NAMES and (OPAQUE_NAMESPACES or f.dc.loopless))
    else:
        locals_map[arg] = stack.pop()
    locals_map = None


@inst('value --', reads='name globals')
def STORE_GLOBAL_REBOUND():
    # STORE_GLOBAL, which binds names a function rebinds (vm/rebound.py, on PyPy)
    BIND_AS_CELL(glb, OPAQUE_NAMESPACES)


@macro
def BIND_AS_CELL(namespace, through_calls):
    # the name's first binding in a module's dict writes a placeholder, then the value, in one
    # host call (no code runs in between, in this thread or another): PyPy's module dict makes
    # the key a cell at once, so that no later binding invalidates the code its JIT compiled
    # (by calls the JIT does not trace into where the loop's namespaces are opaque: STORE_GLOBAL's
    # where compat.OPAQUE_NAMESPACES, STORE_NAME's where OPAQUE_NAMES, as theirs)
    if type(namespace) is not dict:
        namespace[arg] = stack.pop()
    elif through_calls:
        if namespace_get(namespace, arg, NULL) is NULL:
            namespace_update(namespace, ((arg, NULL), (arg, stack.pop())))
        else:
            namespace_set(namespace, arg, stack.pop())
    elif arg not in namespace:
        namespace.update(((arg, NULL), (arg, stack.pop())))
    else:
        namespace[arg] = stack.pop()


@inst('--', reads='name')
def DELETE_NAME():
    locals_map = f.locals
    if locals_map is None:
        raise SystemError('no locals when deleting %r' % (arg,))
    DELETE_FROM(locals_map)
    locals_map = None


@inst('-- value', reads='cell locals')
def LOAD_DEREF():
    try:
        stack.append(fast[arg].cell_contents)
    except ValueError:
        raise ops.unbound_deref(f, arg) from None


@inst('value --', reads='cell locals')
def STORE_DEREF():
    fast[arg].cell_contents = stack.pop()


@inst('--', reads='cell locals')
def DELETE_DEREF():
    try:
        del fast[arg].cell_contents
    except ValueError:
        raise ops.unbound_deref(f, arg) from None


@inst('-- cell', reads='cell locals')
def LOAD_CLOSURE():
    stack.append(fast[arg])


# -- superinstructions (vm/fused.py): the pair's work in one dispatch, then skip the second ----------

@inst('-- value constant', reads='local locals')
def LOAD_FAST_LOAD_CONST():
    v = fast[arg[0]]
    if v is NULL:
        raise ops.unbound_local(f, arg[0])
    stack.append(v)
    stack.append(arg[1])
    v = None
    i += 1


@inst('-- first second', reads='local locals')
def LOAD_FAST_LOAD_FAST():
    v = fast[arg[0]]
    w = fast[arg[1]]
    if v is NULL or w is NULL:
        if v is not NULL:
            i += 1   # (the second load's error: at it)
        raise ops.unbound_local(f, arg[0] if v is NULL else arg[1])
    stack.append(v)
    stack.append(w)
    v = w = None
    i += 1


@inst('value -- other', reads='local locals')
def STORE_FAST_LOAD_FAST():
    fast[arg[0]] = stack[-1]
    v = fast[arg[1]]
    if v is NULL:
        stack.pop()
        i += 1   # (the load's error: at it)
        raise ops.unbound_local(f, arg[1])
    stack[-1] = v
    v = None
    i += 1


# LOAD_FAST, then the body of the attribute instruction itself (its argument the name)

@macro
def LOAD_FAST_THEN_ITS_PAIR():
    # a fused pair's first half, LOAD_FAST; then `arg` is the second's
    v = fast[arg[0]]
    if v is NULL:
        raise ops.unbound_local(f, arg[0])
    stack.append(v)
    v = None
    i += 1
    arg = arg[1]


@inst('-- value', reads='local locals')
def LOAD_FAST_LOAD_ATTR():
    LOAD_FAST_THEN_ITS_PAIR()
    GENERIC(LOAD_ATTR)


@inst('-- method self_or_null', reads='local locals')
def LOAD_FAST_LOAD_METHOD():
    LOAD_FAST_THEN_ITS_PAIR()
    GENERIC(LOAD_METHOD)


@inst('value --', reads='local locals')
def LOAD_FAST_STORE_ATTR():
    LOAD_FAST_THEN_ITS_PAIR()
    GENERIC(STORE_ATTR)


@inst('left right --', reads='compare')
def COMPARE_JUMP_IF_FALSE():
    # the jump's truth test (a result's __bool__, which may raise) runs at the jump: i past it
    w = stack.pop()
    v = arg[0](stack.pop(), w)
    w = None
    i += 1
    if not v:
        i = arg[1]
    v = None


@inst('iterator -- iterator', reads='jump locals')
def FOR_ITER_STORE_FAST():
    FOR_ITER_GENERATOR(arg[0])
    v = next(stack[-1], NULL)
    if v is NULL:
        TRACE_ITER_END()
        stack.pop()
        i = arg[0]
    else:
        fast[arg[1]] = v
        v = None
        i += 1


# -- stack shuffles ----------------------------------------------------------------------------------

@inst('value --')
def POP_TOP():
    stack.pop()


@inst('a b -- b a')
def ROT_TWO():
    stack[-1], stack[-2] = stack[-2], stack[-1]


@inst('a b c -- c a b')
def ROT_THREE():
    stack[-1], stack[-2], stack[-3] = stack[-2], stack[-3], stack[-1]


@inst('a b c d -- d a b c')
def ROT_FOUR():
    stack[-1], stack[-2], stack[-3], stack[-4] = stack[-2], stack[-3], stack[-4], stack[-1]


@inst('value -- value value')
def DUP_TOP():
    stack.append(stack[-1])


@inst('a b -- a b a b')
def DUP_TOP_TWO():
    stack.extend(stack[-2:])


@inst('--')
def NOP():
    pass


@inst('--')
def FELL_OFF_END():
    raise BytecodeCorruption('corrupt code object %r: execution ran past the end of '
                             'co_code' % (f.code.co_name,))


# -- operators ---------------------------------------------------------------------------------------

BINARY_SYMBOLS = {
    'POWER': '**', 'MULTIPLY': '*', 'MATRIX_MULTIPLY': '@', 'MODULO': '%', 'ADD': '+',
    'SUBTRACT': '-', 'FLOOR_DIVIDE': '//', 'TRUE_DIVIDE': '/', 'LSHIFT': '<<', 'RSHIFT': '>>',
    'AND': '&', 'XOR': '^', 'OR': '|'}
UNARY_SYMBOLS = {'POSITIVE': '+', 'NEGATIVE': '-', 'INVERT': '~', 'NOT': 'not '}

for _name, _symbol in BINARY_SYMBOLS.items():
    define('BINARY_' + _name, 'left right -- result',
           body='w = stack.pop()\nstack[-1] = stack[-1] %s w\nw = None\n' % _symbol)
    define('INPLACE_' + _name, 'left right -- result',
           body='w = stack.pop()\nv = stack[-1]\nv %s= w\nstack[-1] = v\nv = w = None\n' % _symbol)
for _name, _symbol in UNARY_SYMBOLS.items():
    define('UNARY_' + _name, 'value -- result', body='stack[-1] = %sstack[-1]\n' % _symbol)


@inst('container key -- value')
def BINARY_SUBSCR():
    w = stack.pop()
    stack[-1] = stack[-1][w]
    w = None


@inst('value container key --')
def STORE_SUBSCR():
    w = stack.pop()
    obj = stack.pop()
    obj[w] = stack.pop()
    obj = w = None


@inst('container key --')
def DELETE_SUBSCR():
    w = stack.pop()
    obj = stack.pop()
    del obj[w]
    obj = w = None


@inst('left right -- result', reads='compare')
def COMPARE_OP():
    w = stack.pop()
    stack[-1] = arg(stack[-1], w)
    w = None


@inst('owner -- value', reads='name')
def LOAD_ATTR():
    f.i = i   # for f_lineno, seen by a property or a frame's own f_lineno
    stack[-1] = getattr(stack[-1], arg)


@inst('value owner --', reads='name')
def STORE_ATTR():
    obj = stack.pop()
    setattr(obj, arg, stack.pop())
    obj = None


@inst('owner --', reads='name')
def DELETE_ATTR():
    delattr(stack.pop(), arg)


# -- building and unpacking ----------------------------------------------------------------------------

@inst('items... -- tuple', reads='count')
def BUILD_TUPLE():
    if arg:
        v = tuple(stack[-arg:])
        DROP(arg)
        stack.append(v)
        v = None
    else:
        stack.append(())


@inst('items... -- list', reads='count')
def BUILD_LIST():
    if arg:
        v = stack[-arg:]
        DROP(arg)
        stack.append(v)
        v = None
    else:
        stack.append([])


@inst('items... -- set', reads='count')
def BUILD_SET():
    stack.append(set(ops.pop_items(stack, arg)))


@inst('values... keys -- dict', reads='count')
def BUILD_CONST_KEY_MAP():
    w = stack.pop()
    v = ops.pop_items(stack, arg)
    if type(w) is not tuple or len(w) != arg:
        raise SystemError('bad BUILD_CONST_KEY_MAP keys argument')
    stack.append(dict(zip(w, v)))
    v = w = None


@inst('pieces... -- string', reads='count')
def BUILD_STRING():
    stack.append(''.join(ops.pop_items(stack, arg)))


@inst('start stop step? -- slice', reads='count')
def BUILD_SLICE():
    if arg == 3:
        w = stack.pop()
        v = stack.pop()
        stack[-1] = slice(stack[-1], v, w)
    else:
        w = stack.pop()
        stack[-1] = slice(stack[-1], w)
    v = w = None


@inst('iterables... -- list', reads='count')
def BUILD_LIST_UNPACK():
    stack.append(ops.concatenate(ops.pop_items(stack, arg)))


@inst('iterables... -- tuple', reads='count')
def BUILD_TUPLE_UNPACK():
    stack.append(tuple(ops.concatenate(ops.pop_items(stack, arg))))


@inst('callable iterables... -- callable tuple', reads='count')
def BUILD_TUPLE_UNPACK_WITH_CALL():
    func = stack[-1 - arg]
    stack.append(ops.call_arguments(func, ops.pop_items(stack, arg)))
    func = None


@inst('iterables... -- set', reads='count')
def BUILD_SET_UNPACK():
    v = set()
    for w in ops.pop_items(stack, arg):
        v.update(w)
    stack.append(v)
    v = w = None


@inst('callable iterable mappings... -- callable iterable dict', reads='count')
def BUILD_MAP_UNPACK_WITH_CALL():
    func = stack[-2 - arg]
    v = {}
    for w in ops.pop_items(stack, arg):
        ops.merge_kwargs(func, v, w)
    stack.append(v)
    func = v = w = None


@inst('sequence -- items...', reads='count')
def UNPACK_SEQUENCE():
    v = stack.pop()
    if (type(v) is tuple or type(v) is list) and len(v) == arg:
        stack.extend(v[::-1])
    else:
        stack.extend(ops.unpack_iterable(v, arg, -1))
    v = None


@inst('sequence -- items... rest items...', reads='count')
def UNPACK_EX():
    stack.extend(ops.unpack_iterable(stack.pop(), arg & 0xFF, arg >> 8))


@inst('list ... value -- list ...', reads='count')
def LIST_APPEND():
    v = stack.pop()
    stack[-arg].append(v)
    v = None


@inst('set ... value -- set ...', reads='count')
def SET_ADD():
    v = stack.pop()
    stack[-arg].add(v)
    v = None


@inst('dict ... key value -- dict ...', reads='count')
def MAP_ADD():
    v = stack.pop()
    w = stack.pop()
    stack[-arg][w] = v
    v = w = None


# -- control flow --------------------------------------------------------------------------------------

@inst('--', reads='jump')
def JUMP_ABSOLUTE():
    i = arg


@inst('--', reads='jump')
def JUMP_FORWARD():
    i = arg


@inst('condition --', reads='jump')
def POP_JUMP_IF_FALSE():
    if not stack.pop():
        i = arg


@inst('condition --', reads='jump')
def POP_JUMP_IF_TRUE():
    if stack.pop():
        i = arg


@inst('condition -- condition?', reads='jump')
def JUMP_IF_FALSE_OR_POP():
    if stack[-1]:
        stack.pop()
    else:
        i = arg


@inst('condition -- condition?', reads='jump')
def JUMP_IF_TRUE_OR_POP():
    if stack[-1]:
        i = arg
    else:
        stack.pop()


@inst('iterable -- iterator')
def GET_ITER():
    stack[-1] = iter(stack[-1])


@inst('iterator -- iterator value', reads='jump')
def FOR_ITER():
    FOR_ITER_GENERATOR(arg)
    v = next(stack[-1], NULL)
    if v is NULL:
        TRACE_ITER_END()
        stack.pop()
        i = arg
    else:
        stack.append(v)
        v = None


# -- calls and functions -----------------------------------------------------------------------------------

@inst('callable args... -- result', reads='count')
def CALL_FUNCTION():
    CALL_POSITIONAL()


@inst('callable self_or_null args... -- result', reads='count')
def CALL_METHOD():
    if stack[-arg - 2] is NULL:
        del stack[-arg - 2]
    else:
        arg += 1
    CALL_POSITIONAL()


@inst('callable args... names -- result', reads='count')
def CALL_FUNCTION_KW():
    names = stack.pop()
    count = len(names)
    values = stack[-arg:] if arg else []
    DROP(arg)
    func = stack.pop()
    if type(func) is Function:
        # a VM function: bound straight from the operands by a plan kept for this names tuple
        f.i = i   # for f_lineno, seen from the callee (and from a kwdefaults mapping's code)
        nf = func.keyword_frame(values, names)
        if nf is not None:
            names = values = None
            CALL_BODY(nf, func._dc)
            PUSH_FRAME(nf)
    args = tuple(values[:arg - count])
    kwargs = dict(zip(names, values[arg - count:]))
    CALL_OBJECT(kwargs, func(*args, **kwargs))
    args = kwargs = values = func = tf = None   # no stray reference to the callable or its arguments


@inst('callable args kwargs? -- result', reads='flags')
def CALL_FUNCTION_EX():
    kwargs = ops.call_ex_kwargs(stack[-3], stack.pop()) if arg & 1 else None
    args = ops.call_ex_args(stack[-2], stack.pop())
    func = stack.pop()
    CALL_OBJECT(kwargs, func(*args, **kwargs) if kwargs else func(*args))
    args = kwargs = func = tf = None   # no stray reference to the callable or its arguments


@inst('owner -- method self_or_null', reads='name')
def LOAD_METHOD():
    obj = stack[-1]
    v = getattr(obj, arg)
    if type(v) is MethodType and v.__self__ is obj and type(v.__func__) is Function:
        stack[-1] = v.__func__
        stack.append(obj)
    else:
        stack[-1] = NULL
        stack.append(v)
    obj = v = None


@inst('value --')
def RETURN_VALUE():
    v = stack.pop()
    TRACE_LEAVE(i, False)
    if f.host is not None:   # seen outside the loop: f_lineno is the return's from now on
        returned_at(f, i - 1)
    if f is entry:
        f.i = i
        f.yielded = False
        TRACE_RETURN(f, i - 1)
        return v
    back = f.back
    f.back = None
    if f.gen is not None:
        # a generator resumed inside the loop finished
        f.gen._running = False
        f.gen._frame = None
        f.gen = None
        target = f.resume_target
        i = back.i + 1 if target == DELEGATED else back.i if target == DRAINING else target
        f = back
        RELOAD_FRAME()
        if target == DELEGATED:
            TRACE_DELEGATE_END()
            stack[-1] = v        # the value of `yield from`
        elif target == DRAINING:
            stack[-1] = stack[-1].finish(v)   # the builtin's value (vm/consumers.py)
        else:
            TRACE_ITER_END()
            stack.pop()          # FOR_ITER exhausted
        v = None
        DISPATCH_NEXT()
    RELEASE_FRAME(f)
    # the finished call's leftovers must not keep its locals alive
    nf = args = func = None
    RETURN_TO_CALLER()
    i = back.i
    f = back
    RELOAD_FRAME()
    stack.append(v)
    v = None


@inst('-- builder', reads='builtins')
def LOAD_BUILD_CLASS():
    stack.append(hostcalls.load_build_class(bltn))


# -- generators and coroutines -------------------------------------------------------------------------

@inst('value -- sent')
def YIELD_VALUE():
    v = stack.pop()
    f.i = i
    f.yielded = True
    TRACE_LEAVE(i, True)
    if f is entry:
        TRACE_RETURN(f, i - 1)
        return v if type(f.gen) is not AsyncGenerator else f.gen.wrap_yielded(v)
    YIELD_TO_CONSUMER()


@inst('receiver value -- result')
def YIELD_FROM():
    v = stack.pop()
    inline = Generator
    INLINE_COROUTINES()
    if type(stack[-1]) is Generator or type(stack[-1]) is inline:
        it = stack[-1]
        gf = it._frame
        if (gf is not None and not it._running and it._exc_state is None
                and (gf.i or v is None)):
            # delegate to the VM generator inside the loop (or to its compiled step, tier 2)
            STEP_DELEGATED()
            RESUME_GENERATOR(v, DELEGATED, i - 1)
        it = gf = None
    done, v = await_ops.delegate(stack[-1], v)
    if done:
        TRACE_DELEGATE_END()
        stack[-1] = v
        v = None
    else:
        f.i = i - 1
        f.yielded = True
        TRACE_LEAVE(i - 1, True)
        if f is entry:
            TRACE_RETURN(f, i)
            return v
        YIELD_TO_CONSUMER()


@inst('value -- awaitable')
def GET_AWAITABLE():
    # a VM coroutine not started yet (`await f()`) is its own awaitable, awaited by no one
    if type(stack[-1]) is not Coroutine or stack[-1]._frame is None or stack[-1]._frame.i:
        stack[-1] = await_ops.get_awaitable(stack[-1], code[i - 2][0], code[i - 3][0])


@inst('exception... -- ')
def END_ASYNC_FOR():
    v = stack.pop()
    if isinstance(v, type) and issubclass(v, StopAsyncIteration):
        v = None
        kind, _, level = f.blocks.pop()
        unwind.unwind_except_handler(stack, level)
        stack.pop()
    else:
        v = None
        RERAISE_SAVED()


# -- blocks and exceptions --------------------------------------------------------------------------------

@inst('--', reads='jump')
def SETUP_FINALLY():
    f.blocks.append((SETUP_FINALLY_BLOCK, arg, len(stack)))


@inst('--')
def POP_BLOCK():
    f.blocks.pop()


@inst('traceback value type --')
def POP_EXCEPT():
    kind, _, level = f.blocks.pop()
    if kind != EXCEPT_HANDLER_BLOCK:
        raise SystemError('popped block is not an except handler')
    unwind.pop_except(stack)


@inst('-- null')
def BEGIN_FINALLY():
    stack.append(NULL)


@inst('marker_or_exception... --')
def END_FINALLY():
    # the way a try body or with block that ended normally takes (NULL, BEGIN_FINALLY's) is
    # tested first, alone: a trace follows it and exits before the instruction for the others
    # (a return index of CALL_FINALLY, an exception to re-raise)
    if stack[-1] is not NULL:
        v = stack.pop()
        if type(v) is int:
            i = v
        else:
            v = None
            RERAISE_SAVED()
    else:
        stack.pop()


@inst('-- return_index', reads='jump')
def CALL_FINALLY():
    stack.append(i)
    i = arg


@inst('exception? cause? --', reads='count')
def RAISE_VARARGS():
    # the exception goes straight to the unwinding (a host raise and catch would cost more)
    pending = unwind.exception_to_raise(stack, arg)
    if arg == 0 and pending is sys.exc_info()[1]:
        tb_here = False     # bare raise: re-raised as it is
    else:
        unwind.chain_context(pending)   # as _PyErr_SetObject
    UNWIND_PENDING()


@inst('manager -- exit result', reads='jump')
def SETUP_WITH():
    # __enter__ called, the block set up once it has returned (its exceptions are not the
    # block's), its value pushed; a VM method (the common `def __enter__`) runs as a frame of this
    # loop, not in a loop nested on the host stack (as 3.8's C-level call: no c_call event, one
    # recursion level): the block begins when it returns (ENTER_FRAME)
    func = ops.special_lookup(stack[-1], '__enter__')
    stack[-1] = ops.special_lookup(stack[-1], '__exit__')
    if type(func) is MethodType and type(func.__func__) is Function:
        f.i = i   # for f_lineno, seen from the callee
        METHOD_FRAME([func.__self__])
        if func._dc.is_generator:
            res = make_generator(func, nf)
        else:
            func = None
            ENTER_FRAME()
        nf = None
    else:
        res = func()
    func = None
    f.blocks.append((SETUP_FINALLY_BLOCK, arg, len(stack)))
    stack.append(res)
    res = None


@inst('result -- result', reads='jump')
def SETUP_ASYNC_WITH():
    res = stack.pop()
    f.blocks.append((SETUP_FINALLY_BLOCK, arg, len(stack)))
    stack.append(res)
    res = None


@inst('exit exception... -- exception... exception_or_none result')
def WITH_CLEANUP_START():
    # __exit__ called with the exception that ended the block (or Nones); a VM method (the
    # common `def __exit__`) runs as a frame of this loop, not in a loop nested on the host stack
    # (as 3.8's C-level call: no c_call event, one recursion level), its value pushed where the
    # host call's is, for WITH_CLEANUP_FINISH
    if stack[-1] is not NULL:
        EXCEPTION_PATH()
        args = unwind.exit_call(f, stack)
    else:   # (the block ended without an exception: exit_call is the exception's way only)
        stack.pop()
        args = [stack[-1], None, None, None]
        stack[-1] = NULL   # (END_FINALLY's "no exception")
        stack.append(None)
    func = args[0]
    if type(func) is MethodType and type(func.__func__) is Function:
        f.i = i   # for f_lineno, seen from the callee
        METHOD_FRAME([func.__self__, args[1], args[2], args[3]])
        if func._dc.is_generator:
            stack.append(make_generator(func, nf))
            nf = func = None
            DISPATCH_NEXT()
        CALL_BODY(nf, func._dc)
        func = None
        PUSH_FRAME(nf)
    stack.append(func(args[1], args[2], args[3]))
    args = func = None


@inst('exception_or_none result --')
def WITH_CLEANUP_FINISH():
    # __exit__'s value is true for an exception: it is suppressed (its handler block unwound,
    # the state before it restored, END_FINALLY's "no exception" in its place)
    if stack[-2] is not None:
        EXCEPTION_PATH()
        v = stack.pop()
        w = stack.pop()
        if v:
            v = w = None
            unwind.unwind_except_handler(stack, f.blocks.pop()[2])
            stack.append(NULL)
        v = w = None
    else:
        stack.pop()
        stack.pop()


# -- instructions whose body is one call of a helper with (f, stack, arg) --------------------------

for _name, _effect, _reads, _helper in [
        ('LOAD_CLASSDEREF', '-- value', 'cell', 'ops.load_classderef'),
        ('BUILD_MAP', 'pairs... -- dict', 'count', 'ops.build_map'),
        ('BUILD_MAP_UNPACK', 'mappings... -- dict', 'count', 'ops.build_map_unpack'),
        ('FORMAT_VALUE', 'value spec? -- string', 'flags', 'ops.format_value'),
        ('MAKE_FUNCTION', 'extras... code qualname -- function', 'flags', 'ops.make_function'),
        ('GET_YIELD_FROM_ITER', 'iterable -- iterator', 'none', 'await_ops.get_yield_from_iter'),
        ('GET_AITER', 'aiterable -- aiterator', 'none', 'await_ops.get_aiter'),
        ('GET_ANEXT', 'aiterator -- aiterator awaitable', 'none', 'await_ops.get_anext'),
        ('BEFORE_ASYNC_WITH', 'manager -- exit awaitable', 'none', 'ops.before_async_with'),
        ('POP_FINALLY', 'marker_or_exception... value? -- value?', 'flags', 'unwind.pop_finally'),
        ('IMPORT_NAME', 'level fromlist -- module', 'name', 'ops.import_name'),
        ('IMPORT_FROM', 'module -- module value', 'name', 'ops.import_from'),
        ('IMPORT_STAR', 'module --', 'none', 'ops.import_star'),
        ('SETUP_ANNOTATIONS', '--', 'none', 'ops.setup_annotations'),
        ('PRINT_EXPR', 'value --', 'none', 'ops.print_expr'),
        ('AT_LIMIT', 'operands... -- results...', 'none', 'limits.at_limit'),
]:
    define(_name, _effect, _reads, body='%s(f, stack, arg)\n' % _helper)


# -- tier 2 (vm/tier2_backedges.py, vm/tier2.py): only in the plain loop's stream, and only when PIPELINE_TIER >= 2 --------

@macro
def TIER2_ENTER():
    # `arg` is a tier2_backedges.Backedge: counted while the loop is interpreted; once hot, its compiled
    # trace runs the loop and returns where to go on (an exception from it has set f.i to the
    # failing instruction, as the loop would have), or, at a call of a VM function, the
    # instruction after the call and the callee's frame, which this loop runs as its own call
    if arg.trace is None:
        i = arg.target
        arg.countdown -= 1   # (inline: a call per interpreted back edge costs a loop dearly)
        if arg.countdown <= 0:
            arg.compile(f)
    else:
        try:
            i = arg.trace(f, entry)
        except BaseException:
            i = f.i
            raise
        if type(i) is tuple:
            i, nf = i
            PUSH_FRAME(nf)
        # the trace called host code that set a trace or profile function: hand over
        TRACE_SWITCH()


@inst('--', reads='jump')
def JUMP_BACKEDGE():
    # a loop's backward JUMP_ABSOLUTE
    TIER2_ENTER()


@inst('condition --', reads='jump')
def POP_JUMP_IF_FALSE_BACKEDGE():
    # a loop's backward POP_JUMP_IF_FALSE
    if not stack.pop():
        TIER2_ENTER()


@inst('condition --', reads='jump')
def POP_JUMP_IF_TRUE_BACKEDGE():
    # a loop's backward POP_JUMP_IF_TRUE
    if stack.pop():
        TIER2_ENTER()


@inst('left right --', reads='compare')
def COMPARE_JUMP_IF_FALSE_BACKEDGE():
    # a loop's backward POP_JUMP_IF_FALSE fused with its COMPARE_OP: `arg` is (the comparison, the
    # jump's Backedge)
    # (the truth test at the jump, as COMPARE_JUMP_IF_FALSE's)
    w = stack.pop()
    v = arg[0](stack.pop(), w)
    w = None
    i += 1
    if not v:
        v = None
        arg = arg[1]
        TIER2_ENTER()
    v = None
