"""The CPython 3.8 opcode table: names, numbers, argument kinds and stack effects.

Facts from CPython 3.8's Lib/opcode.py and Python/compile.c (stack_effect); the
host's `opcode` module is never consulted, since its numbering differs after 3.8.
"""
from .code import bind_host_builtins

bind_host_builtins(globals())   # (stack_effect runs for the VM's decoding)

HAVE_ARGUMENT = 90
EXTENDED_ARG = 144

cmp_op = ('<', '<=', '==', '!=', '>', '>=', 'in', 'not in', 'is', 'is not',
          'exception match', 'BAD')

opname = ['<%r>' % (op,) for op in range(256)]
opmap = {}
hasconst, hasname, hasjrel, hasjabs, haslocal, hascompare, hasfree = [], [], [], [], [], [], []
hasnargs = []


def _def(name, number, *kinds):
    opname[number] = name
    opmap[name] = number
    for kind in kinds:
        kind.append(number)


for _name, _number in [
        ('POP_TOP', 1), ('ROT_TWO', 2), ('ROT_THREE', 3), ('DUP_TOP', 4), ('DUP_TOP_TWO', 5),
        ('ROT_FOUR', 6), ('NOP', 9), ('UNARY_POSITIVE', 10), ('UNARY_NEGATIVE', 11),
        ('UNARY_NOT', 12), ('UNARY_INVERT', 15), ('BINARY_MATRIX_MULTIPLY', 16),
        ('INPLACE_MATRIX_MULTIPLY', 17), ('BINARY_POWER', 19), ('BINARY_MULTIPLY', 20),
        ('BINARY_MODULO', 22), ('BINARY_ADD', 23), ('BINARY_SUBTRACT', 24),
        ('BINARY_SUBSCR', 25), ('BINARY_FLOOR_DIVIDE', 26), ('BINARY_TRUE_DIVIDE', 27),
        ('INPLACE_FLOOR_DIVIDE', 28), ('INPLACE_TRUE_DIVIDE', 29), ('GET_AITER', 50),
        ('GET_ANEXT', 51), ('BEFORE_ASYNC_WITH', 52), ('BEGIN_FINALLY', 53),
        ('END_ASYNC_FOR', 54), ('INPLACE_ADD', 55), ('INPLACE_SUBTRACT', 56),
        ('INPLACE_MULTIPLY', 57), ('INPLACE_MODULO', 59), ('STORE_SUBSCR', 60),
        ('DELETE_SUBSCR', 61), ('BINARY_LSHIFT', 62), ('BINARY_RSHIFT', 63),
        ('BINARY_AND', 64), ('BINARY_XOR', 65), ('BINARY_OR', 66), ('INPLACE_POWER', 67),
        ('GET_ITER', 68), ('GET_YIELD_FROM_ITER', 69), ('PRINT_EXPR', 70),
        ('LOAD_BUILD_CLASS', 71), ('YIELD_FROM', 72), ('GET_AWAITABLE', 73),
        ('INPLACE_LSHIFT', 75), ('INPLACE_RSHIFT', 76), ('INPLACE_AND', 77),
        ('INPLACE_XOR', 78), ('INPLACE_OR', 79), ('WITH_CLEANUP_START', 81),
        ('WITH_CLEANUP_FINISH', 82), ('RETURN_VALUE', 83), ('IMPORT_STAR', 84),
        ('SETUP_ANNOTATIONS', 85), ('YIELD_VALUE', 86), ('POP_BLOCK', 87),
        ('END_FINALLY', 88), ('POP_EXCEPT', 89)]:
    _def(_name, _number)

# Opcodes from here on take an argument.
for _name, _number, _kinds in [
        ('STORE_NAME', 90, [hasname]), ('DELETE_NAME', 91, [hasname]),
        ('UNPACK_SEQUENCE', 92, []), ('FOR_ITER', 93, [hasjrel]), ('UNPACK_EX', 94, []),
        ('STORE_ATTR', 95, [hasname]), ('DELETE_ATTR', 96, [hasname]),
        ('STORE_GLOBAL', 97, [hasname]), ('DELETE_GLOBAL', 98, [hasname]),
        ('LOAD_CONST', 100, [hasconst]), ('LOAD_NAME', 101, [hasname]),
        ('BUILD_TUPLE', 102, []), ('BUILD_LIST', 103, []), ('BUILD_SET', 104, []),
        ('BUILD_MAP', 105, []), ('LOAD_ATTR', 106, [hasname]),
        ('COMPARE_OP', 107, [hascompare]), ('IMPORT_NAME', 108, [hasname]),
        ('IMPORT_FROM', 109, [hasname]), ('JUMP_FORWARD', 110, [hasjrel]),
        ('JUMP_IF_FALSE_OR_POP', 111, [hasjabs]), ('JUMP_IF_TRUE_OR_POP', 112, [hasjabs]),
        ('JUMP_ABSOLUTE', 113, [hasjabs]), ('POP_JUMP_IF_FALSE', 114, [hasjabs]),
        ('POP_JUMP_IF_TRUE', 115, [hasjabs]), ('LOAD_GLOBAL', 116, [hasname]),
        ('SETUP_FINALLY', 122, [hasjrel]), ('LOAD_FAST', 124, [haslocal]),
        ('STORE_FAST', 125, [haslocal]), ('DELETE_FAST', 126, [haslocal]),
        ('RAISE_VARARGS', 130, []), ('CALL_FUNCTION', 131, []), ('MAKE_FUNCTION', 132, []),
        ('BUILD_SLICE', 133, []), ('LOAD_CLOSURE', 135, [hasfree]),
        ('LOAD_DEREF', 136, [hasfree]), ('STORE_DEREF', 137, [hasfree]),
        ('DELETE_DEREF', 138, [hasfree]), ('CALL_FUNCTION_KW', 141, []),
        ('CALL_FUNCTION_EX', 142, []), ('SETUP_WITH', 143, [hasjrel]),
        ('EXTENDED_ARG', 144, []), ('LIST_APPEND', 145, []), ('SET_ADD', 146, []),
        ('MAP_ADD', 147, []), ('LOAD_CLASSDEREF', 148, [hasfree]),
        ('BUILD_LIST_UNPACK', 149, []), ('BUILD_MAP_UNPACK', 150, []),
        ('BUILD_MAP_UNPACK_WITH_CALL', 151, []), ('BUILD_TUPLE_UNPACK', 152, []),
        ('BUILD_SET_UNPACK', 153, []), ('SETUP_ASYNC_WITH', 154, [hasjrel]),
        ('FORMAT_VALUE', 155, []), ('BUILD_CONST_KEY_MAP', 156, []),
        ('BUILD_STRING', 157, []), ('BUILD_TUPLE_UNPACK_WITH_CALL', 158, []),
        ('LOAD_METHOD', 160, [hasname]), ('CALL_METHOD', 161, []),
        ('CALL_FINALLY', 162, [hasjrel]), ('POP_FINALLY', 163, [])]:
    _def(_name, _number, *_kinds)

del _name, _number, _kinds

# Bit masks of FORMAT_VALUE's argument (Include/ceval.h).
FVC_MASK, FVC_NONE, FVC_STR, FVC_REPR, FVC_ASCII = 0x3, 0x0, 0x1, 0x2, 0x3
FVS_MASK, FVS_HAVE_SPEC = 0x4, 0x4

# MAKE_FUNCTION flag bits.
MAKE_DEFAULTS, MAKE_KWDEFAULTS, MAKE_ANNOTATIONS, MAKE_CLOSURE = 0x01, 0x02, 0x04, 0x08

globals().update(opmap)

_FIXED_EFFECT = {
    'NOP': 0, 'EXTENDED_ARG': 0, 'POP_TOP': -1, 'ROT_TWO': 0, 'ROT_THREE': 0, 'ROT_FOUR': 0,
    'DUP_TOP': 1, 'DUP_TOP_TWO': 2, 'UNARY_POSITIVE': 0, 'UNARY_NEGATIVE': 0,
    'UNARY_NOT': 0, 'UNARY_INVERT': 0, 'SET_ADD': -1, 'LIST_APPEND': -1, 'MAP_ADD': -2,
    'STORE_SUBSCR': -3, 'DELETE_SUBSCR': -2, 'GET_ITER': 0, 'PRINT_EXPR': -1,
    'LOAD_BUILD_CLASS': 1, 'RETURN_VALUE': -1, 'IMPORT_STAR': -1, 'SETUP_ANNOTATIONS': 0,
    'YIELD_VALUE': 0, 'YIELD_FROM': -1, 'POP_BLOCK': 0, 'POP_EXCEPT': -3,
    'END_FINALLY': -6, 'POP_FINALLY': -6, 'STORE_NAME': -1, 'DELETE_NAME': 0, 'STORE_ATTR': -2,
    'DELETE_ATTR': -1, 'STORE_GLOBAL': -1, 'DELETE_GLOBAL': 0, 'LOAD_CONST': 1,
    'LOAD_NAME': 1, 'LOAD_ATTR': 0, 'COMPARE_OP': -1, 'IMPORT_NAME': -1, 'IMPORT_FROM': 1,
    'JUMP_FORWARD': 0, 'JUMP_ABSOLUTE': 0, 'POP_JUMP_IF_FALSE': -1, 'POP_JUMP_IF_TRUE': -1,
    'LOAD_GLOBAL': 1, 'BEGIN_FINALLY': 6, 'LOAD_FAST': 1, 'STORE_FAST': -1,
    'DELETE_FAST': 0, 'LOAD_CLOSURE': 1, 'LOAD_DEREF': 1, 'LOAD_CLASSDEREF': 1,
    'STORE_DEREF': -1, 'DELETE_DEREF': 0, 'GET_AWAITABLE': 0, 'BEFORE_ASYNC_WITH': 1,
    'GET_AITER': 0, 'GET_ANEXT': 1, 'GET_YIELD_FROM_ITER': 0, 'END_ASYNC_FOR': -7,
    'LOAD_METHOD': 1, 'WITH_CLEANUP_START': 2, 'WITH_CLEANUP_FINISH': -3,
}
for _name in opmap:
    if _name.startswith(('BINARY_', 'INPLACE_')):
        _FIXED_EFFECT[_name] = -1
FIXED_STACK_EFFECT = {opmap[name]: effect for name, effect in _FIXED_EFFECT.items()}
del _FIXED_EFFECT, _name


def stack_effect(opcode: int, oparg: int = 0, jump=None) -> int:
    """Net stack effect of one instruction, as 3.8's compile.c stack_effect().

    jump=True: the effect along the jump edge; False: along the fall-through edge;
    None: the larger of the two (what dis.stack_effect reports).
    """
    if jump is None:
        return max(stack_effect(opcode, oparg, True), stack_effect(opcode, oparg, False))
    effect = FIXED_STACK_EFFECT.get(opcode)
    if effect is not None:
        return effect
    name = opname[opcode]
    if name == 'UNPACK_SEQUENCE':
        return oparg - 1
    if name == 'UNPACK_EX':
        return (oparg & 0xFF) + (oparg >> 8)
    if name == 'FOR_ITER':
        return -1 if jump else 1
    if name in ('BUILD_TUPLE', 'BUILD_LIST', 'BUILD_SET', 'BUILD_STRING',
                'BUILD_LIST_UNPACK', 'BUILD_TUPLE_UNPACK', 'BUILD_TUPLE_UNPACK_WITH_CALL',
                'BUILD_SET_UNPACK', 'BUILD_MAP_UNPACK', 'BUILD_MAP_UNPACK_WITH_CALL'):
        return 1 - oparg
    if name == 'BUILD_MAP':
        return 1 - 2 * oparg
    if name == 'BUILD_CONST_KEY_MAP':
        return -oparg
    if name in ('JUMP_IF_TRUE_OR_POP', 'JUMP_IF_FALSE_OR_POP'):
        return 0 if jump else -1
    if name == 'SETUP_FINALLY':
        return 6 if jump else 0
    if name == 'CALL_FINALLY':
        return 1 if jump else 0
    if name == 'RAISE_VARARGS':
        return -oparg
    if name == 'CALL_FUNCTION':
        return -oparg
    if name in ('CALL_METHOD', 'CALL_FUNCTION_KW'):
        return -oparg - 1
    if name == 'CALL_FUNCTION_EX':
        return -1 - (1 if oparg & 0x01 else 0)
    if name == 'MAKE_FUNCTION':
        # (no sum(): PyPy's is Python code that finds isinstance in the builtins module)
        return -1 - (oparg & 1) - (oparg >> 1 & 1) - (oparg >> 2 & 1) - (oparg >> 3 & 1)
    if name == 'BUILD_SLICE':
        return -2 if oparg == 3 else -1
    if name == 'SETUP_ASYNC_WITH':
        return 5 if jump else 0
    if name == 'SETUP_WITH':
        return 6 if jump else 1
    if name == 'FORMAT_VALUE':
        return -1 if (oparg & FVS_MASK) == FVS_HAVE_SPEC else 0
    raise ValueError('invalid opcode or oparg')
