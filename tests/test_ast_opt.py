"""Constant folding (compiler.ast_opt) against what CPython 3.8's compile() folds."""
import json
import math
import os
import subprocess

from pipeline.compiler import marshal
from pipeline.compiler.ast_opt import optimize
from pipeline.parser import nodes

GOLDEN = os.path.join(os.path.dirname(__file__), 'golden', 'ast_opt', 'folds.json')

# Each is compiled as `x = (EXPR)`: folded iff 3.8 emits LOAD_CONST; STORE_NAME.
EXPRESSIONS = [
    '1 + 2', '1 - 2.5', '2 * 3', '7 / 2', '7 // 2', '7 % 3', '2 ** 10', '1 << 10', '1024 >> 3',
    '6 | 1', '6 ^ 3', '6 & 3', '-5', '+5', '~5', 'not 5', 'not 0', '-(-0.0)', '-0.0', '- 0',
    '~True', '-True', '+False', 'not None', 'not ()', 'not ""',
    '2 ** 128', '2 ** 127', '3 ** 80', '3 ** 81', '7 ** 45', '-2 ** 128', '2 ** -1', '0 ** 500',
    '10 ** 400', '2 ** 0', '(-1) ** 0.5', '2.0 ** 1000', '2.0 ** 10000',
    '1 << 127', '1 << 128', '3 << 126', '3 << 127', '0 << 1000', '1 << -1', '1 << 0',
    '-1 << 127', '(1 << 64) * (1 << 64)', '(1 << 64) * (1 << 65)', '(1 << 100) * 0',
    '"ab" * 2048', '"ab" * 2049', 'b"ab" * 2048', 'b"x" * 4097', '3 * "ab"', '"" * 10**30',
    '"a" * -1', '"a" * (1 << 70)', '(1,) * 256', '(1,) * 257', '(1, 2) * 128', '(1, 2) * 129',
    '((1, 2, 3),) * 256', '((1,) * 100,) * 10', '((1,) * 100,) * 11', '() * 10**30',
    '(1,) * -1', '(1,) * True', 'True * "ab"', '(1, (2, (3, 4))) * 50',
    '"%s" % 1', 'b"%d" % 1', '7.5 % 2', '-7 % 3', '1 / 0', '1 // 0', '1 % 0', '1.0 / 0',
    '"a" + 1', '"a" + "b"', 'b"a" + b"b"', '(1, 2) + (3,)', '[1] + [2]', '1 + 2j', '1j * 1j',
    '(1+2j) ** 2', '0.1 + 0.2', '1e308 * 10', '-1e308 * 10', '1e308 * 10 - 1e308 * 10',
    '2 @ 3', '"abc"[1]', '"abc"[-1]', '"abc"[5]', '"abc"[1:]', '(1, 2, 3)[0]', 'b"abc"[0]',
    '(1, 2)[True]', '"abc"[1.0]', '{1: 2}[1]', '(1, 2)[0][0]', '"abc"[::-1]',
    '(1, 2)', '(1, (2, 3))', '(1, [2])', '((),)', '(1, -2, 3 * 4, "a" + "b")', '(1, a)',
    '[1, 2]', '{1, 2}', '{1: 2}', '__debug__', 'not __debug__', '(__debug__, 1)',
    '1 if 1 else 2', '1 and 2', '1 < 2', '(1).real', 'len("a")', 'f"{1}"', '"a" "b"',
    '...', '... + 1', 'None', 'True + True', '1 == 1.0', '-(1 << 200)', '~(1 << 200)',
    '(1 << 127) + (1 << 127)', '-(2 ** 63)', '"abc" * (2 ** 63)', '(1,) * (2 ** 63 - 1)',
    '0.0 * -1', '-0.0 + 0.0', '-0.0 - 0.0', '1e300 * 1e300 * 0', '(0.0, -0.0)',
    '-(1j)', '-0j', '(-0.0) ** 3', '2 ** 2 ** 3', '(2 ** 64) >> 60', '255 & -1',
]


def oracle_folds(python, expressions, optimize_level=0):
    script = r'''
import dis, json, marshal, sys
out = []
for expr in json.loads(sys.stdin.read()):
    code = compile('x = (%s)\n' % expr, '<fold>', 'exec', optimize=int(sys.argv[1]))
    ins = list(dis.get_instructions(code))
    if ins[0].opname == 'LOAD_CONST' and ins[1].opname == 'STORE_NAME':
        out.append(marshal.dumps(ins[0].argval).hex())
    else:
        out.append(None)
print(json.dumps(out))
'''
    out = subprocess.run([python, '-c', script, str(optimize_level)],
                         input=json.dumps(expressions), capture_output=True, text=True,
                         check=True).stdout
    return [None if value is None else marshal.loads(bytes.fromhex(value))
            for value in json.loads(out)]


def same_value(ours, theirs) -> bool:
    """Equal with the same types, -0.0 apart from 0.0 and nan equal to nan."""
    if type(ours) is not type(theirs):
        return False
    if isinstance(ours, float):
        return repr(ours) == repr(theirs) or (math.isnan(ours) and math.isnan(theirs))
    if isinstance(ours, complex):
        return same_value(ours.real, theirs.real) and same_value(ours.imag, theirs.imag)
    if isinstance(ours, tuple):
        return len(ours) == len(theirs) and all(map(same_value, ours, theirs))
    if isinstance(ours, frozenset):
        return ours == theirs and sorted(map(repr, ours)) == sorted(map(repr, theirs))
    return ours == theirs


def our_folds(expressions, optimize_level=0):
    from tests.astbridge import oracle_ast_many
    trees = oracle_ast_many(['x = (%s)\n' % expr for expr in expressions], '<fold>')
    results = []
    for tree in trees:
        value = optimize(tree, optimize_level).body[0].value
        results.append(value.value if isinstance(value, nodes.Constant) else None)
    return results


def check(expected, expressions, optimize_level=0):
    ours = our_folds(expressions, optimize_level)
    wrong = [(expr, mine, theirs) for expr, mine, theirs in zip(expressions, ours, expected)
             if not ((mine is None and theirs is None) or
                     (mine is not None and theirs is not None and same_value(mine, theirs)))]
    assert not wrong


def test_folds_match_oracle(oracle):
    check(oracle_folds(oracle, EXPRESSIONS), EXPRESSIONS)


def test_debug_under_optimize(oracle):
    expressions = ['__debug__', 'not __debug__', '(__debug__, 2)']
    check(oracle_folds(oracle, expressions, 1), expressions, 1)


def test_golden_folds():
    """Without the oracle: our parser + folding vs the committed 3.8 results (tests/regen/ast_opt.py)."""
    import pipeline
    with open(GOLDEN) as handle:
        golden = json.load(handle)
    expected = [None if value is None else marshal.loads(bytes.fromhex(value))
                for value in golden['folds']]
    ours = []
    for expression in golden['expressions']:
        value = optimize(pipeline.parse('x = (%s)\n' % expression, '<fold>')).body[0].value
        ours.append(value.value if isinstance(value, nodes.Constant) else None)
    wrong = [(expr, mine, theirs) for expr, mine, theirs in zip(golden['expressions'], ours,
                                                                 expected)
             if not ((mine is None and theirs is None) or
                     (mine is not None and theirs is not None and same_value(mine, theirs)))]
    assert not wrong


def test_in_and_iteration_folding(oracle):
    from tests.astbridge import oracle_ast
    tree = optimize(oracle_ast(
        'a in [1, 2]\na not in {1, 2}\na < b in [c]\na in [1, [2]]\n'
        'for i in [1, 2]: pass\nasync def f():\n    async for i in [1]: pass\n'
        '[i for i in [1, 2] for j in {3}]\n'))
    body = tree.body
    assert body[0].value.comparators[0].value == (1, 2)
    assert body[1].value.comparators[0].value == frozenset({1, 2})
    assert isinstance(body[2].value.comparators[1], nodes.Tuple)  # not all constants: still a tuple (fold_iter)
    assert isinstance(body[3].value.comparators[0], nodes.Tuple)
    assert body[4].iter.value == (1, 2)
    assert isinstance(body[5].body[0].iter, nodes.List)            # AsyncFor is not folded
    generators = body[6].value.generators
    assert generators[0].iter.value == (1, 2) and generators[1].iter.value == frozenset({3})


def test_not_comparison_inversion(oracle):
    from tests.astbridge import oracle_ast
    tree = optimize(oracle_ast('not a is b\nnot a is not b\nnot a in b\nnot a not in b\n'
                               'not a == b\nnot a < b\nnot a is b is c\n'))
    values = [statement.value for statement in tree.body]
    assert [type(v.ops[0]).__name__ for v in values[:4]] == ['IsNot', 'Is', 'NotIn', 'In']
    assert all(isinstance(v, nodes.UnaryOp) for v in values[4:])
    assert (values[0].lineno, values[0].col_offset) == (1, 4)  # the comparison's position


def test_docstring_not_created_by_folding(oracle):
    from tests.astbridge import oracle_ast
    tree = optimize(oracle_ast('"a" + "b"\ndef f():\n    "c" * 2\nclass C:\n    "d"\n'))
    assert isinstance(tree.body[0].value, nodes.JoinedStr)
    assert tree.body[0].value.values[0].value == 'ab'
    assert isinstance(tree.body[1].body[0].value, nodes.JoinedStr)
    assert tree.body[2].body[0].value.value == 'd'


def test_annotations_are_folded(oracle):
    from tests.astbridge import oracle_ast
    tree = optimize(oracle_ast('from __future__ import annotations\n'
                               'def f(a: 1 + 2, /, b: -1, *c: 2, d: 3, **e: 4) -> 2 * 3: pass\n'
                               'z: 2 * 3 = 1 + 1\n'), 0, 0x1000000)
    function = tree.body[1]
    assert function.args.posonlyargs[0].annotation.value == 3
    assert function.args.args[0].annotation.value == -1
    assert function.returns.value == 6
    assert tree.body[2].annotation.value == 6 and tree.body[2].value.value == 2


def test_deep_chain_does_not_recurse(oracle):
    from tests.astbridge import oracle_ast
    tree = optimize(oracle_ast('x = ' + ' + '.join(['1'] * 3000) + '\n'))
    assert tree.body[0].value.value == 3000


def test_folded_nodes_keep_identity_and_position(oracle):
    from tests.astbridge import oracle_ast
    tree = oracle_ast('x = (1 +\n     2)\n')
    value = tree.body[0].value
    optimize(tree)
    assert tree.body[0].value is value and isinstance(value, nodes.Constant)
    assert (value.lineno, value.col_offset, value.end_lineno) == (1, 5, 2)
    assert value.kind is None


def test_nothing_inside_walrus_is_folded(oracle):
    """3.8's astfold_expr has no NamedExpr case: compile('(x := 1 + 2)') keeps 1 and 2."""
    out = subprocess.run([oracle, '-c', 'print(compile("(x := 1 + 2)", "f", "exec").co_consts)'],
                         capture_output=True, text=True, check=True).stdout.strip()
    assert out == '(1, 2, None)'
    from tests.astbridge import oracle_ast
    tree = optimize(oracle_ast('(x := 1 + 2)\ny = (z := -1), 2 + 2\n'))
    assert isinstance(tree.body[0].value.value, nodes.BinOp)
    outer = tree.body[1].value
    assert isinstance(outer, nodes.Tuple)  # not all constants: the walrus stays
    assert isinstance(outer.elts[0].value, nodes.UnaryOp) and outer.elts[1].value == 4


# compile() of source folds from the parser's list (AstBuilder.fold_candidates and
# fold_bodies) instead of walking the tree: the cases where the list could go wrong.
LISTED_SOURCES = [
    ('(x := 1 + 2) + (3 + 4)\n', 'exec'),
    ('[y := (1, 2 * 3), 4 * 5]', 'eval'),
    ('f((z := [a for a in [1, 2]]), [b for b in [3, 4]], (w := f"{1 + 2}"))', 'eval'),
    ('async def f():\n    async for x in [1, 2]:\n        pass\n    for y in [3, 4]:\n'
     '        pass\n', 'exec'),
    ('async def f():\n    "a" + "b"\n', 'exec'),
    ('@dec\nasync def f():\n    "a" "b"\n    return 1 + 1\n', 'exec'),
    ('@dec\nasync def f():\n    "a" * 2\n', 'exec'),
    ('def f():\n    "a" + "b"\nclass C:\n    "x" * 2\n"m" + "n"\n', 'exec'),
    ('def f():\n    """doc"""\n    "a" + "b"\n', 'exec'),
    ('"m" + "n"\n', 'single'),
    ('if 1:\n  x = (1 + 2, -3)\n', 'single'),
    ('x = __debug__\n@__debug__\ndef f(a=__debug__): pass\ndel __debug__\n', 'exec'),
    ('f"{1 + 2}{f\'{3 * 4!r:{5 - 1}}\'}" + "x"', 'eval'),
    ('f"{(w := 2 + 3)}{4 + 4}"', 'eval'),
    ('not (a is b), not (a in (1, 2)), not a == b, x in {1, 2, 3}, y not in [1, (2, 3)]',
     'eval'),
    ('(1, 2)[0], "abc"[1], b"x"[0], a[1, 2], a[1:2, 3], ((1, 2), (3, -4)), a[(1, 2) + (3,)]',
     'eval'),
    ('for a, b in [(1, 2)]: x = (-(-(-1)), ~5, not 0, 2 ** 100, 2 ** 200, "a" * 5000)\n',
     'exec'),
    ('async def g():\n    return [x async for x in [1, 2]], {y for y in {1, 2}}\n', 'exec'),
    ('class A:\n    def g(self): ("x" "y")\n', 'exec'),
    ('lambda: (1 + 2, [3] * 2)', 'eval'),
    ('x = [f"{a + 1}" for a in [1]]; y = (1,) + (2,); z = {**{1: 2 + 3}}\n', 'exec'),
]


def test_parser_list_folds_as_the_walk():
    """The parser's list gives the tree the walk gives, in every mode, in both parse loops
    (the file loop takes long files: all the exec sources in one file ask for it)."""
    from pipeline.compiler.ast_opt import optimize
    from pipeline.parser.api import parse_for_compiler
    from pipeline.parser.dump import dump
    exec_sources = [source for source, mode in LISTED_SOURCES if mode == 'exec']
    long_file = ''.join(exec_sources) * (1 + 4096 // len(''.join(exec_sources)))
    for source, mode in LISTED_SOURCES + [(long_file, 'exec')]:
        for level in (0, 1):
            listed, _, fold_list = parse_for_compiler(source, '<listed>', mode)
            walked, _, _ = parse_for_compiler(source, '<listed>', mode)
            optimize(listed, level, 0, fold_list)
            optimize(walked, level)
            assert (dump(listed, include_attributes=True) ==
                    dump(walked, include_attributes=True)), (source, mode, level)


def test_compile_from_source_folds_as_38(oracle):
    """pipeline.compile (which folds from the parser's list) gives 3.8's code objects."""
    import pipeline
    from pipeline.oracle_compiler import OracleCompiler
    from tests.codegen_corpus import code_difference
    theirs = OracleCompiler(oracle)
    try:
        wrong = [(source, difference) for source, mode in LISTED_SOURCES
                 for difference in [code_difference(
                     pipeline.compile(source, '<listed>', mode),
                     theirs(source, '<listed>', mode))]
                 if difference is not None]
    finally:
        theirs.close()
    assert not wrong
