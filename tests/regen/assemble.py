"""Golden data for the assembler: hand-built CodeUnits (3.8's codegen written out by
hand) and the sources CPython 3.8 compiles to the same blocks; `main()` records what
the oracle makes of them in tests/golden/assemble/.

Each case: name -> (source, builder). builder() returns (unit, path) where path picks the
compared code object out of the oracle's module code (() = the module itself, (i,) =
co_consts[i]).
"""
import json
import os
from typing import Any, Callable, Dict, List, Optional, Tuple

from pipeline.compiler.assemble import assemble
from pipeline.compiler.code import CO_NEWLOCALS, CO_OPTIMIZED
from pipeline.compiler.flowgraph import Block, CodeUnit, new_instr
from tests.oracle import run_oracle
from pipeline.compiler.opcodes import (BUILD_LIST, BUILD_TUPLE, JUMP_ABSOLUTE,
                                       JUMP_FORWARD, JUMP_IF_FALSE_OR_POP,
                                       JUMP_IF_TRUE_OR_POP, LOAD_CONST, LOAD_FAST,
                                       LOAD_NAME, MAKE_FUNCTION, POP_JUMP_IF_FALSE, RETURN_VALUE,
                                       STORE_FAST, STORE_NAME, UNPACK_SEQUENCE, hasjabs,
                                       hasjrel)

FILENAME = '<case>'
HERE = os.path.join(os.path.dirname(os.path.dirname(__file__)), 'golden', 'assemble')


def _stmt(unit: CodeUnit, lineno: int) -> None:
    """compiler_visit_stmt: every statement gives its line to the next instruction."""
    unit.lineno = lineno
    unit.lineno_set = False


def _module() -> CodeUnit:
    return CodeUnit('<module>', firstlineno=0)


def _load_name(unit: CodeUnit, name: str) -> None:
    unit.emit(LOAD_NAME, unit.add_to(unit.names, name))


def _store_name(unit: CodeUnit, name: str) -> None:
    unit.emit(STORE_NAME, unit.add_to(unit.names, name))


def line_gap(gap: int):
    source = 'x = 1\n' + '\n' * gap + 'y = 2\n'

    def build():
        unit = _module()
        _stmt(unit, 1)
        unit.emit(LOAD_CONST, unit.add_const(1))
        _store_name(unit, 'x')
        _stmt(unit, 2 + gap)
        unit.emit(LOAD_CONST, unit.add_const(2))
        _store_name(unit, 'y')
        return unit, ()
    return source, build


def backward_line(gap: int):
    """`a = (<gap lines> b)`: the store goes back to line 1 (a negative line delta)."""
    source = 'a = (\n' + '\n' * gap + 'b)\n'

    def build():
        unit = _module()
        _stmt(unit, 1)
        unit.set_lineno(2 + gap)
        _load_name(unit, 'b')
        unit.set_lineno(1)
        _store_name(unit, 'a')
        return unit, ()
    return source, build


def long_line(count: int):
    """One line of `count` loads: byte offset deltas over 255."""
    source = 'x = [%s]\ny = 1\n' % ', '.join(['a'] * count)

    def build():
        unit = _module()
        _stmt(unit, 1)
        for _ in range(count):
            _load_name(unit, 'a')
        unit.emit(BUILD_LIST, count)
        _store_name(unit, 'x')
        _stmt(unit, 2)
        unit.emit(LOAD_CONST, unit.add_const(1))
        _store_name(unit, 'y')
        return unit, ()
    return source, build


def while_loop(body: int):
    """`while x:` over `body` statements: jumps needing EXTENDED_ARG, as compiler_while."""
    source = 'while x:\n' + ''.join('    y%d = 1\n' % n for n in range(body))

    def build():
        unit = _module()
        _stmt(unit, 1)
        loop, end, anchor = unit.new_block(), unit.new_block(), unit.new_block()
        unit.use_next_block(loop)
        _load_name(unit, 'x')
        unit.emit_jump(POP_JUMP_IF_FALSE, anchor)
        for n in range(body):
            _stmt(unit, 2 + n)
            unit.emit(LOAD_CONST, unit.add_const(1))
            _store_name(unit, 'y%d' % n)
        unit.emit_jump(JUMP_ABSOLUTE, loop)
        unit.use_next_block(anchor)
        unit.use_next_block(end)
        return unit, ()
    return source, build


def bool_chain():
    """`x = a and b or c`: JUMP_IF_FALSE_OR_POP to JUMP_IF_TRUE_OR_POP, as compiler_boolop."""
    source = 'x = a and b or c\n'

    def build():
        unit = _module()
        _stmt(unit, 1)
        outer_end = unit.new_block()
        inner_end = unit.new_block()
        _load_name(unit, 'a')
        unit.emit_jump(JUMP_IF_FALSE_OR_POP, inner_end)
        _load_name(unit, 'b')
        unit.use_next_block(inner_end)
        unit.emit_jump(JUMP_IF_TRUE_OR_POP, outer_end)
        _load_name(unit, 'c')
        unit.use_next_block(outer_end)
        _store_name(unit, 'x')
        return unit, ()
    return source, build


def swap(count: int):
    """`a, b[, c] = ...`: BUILD_TUPLE n + UNPACK_SEQUENCE n become rotations."""
    names = ['a', 'b', 'c', 'd'][:count]
    source = '%s = %s\n' % (', '.join(names), ', '.join(reversed(names)))

    def build():
        unit = _module()
        _stmt(unit, 1)
        for name in reversed(names):
            _load_name(unit, name)
        unit.emit(BUILD_TUPLE, count)
        unit.emit(UNPACK_SEQUENCE, count)
        for name in names:
            _store_name(unit, name)
        return unit, ()
    return source, build


def _function(name: str, args: List[str], firstlineno: int) -> CodeUnit:
    unit = CodeUnit(name, firstlineno=firstlineno)
    unit.argcount = len(args)
    unit.flags = CO_OPTIMIZED | CO_NEWLOCALS
    unit.add_const(None)        # compiler_function: no docstring -> None first
    for arg in args:
        unit.add_to(unit.varnames, arg)
    return unit


def return_ifexp():
    """`return a if a else b`: a JUMP_FORWARD to RETURN_VALUE becomes RETURN_VALUE."""
    source = 'def f(a, b):\n    return a if a else b\n'

    def build():
        unit = _function('f', ['a', 'b'], 1)
        _stmt(unit, 2)
        orelse, end = unit.new_block(), unit.new_block()
        unit.emit(LOAD_FAST, 0)
        unit.emit_jump(POP_JUMP_IF_FALSE, orelse)
        unit.emit(LOAD_FAST, 0)
        unit.emit_jump(JUMP_FORWARD, end)
        unit.use_next_block(orelse)
        unit.emit(LOAD_FAST, 1)
        unit.use_next_block(end)
        unit.emit(RETURN_VALUE)
        return unit, (0,)
    return source, build


def dead_code():
    """Statements after `return` in the same block are NOPped away."""
    source = 'def f():\n    return 1\n    x = 2\n    return x\n'

    def build():
        unit = _function('f', [], 1)
        _stmt(unit, 2)
        unit.emit(LOAD_CONST, unit.add_const(1))
        unit.emit(RETURN_VALUE)
        _stmt(unit, 3)
        unit.emit(LOAD_CONST, unit.add_const(2))
        unit.emit(STORE_FAST, unit.add_to(unit.varnames, 'x'))
        _stmt(unit, 4)
        unit.emit(LOAD_FAST, 0)
        unit.emit(RETURN_VALUE)
        return unit, (0,)
    return source, build


def defaults_tuple():
    """`def f(a=1, b=2): pass`: LOAD_CONST 1, LOAD_CONST 2, BUILD_TUPLE 2 folded by the
    peephole, the tuple appended to co_consts; as compiler_default_arguments."""
    source = 'def f(a=1, b=2): pass\n'

    def build():
        function = _function('f', ['a', 'b'], 1)
        _stmt(function, 1)
        function_code = assemble(function, FILENAME, True)
        unit = _module()
        _stmt(unit, 1)
        unit.emit(LOAD_CONST, unit.add_const(1))
        unit.emit(LOAD_CONST, unit.add_const(2))
        unit.emit(BUILD_TUPLE, 2)
        unit.emit(LOAD_CONST, unit.add_const(function_code))
        unit.emit(LOAD_CONST, unit.add_const('f'))
        unit.emit(MAKE_FUNCTION, 1)
        _store_name(unit, 'f')
        return unit, ()
    return source, build


CASES: Dict[str, Tuple[str, Callable]] = {}
for _gap in (0, 125, 126, 127, 128, 253, 254, 255, 300, 1000):
    CASES['line_gap_%d' % _gap] = line_gap(_gap)
for _gap in (0, 126, 127, 128, 200, 400):
    CASES['backward_line_%d' % _gap] = backward_line(_gap)
for _count in (120, 127, 128, 200, 300):
    CASES['long_line_%d' % _count] = long_line(_count)
for _body in (2, 60, 70, 200, 16400):
    CASES['while_loop_%d' % _body] = while_loop(_body)
CASES['bool_chain'] = bool_chain()
for _count in (2, 3, 4):
    CASES['swap_%d' % _count] = swap(_count)
CASES['return_ifexp'] = return_ifexp()
CASES['dead_code'] = dead_code()
CASES['defaults_tuple'] = defaults_tuple()
del _gap, _count, _body


# -- CFGs rebuilt from (CPython's) bytecode, for the stack-depth checks -------------

_JUMPS = frozenset(hasjrel) | frozenset(hasjabs)
_RELATIVE = frozenset(hasjrel)
_ENDS = frozenset((JUMP_ABSOLUTE, JUMP_FORWARD, RETURN_VALUE, 130))  # 130: RAISE_VARARGS


def decode(code: bytes) -> List[Tuple[int, int, int, int]]:
    """(offset, end offset, opcode, full argument) of each instruction."""
    result = []
    extended = 0
    start: Optional[int] = None
    for offset in range(0, len(code), 2):
        opcode, arg = code[offset], code[offset + 1]
        if start is None:
            start = offset
        if opcode == 144:
            extended = (extended | arg) << 8
            continue
        result.append((start, offset + 2, opcode, extended | arg))
        extended = 0
        start = None
    return result


def blocks_from_bytecode(code: bytes) -> List[Block]:
    """Basic blocks (linked by next and jump targets) of assembled bytecode."""
    instrs = decode(code)
    leaders = {0}
    for start, end, opcode, arg in instrs:
        if opcode in _JUMPS:
            leaders.add(end + arg if opcode in _RELATIVE else arg)
            leaders.add(end)
        elif opcode in _ENDS:
            leaders.add(end)
    by_offset: Dict[int, Block] = {}
    blocks: List[Block] = []
    for start, _, _, _ in instrs:
        if start in leaders:
            block = Block(len(blocks))
            if blocks:
                blocks[-1].next = block
            blocks.append(block)
            by_offset[start] = block
    current = None
    for start, end, opcode, arg in instrs:
        current = by_offset.get(start, current)
        if opcode in _JUMPS:
            target = by_offset[end + arg if opcode in _RELATIVE else arg]
            current.instrs.append(new_instr(opcode, 0, target))
        else:
            current.instrs.append(new_instr(opcode, arg))
    return blocks


STACK_SOURCES = {
    'try_finally': 'try:\n    f()\nfinally:\n    g()\n',
    'try_except': 'try:\n    f()\nexcept E as e:\n    g(e)\nexcept:\n    pass\nelse:\n    h()\n',
    'with': 'with a as b, c as d:\n    f(b, d)\n',
    'for_break': 'for x in y:\n    if x:\n        break\n    try:\n        continue\n'
                 '    finally:\n        z()\nelse:\n    w()\n',
    'return_finally': 'def f():\n    for x in y:\n        try:\n            return x\n'
                      '        finally:\n            g()\n',
    'async': 'async def f():\n    async with a as b:\n        async for x in b:\n'
             '            await x\n',
    'nested_calls': 'f(g(h(1, 2, *a, **k), [1, 2, {3: 4}]), x=y)\n',
    'comprehension': 'x = [a for b in c for a in b if a]\n',
    'deep': 'x = ' + '(' * 90 + '1' + ')' * 90 + '\n' + 'y = ' + ' + '.join(
        'a%d' % n for n in range(500)) + '\n',
}

# Whole-pipeline sources aimed at the assembler and the peephole (compared once the
# code generator exists): block order, stack depth, jumps, lnotab, constant tables.
E2E_SOURCES = {
    'try_finally': 'def f(x):\n    try:\n        return g(x)\n    finally:\n        h()\n',
    'try_except_else': 'try:\n    f()\nexcept (A, B) as e:\n    g(e)\nexcept C:\n    pass\n'
                       'else:\n    h()\nfinally:\n    k()\n',
    'with_nested': 'def f():\n    with a as b, c:\n        with d:\n            return b\n',
    'for_else_break': 'for x in y:\n    if x:\n        break\n    elif z:\n        continue\n'
                      'else:\n    w()\n',
    'while_true': 'while 1:\n    x += 1\n    if x > 10:\n        break\n',
    'while_cond': 'while x < 10:\n    x += 1\nelse:\n    y = 2\n',
    'comprehension_const_if': 'a = [x for x in y if 1]\nb = {x: 1 for x in y if x if 0}\n',
    'assert_const': 'assert 1\nassert x, "message"\n',
    'bool_chains': 'a = b and c or d\na = (b or c) and d\na = b and c and d\n'
                   'if b and c or d:\n    pass\n',
    'not_conditions': 'if not a:\n    b()\nx = not a\nwhile not (a and b):\n    c()\n',
    'closures': 'def f(a, *args, b=1, **kw):\n    c = 2\n    def g():\n        nonlocal c\n'
                '        return a + c\n    return g\n',
    'class_super': 'class C(B, metaclass=M):\n    x: int = 1\n    def m(self):\n'
                   '        return super().m(__class__)\n',
    'defaults': 'def f(a=1, b=(2, 3), *, c=None, d=4): pass\nlambda x=1, y=2: x\n',
    'swaps': 'a, b = b, a\na, b, c = c, b, a\n[a, b] = [b, a]\n',
    'dead_code': 'def f():\n    return 1\n    x = 2\ndef g():\n    raise E\n    y = 3\n',
    'ifexp_return': 'def f(a):\n    return b if a else c\n',
    'line_gaps': 'x = 1\n' + '\n' * 300 + 'y = (\n' + '\n' * 200 + 'z)\n',
    'big_function': 'def f(x):\n' + ''.join(
        '    if x == %d:\n        return g(%d, x)\n' % (n, n) for n in range(400)),
    'async': 'async def f():\n    async with a as b:\n        async for x in b:\n'
             '            await x\n    return [y async for y in b]\n',
    'generators': 'def f():\n    yield 1\n    x = yield from g()\n    return x\n'
                  'g = (a for a in b)\n',
    'starred': 'f(*a, *b, **c, **d)\nx = [*a, *b]\n{**a, "b": 1}\n',
    'docstrings': '"""module doc"""\ndef f():\n    """doc"""\nclass C:\n    """doc"""\n',
    'module_first_line': '\n\n\n# comment\nx = 1\n',
    'fstrings': 'x = f"{a!r:>{w}} {b}"\n',
    'global_nonlocal': 'x = 0\ndef f():\n    global x\n    x += 1\n',
    'slices': 'a[1:2, ::3] = b[c:d]\ndel a[::2]\n',
}


def fields(code: Any) -> Dict[str, Any]:
    """The compared fields of a code object (ours or, in the oracle, CPython's)."""
    return {
        'code': code.co_code.hex(), 'lnotab': code.co_lnotab.hex(),
        'stacksize': code.co_stacksize, 'flags': code.co_flags,
        'firstlineno': code.co_firstlineno, 'argcount': code.co_argcount,
        'nlocals': code.co_nlocals, 'names': list(code.co_names),
        'varnames': list(code.co_varnames), 'name': code.co_name,
        'consts': [fields(const) if hasattr(const, 'co_code') else repr(const)
                   for const in code.co_consts]}


ORACLE = r'''
import json, sys
def fields(code):
    return {
        'code': code.co_code.hex(), 'lnotab': code.co_lnotab.hex(),
        'stacksize': code.co_stacksize, 'flags': code.co_flags,
        'firstlineno': code.co_firstlineno, 'argcount': code.co_argcount,
        'nlocals': code.co_nlocals, 'names': list(code.co_names),
        'varnames': list(code.co_varnames), 'name': code.co_name,
        'consts': [fields(const) if hasattr(const, 'co_code') else repr(const)
                   for const in code.co_consts]}
def walk(code):
    yield code
    for const in code.co_consts:
        if hasattr(const, 'co_code'):
            yield from walk(const)
sources = json.load(sys.stdin)
result = {'cases': {}, 'stack': {}, 'e2e': {}}
for name, source in sources['e2e'].items():
    result['e2e'][name] = fields(compile(source, '<case>', 'exec'))
for name, (source, path) in sources['cases'].items():
    code = compile(source, '<case>', 'exec')
    for index in path:
        code = code.co_consts[index]
    result['cases'][name] = fields(code)
for name, source in sources['stack'].items():
    result['stack'][name] = [[c.co_code.hex(), c.co_stacksize]
                             for c in walk(compile(source, '<case>', 'exec'))]
print(json.dumps(result, indent=0, sort_keys=True))
'''


def oracle_results() -> Dict[str, Any]:
    """What CPython 3.8 compiles every case and stack source to."""
    request = {'cases': {name: (source, list(build()[1])) for name, (source, build)
                         in CASES.items()}, 'stack': STACK_SOURCES, 'e2e': E2E_SOURCES}
    out = run_oracle(ORACLE, input=json.dumps(request))
    if out.returncode:
        raise RuntimeError(out.stderr)
    return json.loads(out.stdout)


def main() -> None:
    os.makedirs(HERE, exist_ok=True)
    with open(os.path.join(HERE, 'oracle.json'), 'w') as handle:
        handle.write(json.dumps(oracle_results(), indent=0, sort_keys=True) + '\n')
    from tests import test_peephole_fuzz
    test_peephole_fuzz.main()
