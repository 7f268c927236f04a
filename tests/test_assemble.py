"""The assembler and peephole against CPython 3.8: hand-built CFGs (3.8's codegen written
out) must assemble to byte-identical code objects; stack depth on CFGs rebuilt from
CPython's own bytecode must equal its co_stacksize."""
import json
import os
import sys

import pytest

from pipeline.compiler.assemble import assemble, block_order, emit, format_cfg, instr_size
from pipeline.compiler.flowgraph import ARG, CodeUnit, new_instr
from pipeline.compiler.lnotab import encode_lnotab
from pipeline.compiler.opcodes import (CALL_FINALLY, END_FINALLY, EXTENDED_ARG, FOR_ITER,
                                       JUMP_ABSOLUTE, LOAD_CONST, NOP, POP_BLOCK, POP_TOP,
                                       RETURN_VALUE, SETUP_FINALLY)
from pipeline.compiler.peephole import optimize
from pipeline.compiler.stackdepth import stack_depth
from tests.regen.assemble import (CASES, FILENAME, HERE, STACK_SOURCES, blocks_from_bytecode,
                                  fields, oracle_results)


@pytest.fixture(scope='module')
def golden():
    with open(os.path.join(HERE, 'oracle.json')) as handle:
        return json.load(handle)


@pytest.mark.parametrize('name', sorted(CASES))
def test_case_matches_golden(golden, name):
    unit, _ = CASES[name][1]()
    ours = fields(assemble(unit, FILENAME, True))
    assert ours == golden['cases'][name]


@pytest.mark.parametrize('name', sorted(STACK_SOURCES))
def test_stack_depth_of_cpython_bytecode(golden, name):
    for code_hex, stacksize in golden['stack'][name]:
        assert stack_depth(blocks_from_bytecode(bytes.fromhex(code_hex))) == stacksize


def test_golden_is_current(oracle):
    """The committed goldens still say what the live oracle says."""
    with open(os.path.join(HERE, 'oracle.json')) as handle:
        assert json.load(handle) == oracle_results()


def _unit(*specs):
    """A unit of blocks given as lists of (opcode, arg or target block index)."""
    unit = CodeUnit('<t>')
    blocks = [unit.entry] + [unit.new_block() for _ in specs[1:]]
    for block, spec in zip(blocks, specs):
        for opcode, arg in spec:
            if opcode in (SETUP_FINALLY, CALL_FINALLY, JUMP_ABSOLUTE, FOR_ITER):
                block.instrs.append(_instr(opcode, target=blocks[arg]))
            else:
                block.instrs.append(_instr(opcode, arg))
    for block, following in zip(blocks, blocks[1:]):
        block.next = following
    return unit, blocks


def _instr(opcode, arg=0, target=None):
    return new_instr(opcode, arg, target)


def test_stack_depth_finally_edges():
    # SETUP_FINALLY pushes 6 on its jump edge; CALL_FINALLY's target is not walked
    # again from it (its own +1 counts only towards the maximum).
    unit, blocks = _unit(
        [(SETUP_FINALLY, 2), (LOAD_CONST, 0), (POP_TOP, 0), (POP_BLOCK, 0),
         (CALL_FINALLY, 2), (JUMP_ABSOLUTE, 3)],
        [],
        [(LOAD_CONST, 0), (POP_TOP, 0), (END_FINALLY, 0)],
        [(LOAD_CONST, 0), (RETURN_VALUE, 0)])
    assert stack_depth(blocks) == 7
    assert [block.start_depth for block in blocks] == [0, -(1 << 31), 6, 0]


def test_stack_depth_for_iter():
    # FOR_ITER: +1 falling through into the body, -1 on the exit jump.
    unit, blocks = _unit(
        [(LOAD_CONST, 0)],
        [(FOR_ITER, 3)],
        [(POP_TOP, 0), (JUMP_ABSOLUTE, 1)],
        [(LOAD_CONST, 0), (RETURN_VALUE, 0)])
    assert stack_depth(blocks) == 2
    assert [block.start_depth for block in blocks] == [0, 1, 2, 0]


def test_stack_depth_deep_chain_without_recursion():
    count = sys.getrecursionlimit() * 3
    unit, blocks = _unit(*([[(LOAD_CONST, 0)]] * count + [[(RETURN_VALUE, 0)]]))
    assert stack_depth(blocks) == count
    assert len(block_order(blocks)) == count + 1


def test_extended_arg_growth_settles():
    # A forward jump over 300 instructions needs one EXTENDED_ARG, which moves the
    # target by one more unit.
    unit, blocks = _unit([(JUMP_ABSOLUTE, 1)] + [(NOP, 0)] * 300, [(RETURN_VALUE, 0)])
    order = block_order(blocks)
    code, lnotab = emit(order, 1)
    assert blocks[0].instrs[0][ARG] == 2 * 302
    assert blocks[1].offset == 302
    assert code[:4] == bytes([EXTENDED_ARG, 2, JUMP_ABSOLUTE, (2 * 302) & 0xFF])
    assert len(code) == 2 * 303
    assert [instr_size(arg) for arg in (0, 255, 256, 65535, 65536, 1 << 24)] == [
        1, 1, 2, 2, 3, 4]


def test_lnotab_encoding():
    assert encode_lnotab(1, [(0, 1), (4, 1)]) == bytes([4, 0])
    assert encode_lnotab(1, [(0, 1), (600, 2)]) == bytes([255, 0, 255, 0, 90, 1])
    assert encode_lnotab(1, [(2, 302)]) == bytes([2, 127, 0, 127, 0, 47])
    assert encode_lnotab(300, [(2, 1)]) == bytes([2, 128, 0, 128, 0, 0x100 - 43])
    assert encode_lnotab(5, [(0, 5)]) == b''


def test_peephole_bails_on_255():
    code = bytes([LOAD_CONST, 0, RETURN_VALUE, 0, LOAD_CONST, 0, RETURN_VALUE, 0])
    # 3.8 bails out on a bytecode-offset delta of 255, not on a line delta of 255 (-1)
    assert optimize(code, [None], bytes([255, 0, 2, 1]))[0] == code
    assert optimize(code, [None], bytes([2, 255]))[0] == code[:4]
    assert optimize(code, [None], bytes([2, 1]))[0] == code[:4]


def test_format_cfg_shows_depths():
    unit, blocks = _unit(
        [(LOAD_CONST, 0)],
        [(FOR_ITER, 3)],
        [(POP_TOP, 0), (JUMP_ABSOLUTE, 1)],
        [(LOAD_CONST, 0), (RETURN_VALUE, 0)])
    text = format_cfg(unit)
    assert 'block 2  offset 4  depth 2:' in text
    assert 'FOR_ITER -> block 3' in text


def test_name_tables_are_filled_in_index_order(monkeypatch):
    """assemble's _in_order reads a table's names in insertion order: every unit the code
    generator makes for the test programs must have given its names indexes in that order
    (freevars after the cellvars)."""
    import glob
    from pipeline.compiler import assemble as assembler, compile as compile_source
    checked = []
    real_make_code = assembler.make_code

    def checking(unit, *args):
        cells = len(unit.cellvars)
        for table, first in ((unit.names, 0), (unit.varnames, 0), (unit.cellvars, 0),
                             (unit.freevars, cells)):
            assert list(table.values()) == list(range(first, first + len(table))), unit.name
        checked.append(unit.name)
        return real_make_code(unit, *args)

    monkeypatch.setattr(assembler, 'make_code', checking)
    programs = os.path.join(os.path.dirname(__file__), 'programs', '*.py')
    for path in sorted(glob.glob(programs)):
        with open(path, 'rb') as handle:
            source = handle.read()
        try:
            compile_source(source, path, 'exec')
        except SyntaxError:
            pass            # the programs that test syntax errors
    assert len(checked) > 500
