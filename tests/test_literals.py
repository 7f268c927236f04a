"""parser/literals.py and parser/fstrings.py against CPython 3.8 (goldens, and the live oracle).

Every case is a small source; each string atom and NUMBER in it goes through our code
and is compared with 3.8's node (ast.dump with attributes) or SyntaxError (msg, lineno,
offset).  f-string sub-expressions are parsed by the oracle-backed stand-in builder,
so the tests that need it skip without the oracle.
"""
import json
import warnings

import pytest

from pipeline.parser.fstrings import parse_string_atom
from pipeline.parser.literals import Location, parse_number, parse_number_token
from tests.literals_harness import SpanToken, describe, literal_nodes
from tests.regen import literals as regen

with open(regen.GOLDEN, encoding='utf-8') as _golden:
    GOLDEN = json.load(_golden)


def _decode_number(encoded):
    kind, data = encoded
    if kind == 'int':
        return int(data, 16)
    if kind == 'float':
        return float.fromhex(data)
    return complex(float.fromhex(data[0]), float.fromhex(data[1]))


@pytest.mark.parametrize('text', regen.NUMBERS)
def test_number_matches_golden(text):
    expected = _decode_number(GOLDEN['numbers'][text])
    value = parse_number(text)
    assert type(value) is type(expected)
    assert repr(value) == repr(expected) if not isinstance(value, int) else value == expected


class _Builder:
    filename = '<unknown>'

    def parse_fstring_expression(self, source, line_shift, col_shift):
        raise AssertionError('no f-string expression expected in %r' % source)


def test_number_digit_limit_is_a_syntax_error_at_the_token():
    token = SpanToken('1' * 4301, 3, 8, 3, 8 + 4301)
    with pytest.raises(SyntaxError) as info:
        parse_number_token(token, _Builder())
    assert info.value.msg.startswith('Exceeds the limit (4300) for integer string conversion: '
                                     'value has 4301 digits;')
    assert info.value.msg.endswith('- Consider hexadecimal for huge integer literals to avoid '
                                   'decimal conversion limits.')
    assert (info.value.lineno, info.value.offset) == (3, 9)
    assert parse_number('1' * 4300) == int('1' * 1000) * 10 ** 3300 + int('1' * 3300)


def _check_case(source):
    expected = GOLDEN['cases'][source]
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        ours = literal_nodes(source)
    if 'error' in expected:
        errors = [describe(value) for value in ours.values() if isinstance(value, SyntaxError)]
        assert errors, 'expected %s' % expected['error']
        assert errors[0] == expected['error']
        return
    assert ours, 'no literal found in %r' % source
    for key, value in ours.items():
        assert describe(value) == expected['nodes']['%d,%d' % key]


def _needs_expressions(source):
    return 'f' in source.lower().split("'")[0].split('"')[0] or "f'" in source.lower() or \
        'f"' in source.lower()


@pytest.mark.parametrize('source', regen.VALID + regen.ERRORS)
def test_case_matches_golden(source, request):
    if _needs_expressions(source):
        request.getfixturevalue('oracle')   # the stand-in builder parses through the oracle
    _check_case(source)


def test_golden_is_current(oracle):
    assert regen.oracle_cases() == GOLDEN['cases']
    assert regen.oracle_numbers() == GOLDEN['numbers']
    assert regen.oracle_warning_errors() == GOLDEN['warning_errors']
    assert regen.oracle_multiline() == GOLDEN['multiline']


@pytest.mark.parametrize('source', regen.WARNING_ERRORS)
def test_invalid_escape_with_warnings_as_errors_matches_golden(source, request):
    if _needs_expressions(source):
        request.getfixturevalue('oracle')
    with warnings.catch_warnings():
        warnings.simplefilter('error')
        errors = [value for value in literal_nodes(source).values()
                  if isinstance(value, SyntaxError)]
    got = [errors[0].msg, errors[0].filename, errors[0].lineno, errors[0].offset] if errors \
        else None
    assert got == GOLDEN['warning_errors'][source]


def test_too_many_nested_parentheses(oracle):
    source = "f'{" + '(' * 201 + "}'"
    error = [value for value in literal_nodes(source).values()][0]
    assert describe(error) == \
        "SyntaxError('f-string: too many nested parenthesis', '<unknown>', 1, 1)"


def _tokens(source):
    from tests.literals_harness import scan_literals
    return scan_literals(source)[0][0]


def test_invalid_escape_warns_with_filename_and_line():
    builder = _Builder()
    builder.filename = 'spam.py'
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        node = parse_string_atom(_tokens("x = ('a'\n     '\\d')"), builder)
    assert node.value == 'a\\d'
    assert [(w.category, str(w.message), w.filename, w.lineno) for w in caught] == [
        (DeprecationWarning, 'invalid escape sequence \\d', 'spam.py', 2)]


def test_invalid_escape_is_syntax_error_when_warnings_are_errors():
    builder = _Builder()
    with warnings.catch_warnings():
        warnings.simplefilter('error')
        with pytest.raises(SyntaxError) as info:
            parse_string_atom(_tokens("x = ('a'\n     b'\\d')"), builder)
    # 3.8 decodes a token before checking bytes/str mixing, so the escape error wins.
    assert (info.value.msg, info.value.lineno, info.value.offset) == (
        'invalid escape sequence \\d', 2, 6)


def test_bytes_escape_warning_error_position():
    with warnings.catch_warnings():
        warnings.simplefilter('error')
        with pytest.raises(SyntaxError) as info:
            parse_string_atom(_tokens("x = b'a' b'\\q'"), _Builder())
    assert (info.value.msg, info.value.lineno, info.value.offset) == (
        'invalid escape sequence \\q', 1, 10)


def test_fstring_brace_escape_warns_at_atom(oracle):
    with warnings.catch_warnings():
        warnings.simplefilter('error')
        with pytest.raises(SyntaxError) as info:
            literal_nodes_raising("x = ('a'\n     f'\\{x}')")
    assert (info.value.msg, info.value.lineno, info.value.offset) == (
        'invalid escape sequence \\{', 1, 6)


def literal_nodes_raising(source):
    for value in literal_nodes(source).values():
        if isinstance(value, SyntaxError):
            raise value
    return None


def test_location_place_sets_all_four():
    from pipeline.parser import nodes
    node = Location(1, 2, 3, 4).place(nodes.Constant(value='', kind=None))
    assert (node.lineno, node.col_offset, node.end_lineno, node.end_col_offset) == (1, 2, 3, 4)


# -- end to end through pipeline.parse ------------------------------------------------

def _parse_literals(source):
    """Our literal nodes as pipeline.parse builds them, or its SyntaxError."""
    from pipeline.parser import parse
    from tests.literals_harness import oracle_literal_nodes
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        try:
            tree = parse(source)
        except SyntaxError as error:
            return error
    return oracle_literal_nodes(tree)


@pytest.mark.parametrize('source', regen.VALID + regen.ERRORS + regen.ERRORS_END_TO_END)
def test_parse_end_to_end_matches_golden(source):
    expected = GOLDEN['cases'][source]
    result = _parse_literals(source)
    if 'error' in expected:
        assert isinstance(result, SyntaxError), 'expected %s' % expected['error']
        assert describe(result) == expected['error']
        return
    assert not isinstance(result, SyntaxError), describe(result)
    assert {'%d,%d' % key: describe(value) for key, value in sorted(result.items())} == \
        expected['nodes']


@pytest.mark.parametrize('source', regen.WARNING_ERRORS)
def test_parse_end_to_end_warnings_as_errors(source):
    from pipeline.parser import parse
    with warnings.catch_warnings():
        warnings.simplefilter('error')
        try:
            parse(source)
            got = None
        except SyntaxError as error:
            got = [error.msg, error.filename, error.lineno, error.offset]
    assert got == GOLDEN['warning_errors'][source]


def test_parse_end_to_end_digit_limit():
    from pipeline.parser import parse
    with pytest.raises(SyntaxError) as info:
        parse('x = (1,\n     ' + '7' * 4301 + ')')
    assert (info.value.lineno, info.value.offset) == (2, 6)
    assert info.value.msg.startswith('Exceeds the limit (4300) for integer string conversion')


@pytest.mark.parametrize('source', regen.MULTILINE)
def test_parse_end_to_end_multiline_fstring_expressions(source):
    from pipeline.parser import parse
    try:
        result = parse(source)
    except SyntaxError as error:
        result = error
    assert describe(result) == GOLDEN['multiline'][source]


def test_parse_end_to_end_warning_location():
    from pipeline.parser import parse
    source = "x = 1\ny = ('a'\n     f'\\d{x}' '\\q')\n"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        parse(source, 'spam.py')
    # as 3.8: the f-string piece warns at the atom's line, the plain token at its own
    assert [(w.category, str(w.message), w.filename, w.lineno) for w in caught] == [
        (DeprecationWarning, 'invalid escape sequence \\d', 'spam.py', 2),
        (DeprecationWarning, 'invalid escape sequence \\q', 'spam.py', 3)]
