"""The assembler: a CodeUnit's basic blocks -> a CPython 3.8 code object.

Mirrors 3.8's compile.c assemble(): append the implicit `return None`, order the
blocks (dfs postorder, reversed), resolve jump offsets while emitting bytecode and
lnotab (again while EXTENDED_ARGs grow), then makecode(): tables, flags,
the peephole pass (peephole.py) and the stack depth (stackdepth.py).
"""
from typing import Any, Dict, List, Optional, Tuple, Union

from .code import CO_NOFREE, CodeType
from .flowgraph import ARG, LINENO, OPCODE, TARGET, Block, CodeUnit
from .lnotab import LnotabWriter
from .opcodes import (EXTENDED_ARG, HAVE_ARGUMENT, LOAD_CONST, RETURN_VALUE, cmp_op,
                      hascompare, hasfree, hasjrel, haslocal, hasname, opname)
from .peephole import optimize
from .stackdepth import stack_depth

_RELATIVE_JUMPS = frozenset(hasjrel)

# When set (by format_cfg), assemble() hands every unit to it before emitting.
_cfg_recorder: Optional[List[str]] = None


def assemble(unit: CodeUnit, filename: str, add_none_return: bool) -> CodeType:
    """Build the code object of `unit`, as 3.8's compile.c assemble() + makecode().

    What the code generator fills in `unit` (compile.c's compiler_unit fields):
    argcount = positional-or-keyword parameters only (u_argcount; co_argcount is
    posonlyargcount + argcount); firstlineno = 0 for a module (then the first
    instruction's line, or 1, as assemble()); flags = compute_code_flags() (CO_NOFREE
    is decided here); names/varnames/cellvars/freevars: name -> index tables (each
    emitted in index order); const_values in add_const order. Jump arguments are
    computed here from each jump's target block.
    """
    # Every block that falls off the end returns (None), as assemble(): unless the last
    # block holds a RETURN_VALUE (its b_return).
    for instr in unit.current.instrs:
        if instr[OPCODE] == RETURN_VALUE:
            break
    else:
        unit.use_next_block()
        if add_none_return:
            unit.emit(LOAD_CONST, unit.add_const(None))
        unit.emit(RETURN_VALUE)
    if not unit.firstlineno:
        entry = unit.blocks[0]
        unit.firstlineno = entry.instrs[0][LINENO] if entry.instrs and \
            entry.instrs[0][LINENO] else 1
    order = block_order(unit.blocks)
    code, lnotab = emit(order, unit.firstlineno)
    max_depth = stack_depth(unit.blocks)
    if _cfg_recorder is not None:
        _cfg_recorder.append(_format_unit(unit, order, max_depth))
    return make_code(unit, filename, code, lnotab, max_depth)


def block_order(blocks: List[Block]) -> List[Block]:
    """Blocks reachable from blocks[0] in emission order: 3.8's dfs() postorder,
    reversed (without recursion).

    dfs() walks the fall-through chain from a block, then (from the chain's end
    back to its start) recurses into each jump target before emitting the block.
    """
    for block in blocks:
        block.seen = False
    postorder: List[Block] = []
    # Frames: [chain of blocks, position in chain (walked backwards), jump targets of
    # the block at that position, index of the next target to visit].
    chain = _chain(blocks[0])
    frames: List[list] = [[chain, len(chain) - 1, None, 0]]
    while frames:
        frame = frames[-1]
        chain, position, targets, index = frame
        if position < 0:
            frames.pop()
            continue
        block = chain[position]
        if targets is None:
            targets = frame[2] = [instr[TARGET] for instr in block.instrs
                                  if instr[TARGET] is not None]
        count = len(targets)
        while index < count:
            target = targets[index]
            index += 1
            if not target.seen:
                frame[3] = index
                sub_chain = _chain(target)
                frames.append([sub_chain, len(sub_chain) - 1, None, 0])
                break
        else:
            postorder.append(block)
            frame[1] = position - 1
            frame[2] = None
            frame[3] = 0
    postorder.reverse()
    return postorder


def _chain(block: Optional[Block]) -> List[Block]:
    """The unseen fall-through chain starting at `block`, marking it seen."""
    chain = []
    while block is not None and not block.seen:
        block.seen = True
        chain.append(block)
        block = block.next
    return chain


def instr_size(arg: int) -> int:
    """Code units an instruction with this argument takes (EXTENDED_ARGs included)."""
    return 1 if arg <= 0xFF else 2 if arg <= 0xFFFF else 3 if arg <= 0xFFFFFF else 4


def emit(order: List[Block], firstlineno: int) -> Tuple[bytes, bytes]:
    """The bytecode and lnotab of the ordered blocks, each jump's argument set to its
    target's byte offset (absolute) or distance (relative): assemble_jump_offsets and
    assemble_emit in one walk. The offsets come from the arguments' sizes so far; while
    a jump's new argument outgrows its size (one more EXTENDED_ARG), the walk is done again
    with the new sizes, as 3.8 repeats its offset pass until they settle.

    The lnotab's common entry (at most 255 bytes and -128..127 lines on from the last) is
    written here; LnotabWriter.add splits the larger steps."""
    relative_jumps = _RELATIVE_JUMPS
    while True:
        total = 0
        for block in order:
            block.offset = total
            instrs = block.instrs
            total += len(instrs)
            for instr in instrs:
                if instr[ARG] > 0xFF:
                    total += instr_size(instr[ARG]) - 1
        code = bytearray()
        append = code.append
        lines = LnotabWriter(firstlineno)
        table = lines.table
        last_line = firstlineno     # the line and byte offset of the last lnotab entry
        last_offset = 0
        grown = False
        for block in order:
            position = block.offset
            for instr in block.instrs:
                opcode, arg, target, lineno = instr
                size = 1 if arg <= 0xFF else instr_size(arg)
                position += size
                if target is not None:
                    arg = target.offset
                    if opcode in relative_jumps:
                        arg -= position
                        if arg < 0:
                            raise SystemError('backward relative jump %s in assembler'
                                              % opname[opcode])
                    arg *= 2
                    instr[ARG] = arg
                    if (1 if arg <= 0xFF else instr_size(arg)) != size:
                        grown = True
                if lineno:
                    offset = len(code)
                    d_bytecode = offset - last_offset
                    d_lineno = lineno - last_line
                    if d_bytecode <= 255 and -128 <= d_lineno <= 127:
                        if d_bytecode or d_lineno:
                            table.append(d_bytecode)
                            table.append(d_lineno & 0xFF)
                            last_line = lineno
                            last_offset = offset
                    else:
                        lines.line, lines.offset = last_line, last_offset
                        lines.add(offset, lineno)
                        last_line, last_offset = lines.line, lines.offset
                if arg > 0xFF:
                    if arg > 0xFFFFFF:
                        append(EXTENDED_ARG)
                        append((arg >> 24) & 0xFF)
                    if arg > 0xFFFF:
                        append(EXTENDED_ARG)
                        append((arg >> 16) & 0xFF)
                    append(EXTENDED_ARG)
                    append((arg >> 8) & 0xFF)
                append(opcode)
                append(arg & 0xFF)
        if not grown:
            return bytes(code), lines.value()


def _in_order(table: Dict[str, int]) -> Tuple[str, ...]:
    """Names of a name -> index table by index, as dict_keys_inorder().

    Every table of a CodeUnit gets its names in index order (CodeUnit.add_to and nameop
    give a new name the next index, codegen's enter_scope fills the tables from the
    symbol table's lists), so insertion order is index order and no sort is needed."""
    return tuple(table)


def make_code(unit: CodeUnit, filename: str, code: bytes, lnotab: bytes,
              max_depth: int) -> CodeType:
    """The code object, as makecode(): peephole the bytecode, then CodeType."""
    consts = list(unit.const_values)
    code, lnotab = optimize(code, consts, lnotab)
    cellvars = _in_order(unit.cellvars)
    freevars = _in_order(unit.freevars)
    flags = unit.flags
    # PyCode_NewWithPosOnlyArgs decides CO_NOFREE.
    if cellvars or freevars:
        flags &= ~CO_NOFREE
    else:
        flags |= CO_NOFREE
    result = CodeType(unit.posonlyargcount + unit.argcount, unit.posonlyargcount,
                      unit.kwonlyargcount, len(unit.varnames), max_depth, flags, code,
                      tuple(consts), _in_order(unit.names), _in_order(unit.varnames),
                      filename, unit.name, unit.firstlineno, lnotab, freevars, cellvars)
    result._folded_from = len(unit.const_values)
    return result


# -- the CFG view (python -m pipeline.dis --cfg) ------------------------------------------

def format_cfg(unit: CodeUnit) -> str:
    """One code unit's basic blocks in emission order, each with its stack depth at entry,
    instructions (name, argument, line) and jump targets (compiler/cfg_view.py: a source's)."""
    order = block_order(unit.blocks)
    emit(order, unit.firstlineno)
    return _format_unit(unit, order, stack_depth(unit.blocks))


def recording_cfgs(recorded: Optional[List[str]]) -> Optional[List[str]]:
    """From now on assemble() appends each unit's CFG listing to `recorded` (None: stop);
    returns the list recorded into before."""
    global _cfg_recorder
    previous, _cfg_recorder = _cfg_recorder, recorded
    return previous


def _format_unit(unit: CodeUnit, order: List[Block], max_depth: int) -> str:
    lines = ['code object %s (qualname %s, first line %d): stack size %d, %d blocks' % (
        unit.name, unit.qualname, unit.firstlineno, max_depth, len(order))]
    consts = unit.const_values
    tables = {}
    for opcodes, table in ((hasname, _in_order(unit.names)),
                           (haslocal, _in_order(unit.varnames)),
                           (hasfree, _in_order(unit.cellvars) + _in_order(unit.freevars)),
                           (hascompare, cmp_op)):
        for opcode in opcodes:
            tables[opcode] = table
    for block in order:
        depth = block.start_depth
        lines.append('  block %d  offset %d  depth %s:' % (
            block.index, block.offset * 2, depth if depth >= 0 else 'unreachable'))
        for opcode, arg, target, lineno in block.instrs:
            text = opname[opcode]
            if target is not None:
                text += ' -> block %d' % target.index
            elif opcode >= HAVE_ARGUMENT:
                text += ' %d' % arg
                table = tables.get(opcode)
                if opcode == LOAD_CONST and arg < len(consts):
                    text += ' (%s)' % _short_repr(consts[arg])
                elif table is not None and arg < len(table):
                    text += ' (%s)' % table[arg]
            lines.append('    %5s  %s' % (lineno or '', text))
        if block.next is not None and not _ends_flow(block):
            lines.append('           (falls through to block %d)' % block.next.index)
    return '\n'.join(lines)


def _ends_flow(block: Block) -> bool:
    if not block.instrs:
        return False
    return opname[block.instrs[-1][OPCODE]] in (
        'JUMP_ABSOLUTE', 'JUMP_FORWARD', 'RETURN_VALUE', 'RAISE_VARARGS')


def _short_repr(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + '...'
