"""The code generator against CPython 3.8's compile(): every construct, error and warning.

Live against the oracle (one subprocess for all cases) and against the goldens in
tests/golden/codegen/ (regenerate with `python -m tests.regen_golden codegen`).
"""
import json
import warnings

import pytest

from pipeline.compiler import compile as pipeline_compile
from pipeline.compiler.marshal import loads
from tests.codegen_corpus import code_difference
from tests.regen.codegen import GOLDEN, cases, oracle_answers


def ours(case: dict) -> dict:
    """Our compiler's answer to a case, in the oracle script's format (code kept as an object)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        try:
            code = pipeline_compile(case['source'], case['filename'], case['mode'],
                                    case['flags'], True, case['optimize'])
        except SyntaxError as error:
            result = {'error': [type(error).__name__, error.msg, error.lineno, error.offset]}
        else:
            result = {'code': code}
    result['warnings'] = [[w.category.__name__, str(w.message), w.lineno] for w in caught]
    return result


def difference(case: dict, answer: dict) -> str:
    """'' when our compiler agrees with `answer`, else what differs."""
    mine = ours(case)
    if mine['warnings'] != answer['warnings']:
        return 'warnings: ours %r, oracle %r' % (mine['warnings'], answer['warnings'])
    if 'error' in answer or 'error' in mine:
        if mine.get('error') != answer.get('error'):
            return 'errors: ours %r, oracle %r' % (mine.get('error'), answer.get('error'))
        return ''
    return code_difference(mine['code'], loads(bytes.fromhex(answer['code']))) or ''


def _report(results):
    failures = ['%r\n  %s' % (case['source'][:70], found) for case, found in results if found]
    assert not failures, '\n'.join(failures)


def test_cases_against_oracle(oracle):
    requests = cases()
    answers = oracle_answers(requests)
    _report([(case, difference(case, answer)) for case, answer in zip(requests, answers)])


def test_cases_against_golden():
    with open(GOLDEN) as handle:
        golden = json.load(handle)
    assert [entry['case'] for entry in golden] == cases(), 'goldens are stale: regenerate'
    _report([(entry['case'], difference(entry['case'], entry['answer'])) for entry in golden])


def test_warning_as_error_becomes_syntax_error():
    with warnings.catch_warnings():
        warnings.simplefilter('error')
        with pytest.raises(SyntaxError) as raised:
            pipeline_compile('x = 1\nassert (a, 1)\n', '<w>', 'exec')
    assert raised.value.msg == 'assertion is always true, perhaps remove parentheses?'
    assert (raised.value.lineno, raised.value.offset) == (2, 1)


def test_compile_arguments():
    with pytest.raises(ValueError, match="compile\\(\\) mode must be"):
        pipeline_compile('x', '<a>', 'bogus')
    with pytest.raises(ValueError, match='unrecognised flags'):
        pipeline_compile('x', '<a>', 'exec', 0x1)
    with pytest.raises(ValueError, match='invalid optimize value'):
        pipeline_compile('x', '<a>', 'exec', 0, False, 3)
    tree = pipeline_compile('x = 1', '<a>', 'exec', 0x400)
    assert type(tree).__name__ == 'Module'
    code = pipeline_compile(tree, '<a>', 'exec')
    assert code.co_names == ('x',) and code.co_consts == (1, None)


STDLIB_SAMPLE = ('textwrap.py', 'functools.py', 'asyncio/locks.py', 'dataclasses.py',
                 'string.py', 'contextlib.py')


@pytest.mark.parametrize('name', STDLIB_SAMPLE)
def test_stdlib_sample_against_oracle(oracle, name):
    import os
    from pipeline.oracle_compiler import OracleCompiler
    from tests.codegen_corpus import compare_source
    from tests.oracle import oracle_stdlib
    path = os.path.join(oracle_stdlib(), name)
    with open(path, 'rb') as handle:
        source = handle.read()
    compiler = OracleCompiler(oracle)
    try:
        assert compare_source(source, path, compiler) is None
    finally:
        compiler.close()


def test_filename_kinds():
    import pathlib
    assert pipeline_compile('x', b'a.py', 'exec').co_filename == 'a.py'
    assert pipeline_compile('x', pathlib.Path('b.py'), 'exec').co_filename == 'b.py'
    with pytest.raises(TypeError, match='expected str, bytes or os.PathLike object'):
        pipeline_compile('x', 3, 'exec')
    with pytest.raises(TypeError, match='compile\\(\\) arg 1 must be a string, bytes or AST'):
        pipeline_compile(3, 'c.py', 'exec')
