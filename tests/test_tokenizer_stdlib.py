"""Tokenizer differential test on a sample of CPython 3.8's stdlib (the whole stdlib is
`python -m tests.corpus tokens` / `scan`): both faces, token for token."""
import os

import pytest

from tests.corpus import Job, run_jobs, stdlib_files

# Files with unusual tokens: encodings, BOMs, tabs, form feeds, odd strings, bad syntax.
TRICKY = [
    'test/bad_coding.py', 'test/bad_coding2.py', 'test/badsyntax_3131.py',
    'test/badsyntax_future3.py', 'test/encoded_modules/module_iso_8859_1.py',
    'test/encoded_modules/module_koi8_r.py', 'test/test_source_encoding.py',
    'test/test_tokenize.py', 'test/test_unicode_identifiers.py', 'test/test_fstring.py',
    'test/test_grammar.py', 'test/test_utf8source.py',
    'lib2to3/tests/data/py2_test_grammar.py', 'lib2to3/tests/data/bom.py',
    'lib2to3/tests/data/crlf.py', 'lib2to3/tests/data/different_encoding.py',
    'lib2to3/tests/data/false_encoding.py', 'test/test_string_literals.py',
    'test/test_lib2to3.py', 'email/_header_value_parser.py', 'pydoc_data/topics.py',
]
EVERY = 60


@pytest.fixture(scope='module')
def sample(oracle):
    files = stdlib_files()
    root = os.path.dirname(os.__file__) if not files else os.path.commonpath(files)
    tricky = [os.path.join(root, name) for name in TRICKY
              if os.path.exists(os.path.join(root, name))]
    return sorted(set(files[::EVERY] + tricky))


@pytest.mark.parametrize('stage', ['tokens', 'scan'])
def test_stdlib_sample(stage, sample):
    outcomes = list(run_jobs([Job(stage, path, path, None) for path in sample], processes=1,
                             progress=False))
    assert [(o.label, o.detail) for o in outcomes if not o.identical] == []
    assert len(outcomes) >= 30
