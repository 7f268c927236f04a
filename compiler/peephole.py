"""The peephole pass over assembled bytecode, as 3.8's Python/peephole.c PyCode_Optimize.

Works on the final code units (opcode, argument byte) like the C code: rewrites in
place inside one basic block, fills removed code with NOPs, then drops the NOPs,
retargets jumps and fixes the lnotab offsets in one pass. Quirks kept on purpose:
the lnotab is rewritten before the last bail-out, and folded tuples stay appended
to the constants even when the code is left unchanged.
"""
import re
from itertools import accumulate
from typing import FrozenSet, List, Set, Tuple

from .opcodes import (BUILD_TUPLE, CALL_FINALLY, END_FINALLY, EXTENDED_ARG, FOR_ITER,
                      JUMP_ABSOLUTE, JUMP_FORWARD, JUMP_IF_FALSE_OR_POP,
                      JUMP_IF_TRUE_OR_POP, LOAD_CONST, NOP, POP_JUMP_IF_FALSE,
                      POP_JUMP_IF_TRUE, RETURN_VALUE, ROT_THREE, ROT_TWO, SETUP_ASYNC_WITH,
                      SETUP_FINALLY, SETUP_WITH, UNPACK_SEQUENCE)

_UNCONDITIONAL = frozenset((JUMP_ABSOLUTE, JUMP_FORWARD))
_CONDITIONAL = frozenset((POP_JUMP_IF_FALSE, POP_JUMP_IF_TRUE, JUMP_IF_FALSE_OR_POP,
                          JUMP_IF_TRUE_OR_POP))
_ABSOLUTE = frozenset((JUMP_ABSOLUTE,)) | _CONDITIONAL
_JUMPS_ON_TRUE = frozenset((POP_JUMP_IF_TRUE, JUMP_IF_TRUE_OR_POP))
_RELATIVE = frozenset((FOR_ITER, JUMP_FORWARD, SETUP_FINALLY, SETUP_WITH, SETUP_ASYNC_WITH,
                       CALL_FINALLY))
_JUMPS = _ABSOLUTE | _RELATIVE
# The opcodes _rewrite looks at; any other only ends a run of LOAD_CONSTs.
_REWRITTEN = frozenset((LOAD_CONST, BUILD_TUPLE, RETURN_VALUE)) | _CONDITIONAL | _UNCONDITIONAL
# The same sets as lists by opcode, for the loops over every unit: PyPy's JIT reads a
# list item inline, but calls out for a set lookup.
_IS_JUMP = [opcode in _JUMPS for opcode in range(256)]
_IS_REWRITTEN = [opcode in _REWRITTEN for opcode in range(256)]


def _one_of(opcodes: FrozenSet[int]) -> bytes:
    """A regular expression class matching any of `opcodes` in a string of opcode bytes."""
    return b'[' + b''.join(re.escape(bytes((opcode,))) for opcode in sorted(opcodes)) + b']'


def _op(opcode: int) -> bytes:
    return re.escape(bytes((opcode,)))


# Patterns over the opcode bytes (code[0::2]) for _may_rewrite: each finds the units at
# which one kind of rewrite may start. EXTENDED_ARG prefixes sit between two opcodes.
_THREADED_JUMP = re.compile(_one_of(_CONDITIONAL | _UNCONDITIONAL))
# A LOAD_CONST before a POP_JUMP_IF_FALSE or a BUILD_TUPLE, a BUILD_TUPLE before an
# UNPACK_SEQUENCE: the match is the first op alone, so that no pair hides the next.
_CONST_OR_TUPLE_PAIR = re.compile(
    _op(LOAD_CONST) + b'(?=' + _op(EXTENDED_ARG) + b'*' +
    _one_of(frozenset((POP_JUMP_IF_FALSE, BUILD_TUPLE))) + b')|' +
    _op(BUILD_TUPLE) + b'(?=' + _op(EXTENDED_ARG) + b'*' + _op(UNPACK_SEQUENCE) + b')')
_ANY_JUMP = re.compile(_one_of(_JUMPS))


def _instr_size(arg: int) -> int:
    return 1 if arg <= 0xFF else 2 if arg <= 0xFFFF else 3 if arg <= 0xFFFFFF else 4


class _Units:
    """The code as two parallel lists of opcode and argument bytes (_Py_CODEUNIT[])."""
    __slots__ = ('ops', 'args', 'size')

    def __init__(self, code: bytes) -> None:
        self.ops = list(code[0::2])
        self.args = list(code[1::2])
        self.size = len(self.ops)

    def find_op(self, i: int) -> int:
        """Index of the effective opcode at or after `i`, past EXTENDED_ARGs."""
        ops, size = self.ops, self.size
        while i < size and ops[i] == EXTENDED_ARG:
            i += 1
        return i

    def get_arg(self, i: int) -> int:
        """The full argument of the op at `i`, with its EXTENDED_ARG prefixes."""
        ops, args = self.ops, self.args
        arg = args[i]
        if i >= 1 and ops[i - 1] == EXTENDED_ARG:
            arg |= args[i - 1] << 8
            if i >= 2 and ops[i - 2] == EXTENDED_ARG:
                arg |= args[i - 2] << 16
                if i >= 3 and ops[i - 3] == EXTENDED_ARG:
                    arg |= args[i - 3] << 24
        return arg

    def jump_target(self, i: int) -> int:
        """GETJUMPTGT: the unit index a jump at `i` goes to."""
        target = self.get_arg(i) // 2
        return target if self.ops[i] in _ABSOLUTE else target + i + 1

    def fill_nops(self, start: int, end: int) -> None:
        # memset(NOP) sets the argument bytes to NOP too.
        count = end - start
        if count > 0:
            self.ops[start:end] = [NOP] * count
            self.args[start:end] = [NOP] * count

    def write_op_arg(self, at: int, opcode: int, arg: int, size: int) -> None:
        """wordcode_helpers.h write_op_arg: `size` units, EXTENDED_ARGs first."""
        ops, args = self.ops, self.args
        for shift in range(8 * (size - 1), 0, -8):
            ops[at] = EXTENDED_ARG
            args[at] = (arg >> shift) & 0xFF
            at += 1
        ops[at] = opcode
        args[at] = arg & 0xFF

    def set_arg(self, i: int, arg: int) -> int:
        """Give the op at `i` a new argument if it fits; its new index, or -1."""
        current = self.get_arg(i)
        if current == arg:
            return i
        current_size = _instr_size(current)
        new_size = _instr_size(arg)
        if current_size < new_size:
            return -1
        self.write_op_arg(i + 1 - current_size, self.ops[i], arg, new_size)
        self.fill_nops(i + 1 - current_size + new_size, i + 1)
        return i - current_size + new_size

    def copy_op_arg(self, i: int, opcode: int, arg: int, end: int) -> int:
        """Write op/arg at the end of [i, end), NOPs before it; its index, or -1."""
        size = _instr_size(arg)
        if i + size > end:
            return -1
        self.write_op_arg(end - size, opcode, arg, size)
        self.fill_nops(i, end - size)
        return end - 1

    def last_n_const_start(self, i: int, count: int) -> int:
        """Start (with EXTENDED_ARGs) of the count-th LOAD_CONST before `i`."""
        ops = self.ops
        while True:
            i -= 1
            if ops[i] == LOAD_CONST:
                count -= 1
                if not count:
                    while i > 0 and ops[i - 1] == EXTENDED_ARG:
                        i -= 1
                    return i


def _mark_blocks(units: _Units) -> List[int]:
    """Basic-block number of every code unit, as markblocks()."""
    labels = [0] * units.size
    jump_target = units.jump_target
    for i in [i for i, opcode in enumerate(units.ops) if _IS_JUMP[opcode]]:
        labels[jump_target(i)] = 1
    return list(accumulate(labels))


def _arg_at(ops: bytes, args: bytes, i: int) -> int:
    """The full argument of the op at unit `i` of (opcode bytes, argument bytes), with its
    EXTENDED_ARG prefixes (all four, as _Units.get_arg)."""
    arg = args[i]
    shift = 8
    j = i - 1
    while j >= 0 and ops[j] == EXTENDED_ARG and shift < 32:
        arg |= args[j] << shift
        shift += 8
        j -= 1
    return arg


def _op_after(ops: bytes, i: int) -> int:
    """The effective opcode at or after unit `i` (past EXTENDED_ARGs), -1 past the end."""
    size = len(ops)
    while i < size and ops[i] == EXTENDED_ARG:
        i += 1
    return ops[i] if i < size else -1


def _may_rewrite(code: bytes) -> bool:
    """False when _rewrite is sure to leave `code` as it is: then optimize() hands back the
    code, the lnotab and the constants unchanged without taking the code apart.

    Three quarters of the code objects of a compilation are like that (60 stdlib files:
    2,110 of 2,750, of which this finds 2,099), and answering costs a few C-level scans of
    the opcode bytes and a few steps per jump (2.5 us per code object), against slicing,
    numbering the blocks and rejoining for the rewrite loop (10 us). The answer is conservative: True whenever one of _rewrite's cases could act,
    judged without the constants' values or the basic blocks where that is simpler; each
    test below names the case of _rewrite it covers."""
    ops = code[0::2]
    size = len(ops)
    # NOPs already there are dropped (the code generator makes none).
    if NOP in ops:
        return True
    args = code[1::2]
    for match in _CONST_OR_TUPLE_PAIR.finditer(ops):
        j = match.start()
        i = j + 1
        while ops[i] == EXTENDED_ARG:
            i += 1
        # LOAD_CONST <true> POP_JUMP_IF_FALSE; BUILD_TUPLE n; UNPACK_SEQUENCE n.
        if ops[i] != BUILD_TUPLE:
            return True
        # BUILD_TUPLE n after a run of at least n LOAD_CONSTs (cumulative_consts).
        count = _arg_at(ops, args, i)
        if count:
            run = 0
            while j >= 0 and ops[j] == LOAD_CONST:
                run += 1
                j -= 1
                while j >= 0 and ops[j] == EXTENDED_ARG:
                    j -= 1
            if count <= run:
                return True
    # Jumps: JUMP_IF_*_OR_POP to a conditional jump, any jump to an unconditional jump,
    # an unconditional jump to RETURN_VALUE (_thread_jump).
    for match in _THREADED_JUMP.finditer(ops):
        i = match.start()
        opcode = ops[i]
        target = (_arg_at(ops, args, i) if i and ops[i - 1] == EXTENDED_ARG else args[i]) // 2
        if opcode not in _ABSOLUTE:
            target += i + 1
        target_op = ops[target] if target < size else -1
        if target_op == EXTENDED_ARG:
            target_op = _op_after(ops, target)
        if (target_op < 0 or target_op in _UNCONDITIONAL
                or (target_op == RETURN_VALUE and opcode in _UNCONDITIONAL)
                or (target_op in _CONDITIONAL and (opcode == JUMP_IF_FALSE_OR_POP
                                                   or opcode == JUMP_IF_TRUE_OR_POP))):
            return True
    # RETURN_VALUE followed in its basic block by an op other than END_FINALLY and
    # SETUP_FINALLY (dead code to remove); the block ends where a jump lands.
    targets = None
    i = ops.find(RETURN_VALUE)
    while 0 <= i < size - 1:
        after = i + 1
        if ops[after] != END_FINALLY and _op_after(ops, after) != SETUP_FINALLY:
            if targets is None:
                targets = _jump_targets(ops, args)
            if after not in targets:
                return True
        i = ops.find(RETURN_VALUE, after)
    return False


def _jump_targets(ops: bytes, args: bytes) -> Set[int]:
    """The units every jump of (opcode bytes, argument bytes) lands on (markblocks)."""
    targets: Set[int] = set()
    for match in _ANY_JUMP.finditer(ops):
        i = match.start()
        target = _arg_at(ops, args, i) // 2
        targets.add(target if ops[i] in _ABSOLUTE else target + i + 1)
    return targets


def optimize(code: bytes, consts: list, lnotab: bytes) -> Tuple[bytes, bytes]:
    """PyCode_Optimize: (new code, new lnotab); `consts` (a list) may grow."""
    # Bail out when a bytecode-offset delta of the lnotab is 255 (line deltas may be).
    if 255 in lnotab[0::2] or not _may_rewrite(code):
        return code, lnotab
    return _optimize(code, consts, lnotab)


def _optimize(code: bytes, consts: list, lnotab: bytes) -> Tuple[bytes, bytes]:
    """optimize() past its bail-outs: take the code apart, rewrite it, put it together."""
    units = _Units(code)
    ops, args, size = units.ops, units.args, units.size
    blocks = _mark_blocks(units)
    _rewrite(units, blocks, consts)
    if NOP not in ops:
        return bytes(_interleave(ops, args)), lnotab
    # Old unit index -> new unit index (NOPs before it removed); fix up lnotab with it.
    blocks = [i - nops for i, nops in zip(range(size), accumulate(
        map(NOP.__eq__, ops), initial=0))]
    table = bytearray(lnotab)
    original_offset = last_offset = 0
    for k in range(0, len(table), 2):
        original_offset += table[k]
        new_offset = blocks[original_offset // 2] * 2
        table[k] = (new_offset - last_offset) & 0xFF
        last_offset = new_offset
    lnotab = bytes(table)
    # Retarget jumps in place (same length, EXTENDED_ARG 0 padding kept), then drop NOPs.
    for i in [i for i, opcode in enumerate(ops) if _IS_JUMP[opcode]]:
        op_start = i
        while op_start > 0 and ops[op_start - 1] == EXTENDED_ARG:
            op_start -= 1
        arg = units.get_arg(i) if i - op_start < 4 else _long_arg(args, op_start, i)
        if ops[i] in _ABSOLUTE:
            arg = blocks[arg // 2] * 2
        else:
            arg = (blocks[arg // 2 + i + 1] - blocks[i] - 1) * 2
        length = i - op_start + 1
        if _instr_size(arg) > length:
            return code, lnotab
        units.write_op_arg(op_start, ops[i], arg, length)
    kept = [i for i, opcode in enumerate(ops) if opcode != NOP]
    if any(ops[i] == EXTENDED_ARG and ops[i + 1] == NOP for i in kept):
        # The C loop reads EXTENDED_ARGs + NOP as one NOP and drops them all.
        kept = [i for i in kept if ops[i] != EXTENDED_ARG or ops[_after_prefix(ops, i)] != NOP]
    return bytes(_interleave([ops[i] for i in kept], [args[i] for i in kept])), lnotab


def _after_prefix(ops: List[int], i: int) -> int:
    """Index of the op an EXTENDED_ARG run starting at `i` belongs to."""
    while ops[i] == EXTENDED_ARG:
        i += 1
    return i


def _long_arg(args: List[int], start: int, end: int) -> int:
    """The argument of an op at `end` with EXTENDED_ARGs from `start` (more than 3)."""
    arg = 0
    for i in range(start, end + 1):
        arg = (arg << 8 | args[i]) & 0xFFFFFFFF
    return arg


def _interleave(ops: List[int], args: List[int]) -> bytearray:
    code = bytearray(2 * len(ops))
    code[0::2] = bytes(ops)
    code[1::2] = bytes(args)
    return code


def _rewrite(units: _Units, blocks: List[int], consts: list) -> None:
    """The main loop of PyCode_Optimize: rewrites inside basic blocks, leaving NOPs."""
    ops, args, size = units.ops, units.args, units.size
    find_op = units.find_op
    get_arg = units.get_arg
    fill_nops = units.fill_nops
    is_rewritten = _IS_REWRITTEN
    cumulative_consts = 0    # length of the current run of LOAD_CONSTs (cumlc)
    i = find_op(0)
    while i < size:
        opcode = ops[i]
        if not is_rewritten[opcode]:
            cumulative_consts = 0
            i += 1
            while i < size and ops[i] == EXTENDED_ARG:
                i += 1
            continue
        op_start = i
        while op_start >= 1 and ops[op_start - 1] == EXTENDED_ARG:
            op_start -= 1
        next_i = i + 1
        while next_i < size and ops[next_i] == EXTENDED_ARG:
            next_i += 1
        next_op = ops[next_i] if next_i < size else 0
        last_consts = cumulative_consts
        cumulative_consts = 0

        if opcode == LOAD_CONST:
            # Skip LOAD_CONST <true> POP_JUMP_IF_FALSE: "while 1" loops.
            cumulative_consts = last_consts + 1
            if (next_op == POP_JUMP_IF_FALSE and blocks[op_start] == blocks[i + 1]
                    and consts[get_arg(i)]):
                fill_nops(op_start, next_i + 1)
                cumulative_consts = 0

        elif opcode == BUILD_TUPLE:
            count = get_arg(i)
            folded = False
            if 0 < count <= last_consts:
                start = units.last_n_const_start(op_start, count)
                if blocks[start] == blocks[op_start]:
                    _fold_tuple(units, start, i + 1, consts, count)
                    folded = True
            if (not folded and next_op == UNPACK_SEQUENCE
                    and blocks[op_start] == blocks[i + 1] and count == get_arg(next_i)):
                # BUILD_TUPLE n; UNPACK_SEQUENCE n -> nothing, ROT_TWO, ROT_THREE ROT_TWO.
                if count < 2:
                    fill_nops(op_start, next_i + 1)
                elif count == 2:
                    ops[op_start], args[op_start] = ROT_TWO, 0
                    fill_nops(op_start + 1, next_i + 1)
                elif count == 3:
                    ops[op_start], args[op_start] = ROT_THREE, 0
                    ops[op_start + 1], args[op_start + 1] = ROT_TWO, 0
                    fill_nops(op_start + 2, next_i + 1)

        elif opcode in _CONDITIONAL or opcode in _UNCONDITIONAL:
            handled = False
            if opcode == JUMP_IF_FALSE_OR_POP or opcode == JUMP_IF_TRUE_OR_POP:
                # Conditional jump to a conditional jump whose outcome the first implies.
                target = find_op(get_arg(i) // 2)
                target_op = ops[target]
                if target_op in _CONDITIONAL:
                    if (target_op in _JUMPS_ON_TRUE) == (opcode in _JUMPS_ON_TRUE):
                        # Taken iff the first is: inherit its target and its opcode.
                        new_i = units.set_arg(i, get_arg(target))
                    else:
                        # Not taken if the first is: jump past it, popping.
                        new_i = units.set_arg(i, (target + 1) * 2)
                        target_op = (POP_JUMP_IF_TRUE if opcode == JUMP_IF_TRUE_OR_POP
                                     else POP_JUMP_IF_FALSE)
                    if new_i >= 0:
                        next_i = new_i
                        ops[next_i] = target_op
                        handled = True
            if not handled:
                _thread_jump(units, opcode, i, op_start)

        elif opcode == RETURN_VALUE:
            # Remove unreachable ops after RETURN_VALUE, keeping END_FINALLY (it marks a
            # finally block's end for frame_setlineno) and SETUP_FINALLY (balance).
            h = i + 1
            block = blocks[i]
            while h < size and blocks[h] == block and ops[h] != END_FINALLY:
                if ops[h] == SETUP_FINALLY:
                    while h > i + 1 and ops[h - 1] == EXTENDED_ARG:
                        h -= 1
                    break
                h += 1
            if h > i + 1:
                fill_nops(i + 1, h)
                next_i = find_op(h)
        i = next_i


def _thread_jump(units: _Units, opcode: int, i: int, op_start: int) -> None:
    """Jumps to a RETURN_VALUE become it; jumps to unconditional jumps skip them."""
    ops = units.ops
    target = units.find_op(units.jump_target(i))
    target_op = ops[target]
    if opcode in _UNCONDITIONAL and target_op == RETURN_VALUE:
        ops[op_start], units.args[op_start] = RETURN_VALUE, 0
        units.fill_nops(op_start + 1, i + 1)
    elif target_op in _UNCONDITIONAL:
        destination = units.jump_target(target)
        if opcode == JUMP_FORWARD:      # JUMP_ABSOLUTE can go backwards
            opcode = JUMP_ABSOLUTE
        elif opcode not in _ABSOLUTE:
            if destination < i + 1:
                return                  # no backward relative jumps
            destination -= i + 1
        units.copy_op_arg(op_start, opcode, destination * 2, i + 1)


def _fold_tuple(units: _Units, start: int, end: int, consts: list, count: int) -> int:
    """LOAD_CONST c1 .. LOAD_CONST cn BUILD_TUPLE n -> LOAD_CONST (c1, .., cn), as
    fold_tuple_on_constants(); the tuple is appended to consts without merging."""
    items = []
    position = start
    for _ in range(count):
        position = units.find_op(position)
        items.append(consts[units.get_arg(position)])
        position += 1
    consts.append(tuple(items))
    return units.copy_op_arg(start, LOAD_CONST, len(consts) - 1, end)
