"""Compiler acceptance 4: test_syntax's and test_grammar's SyntaxError cases give CPython 3.8's
class, msg, lineno and offset (live oracle, and the goldens without it)."""
import pytest

from tests import syntax_errors


def _assert_identical(cases):
    failures = ['%s %r: cpython %s, ours %s' % (
        case['filename'], case['source'][:120],
        {field: pair[0] for field, pair in diff.items()},
        {field: pair[1] for field, pair in diff.items()})
        for case, _, diff in syntax_errors.compare(cases) if diff]
    assert not failures, '%d of %d differ:\n%s' % (len(failures), len(cases), '\n'.join(failures))


def _acceptance(cases):
    cases = [case for case in cases if case['origin'] in syntax_errors.ACCEPTANCE_ORIGINS]
    assert len(cases) > 200   # the extraction found CPython's cases, not an empty list
    return cases


def test_golden_cases_identical():
    _assert_identical(_acceptance(syntax_errors.load_golden()))


def test_oracle_cases_identical(oracle):
    _assert_identical(_acceptance(syntax_errors.extract_cases(oracle)))


def test_golden_valid_examples_compile():
    _assert_identical([case for case in syntax_errors.load_golden()
                       if case['origin'] == 'test_syntax:valid'])


def test_golden_fstring_cases_identical():
    """Beyond acceptance 4: test_fstring's SyntaxError cases."""
    _assert_identical([case for case in syntax_errors.load_golden()
                       if case['origin'] == 'test_fstring (extra)'])


def test_golden_has_every_origin():
    origins = {case['origin'] for case in syntax_errors.load_golden()}
    assert origins == {'test_syntax', 'test_syntax:valid', 'test_syntax:unittest', 'test_grammar',
                       'test_fstring (extra)'}


@pytest.mark.parametrize('source, mode, expected', [
    ('f(x for x in L, 1)\n', 'single', ('SyntaxError', 'Generator expression must be parenthesized',
                                        1, 3)),
    ('a + 1 = 2\n', 'exec', ('SyntaxError', 'cannot assign to operator', 1, 1)),
])
def test_outcome_fields(source, mode, expected):
    ours = syntax_errors.our_outcome({'source': source, 'filename': '<t>', 'mode': mode,
                                      'flags': 0})
    assert (ours['type'], ours['msg'], ours['lineno'], ours['offset']) == expected
