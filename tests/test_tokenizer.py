"""Tokenizer against CPython 3.8: every token kind, operator and error message.

Expectations come from the live oracle when present, else from tests/golden/tokens/
(regenerate with `python -m tests.regen_golden tokens`).
"""
import io
import json
import os
import subprocess
import sys
import tempfile

import pytest

import pipeline
from pipeline.tokenizer import (TokenError, decode_source, parse_error, scan, tok_name,
                                tokenize)
from pipeline.tokenizer.tokens import (DEDENT, ENDMARKER, EXACT_TOKEN_TYPES, INDENT, NEWLINE,
                                       OP, TokenInfo)
from tests.oracle import oracle_python
from tests.regen import tokens as cases

from tests.corpus import TOKENIZER_MESSAGES  # any other error is the parser's


@pytest.fixture(scope='session')
def expected():
    """CPython 3.8's answers for tests.regen.tokens' cases."""
    if oracle_python() is not None:
        return cases.oracle_answers()
    with open(cases.GOLDEN, encoding='utf-8') as golden:
        return json.load(golden)


def run_tokenize(make):
    out = []
    try:
        for token in make():
            out.append([token.type, token.string, list(token.start), list(token.end), token.line])
        return {'tokens': out, 'error': None}
    except Exception as error:  # compared with what the oracle raised
        return {'tokens': out, 'error': [type(error).__name__, str(error)]}


def scan_outcome(make_text):
    tokens = []
    try:
        for token in scan(make_text(), 'case.py'):
            tokens.append(token)
        return tokens, None
    except SyntaxError as error:
        return tokens, [type(error).__name__, error.msg, error.lineno, error.offset, error.text]
    except ValueError as error:
        return tokens, [type(error).__name__, str(error)]


def as_leaves(tokens):
    """Our scan() tokens in the shape of parser.suite(...).tolist(True, True)'s leaves."""
    structural = (NEWLINE, INDENT, DEDENT, ENDMARKER)
    return [[token.type, '' if token.type in structural else token.string, token.start[0],
             -1 if token.type in (INDENT, DEDENT, ENDMARKER) else token.col_offset]
            for token in tokens]


def check_scan(tokens, error, oracle):
    compiled, leaves = oracle['compile'], oracle.get('leaves')
    if compiled is None:
        assert error is None
        if leaves is not None:
            leaves = [[kind, '' if kind in (NEWLINE, INDENT, DEDENT, ENDMARKER) else string,
                       line, -1 if kind in (INDENT, DEDENT, ENDMARKER) else col]
                      for kind, string, line, col in leaves]
            assert as_leaves(tokens) == leaves
    elif any(message in str(compiled[1]) for message in TOKENIZER_MESSAGES) \
            and not compiled[1].startswith('(unicode error)'):
        assert error == compiled
    elif error is not None and error[1] == 'invalid syntax':
        # scan() raises 'invalid syntax' itself for a character no token starts with;
        # other tokenizer errors may lie beyond the parser's first error.
        assert error == compiled


@pytest.mark.parametrize('index', range(len(cases.SOURCES)))
def test_generate_tokens(index, expected):
    source = cases.SOURCES[index]
    assert run_tokenize(lambda: tokenize(source)) == \
        expected['sources'][index]['generate_tokens']


@pytest.mark.parametrize('index', range(len(cases.SOURCES)))
def test_tokenize_utf8_bytes(index, expected):
    data = cases.SOURCES[index].encode('utf-8')
    assert run_tokenize(lambda: tokenize(data)) == expected['sources'][index]['tokenize']


@pytest.mark.parametrize('index', range(len(cases.BYTE_SOURCES)))
def test_tokenize_bytes(index, expected):
    data = cases.BYTE_SOURCES[index]
    assert run_tokenize(lambda: tokenize(data)) == expected['bytes'][index]['tokenize']


@pytest.mark.parametrize('index', range(len(cases.SOURCES)))
def test_scan(index, expected):
    source = cases.SOURCES[index]
    tokens, error = scan_outcome(lambda: source)
    check_scan(tokens, error, expected['sources'][index])


@pytest.mark.parametrize('index', range(len(cases.BYTE_SOURCES)))
def test_decode_source_and_scan(index, expected):
    data = cases.BYTE_SOURCES[index]
    tokens, error = scan_outcome(lambda: decode_source(data, 'case.py'))
    check_scan(tokens, error, expected['bytes'][index])


@pytest.mark.parametrize('index', range(len(cases.PARSE_ERRORS)))
def test_parse_error(index, expected):
    source, position, expected_indent = cases.PARSE_ERRORS[index]
    tokens = list(scan(source, 'case.py'))
    error = parse_error(tokens[position], 'case.py', expected_indent)
    assert [type(error).__name__, error.msg, error.lineno, error.offset, error.text] == \
        expected['parse_errors'][index]


def test_every_operator_has_its_exact_type():
    line = ' '.join(cases.OPERATORS) + '\n'
    ops = [token for token in tokenize(line) if token.type == OP]
    assert [token.string for token in ops] == cases.OPERATORS
    assert [token.exact_type for token in ops] == [EXACT_TOKEN_TYPES[op] for op in cases.OPERATORS]
    scanned = [token for token in scan(line) if token.type not in (NEWLINE, ENDMARKER)]
    assert [token.type for token in scanned] == [EXACT_TOKEN_TYPES[op] for op in cases.OPERATORS]


def test_string_prefixes_in_every_case():
    for prefix in cases.PREFIXES:
        for quote in ("'", '"', "'''", '"""'):
            literal = prefix + quote + 'x' + quote
            assert [t.string for t in tokenize(literal + '\n')][0] == literal
            assert next(scan(literal + '\n')).string == literal


def test_byte_columns_and_positions():
    tokens = list(scan("é = 'ü'\nx = '''a\né''' + ab\n"))
    name, _, string = tokens[:3]
    assert (name.col_offset, name.end_col_offset) == (0, 2)
    assert (string.start, string.end, string.col_offset, string.end_col_offset) == \
        ((1, 4), (1, 7), 5, 9)
    multi = tokens[6]
    assert (multi.start, multi.end, multi.col_offset, multi.end_col_offset) == \
        ((2, 4), (3, 4), 4, 5)
    assert tokens[8].string == 'ab' and (tokens[8].col_offset, tokens[8].end_col_offset) == (8, 10)


def test_token_info_repr_and_exact_type():
    token = TokenInfo(OP, '(', (1, 0), (1, 1), '(\n')
    assert token.exact_type == EXACT_TOKEN_TYPES['(']
    assert repr(token) == "TokenInfo(type=54 (OP), string='(', start=(1, 0), end=(1, 1), " \
                          "line='(\\n')"
    assert tok_name[token.exact_type] == 'LPAR'


def test_errors_are_raised_lazily_like_lib_tokenize():
    tokens = tokenize('x = (1,\n')
    assert next(tokens).string == 'x'
    with pytest.raises(TokenError):
        list(tokens)


def test_async_await_are_their_own_tokens_for_the_parser():
    kinds = [tok_name[token.type] for token in scan('async def f(): await x\n')]
    assert kinds[:2] == ['ASYNC', 'NAME'] and 'AWAIT' in kinds


def test_pipeline_tokenize_is_callable():
    assert [token.string for token in pipeline.tokenize('a+b')][:3] == ['a', '+', 'b']


CLI_SOURCES = ['def f(x):\n    return "é" + x  # c\n\nif 1:\n\tpass\n', 'if 1:\n  x\n y\n',
               '# coding: xyz\n', 'x = (\n', "x = '''\n"]


@pytest.mark.parametrize('source', CLI_SOURCES)
@pytest.mark.parametrize('exact', [False, True])
def test_cli_matches_python38_m_tokenize(source, exact, oracle, tmp_path):
    path = tmp_path / 'case.py'
    path.write_text(source, encoding='utf-8')
    argv = (['-e'] if exact else []) + [str(path)]
    theirs = subprocess.run([oracle, '-m', 'tokenize'] + argv, capture_output=True, text=True,
                            cwd=tempfile.gettempdir())
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ours = subprocess.run([sys.executable, '-m', 'pipeline.tokenize'] + argv,
                          capture_output=True, text=True, cwd=root)
    assert (ours.returncode, ours.stdout, ours.stderr) == \
        (theirs.returncode, theirs.stdout, theirs.stderr)


def test_cli_in_process_reads_stdin(monkeypatch):
    from pipeline.tokenize import main
    monkeypatch.setattr(sys, 'stdin', io.StringIO('x\n'))
    out = io.StringIO()
    assert main([], stdout=out) == 0
    assert out.getvalue().splitlines()[0] == "1,0-1,1:            NAME           'x'            "


def test_golden_file_is_current(oracle):
    with open(cases.GOLDEN, encoding='utf-8') as golden:
        assert json.load(golden) == cases.oracle_answers(), \
            'run `python -m tests.regen_golden tokens`'
