"""Decode a 3.8 code object once into the form the eval loop runs: (opcode, resolved argument) pairs.

Entry `decoded(code)`: cached on `code._vm_cache`. Instruction k of the list is the code
unit at byte offset 2k, so jump targets are offsets // 2; EXTENDED_ARG units become NOPs
and their argument is folded into the next instruction. Arguments are resolved:
constants, names, jump targets (instruction indexes), deref slots (index into the
frame's fast list), comparison functions. Validation happens here, once.
"""
import operator
from typing import TYPE_CHECKING, Any, Callable, Final, List, Literal, Optional, Tuple

if TYPE_CHECKING:   # (3.10's typing; typing_extensions is not on every host the VM runs on)
    from typing_extensions import TypeAlias

from ..compiler import opcodes as op
from ..compiler.code import (CO_ASYNC_GENERATOR, CO_COROUTINE, CO_GENERATOR,
                             CO_VARARGS, CO_VARKEYWORDS)
from .errors import BytecodeCorruption
from .fused import fuse
from .validate import first_block_fault, first_underflow
from . import hostbuiltins

hostbuiltins.bind(globals())   # the host's builtins, whatever a program rebinds


class _Null:
    """The empty slot (C NULL): an unbound local or the marker BEGIN_FINALLY pushes."""
    __slots__ = ()

    def __repr__(self) -> str:
        return '<NULL>'


NULL = _Null()

# Pseudo-opcode placed after the last instruction: running off the end is a fault.
FELL_OFF_END: Final[Literal[0]] = 0

# A decoded instruction: (opcode, its argument resolved: the constant, the name, the jump
# target's index, the comparison function, a superinstruction's pair...)
Instruction: 'TypeAlias' = Tuple[int, Any]

# Set by vm/tier2.py when tier 2 is on: called with each Decoded as it is made.
MARK_BACKEDGES: Optional[Callable[[Any], None]] = None
# Set by vm/rebound.py on PyPy: called with each Decoded as it is made.
MARK_REBOUND: Optional[Callable[[Any], None]] = None


_is_subtype = type.__subclasscheck__   # PyType_IsSubtype: the MRO only, never a metaclass hook


def _is_exception_class(value: Any) -> bool:
    """as PyExceptionClass_Check (no __subclasscheck__ is consulted)."""
    return isinstance(value, type) and _is_subtype(BaseException, value)


def exception_match(exc: Any, pattern: Any) -> bool:
    """COMPARE_OP 'exception match', with 3.8's check of the except clause's classes
    (as cmp_outcome's PyCmp_EXC_MATCH and PyErr_GivenExceptionMatches)."""
    if type(exc) is type and _is_subtype(BaseException, exc):   # (the unwinder's: an exception class)
        if type(pattern) is type and _is_subtype(BaseException, pattern):   # the common case, in one go
            return _is_subtype(pattern, exc)
    if isinstance(pattern, tuple):
        for item in pattern:
            if not _is_exception_class(item):
                raise TypeError('catching classes that do not inherit from BaseException is not allowed')
        for item in pattern:
            if _is_exception_class(exc) and _is_subtype(item, exc) or exc is item:
                return True
        return False
    if not _is_exception_class(pattern):
        raise TypeError('catching classes that do not inherit from BaseException is not allowed')
    return _is_subtype(pattern, exc) if _is_exception_class(exc) else exc is pattern


def _contains(a: Any, b: Any) -> bool:
    return a in b


def _not_contains(a: Any, b: Any) -> bool:
    return a not in b


COMPARE_FUNCTIONS = (operator.lt, operator.le, operator.eq, operator.ne, operator.gt, operator.ge,
                     _contains, _not_contains, operator.is_, operator.is_not, exception_match)

_NAME_OPS = frozenset(op.hasname)
_JREL = frozenset(op.hasjrel)
_JABS = frozenset(op.hasjabs)
_LOCAL = frozenset(op.haslocal)
_FREE = frozenset(op.hasfree)
_KNOWN = frozenset(op.opmap.values())


class Decoded:
    """What the loop needs of one code object, computed once."""
    __slots__ = ('code', 'instrs', 'plain_instrs', 'raw', 'lines', 'nlocals', 'ncells', 'cell_names', 'cell2arg',
                 'local_tail', 'plain_args', 'simple', 'is_generator', 'host_code', 'argcount',
                 'total_args', 'coroutine_args',
                 'quick', 'sites',   # tier 1's quickened copy of instrs and its sites (vm/specialize.py)
                 'body',             # tier 2: the function's call counter and compiled body (vm/tier2_calls.py)
                 'bindings',         # the binding plans of its calls by shape (vm/frame.py's bind_planned)
                 'keywords',         # (names, positional count, plan) of its last keyword call (bind_keywords)
                 'steps',            # tier 2: a generator's compiled steps (vm/tier2_generators.py)
                 'loopless')         # no backward jump: each instruction runs once per activation
    code: Any                        # the code object (compiler.code.CodeType)
    instrs: List[Instruction]        # with superinstructions (vm/fused.py): the plain loop's
    plain_instrs: List[Instruction]  # one per code unit: the instrumented loop's
    raw: List[Tuple[int, Optional[int]]]   # (opcode, raw argument) per code unit
    lines: List[int]                 # the line of each instruction
    nlocals: int
    ncells: int
    cell_names: Tuple[str, ...]      # co_cellvars + co_freevars
    cell2arg: Tuple[Tuple[int, int], ...]   # (cell, argument) for arguments that are cells
    local_tail: List[Any]            # what a call's positional arguments are extended with
    plain_args: bool                 # exactly co_argcount positional parameters, no cells to set up
    simple: bool                     # the loop's fast path may call it (plain_args, not a generator)
    is_generator: bool               # a call makes a generator, coroutine or async generator
    coroutine_args: int              # argcount for a coroutine function's plain call, else -1 (await_call)
    host_code: Any                   # its traceback stand-in (vm/compat.py), made on first use
    argcount: int
    total_args: int
    quick: Any                       # tier 1: the quickened copy of instrs, or None
    sites: Any                       # tier 1: its specialisation sites
    body: Any                        # tier 2: a tier2_calls.Body, or None (made with quick)
    bindings: Any                    # {call shape: its binding plan or None}, None till a call needs one
    keywords: Any                    # the last keyword call's (names tuple, positional count, plan), or None
    steps: Any                       # a tier2_generators.Steps, None till compiled code resumes it
    loopless: bool                   # no backward jump (a module or class body run once: compat.OPAQUE_NAMES)

    def line_of(self, index: int) -> int:
        """Source line of instruction `index` (co_firstlineno before the first one)."""
        if index < 0:
            return self.code.co_firstlineno
        return self.lines[index] if index < len(self.lines) else self.lines[-1]


def line_table(code: Any, count: int) -> List[int]:
    """Line number of each code unit, from 3.8's lnotab (as PyCode_Addr2Line)."""
    lines = [0] * count
    lnotab = code.co_lnotab
    line = code.co_firstlineno
    addr = 0
    unit = 0
    for k in range(0, len(lnotab) - 1, 2):
        addr_incr, line_incr = lnotab[k], lnotab[k + 1]
        next_addr = addr + addr_incr
        stop = min(next_addr // 2, count)
        while unit < stop:
            lines[unit] = line
            unit += 1
        addr = next_addr
        line += line_incr - 256 if line_incr >= 128 else line_incr
    while unit < count:
        lines[unit] = line
        unit += 1
    return lines


def _fault(code: Any, offset: int, message: str) -> BytecodeCorruption:
    return BytecodeCorruption('corrupt code object %r (file %r) at offset %d: %s' % (
        getattr(code, 'co_name', '?'), getattr(code, 'co_filename', '?'), offset, message))


def decode(code: Any) -> Decoded:
    """Decode and validate `code`; raises BytecodeCorruption on bad bytecode."""
    raw_code = code.co_code
    if not isinstance(raw_code, (bytes, bytearray)) or len(raw_code) % 2 or not raw_code:
        raise _fault(code, 0, 'co_code must be a non-empty bytes object of even length')
    count = len(raw_code) // 2
    consts, names, varnames = code.co_consts, code.co_names, code.co_varnames
    nlocals = code.co_nlocals
    if nlocals < 0:
        raise _fault(code, 0, 'negative co_nlocals %d' % nlocals)
    # co_nlocals may differ from len(co_varnames), as 3.8 allows: slots are co_nlocals
    cell_names = tuple(code.co_cellvars) + tuple(code.co_freevars)
    instrs: List[Any] = []
    raw: List[Any] = []
    free_at: List[int] = []
    highest_local = -1
    extended = 0
    loopless = True
    for index in range(count):
        opcode = raw_code[2 * index]
        arg = raw_code[2 * index + 1] | extended
        offset = 2 * index
        if opcode not in _KNOWN:
            raise _fault(code, offset, 'unknown opcode %d' % opcode)
        if opcode == op.EXTENDED_ARG:
            extended = arg << 8
            instrs.append((op.NOP, None))
            raw.append((op.NOP, None))
            continue
        extended = 0
        raw.append((opcode, arg if opcode >= op.HAVE_ARGUMENT else None))
        value: Any = arg
        if opcode < op.HAVE_ARGUMENT:
            value = None
        elif opcode == op.LOAD_CONST:
            if arg >= len(consts):
                raise _fault(code, offset, 'LOAD_CONST argument %d out of range' % arg)
            value = consts[arg]
        elif opcode in _NAME_OPS:
            if arg >= len(names):
                raise _fault(code, offset, '%s argument %d out of range' % (op.opname[opcode], arg))
            value = names[arg]
        elif opcode in _LOCAL:
            if arg >= nlocals:
                raise _fault(code, offset, '%s argument %d out of range' % (op.opname[opcode], arg))
            highest_local = max(highest_local, arg)
        elif opcode in _FREE:
            if arg >= len(cell_names):
                raise _fault(code, offset, '%s argument %d out of range' % (op.opname[opcode], arg))
            free_at.append(index)   # its slot, after the locals, is set below
        elif opcode in _JREL or opcode in _JABS:
            target = (offset + 2 + arg) if opcode in _JREL else arg
            if target % 2 or target >= 2 * count:
                raise _fault(code, offset, 'jump target %d out of range' % target)
            value = target // 2
            if opcode in _JABS and value <= index:   # (3.8's backward jumps are all absolute)
                loopless = False
        elif opcode == op.COMPARE_OP:
            if arg >= len(COMPARE_FUNCTIONS):
                raise _fault(code, offset, 'COMPARE_OP argument %d out of range' % arg)
            value = COMPARE_FUNCTIONS[arg]
        elif opcode == op.RAISE_VARARGS and arg > 2:
            raise _fault(code, offset, 'bad RAISE_VARARGS oparg %d' % arg)
        instrs.append((opcode, value))
    flags = code.co_flags
    total_args = code.co_argcount + code.co_kwonlyargcount
    all_args = total_args + bool(flags & CO_VARARGS) + bool(flags & CO_VARKEYWORDS)
    if all_args > nlocals:
        raise _fault(code, 0, 'more arguments than local variables')
    # slots no instruction or name reaches are never seen: a corrupt co_nlocals of
    # millions must not cost millions of slots per call
    nlocals = min(nlocals, max(len(varnames), highest_local + 1, all_args))
    for index in free_at:
        instrs[index] = (instrs[index][0], nlocals + instrs[index][1])
    underflow = first_underflow(raw, count, max(code.co_stacksize, 0) + 64)
    if underflow >= 0:
        raise _fault(code, underflow, 'bad stack depth (%s with too few values on the stack, or a stack that keeps growing)'
                     % op.opname[raw[underflow // 2][0]])
    fault = first_block_fault(raw, count, max(code.co_stacksize, 0) + 64)
    if fault is not None:
        raise _fault(code, *fault)
    instrs.append((FELL_OFF_END, None))
    decoded = Decoded()
    decoded.code = code
    decoded.plain_instrs = instrs
    decoded.raw = raw
    decoded.lines = line_table(code, count)
    decoded.loopless = loopless
    decoded.instrs = fuse(instrs, decoded.lines)
    if MARK_BACKEDGES is not None:   # tier 2 on (vm/tier2.py): loops count their back edges
        MARK_BACKEDGES(decoded)
    if MARK_REBOUND is not None:     # PyPy (vm/rebound.py): a module's rebound names made cells at once
        MARK_REBOUND(decoded)
    decoded.nlocals = nlocals
    decoded.ncells = len(code.co_cellvars)
    decoded.cell_names = cell_names
    decoded.argcount = code.co_argcount
    decoded.total_args = all_args
    decoded.cell2arg = tuple(
        (cell_index, varnames.index(name)) for cell_index, name in enumerate(code.co_cellvars)
        if name in varnames[:decoded.total_args])
    decoded.local_tail = [NULL] * (nlocals - code.co_argcount + len(cell_names))
    decoded.is_generator = bool(flags & (CO_GENERATOR | CO_COROUTINE | CO_ASYNC_GENERATOR))
    # a plain call: exactly co_argcount positional arguments and nothing else to set up (a
    # generator function's call binds so too, and makes its generator of that frame)
    decoded.plain_args = (total_args == code.co_argcount and not flags & (CO_VARARGS | CO_VARKEYWORDS)
                          and not cell_names)
    decoded.simple = decoded.plain_args and not decoded.is_generator
    decoded.coroutine_args = code.co_argcount if decoded.plain_args and flags & CO_COROUTINE else -1
    decoded.host_code = None
    decoded.quick = decoded.sites = decoded.body = decoded.bindings = decoded.keywords = decoded.steps = None
    return decoded


def shallow_copy(template: Decoded) -> Decoded:
    """A Decoded with the template's fields (the same lists and objects), to be changed in part."""
    copy = Decoded()
    for name in Decoded.__slots__:
        if hasattr(template, name):
            setattr(copy, name, getattr(template, name))
    return copy


def decoded_copy(template: Decoded, code: Any) -> Decoded:
    """The decoded form of `code`, a copy of the template's code object with only its file name
    and its nested code objects (in co_consts, at the same places) changed: the template's
    checked decoding with the copy's constants, not decoded and checked again."""
    consts = code.co_consts
    plain = [(opcode, consts[arg]) if opcode == op.LOAD_CONST else template.plain_instrs[index]
             for index, (opcode, arg) in enumerate(template.raw)]
    plain.append(template.plain_instrs[-1])   # FELL_OFF_END
    copy = shallow_copy(template)
    copy.code = code
    copy.plain_instrs = plain
    copy.instrs = fuse(plain, template.lines)
    if MARK_BACKEDGES is not None:
        MARK_BACKEDGES(copy)
    if MARK_REBOUND is not None:
        MARK_REBOUND(copy)
    copy.host_code = None   # named after the file: made on first use
    copy.quick = copy.sites = copy.body = copy.steps = None
    return copy


def decoded(code: Any) -> Decoded:
    """The decoded form of `code`, decoding on first use."""
    cached = code._vm_cache
    if cached is None:
        cached = code._vm_cache = decode(code)
    return cached
