"""The decoder's block-stack check (vm/validate.py): corrupt bytecode is a BytecodeCorruption before
it runs, never an IndexError from the loop's own stacks; everything 3.8's compiler makes passes."""
import glob
import os

import pytest

from pipeline import vm
from pipeline.compiler import marshal
from pipeline.compiler.code import CodeType
from pipeline.compiler.opcodes import opmap
from pipeline.vm.errors import BytecodeCorruption
from pipeline.vm.validate import first_block_fault
from tests.oracle import oracle_stdlib


def assemble(*instructions):
    """co_code of (opname, arg) pairs."""
    return bytes(byte for name, arg in instructions for byte in (opmap[name], arg))


def module(co_code, consts=(None,)):
    return CodeType(0, 0, 0, 0, 0, 16, co_code, consts, (), (), 'bad.py', '<module>', 1, b'')


RETURN_NONE = (('LOAD_CONST', 0), ('RETURN_VALUE', 0))

# (instructions, what the fault says): each would fail inside the loop (3.8: reads past its
# block array, or "popped block is not an except handler")
CORRUPT = [
    ((('POP_BLOCK', 0),) + RETURN_NONE, 'POP_BLOCK with no block to pop'),
    ((('LOAD_CONST', 0),) * 3 + (('POP_EXCEPT', 0),) + RETURN_NONE, 'POP_EXCEPT with no block to pop'),
    ((('SETUP_FINALLY', 12),) + (('LOAD_CONST', 0),) * 3 + (('POP_EXCEPT', 0),) + RETURN_NONE + RETURN_NONE,
     'POP_EXCEPT pops a block that is not an except handler'),
    ((('LOAD_CONST', 0), ('END_FINALLY', 0)) + RETURN_NONE, 'END_FINALLY without the marker'),
    ((('LOAD_CONST', 0), ('POP_FINALLY', 0)) + RETURN_NONE, 'POP_FINALLY without the marker'),
    ((('BEGIN_FINALLY', 0), ('POP_TOP', 0), ('POP_TOP', 0)) + RETURN_NONE,
     'POP_TOP with too few values on the stack'),
    # an exception handler's saved exception popped by the handler's own code
    ((('SETUP_FINALLY', 4), ('LOAD_CONST', 0), ('RETURN_VALUE', 0)) + (('POP_TOP', 0),) * 6
     + (('POP_EXCEPT', 0),) + RETURN_NONE, 'POP_EXCEPT with too few values on the stack'),
    # WITH_CLEANUP_FINISH of an exception with no except handler left to unwind
    ((('LOAD_CONST', 0), ('SETUP_WITH', 8), ('POP_TOP', 0), ('POP_BLOCK', 0), ('BEGIN_FINALLY', 0),
      ('WITH_CLEANUP_START', 0), ('POP_EXCEPT', 0)) + RETURN_NONE, 'POP_EXCEPT'),
    ((('LOAD_CONST', 0), ('END_ASYNC_FOR', 0)) + RETURN_NONE, 'END_ASYNC_FOR without the marker'),
]


@pytest.mark.parametrize('instructions, message', CORRUPT, ids=[str(k) for k in range(len(CORRUPT))])
def test_corrupt_block_use_is_refused_before_running(instructions, message):
    code = module(assemble(*instructions))
    with pytest.raises(BytecodeCorruption) as raised:
        vm.run_code(code, {'__name__': 'bad'})
    assert message in str(raised.value)


def test_finally_entered_three_ways_passes():
    """try/finally with a return inside, a with block and an except clause naming the exception:
    the finally body reached by BEGIN_FINALLY, CALL_FINALLY and an exception all pass and run."""
    import pipeline
    source = '''
class Manager:
    def __enter__(self):
        return self
    def __exit__(self, *exc):
        return exc[0] is KeyError
def f(n):
    try:
        with Manager():
            if n == 1:
                raise KeyError(n)
            if n == 2:
                return 'returned'
            if n == 3:
                raise ValueError(n)
    except ValueError as e:
        return 'caught %s' % e
    finally:
        n = -n
    return 'end'
result = [f(k) for k in range(4)]
'''
    namespace = {'__name__': 'ok'}
    vm.run_code(pipeline.compile(source, 'ok.py', 'exec'), namespace)
    assert namespace['result'] == ['end', 'end', 'returned', 'caught 3']


def _code_objects(code):
    yield code
    for const in code.co_consts:
        if isinstance(const, CodeType):
            yield from _code_objects(const)


def _raw(code):
    """The decoder's (opcode, argument) list: EXTENDED_ARG folded, as vm/decode.py gives it."""
    raw, extended = [], 0
    for index in range(0, len(code.co_code), 2):
        opcode, arg = code.co_code[index], code.co_code[index + 1] | extended
        if opcode == opmap['EXTENDED_ARG']:
            extended = arg << 8
            raw.append((opmap['NOP'], None))
            continue
        extended = 0
        raw.append((opcode, arg if opcode >= 90 else None))
    return raw


def test_every_code_object_of_38s_stdlib_passes():
    """No false alarm: every code object in the oracle's compiled stdlib (its own .pyc files:
    async for/with, nested finally bodies, returns inside handlers) passes the check."""
    lib = oracle_stdlib()
    if lib is None:
        pytest.skip('needs CPython 3.8 (the oracle) for its compiled stdlib')
    names = ['asyncio', 'test/test_asyncgen', 'test/test_coroutines', 'test/test_contextlib_async',
             'test/test_grammar', 'test/test_exceptions', 'test/test_with']
    paths = []
    for name in names:
        pattern = os.path.join(lib, name, '__pycache__', '*.cpython-38.pyc') if '/' not in name \
            else os.path.join(lib, os.path.dirname(name), '__pycache__',
                              os.path.basename(name) + '.cpython-38.pyc')
        paths += glob.glob(pattern)
    if len(paths) < 20:
        pytest.skip("the oracle's stdlib has no compiled .pyc files")
    checked = 0
    for path in paths:
        with open(path, 'rb') as stream:
            top = marshal.loads(stream.read()[16:])
        for code in _code_objects(top):
            raw = _raw(code)
            assert first_block_fault(raw, len(raw), code.co_stacksize + 64) is None, (path, code.co_name)
            checked += 1
    assert checked > 2000
