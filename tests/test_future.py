"""The future pass (compiler.future) against CPython 3.8's compile()."""
import json
import subprocess

import pytest

from pipeline.compiler.code import CO_FUTURE_ANNOTATIONS, CO_FUTURE_BARRY_AS_BDFL
from pipeline.compiler.future import parse_future

CASES = [
    'from __future__ import braces\n',
    '  \nfrom __future__ import spam, division\n',
    'import os; from __future__ import division\n',
    'from __future__ import division; import os; from __future__ import generators\n',
    '"doc"\nfrom __future__ import annotations\n',
    'from __future__ import (division,\n   braces)\n',
    'from __future__ import division; from __future__ import braces\n',
    'x = 1; from __future__ import division\n',
    'from __future__ import annotations, barry_as_FLUFL\n',
    'from __future__ import nested_scopes, generators, division, absolute_import, '
    'with_statement, print_function, unicode_literals, generator_stop\n',
    '"""doc"""\nfrom __future__ import annotations\nfrom __future__ import barry_as_FLUFL\nx = 1\n',
    'from __future__ import annotations as a\n',
    '',
    'x = 1\n',
]

# Runs in CPython 3.8: the CO_FUTURE_* bits compile() sets, or the future.c error.
ORACLE = r'''
import json, sys
MASK = 0x1000000 | 0x400000
out = []
for source in json.loads(sys.stdin.read()):
    try:
        code = compile(source, 'f.py', 'exec', dont_inherit=True)
        out.append({'flags': code.co_flags & MASK})
    except SyntaxError as error:
        out.append({'error': [error.msg, error.lineno, error.offset]})
print(json.dumps(out))
'''


def test_future_matches_oracle(oracle):
    from tests.astbridge import oracle_ast_many
    expected = json.loads(subprocess.run([oracle, '-c', ORACLE], input=json.dumps(CASES),
                                         capture_output=True, text=True, check=True).stdout)
    trees = oracle_ast_many(CASES, 'f.py')
    for source, tree, answer in zip(CASES, trees, expected):
        try:
            ours = {'flags': parse_future(tree, 'f.py').flags}
        except SyntaxError as error:
            ours = {'error': [error.msg, error.lineno, error.offset]}
        assert ours == answer, source


def test_lineno_of_last_future_import(oracle):
    from tests.astbridge import oracle_ast
    features = parse_future(oracle_ast('"doc"\nfrom __future__ import annotations\n\n'
                                       'from __future__ import barry_as_FLUFL\nx = 1\n'))
    assert features.lineno == 4
    assert features.flags == CO_FUTURE_ANNOTATIONS | CO_FUTURE_BARRY_AS_BDFL
    assert parse_future(oracle_ast('x = 1\n')).lineno == -1
    assert parse_future(oracle_ast('x', mode='eval')).flags == 0


def test_error_is_located_without_oracle():
    from pipeline.parser import nodes
    statement = nodes.ImportFrom(module='__future__', names=[nodes.alias(name='braces',
                                                                         asname=None)],
                                 level=0, lineno=3, col_offset=4)
    with pytest.raises(SyntaxError) as info:
        parse_future(nodes.Module(body=[statement], type_ignores=[]), 'm.py')
    assert (info.value.msg, info.value.lineno, info.value.offset) == ('not a chance', 3, 5)


def test_late_future_import_check(oracle):
    from pipeline.compiler.future import is_late_future_import
    from tests.astbridge import oracle_ast
    tree = oracle_ast('from __future__ import division\nx = 1\nfrom __future__ import annotations\n'
                      'from __future__ import division; import os\n')
    features = parse_future(tree)
    assert [is_late_future_import(s, features) for s in tree.body if
            type(s).__name__ == 'ImportFrom'] == [False, True, True]
