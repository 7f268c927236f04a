"""Whole-pipeline code objects for sources aimed at the assembler and the peephole, against
CPython 3.8's (goldens from tests/regen/assemble.py): code, lnotab, stack size, flags,
constants, names, recursively through nested code objects."""
import json
import os

import pytest

from tests.regen.assemble import E2E_SOURCES, FILENAME, HERE, fields


def _compiler():
    try:
        from pipeline.compiler import compile as compile_source
    except ImportError:
        pytest.skip('pipeline.compiler.compile (the code generator) is not there yet')
    return compile_source


@pytest.fixture(scope='module')
def golden():
    with open(os.path.join(HERE, 'oracle.json')) as handle:
        return json.load(handle)['e2e']


def _differences(ours, theirs, path='<module>'):
    """Readable (path, field, ours, theirs) differences of two fields() dicts."""
    found = []
    for key in theirs:
        if key == 'consts':
            continue
        if ours.get(key) != theirs[key]:
            found.append((path, key, ours.get(key), theirs[key]))
    ours_consts, their_consts = ours['consts'], theirs['consts']
    if len(ours_consts) != len(their_consts):
        found.append((path, 'consts', ours_consts, their_consts))
        return found
    for index, (mine, reference) in enumerate(zip(ours_consts, their_consts)):
        if isinstance(reference, dict) and isinstance(mine, dict):
            found += _differences(mine, reference, '%s/%s' % (path, reference['name']))
        elif mine != reference:
            found.append((path, 'consts[%d]' % index, mine, reference))
    return found


@pytest.mark.parametrize('name', sorted(E2E_SOURCES))
def test_code_object_matches_cpython(golden, name):
    compile_source = _compiler()
    ours = fields(compile_source(E2E_SOURCES[name], FILENAME, 'exec'))
    assert _differences(ours, golden[name]) == []


def test_format_cfg_of_source():
    _compiler()
    from pipeline.compiler.cfg_view import format_cfg
    text = format_cfg(E2E_SOURCES['try_finally'].encode(), 'f.py')
    assert text.startswith('code object f (qualname f, first line 1): stack size 7')
    assert '  block 2  offset 18  depth 6:' in text    # the finally handler: +6 at entry
    assert 'CALL_FINALLY -> block 2' in text and 'LOAD_GLOBAL 1 (g)' in text
    assert [line.split()[2] for line in text.splitlines()
            if line.startswith('code object ')] == ['f', '<module>']
