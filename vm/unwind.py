"""Block-stack unwinding and the exception state: what 3.8's exception_unwind, do_raise,
POP_EXCEPT/POP_FINALLY/WITH_CLEANUP_* and generators resumed inside the loop do with them."""
import sys
from typing import Any, Final, List, Literal

from .compat import AUDITED, VM_TB_LASTI, raw_tb_frame, raw_tb_lasti, set_exc_info, tb_frame_code
from .decode import NULL
from .errors import BytecodeCorruption
from .settrace import TRACE_REQUESTED
from .stack import LOOP_CODES
from .tracebacks import RAISED_OUT, add_entry, strip_machinery
from . import hostbuiltins

hostbuiltins.bind(globals())   # the host's builtins, whatever a program rebinds

SETUP_FINALLY_BLOCK: Final[Literal[0]] = 0   # PyTryBlock b_type SETUP_FINALLY (also SETUP_WITH/SETUP_ASYNC_WITH)
EXCEPT_HANDLER_BLOCK: Final[Literal[1]] = 1  # b_type EXCEPT_HANDLER: below it, the exception state to restore


def unwind_to_handler(f: Any, exc: BaseException) -> int:
    """Pop f's blocks for a raised exception (as exception_unwind); the handler's index, or -1."""
    blocks = f.blocks
    stack = f.stack
    while blocks:
        kind, handler, level = blocks.pop()
        if kind == EXCEPT_HANDLER_BLOCK:
            unwind_except_handler(stack, level)
            continue
        del stack[level:]
        blocks.append((EXCEPT_HANDLER_BLOCK, -1, len(stack)))
        old_type, old_value, old_tb = sys.exc_info()
        tb = exc.__traceback__
        exc_type = type(exc)
        stack.extend((old_tb, old_value, old_type, tb, exc, exc_type))
        set_exc_info(exc_type, exc, tb)
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
        del exc, context


def raised_here(exc: BaseException) -> bool:
    """Whether the eval loop should add its frame's entry to exc's traceback: yes for
    everything raised while the loop runs an instruction (the loop's own host frame is the
    newest entry). Not when the host replaced an exception it failed to instantiate (a C
    function raising a class whose __init__ fails) by the error from __init__: as 3.8's
    PyErr_NormalizeException, that error keeps its own traceback, without the calling
    frame, unless it has none (then the calling frame's entry is all there is)."""
    tb = exc.__traceback__
    if tb is None:
        return True
    if (tb_frame_code(tb)[1] if AUDITED[0] else raw_tb_frame(tb).f_code) in LOOP_CODES:
        return True
    exc.__traceback__ = tb = strip_machinery(tb)
    return tb is None


DELEGATED: Final = -1   # Frame.resume_target of a generator resumed by its delegator's YIELD_FROM


class _Entering:
    """Frame.init of a VM `__enter__` that SETUP_WITH runs as a frame of the loop: when it returns,
    its caller's with block begins (instructions.py's FINISH_INLINE_CALL)."""
    __slots__ = ()

    def __repr__(self) -> str:
        return '<__enter__ of a with block>'


ENTERING: Final = _Entering()


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
    if in_handler(frame):
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
        replacement = RuntimeError('%s raised StopIteration' % gen._kind)
        replacement.__cause__ = exc
        replacement.__context__ = exc
        return replacement
    return exc


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


def exception_to_raise(stack: List[Any], arg: int) -> BaseException:
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


def exit_call(f: Any, stack: List[Any]) -> List[Any]:
    """WITH_CLEANUP_START's first half for a block ended by an exception (its other way, written
    out in the instruction, has no exception): [__exit__, exception, value, traceback] of the
    call it makes, with the exception already pushed for WITH_CLEANUP_FINISH: the call's value
    goes on top of it, made by the host or returned by a VM frame the loop runs. (3.8 pushes the
    exception after the call; an __exit__ that raises leaves it on a stack its unwinding drops
    at once.)"""
    exc = stack[-1]
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
    stack.append(exc)
    return [exit_func, exc, value, tb]


def restore_state_before_handler(frame: Any) -> None:
    """Set the handled exception back to what it was when the frame's first except block began."""
    for kind, _, level in frame.blocks:
        if kind == EXCEPT_HANDLER_BLOCK:
            stack = frame.stack
            set_exc_info(stack[level + 2], stack[level + 1], stack[level])
            return


def inherit_caller_state(frame: Any, caller_state: tuple) -> None:
    """The frame's outermost except block will restore `caller_state` when it ends (as
    _PyErr_GetTopmostException: under a generator's empty state, its caller's shows)."""
    for kind, _, level in frame.blocks:
        if kind == EXCEPT_HANDLER_BLOCK:
            stack = frame.stack
            stack[level + 2], stack[level + 1], stack[level] = caller_state
            return


def in_handler(frame: Any) -> bool:
    """Whether an except block of the frame is running."""
    for block in frame.blocks:
        if block[0] == EXCEPT_HANDLER_BLOCK:
            return True
    return False


# -- a try statement's handler run by compiled code (vm/tier2.py's Projector.try_region) ----------

def caught_here(f: Any, exc: BaseException, handler: int) -> bool:
    """Whether the handler at instruction `handler` of frame `f`, which compiled code runs in its
    own host `except`, is where the loop would unwind exception `exc` to: its SETUP_FINALLY block
    is f's innermost (none opened inside it since, and not popped yet), and no trace function
    has asked for the frame to go to the traced loop (which reports the 'exception' event).
    Otherwise the exception leaves the compiled code, and the loop unwinds it as its own."""
    blocks = f.blocks
    return bool(blocks) and blocks[-1][1] == handler and not TRACE_REQUESTED[0] \
        and type(exc) is not BytecodeCorruption


def catch_in_trace(f: Any, exc: BaseException, index: int) -> tuple:
    """What the loop does with an exception raised at instruction `index` of frame `f` and caught
    by the handler of f's innermost block (caught_here said so): the frame's traceback entry
    (add_entry), the block replaced by its EXCEPT_HANDLER block, the handled exception set. The
    six values the handler finds on the stack, as unwind_to_handler pushes them (compiled code
    has dropped the values above the block's level itself)."""
    blocks = f.blocks
    held = RERAISED[1]
    if held is not None:
        RERAISED[1] = None
        if RERAISED[0] is exc:   # (reraise_held: the traceback as it was, the state kept)
            RERAISED[0] = None
            old_tb, old_value, old_type, tb = held
            exc.__traceback__ = tb
            blocks[-1] = (EXCEPT_HANDLER_BLOCK, -1, blocks[-1][2])
            return old_tb, old_value, old_type, tb, exc, type(exc)
        set_exc_info(held[2], held[1], held[0])   # (another exception came first: as reraise_in_trace)
    drop_own_entry(exc)   # (unread: see drop_own_entry)
    if RERAISED[0] is exc:   # (re-raised by an END_FINALLY of the same trace: its entry is there)
        RERAISED[0] = None
        exc.__traceback__ = strip_machinery(exc.__traceback__)
    else:
        RERAISED[0] = None
        add_entry(exc, f, index)
    blocks[-1] = (EXCEPT_HANDLER_BLOCK, -1, blocks[-1][2])
    old_type, old_value, old_tb = sys.exc_info()
    tb = exc.__traceback__
    exc_type = type(exc)
    set_exc_info(exc_type, exc, tb)
    return old_tb, old_value, old_type, tb, exc, exc_type


def pop_except_in_trace(f: Any, exc_type: Any, value: Any, tb: Any) -> None:
    """POP_EXCEPT in compiled code (whose value stack is host locals): the EXCEPT_HANDLER block
    popped, the exception state saved under it restored."""
    kind, _, level = f.blocks.pop()
    if kind != EXCEPT_HANDLER_BLOCK:
        raise SystemError('popped block is not an except handler')
    set_exc_info(exc_type, value, tb)


def unwound_out_of_body(f: Any, exc: BaseException, index: int) -> bool:
    """An exception raised at instruction `index` of a compiled body's frame `f` (vm/tier2.py's
    build_body) that no block of the frame handles (none, or only except blocks being run):
    unwound here as the loop would (the frame's traceback entry, the except blocks' saved
    states restored, the stack dropped), True; the body then raises it out of the call. False
    (nothing done) when a block might handle it, or a trace function is to see it: a loop
    unwinds it (tier2_calls.thrown)."""
    if TRACE_REQUESTED[0] or type(exc) is BytecodeCorruption:
        return False
    for block in f.blocks:
        if block[0] != EXCEPT_HANDLER_BLOCK:
            return False
    add_entry(exc, f, index)
    unwind_to_handler(f, exc)
    RAISED_OUT[0] = exc.__traceback__
    return True


def drop_own_entry(exc: BaseException) -> None:
    """Drop the first entry of `exc`'s traceback, unread: that of the compiled code (a trace or
    body of vm/tier2.py) whose host `except` caught it. The host put it there as the exception
    reached that code, so strip_machinery need not look at it; reading its tb_frame would hand
    the running frame to the program: on PyPy that forces it out of the JIT's compiled code each
    time, and a trace of the body that reads it is aborted (bench/FINDINGS.md, "Session 16,
    s16pypy": exceptions_flow's bodies 3.5 s -> 0.6 s a run)."""
    tb = exc.__traceback__
    if tb is not None and raw_tb_lasti(tb) > VM_TB_LASTI:
        exc.__traceback__ = tb.tb_next


def raises_out_of_body(f: Any) -> bool:
    """RAISE_VARARGS in a compiled body with no try region of its own open: whether the exception
    would leave frame `f` (no block but except blocks being run, and no trace function to see
    it), so that the body raises it for unwound_out_of_body; otherwise the loop raises it."""
    if TRACE_REQUESTED[0]:
        return False
    for block in f.blocks:
        if block[0] != EXCEPT_HANDLER_BLOCK:
            return False
    return True


# the exception an END_FINALLY in compiled code re-raised to a handler of the same code
# (reraise_in_trace), which adds no traceback entry for it (as the loop's RERAISE_SAVED); the
# state reraise_held kept for the catch: (old traceback, value, type, the exception's traceback)
RERAISED: List[Any] = [None, None]


def reraises_here(f: Any, handler: int) -> bool:
    """END_FINALLY in compiled code, re-raising the exception its finally block (or a with's
    cleanup) was run for: whether the loop would unwind it to the handler at instruction
    `handler`, which the compiled code runs (the block under the except block being left is
    that handler's, and no trace function is to see it). Otherwise the loop re-raises it."""
    blocks = f.blocks
    return len(blocks) >= 2 and blocks[-2][1] == handler and blocks[-1][0] == EXCEPT_HANDLER_BLOCK \
        and not TRACE_REQUESTED[0]


def reraise_in_trace(f: Any, value: BaseException, tb: Any, old_type: Any, old_value: Any,
                     old_tb: Any) -> BaseException:
    """END_FINALLY's re-raise in compiled code (reraises_here said the handler it goes to is the
    code's own): as the loop's RERAISE_SAVED then exception_unwind, the exception's traceback
    put back, the except block popped and the exception state saved under it restored; the
    exception for the code's `raise`, which must leave it as it is (as_raised), marked for
    catch_in_trace (no second entry for the frame)."""
    value.__traceback__ = tb
    f.blocks.pop()
    set_exc_info(old_type, old_value, old_tb)
    RERAISED[0] = value
    if old_value is None or old_value is value:
        return value
    raise_out(value)
    return value   # (not reached)


def reraise_held(f: Any, value: BaseException, tb: Any, old_type: Any, old_value: Any,
                 old_tb: Any) -> BaseException:
    """reraise_in_trace where the handler's block is at the level of the except block being
    left (nothing is dropped between them, vm/tier2.py's _end_finally): the handled exception
    is left as it is, `value`, which the catch would set again at once, and the state to
    restore is kept for catch_in_trace (RERAISED[1]), which saves it under its except block:
    two handled-exception writes and a read fewer, and the host's `raise` chains no context
    (the exception being handled is itself). When the handled exception is not `value` (or the
    catch will not take it: BytecodeCorruption), reraise_in_trace."""
    if sys.exc_info()[1] is not value or type(value) is BytecodeCorruption:
        return reraise_in_trace(f, value, tb, old_type, old_value, old_tb)
    value.__traceback__ = tb
    f.blocks.pop()
    RERAISED[0] = value
    RERAISED[1] = (old_tb, old_value, old_type, tb)
    return value


def as_raised(exc: BaseException) -> BaseException:
    """`exc` for compiled code to raise as it is, without a new __context__: itself when the
    host's `raise` would chain none (no exception is being handled, or it is the one handled:
    3.8's _PyErr_SetObject and the host's chain the handled one); otherwise raised from here by
    raise_out, which puts the context back (a second host raise: the uncommon case)."""
    handled = sys.exc_info()[1]
    if handled is None or handled is exc:
        return exc
    raise_out(exc)
    return exc   # (not reached)
