"""The opcode table and stack effects against CPython 3.8's `opcode` and `dis`."""
import json

from pipeline.compiler import opcodes
from tests.oracle import run_oracle

ORACLE_TABLE = r'''
import dis, json, opcode
effects = {}
for name, op in opcode.opmap.items():
    for arg in ([0, 1, 2, 3, 4, 5, 7, 8, 15, 0x104, 0x203] if op >= opcode.HAVE_ARGUMENT else [0]):
        for jump in (True, False, None):
            effects['%s %d %s' % (name, arg, jump)] = dis.stack_effect(
                op, arg if op >= opcode.HAVE_ARGUMENT else None, jump=jump)
print(json.dumps({'opmap': opcode.opmap, 'hasjrel': opcode.hasjrel, 'hasjabs': opcode.hasjabs,
                  'hasname': opcode.hasname, 'hasfree': opcode.hasfree,
                  'haslocal': opcode.haslocal, 'effects': effects}))
'''


def test_table_and_stack_effects_match_cpython38(oracle):
    ref = json.loads(run_oracle(ORACLE_TABLE).stdout)
    assert opcodes.opmap == ref['opmap']
    for kind in ('hasjrel', 'hasjabs', 'hasname', 'hasfree', 'haslocal'):
        assert getattr(opcodes, kind) == ref[kind], kind
    for key, effect in ref['effects'].items():
        name, arg, jump = key.split()
        jump = {'True': True, 'False': False, 'None': None}[jump]
        assert opcodes.stack_effect(opcodes.opmap[name], int(arg), jump) == effect, key


def test_known_effects_without_oracle():
    assert opcodes.stack_effect(opcodes.FOR_ITER, 0, jump=True) == -1
    assert opcodes.stack_effect(opcodes.FOR_ITER, 0, jump=False) == 1
    assert opcodes.stack_effect(opcodes.SETUP_FINALLY, 0, jump=True) == 6
    assert opcodes.stack_effect(opcodes.MAKE_FUNCTION, 0x0f) == -5
    assert opcodes.stack_effect(opcodes.UNPACK_EX, 0x0102) == 3
