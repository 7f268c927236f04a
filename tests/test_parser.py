"""pipeline.parser against CPython 3.8's ast.parse: goldens, live oracle, stdlib sample."""
import json
import os
import random
import subprocess

import pytest

from pipeline.parser import dump, parse
from pipeline.grammar import tables
from tests.oracle import oracle_stdlib
from tests.regen import ast as regen_ast

with open(regen_ast.GOLDEN, encoding='utf-8') as _handle:
    GOLDEN = json.load(_handle)


def ours(source, mode='exec', filename='<unknown>'):
    """Our result in the golden's text form: the dump, or the error description."""
    try:
        return dump(parse(source, filename, mode), include_attributes=True)
    except (SyntaxError, ValueError) as error:
        return regen_ast.describe_error(error)


# Known differences, each with its reason (fix them, then remove them here).
KNOWN = {}


@pytest.mark.parametrize('case', GOLDEN, ids=[repr(case['source'])[:40] for case in GOLDEN])
def test_golden_case(case):
    if (case['source'], case['mode']) in KNOWN:
        pytest.xfail(KNOWN[case['source'], case['mode']])
    assert ours(case['source'], case['mode']) == case['expect']


def test_live_oracle_cases(oracle):
    pairs = regen_ast.cases()
    expected = regen_ast.oracle_results(pairs)
    wrong = [(source, mode) for (source, mode), expect in zip(pairs, expected)
             if ours(source, mode) != expect and (source, mode) not in KNOWN]
    assert wrong == []


def test_goldens_cover_the_case_list():
    assert [(case['source'], case['mode']) for case in GOLDEN] == regen_ast.cases()


def test_shipped_tables_match_the_grammar():
    with open(tables.GRAMMAR_PATH, encoding='utf-8') as handle:
        digest = tables._grammar_digest(handle.read())
    assert tables._read(tables.TABLES_PATH, digest) is not None, \
        'run python -m pipeline.grammar.tables after editing python38.lark'


def test_bytes_source_and_modes():
    assert dump(parse(b'x = 1\n')) == dump(parse('x = 1\n'))
    assert dump(parse('1 + 2', mode='eval')).startswith('Expression(body=BinOp(')
    assert dump(parse('x\n', mode='single')).startswith('Interactive(body=[Expr(')
    with pytest.raises(ValueError):
        parse('x', mode='nonsense')


def test_utf8_byte_columns():
    tree = parse("é = 'ü'\n")
    assign = tree.body[0]
    assert (assign.targets[0].col_offset, assign.targets[0].end_col_offset) == (0, 2)
    assert (assign.value.col_offset, assign.value.end_col_offset) == (5, 9)


def test_random_token_soup_only_raises_syntax_errors():
    # No internal exception may reach a user, whatever the input.
    pieces = ['(', ')', '[', ']', '{', '}', ':', ',', '=', 'x', '1', 'if', 'else', 'for',
              'in', 'lambda', '*', '**', 'def', 'f', '\n', '  ', 'yield', 'not', '.', 'async',
              'await', '@', '->', ';', "'s'", 'f"{x}"', 'return', 'del', 'import', 'from']
    generator = random.Random(38)
    for _ in range(400):
        source = ' '.join(generator.choice(pieces) for _ in range(generator.randint(1, 12)))
        try:
            parse(source)
        except SyntaxError:
            pass


STDLIB_SAMPLE = ['os.py', 'ast.py', 'dataclasses.py', 'asyncio/tasks.py', 'typing.py',
                 'test/test_grammar.py', 'test/test_fstring.py', 'test/test_coroutines.py',
                 'json/decoder.py', 'statistics.py', 'test/test_unicode_identifiers.py',
                 'lib2to3/tests/data/py3_test_grammar.py', 'email/_header_value_parser.py']

_ORACLE_DUMPS = r'''
import ast, sys
for path in sys.argv[1:]:
    with open(path, 'rb') as handle:
        source = handle.read()
    try:
        print(ast.dump(ast.parse(source, path), include_attributes=True))
    except SyntaxError as error:
        print('ERR', type(error).__name__, repr(error.msg), error.lineno, error.offset)
'''


def test_stdlib_sample_matches_oracle(oracle):
    root = oracle_stdlib()
    paths = [os.path.join(root, name) for name in STDLIB_SAMPLE
             if os.path.exists(os.path.join(root, name))]
    done = subprocess.run([oracle, '-c', _ORACLE_DUMPS] + paths, capture_output=True,
                          timeout=600)
    expected = done.stdout.decode('utf-8', 'surrogateescape').splitlines()
    assert len(expected) == len(paths)
    for path, expect in zip(paths, expected):
        with open(path, 'rb') as handle:
            source = handle.read()
        try:
            got = dump(parse(source, path), include_attributes=True)
        except SyntaxError as error:
            got = 'ERR %s %r %s %s' % (type(error).__name__, error.msg, error.lineno,
                                       error.offset)
        assert got == expect, path


# Largest nesting CPython 3.8's parser takes before "s_push: parser stack overflow"
# (MemoryError; MAXSTACK 1700), measured with the oracle.
DEEPEST = [
    (lambda n: '-' * n + 'x', 1679),
    (lambda n: '(' * n + 'x' + ')' * n, 98),
    (lambda n: 'f(' * n + ')' * n, 99),
    (lambda n: '{1:' * n + '1' + '}' * n, 104),
    (lambda n: 'lambda:' * n + '1', 839),
]


@pytest.mark.parametrize('make, deepest', DEEPEST)
def test_parser_stack_limit(make, deepest, capsys):
    parse(make(deepest))
    with pytest.raises(MemoryError):
        parse(make(deepest + 1))
    assert 's_push: parser stack overflow' in capsys.readouterr().err


def test_public_api_names():
    import pipeline
    tree = pipeline.parse('x = 1\n')
    assert pipeline.dump(tree) == ("Module(body=[Assign(targets=[Name(id='x', ctx=Store())], "
                                   "value=Constant(value=1, kind=None), type_comment=None)], "
                                   "type_ignores=[])")


def test_dump_uses_38_unicode_printability():
    # U+30003 is assigned (printable) in later Unicode versions, not in 3.8's 12.1
    assert dump(parse("'\\U00030003'\n").body[0].value) == \
        "Constant(value='\\U00030003', kind=None)"


@pytest.mark.parametrize('source', [
    '(' * 201 + ')' * 201,          # the tokenizer's limit is never reached in 3.8
    '(' * 150 + '$',                # nor an error after the overflow point
    '(' * 99 + 'x' + ')' * 98 + ' 1',
    'f(' * 120 + '1 2',
])
def test_parser_stack_overflow_before_later_errors(source):
    with pytest.raises(MemoryError):
        parse(source)


def test_error_before_the_overflow_point_wins():
    with pytest.raises(SyntaxError) as caught:
        parse('x = = ' + '(' * 150)
    assert (caught.value.msg, caught.value.offset) == ('invalid syntax', 5)


def test_goldens_cover_every_node_ast_parse_makes():
    # FunctionType and Suite come from other modes, Aug*/Param/TypeIgnore never from
    # ast.parse without type comments
    never = {'AST', 'mod', 'stmt', 'expr', 'expr_context', 'slice', 'boolop', 'operator',
             'unaryop', 'cmpop', 'excepthandler', 'type_ignore', 'FunctionType', 'Suite',
             'AugLoad', 'AugStore', 'Param', 'TypeIgnore'}
    text = ' '.join(case['expect'] for case in GOLDEN)
    from pipeline.parser import nodes
    missing = [name for name in nodes.NODE_CLASSES
               if name not in never and name + '(' not in text]
    assert missing == []


def test_tables_rebuilt_into_user_cache_when_the_shipped_pickle_is_unusable(
        tmp_path, monkeypatch):
    pytest.importorskip('lark')
    monkeypatch.setattr(tables, 'TABLES_PATH', str(tmp_path / 'missing' / 'no.pickle'))
    monkeypatch.setattr(tables, '_loaded', None)
    monkeypatch.setenv('XDG_CACHE_HOME', str(tmp_path / 'cache'))
    (tmp_path / 'missing').write_text('a file, so no folder can be made here')
    rebuilt = tables.load_tables()
    assert (tmp_path / 'cache' / 'pipeline-py38' / 'python38_tables.pickle').exists()
    monkeypatch.setattr(tables, '_loaded', None)
    monkeypatch.undo()
    shipped = tables.load_tables()
    # Lark numbers states in a hash-dependent order: compare the shape, not the numbers
    assert len(rebuilt.actions) == len(shipped.actions)
    assert sorted(rebuilt.rules, key=repr) == sorted(shipped.rules, key=repr)
