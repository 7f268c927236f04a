"""The eval loop: one host loop over a stack of VM frames, as 3.8's _PyEval_EvalFrameDefault.

Calls between VM functions switch frames inside the loop (no host recursion); calls
into host code, and host code calling VM functions, nest. Dispatch is an if/elif
chain over the opcode, most frequent first; rare opcodes go through `ops.RARE`.
Program exceptions are caught once, around dispatch, and unwound over the block stack
(3.8's exception_unwind); BytecodeCorruption (interpreter faults) passes straight out.
"""
import sys
from types import BuiltinFunctionType, FunctionType, MethodType
from typing import Any, Optional

from ..compiler import opcodes as O
from . import function as _function_module
from . import fused
from . import await_ops, generators
from . import hostcalls
from . import ops
from .compat import set_exc_info
from .decode import FELL_OFF_END, NULL
from .errors import BytecodeCorruption
from .frame import Frame
from .function import FRAME_POOL_LIMIT, Function
from .generators import AsyncGenerator, Generator
from .tracebacks import add_entry
from .settrace import TRACE_REQUESTED, resume_traced
#@trace from .settrace import STATE as TRACE_STATE, for_iter_stopped, c_profiled, c_profiled_intercept, trace_enter, trace_exception, trace_exit, trace_instruction, trace_return, trace_start

SETUP_FINALLY_BLOCK = ops.SETUP_FINALLY_BLOCK
SWITCH_LOOPS = object()   # `pending` marker: hand this loop's frames to the traced loop (sys.settrace)
EXCEPT_HANDLER_BLOCK = ops.EXCEPT_HANDLER_BLOCK
INTERCEPTS = hostcalls.INTERCEPTS
RARE = ops.RARE


def unwind_to_handler(f: Frame, exc: BaseException) -> int:
    """Pop f's blocks for a raised exception (as exception_unwind); the handler's index, or -1."""
    blocks = f.blocks
    stack = f.stack
    while blocks:
        kind, handler, level = blocks.pop()
        if kind == EXCEPT_HANDLER_BLOCK:
            ops.unwind_except_handler(stack, level)
            continue
        del stack[level:]
        blocks.append((EXCEPT_HANDLER_BLOCK, -1, len(stack)))
        old_type, old_value, old_tb = sys.exc_info()
        stack.append(old_tb)
        stack.append(old_value)
        stack.append(old_type)
        tb = exc.__traceback__
        stack.append(tb)
        stack.append(exc)
        stack.append(type(exc))
        set_exc_info(type(exc), exc, tb)
        return handler
    stack.clear()   # the frame is done: its values go (as exit_returning's pops), not kept by tracebacks
    return -1


def raise_out(exc: BaseException) -> None:
    """Raise exc out of the loop to host code without the host re-chaining its __context__."""
    context = exc.__context__
    try:
        raise exc
    except BaseException:
        exc.__context__ = context
        raise
    finally:   # its traceback holds this frame: no reference cycle through the locals
        exc = context = None


def run_frame(f: Frame, throw: Optional[BaseException] = None, _entry: Optional[Frame] = None,
              # opcode numbers as default arguments: bound once, read as fast locals
              LOAD_FAST=O.LOAD_FAST, LOAD_CONST=O.LOAD_CONST, STORE_FAST=O.STORE_FAST,
              LOAD_GLOBAL=O.LOAD_GLOBAL, POP_JUMP_IF_FALSE=O.POP_JUMP_IF_FALSE,
              COMPARE_OP=O.COMPARE_OP, LOAD_ATTR=O.LOAD_ATTR, BINARY_ADD=O.BINARY_ADD,
              JUMP_ABSOLUTE=O.JUMP_ABSOLUTE, FOR_ITER=O.FOR_ITER, CALL_FUNCTION=O.CALL_FUNCTION,
              LOAD_METHOD=O.LOAD_METHOD, CALL_METHOD=O.CALL_METHOD, RETURN_VALUE=O.RETURN_VALUE,
              POP_TOP=O.POP_TOP, INPLACE_ADD=O.INPLACE_ADD, BINARY_SUBSCR=O.BINARY_SUBSCR,
              POP_JUMP_IF_TRUE=O.POP_JUMP_IF_TRUE, JUMP_FORWARD=O.JUMP_FORWARD,
              BINARY_SUBTRACT=O.BINARY_SUBTRACT, LOAD_NAME=O.LOAD_NAME, STORE_NAME=O.STORE_NAME,
              LOAD_DEREF=O.LOAD_DEREF, STORE_ATTR=O.STORE_ATTR, STORE_SUBSCR=O.STORE_SUBSCR,
              BINARY_MULTIPLY=O.BINARY_MULTIPLY, BUILD_TUPLE=O.BUILD_TUPLE,
              CALL_FUNCTION_KW=O.CALL_FUNCTION_KW, CALL_FUNCTION_EX=O.CALL_FUNCTION_EX,
              UNPACK_SEQUENCE=O.UNPACK_SEQUENCE, GET_ITER=O.GET_ITER, DUP_TOP=O.DUP_TOP,
              ROT_TWO=O.ROT_TWO, LIST_APPEND=O.LIST_APPEND, BUILD_LIST=O.BUILD_LIST,
              STORE_DEREF=O.STORE_DEREF, JUMP_IF_FALSE_OR_POP=O.JUMP_IF_FALSE_OR_POP,
              JUMP_IF_TRUE_OR_POP=O.JUMP_IF_TRUE_OR_POP, UNARY_NOT=O.UNARY_NOT,
              SETUP_FINALLY=O.SETUP_FINALLY, POP_BLOCK=O.POP_BLOCK, POP_EXCEPT=O.POP_EXCEPT,
              END_FINALLY=O.END_FINALLY, BEGIN_FINALLY=O.BEGIN_FINALLY,
              CALL_FINALLY=O.CALL_FINALLY, POP_FINALLY=O.POP_FINALLY,
              RAISE_VARARGS=O.RAISE_VARARGS, YIELD_VALUE=O.YIELD_VALUE, YIELD_FROM=O.YIELD_FROM,
              SETUP_WITH=O.SETUP_WITH, SETUP_ASYNC_WITH=O.SETUP_ASYNC_WITH,
              WITH_CLEANUP_START=O.WITH_CLEANUP_START, END_ASYNC_FOR=O.END_ASYNC_FOR,
              NOP=O.NOP, GET_AWAITABLE=O.GET_AWAITABLE, MAKE_FUNCTION=O.MAKE_FUNCTION, LOAD_BUILD_CLASS=O.LOAD_BUILD_CLASS,
              FELL_OFF_END=FELL_OFF_END, BINARY_MODULO=O.BINARY_MODULO,
              INPLACE_SUBTRACT=O.INPLACE_SUBTRACT, LOAD_FAST_LOAD_CONST=fused.LOAD_FAST_LOAD_CONST,
              LOAD_FAST_LOAD_FAST=fused.LOAD_FAST_LOAD_FAST, STORE_FAST_LOAD_FAST=fused.STORE_FAST_LOAD_FAST,
              COMPARE_JUMP_IF_FALSE=fused.COMPARE_JUMP_IF_FALSE, FOR_ITER_STORE_FAST=fused.FOR_ITER_STORE_FAST, NULL=NULL, Frame=Frame, Function=Function,
              MethodType=MethodType, BuiltinFunctionType=BuiltinFunctionType, FunctionType=FunctionType,
              ROT_THREE=O.ROT_THREE, BUILD_SLICE=O.BUILD_SLICE, DUP_TOP_TWO=O.DUP_TOP_TWO, BINARY_TRUE_DIVIDE=O.BINARY_TRUE_DIVIDE,
              BINARY_POWER=O.BINARY_POWER, INTERCEPTS=INTERCEPTS, Generator=Generator, DELEGATED=ops.DELEGATED, AsyncGenerator=AsyncGenerator, RARE=RARE, SETUP_FINALLY_BLOCK=SETUP_FINALLY_BLOCK,
              EXCEPT_HANDLER_BLOCK=EXCEPT_HANDLER_BLOCK, TRACE_REQUESTED=TRACE_REQUESTED,
              SWITCH_LOOPS=SWITCH_LOOPS, next=next, type=type, len=len) -> Any:
    """Run frame `f` (and the frames it calls) until it returns or yields; the value.

    `throw`: resume `f` by raising this exception at its current instruction (generators).
    Afterwards `f.yielded` tells a yield from a return. `_entry`: continue the frames from
    f back to _entry that a plain loop was running (its switch to the traced loop).
    """
    entry = f
    code = f.instrs
    stack = f.stack
    fast = f.fast
    i = f.i
    glb = f.globals
    bltn = f.builtins
    limit = hostcalls.recursion_limit()
    pending = throw
    throw = None
    tb_here = True
    #@trace traced = None
    #@trace traced_index = 0
    #@trace counts = active_counts
    #@trace ts = TRACE_STATE
    #@trace entry = trace_start(ts, f, _entry)   # 'call' events (sys.settrace)
    while True:
        if pending is None:
            try:
                while True:
                    #@trace if traced is not None: emit(traced, traced_index)
                    op, arg = code[i]
                    i += 1
                    #@trace traced = f; traced_index = i - 1
                    #@trace if counts is not None: counts[op] += 1
                    #@trace if ts.line_tracing: op, arg, i = trace_instruction(ts, f, i, op, arg, code)
                    if op == LOAD_FAST:
                        v = fast[arg]
                        if v is NULL:
                            raise ops.unbound_local(f, arg)
                        stack.append(v)
                    elif op == LOAD_FAST_LOAD_CONST:
                        v = fast[arg[0]]
                        if v is NULL:
                            raise ops.unbound_local(f, arg[0])
                        stack.append(v)
                        stack.append(arg[1])
                        i += 1
                    elif op == LOAD_CONST:
                        stack.append(arg)
                    elif op == STORE_FAST:
                        fast[arg] = stack.pop()
                    elif op == LOAD_FAST_LOAD_FAST:
                        v = fast[arg[0]]
                        w = fast[arg[1]]
                        if v is NULL or w is NULL:
                            raise ops.unbound_local(f, arg[0] if v is NULL else arg[1])
                        stack.append(v)
                        stack.append(w)
                        i += 1
                    elif op == COMPARE_JUMP_IF_FALSE:
                        w = stack.pop()
                        if arg[0](stack.pop(), w):
                            i += 1
                        else:
                            i = arg[1]
                    elif op == FOR_ITER_STORE_FAST:
                        if type(stack[-1]) is Generator:
                            it = stack[-1]
                            gf = it._frame
                            if gf is not None and not it._running and it._exc_state is None:
                                # resume the VM generator in this loop, as a callee frame
                                if f.depth + 1 >= limit:
                                    raise RecursionError('maximum recursion depth exceeded')
                                if gf.i:
                                    gf.stack.append(None)
                                it._running = True
                                gf.gen = it
                                it = None
                                gf.depth = f.depth + 1
                                gf.back = f
                                gf.resume_target = arg[0]
                                f.i = i
                                f, gf = gf, None   # the loop keeps no reference to a generator frame
                                code = f.instrs
                                stack = f.stack
                                fast = f.fast
                                i = f.i
                                glb = f.globals
                                bltn = f.builtins
                                #@trace trace_enter(ts, f, i)
                                continue
                            it = gf = None
                        v = next(stack[-1], NULL)
                        if v is NULL:
                            stack.pop()
                            i = arg[0]
                        else:
                            fast[arg[1]] = v
                            i += 1
                    elif op == JUMP_ABSOLUTE:
                        i = arg
                    elif op < 100:   # the rest by frequency, in two halves to keep chains short
                        if op == POP_TOP:
                            stack.pop()
                        elif op == BINARY_ADD:
                            w = stack.pop()
                            stack[-1] = stack[-1] + w
                        elif op == BINARY_MULTIPLY:
                            w = stack.pop()
                            stack[-1] = stack[-1] * w
                        elif op == RETURN_VALUE:
                            v = stack.pop()
                            #@trace if ts.use_tracing: trace_return(ts, f, i, v, False)
                            if f is entry:
                                f.i = i
                                f.yielded = False
                                #@trace emit(f, i - 1)
                                return v
                            back = f.back
                            f.back = None
                            if f.gen is not None:
                                # a generator resumed inside the loop finished
                                f.gen._running = False
                                f.gen._frame = None
                                f.gen = None
                                target = f.resume_target
                                # i before f: a finalizer run by dropping the frame must see a
                                # consistent (f, i) pair (hostcalls reads them to save f.i)
                                i = back.i + 1 if target == DELEGATED else target
                                f = back
                                code = f.instrs
                                stack = f.stack
                                fast = f.fast
                                glb = f.globals
                                bltn = f.builtins
                                if target == DELEGATED:
                                    stack[-1] = v        # the value of `yield from`
                                else:
                                    #@trace if ts.line_tracing: for_iter_stopped(ts, f, i, stack[-1])
                                    stack.pop()          # FOR_ITER exhausted
                                continue
                            if (f.dc.simple and not f.blocks and not f.stack and f.host is None
                                    and len(f.func._pool) < FRAME_POOL_LIMIT):
                                # (a frame seen outside the loop, f.host set, is never reused;
                                # bounded: frames of other calls also come back here)
                                f.fast = None
                                f.func._pool.append(f)
                            # the finished call's leftovers must not keep its locals alive
                            nf = args = func = None
                            i = back.i   # before f (see above)
                            f = back
                            code = f.instrs
                            stack = f.stack
                            fast = f.fast
                            glb = f.globals
                            bltn = f.builtins
                            stack.append(v)
                        elif op == BINARY_SUBSCR:
                            w = stack.pop()
                            stack[-1] = stack[-1][w]
                        elif op == FOR_ITER:
                            if type(stack[-1]) is Generator:
                                it = stack[-1]
                                gf = it._frame
                                if gf is not None and not it._running and it._exc_state is None:
                                    # resume the VM generator in this loop, as a callee frame
                                    if f.depth + 1 >= limit:
                                        raise RecursionError('maximum recursion depth exceeded')
                                    if gf.i:
                                        gf.stack.append(None)
                                    it._running = True
                                    gf.gen = it
                                    it = None
                                    gf.depth = f.depth + 1
                                    gf.back = f
                                    gf.resume_target = arg
                                    f.i = i
                                    f, gf = gf, None   # the loop keeps no reference to a generator frame
                                    code = f.instrs
                                    stack = f.stack
                                    fast = f.fast
                                    i = f.i
                                    glb = f.globals
                                    bltn = f.builtins
                                    #@trace trace_enter(ts, f, i)
                                    continue
                                it = gf = None
                            v = next(stack[-1], NULL)
                            if v is NULL:
                                #@trace if ts.line_tracing: for_iter_stopped(ts, f, i, stack[-1])
                                stack.pop()
                                i = arg
                            else:
                                stack.append(v)
                        elif op == BINARY_SUBTRACT:
                            w = stack.pop()
                            stack[-1] = stack[-1] - w
                        elif op == STORE_SUBSCR:
                            w = stack.pop()
                            obj = stack.pop()
                            obj[w] = stack.pop()
                        elif op == INPLACE_ADD:
                            w = stack.pop()
                            v = stack[-1]
                            v += w
                            stack[-1] = v
                        elif op == ROT_THREE:
                            stack[-1], stack[-2], stack[-3] = stack[-2], stack[-3], stack[-1]
                        elif op == DUP_TOP_TWO:
                            stack.extend(stack[-2:])
                        elif op == UNPACK_SEQUENCE:
                            v = stack.pop()
                            if (type(v) is tuple or type(v) is list) and len(v) == arg:
                                stack.extend(v[::-1])
                            else:
                                stack.extend(ops.unpack_iterable(v, arg, -1))
                        elif op == INPLACE_SUBTRACT:
                            w = stack.pop()
                            v = stack[-1]
                            v -= w
                            stack[-1] = v
                        elif op == BINARY_MODULO:
                            w = stack.pop()
                            stack[-1] = stack[-1] % w
                        elif op == STORE_ATTR:
                            obj = stack.pop()
                            setattr(obj, arg, stack.pop())
                        elif op == YIELD_VALUE:
                            v = stack.pop()
                            f.i = i
                            f.yielded = True
                            #@trace if ts.use_tracing: trace_return(ts, f, i, v, True)
                            if f is entry:
                                #@trace emit(f, i - 1)
                                return v if type(f.gen) is not AsyncGenerator else f.gen.wrap_yielded(v)
                            # a generator resumed inside the loop: the value goes to its consumer
                            f = ops.yield_inline(f, entry)
                            if f is None:
                                #@trace emit(entry, entry.i)
                                return v
                            code = f.instrs
                            stack = f.stack
                            fast = f.fast
                            i = f.i
                            glb = f.globals
                            bltn = f.builtins
                            stack.append(v)
                        elif op == BINARY_TRUE_DIVIDE:
                            w = stack.pop()
                            stack[-1] = stack[-1] / w
                        elif op == BINARY_POWER:
                            w = stack.pop()
                            stack[-1] = stack[-1] ** w
                        elif op == STORE_NAME:
                            locals_map = f.locals
                            if locals_map is None:
                                raise SystemError('no locals found when storing %r' % (arg,))
                            locals_map[arg] = stack.pop()
                        elif op == DUP_TOP:
                            stack.append(stack[-1])
                        elif op == ROT_TWO:
                            stack[-1], stack[-2] = stack[-2], stack[-1]
                        elif op == GET_ITER:
                            stack[-1] = iter(stack[-1])
                        elif op == UNARY_NOT:
                            stack[-1] = not stack[-1]
                        elif op == POP_BLOCK:
                            f.blocks.pop()
                        elif op == POP_EXCEPT:
                            kind, _, level = f.blocks.pop()
                            if kind != EXCEPT_HANDLER_BLOCK:
                                raise SystemError('popped block is not an except handler')
                            ops.pop_except(stack)
                        elif op == END_FINALLY:
                            v = stack.pop()
                            if v is NULL:
                                pass
                            elif type(v) is int:
                                i = v
                            else:
                                w = stack.pop()
                                w.__traceback__ = stack.pop()
                                tb_here = False
                                pending = w     # re-raised as is: no host raise, no new chaining
                                break
                        elif op == BEGIN_FINALLY:
                            stack.append(NULL)
                        elif op == YIELD_FROM:
                            v = stack.pop()
                            if type(stack[-1]) is Generator:
                                it = stack[-1]
                                gf = it._frame
                                if (gf is not None and not it._running and it._exc_state is None
                                        and (gf.i or v is None)):
                                    # delegate to the VM generator inside the loop
                                    if f.depth + 1 >= limit:
                                        raise RecursionError('maximum recursion depth exceeded')
                                    if gf.i:
                                        gf.stack.append(v)
                                    it._running = True
                                    gf.gen = it
                                    it = None
                                    gf.depth = f.depth + 1
                                    gf.back = f
                                    gf.resume_target = DELEGATED
                                    f.i = i - 1
                                    f, gf = gf, None   # the loop keeps no reference to a generator frame
                                    code = f.instrs
                                    stack = f.stack
                                    fast = f.fast
                                    i = f.i
                                    glb = f.globals
                                    bltn = f.builtins
                                    #@trace trace_enter(ts, f, i)
                                    continue
                                it = gf = None
                            done, v = await_ops.delegate(stack[-1], v)
                            if done:
                                stack[-1] = v
                            else:
                                f.i = i - 1
                                f.yielded = True
                                #@trace if ts.use_tracing: trace_return(ts, f, i - 1, v, True)
                                if f is entry:
                                    #@trace emit(f, i)
                                    return v
                                f = ops.yield_inline(f, entry)
                                if f is None:
                                    #@trace emit(entry, entry.i)
                                    return v
                                code = f.instrs
                                stack = f.stack
                                fast = f.fast
                                i = f.i
                                glb = f.globals
                                bltn = f.builtins
                                stack.append(v)
                        elif op == WITH_CLEANUP_START:
                            ops.with_cleanup_start(f, stack)
                        elif op == END_ASYNC_FOR:
                            v = stack.pop()
                            if isinstance(v, type) and issubclass(v, StopAsyncIteration):
                                kind, _, level = f.blocks.pop()
                                ops.unwind_except_handler(stack, level)
                                stack.pop()
                            else:
                                w = stack.pop()
                                w.__traceback__ = stack.pop()
                                tb_here = False
                                pending = w     # re-raised as is: no host raise, no new chaining
                                break
                        elif op == LOAD_BUILD_CLASS:
                            stack.append(hostcalls.load_build_class(bltn))
                        elif op == GET_AWAITABLE:
                            stack[-1] = await_ops.get_awaitable(stack[-1], code[i - 2][0], code[i - 3][0])
                        elif op == NOP:
                            pass
                        elif op == FELL_OFF_END:
                            raise BytecodeCorruption('corrupt code object %r: execution ran past the end of '
                                                     'co_code' % (f.code.co_name,))
                        else:
                            RARE[op](f, stack, arg)
                            v = w = obj = func = args = None   # no stray references delaying finalization (del x)
                    else:
                        if op == STORE_FAST_LOAD_FAST:
                            fast[arg[0]] = stack[-1]
                            v = fast[arg[1]]
                            if v is NULL:
                                stack.pop()
                                raise ops.unbound_local(f, arg[1])
                            stack[-1] = v
                            i += 1
                        elif op == CALL_FUNCTION or op == CALL_METHOD:
                            if op == CALL_METHOD:
                                if stack[-arg - 2] is NULL:
                                    del stack[-arg - 2]
                                else:
                                    arg += 1
                            func = stack[-arg - 1]
                            if type(func) is Function:
                                dc = func._dc
                                if dc.simple and arg == dc.argcount:
                                    # the fast path: exact positional call of a plain VM function
                                    if arg:
                                        args = stack[-arg:]
                                        del stack[-arg - 1:]
                                    else:
                                        args = []
                                        stack.pop()
                                    args.extend(dc.local_tail)
                                    pool = func._pool
                                    if pool:
                                        # a frame this function used before (see RETURN_VALUE)
                                        nf = pool.pop()
                                        nf.fast = args
                                        nf.locals = None
                                    else:
                                        nf = ops.fresh_frame(func, dc, args)
                                else:
                                    args = tuple(stack[-arg:]) if arg else ()
                                    del stack[-arg - 1:]
                                    nf = func.make_frame(args, None)
                                    if dc.is_generator:
                                        stack.append(generators.make_generator(func, nf))
                                        nf = args = v = w = None
                                        continue
                                if f.depth + 1 >= limit:
                                    raise RecursionError('maximum recursion depth exceeded')
                                nf.depth = f.depth + 1
                                v = w = None   # the caller's stale operands must not outlive their use
                                nf.back = f
                                f.i = i
                                f = nf
                                code = f.instrs
                                stack = f.stack
                                fast = f.fast
                                i = 0
                                glb = f.globals
                                bltn = f.builtins
                                #@trace trace_enter(ts, f, i)
                                continue
                            args = tuple(stack[-arg:]) if arg else ()
                            del stack[-arg - 1:]
                            tf = type(func)
                            if tf is MethodType and type(func.__func__) is Function:
                                args = (func.__self__,) + args
                                func = func.__func__
                                tf = Function
                            if tf is Function:
                                nf = func.make_frame(args, None)
                                if func._dc.is_generator:
                                    stack.append(generators.make_generator(func, nf))
                                    nf = args = v = w = None
                                    continue
                                if f.depth + 1 >= limit:
                                    raise RecursionError('maximum recursion depth exceeded')
                                nf.depth = f.depth + 1
                                v = w = None   # the caller's stale operands must not outlive their use
                                nf.back = f
                                f.i = i
                                f = nf
                                code = f.instrs
                                stack = f.stack
                                fast = f.fast
                                i = 0
                                glb = f.globals
                                bltn = f.builtins
                                #@trace trace_enter(ts, f, i)
                                continue
                            if (tf is BuiltinFunctionType or tf is type or tf is FunctionType) and func in INTERCEPTS:
                                f.i = i   # for sys._getframe().f_lineno
                                stack.append(INTERCEPTS[func](f, args, None))  #@plain
                                #@trace stack.append(c_profiled_intercept(ts, f, INTERCEPTS[func], func, args, None))
                                limit = hostcalls.recursion_limit()   # in case it was sys.setrecursionlimit
                            else:
                                #@trace if ts.profiling: func, args = c_profiled(ts, f, func, args)
                                stack.append(func(*args))
                            args = v = w = None   # no stray reference to the arguments while later code runs
                            if TRACE_REQUESTED[0]: pending = SWITCH_LOOPS; break  #@plain
                        elif op == LOAD_GLOBAL:
                            if arg in glb:
                                stack.append(glb[arg])
                            elif arg in bltn:
                                stack.append(bltn[arg])
                            else:
                                raise NameError("name '%.200s' is not defined" % (arg,))
                        elif op == POP_JUMP_IF_FALSE:
                            if not stack.pop():
                                i = arg
                        elif op == LOAD_ATTR:
                            stack[-1] = getattr(stack[-1], arg)
                        elif op == LOAD_DEREF:
                            try:
                                stack.append(fast[arg].cell_contents)
                            except ValueError:
                                raise ops.unbound_deref(f, arg) from None
                        elif op == LOAD_METHOD:
                            obj = stack[-1]
                            v = getattr(obj, arg)
                            if type(v) is MethodType and v.__self__ is obj and type(v.__func__) is Function:
                                stack[-1] = v.__func__
                                stack.append(obj)
                            else:
                                stack[-1] = NULL
                                stack.append(v)
                        elif op == COMPARE_OP:
                            w = stack.pop()
                            stack[-1] = arg(stack[-1], w)
                        elif op == POP_JUMP_IF_TRUE:
                            if stack.pop():
                                i = arg
                        elif op == JUMP_FORWARD:
                            i = arg
                        elif op == BUILD_TUPLE:
                            if arg:
                                v = tuple(stack[-arg:])
                                del stack[-arg:]
                                stack.append(v)
                            else:
                                stack.append(())
                        elif op == BUILD_SLICE:
                            if arg == 3:
                                w = stack.pop()
                                v = stack.pop()
                                stack[-1] = slice(stack[-1], v, w)
                            else:
                                w = stack.pop()
                                stack[-1] = slice(stack[-1], w)
                        elif op == LOAD_NAME:
                            stack.append(ops.load_name(f, arg))
                        elif op == CALL_FUNCTION_KW or op == CALL_FUNCTION_EX:
                            if op == CALL_FUNCTION_KW:
                                names = stack.pop()
                                count = len(names)
                                values = stack[-arg:] if arg else []
                                del stack[-arg:]
                                func = stack.pop()
                                args = tuple(values[:arg - count])
                                kwargs = dict(zip(names, values[arg - count:]))
                            else:
                                kwargs = ops.call_ex_kwargs(stack[-3], stack.pop()) if arg & 1 else None
                                args = ops.call_ex_args(stack[-2], stack.pop())
                                func = stack.pop()
                            tf = type(func)
                            if tf is MethodType and type(func.__func__) is Function:
                                args = (func.__self__,) + args
                                func = func.__func__
                                tf = Function
                            if tf is Function:
                                nf = func.make_frame(args, kwargs)
                                kwargs = values = None
                                if func._dc.is_generator:
                                    stack.append(generators.make_generator(func, nf))
                                    nf = args = v = w = None
                                    continue
                                if f.depth + 1 >= limit:
                                    raise RecursionError('maximum recursion depth exceeded')
                                nf.depth = f.depth + 1
                                v = w = None   # the caller's stale operands must not outlive their use
                                nf.back = f
                                f.i = i
                                f = nf
                                code = f.instrs
                                stack = f.stack
                                fast = f.fast
                                i = 0
                                glb = f.globals
                                bltn = f.builtins
                                #@trace trace_enter(ts, f, i)
                                continue
                            if (tf is BuiltinFunctionType or tf is type or tf is FunctionType) and func in INTERCEPTS:
                                f.i = i   # for sys._getframe().f_lineno
                                stack.append(INTERCEPTS[func](f, args, kwargs))  #@plain
                                #@trace stack.append(c_profiled_intercept(ts, f, INTERCEPTS[func], func, args, kwargs))
                                limit = hostcalls.recursion_limit()   # in case it was sys.setrecursionlimit
                            else:
                                #@trace if ts.profiling: func, args = c_profiled(ts, f, func, args)
                                stack.append(func(*args, **kwargs) if kwargs else func(*args))
                            args = kwargs = values = None
                            if TRACE_REQUESTED[0]: pending = SWITCH_LOOPS; break  #@plain
                        elif op == LIST_APPEND:
                            v = stack.pop()
                            stack[-arg].append(v)
                        elif op == BUILD_LIST:
                            if arg:
                                v = stack[-arg:]
                                del stack[-arg:]
                                stack.append(v)
                            else:
                                stack.append([])
                        elif op == STORE_DEREF:
                            fast[arg].cell_contents = stack.pop()
                        elif op == JUMP_IF_FALSE_OR_POP:
                            if stack[-1]:
                                stack.pop()
                            else:
                                i = arg
                        elif op == JUMP_IF_TRUE_OR_POP:
                            if stack[-1]:
                                i = arg
                            else:
                                stack.pop()
                        elif op == SETUP_FINALLY:
                            f.blocks.append((SETUP_FINALLY_BLOCK, arg, len(stack)))
                        elif op == CALL_FINALLY:
                            stack.append(i)
                            i = arg
                        elif op == POP_FINALLY:
                            ops.pop_finally(f, stack, arg)
                        elif op == RAISE_VARARGS:
                            # the exception goes straight to the unwinding below (a host raise
                            # and catch would cost more)
                            pending = ops.exception_to_raise(f, stack, arg)
                            if arg == 0 and pending is sys.exc_info()[1]:
                                tb_here = False     # bare raise: re-raised as it is
                            else:
                                ops.chain_context(pending)   # as _PyErr_SetObject
                            break
                        elif op == SETUP_WITH:
                            res = ops.enter_with(stack)
                            f.blocks.append((SETUP_FINALLY_BLOCK, arg, len(stack)))
                            stack.append(res)
                        elif op == SETUP_ASYNC_WITH:
                            res = stack.pop()
                            f.blocks.append((SETUP_FINALLY_BLOCK, arg, len(stack)))
                            stack.append(res)
                        elif op == MAKE_FUNCTION:
                            ops.make_function(f, stack, arg)
                        else:
                            RARE[op](f, stack, arg)
                            v = w = obj = func = args = None   # no stray references delaying finalization (del x)
            except BytecodeCorruption:
                raise
            except BaseException as exc:   # the program's exception: unwound below
                pending = exc
                if not ops.raised_here(exc):
                    tb_here = False   # the host replaced it during normalization (see raised_here)
        if pending is SWITCH_LOOPS:  # a trace or profile function was set: the traced loop goes on  #@plain
            f.i = i; pending = (f, entry); f = entry = nf = None; return resume_traced(*pending)  #@plain
        # exception_unwind: find a handler in this frame or the frames below it
        exc = pending
        pending = None
        if tb_here:
            add_entry(exc, f, i - 1)
            #@trace if ts.line_tracing: exc = trace_exception(ts, f, i, exc)
        tb_here = True
        while True:
            handler = unwind_to_handler(f, exc)
            if handler >= 0:
                i = handler
                exc = nf = args = func = kwargs = values = None   # the handler has it on its stack; no stale references
                break
            f.i = i
            #@trace if ts.use_tracing: exc = trace_exit(ts, f, i, exc)
            if f is entry:
                f.yielded = False
                # a traceback through this frame must not keep exc (or anything) alive in a cycle
                v = w = obj = func = args = kwargs = values = nf = None
                try:
                    raise_out(exc)
                finally:
                    exc = None
            back = f.back
            f.back = None
            if f.gen is not None:
                exc = ops.finish_inline_generator(f, exc)
                if f.resume_target == DELEGATED:
                    back.i += 1     # the exception comes out of the delegating YIELD_FROM
            i = back.i   # before f: a finalizer run by dropping the frame sees a consistent pair
            f = back
            add_entry(exc, f, i - 1)
            #@trace if ts.line_tracing: exc = trace_exception(ts, f, i, exc)
        code = f.instrs
        stack = f.stack
        fast = f.fast
        glb = f.globals
        bltn = f.builtins


#@trace # (the instrumented copy is installed by tracing.instrumented)
_function_module.run_frame = run_frame  #@plain
_function_module.make_generator = generators.make_generator  #@plain
generators.run_frame = run_frame  #@plain
hostcalls.run_frame = run_frame  #@plain
