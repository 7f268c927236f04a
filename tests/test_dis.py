"""pipeline.dis prints what CPython 3.8's dis prints, given the same code object."""
import glob
import io
import json
import os
import random
import re

import pytest

import pipeline
from pipeline.compiler import marshal
from tests.oracle import oracle_stdlib
from tests.regen.dis import HERE, ORACLE, oracle_dis

ADDRESS = re.compile(r'0x[0-9a-f]+')
FROZENSET = re.compile(r'frozenset\(\{.*\}\)')   # set order depends on the process's hash seed


def normalise(text: str) -> str:
    return FROZENSET.sub('frozenset(...)', ADDRESS.sub('0x?', text))


def our_dis(marshal_hex: str) -> str:
    out = io.StringIO()
    pipeline.dis(marshal.loads(bytes.fromhex(marshal_hex)), file=out)
    return out.getvalue()


def test_golden_samples():
    with open(os.path.join(HERE, 'samples.json')) as data:
        samples = json.load(data)
    assert samples
    for name, (marshal_hex, expected) in samples.items():
        assert normalise(our_dis(marshal_hex)) == normalise(expected), name


def test_wide_line_and_offset_columns():
    with open(os.path.join(HERE, 'samples.json')) as data:
        marshal_hex, expected = json.load(data)['long.py']
    text = our_dis(marshal_hex)
    assert '\n1601           0 LOAD_CONST' in text and normalise(text) == normalise(expected)


def test_stdlib_sample_against_oracle(oracle):
    files = sorted(glob.glob(os.path.join(oracle_stdlib(), '**', '*.py'), recursive=True))
    files = random.Random(38).sample([f for f in files if 'site-packages' not in f], 25)
    sources = {}
    for path in files:
        with open(path, 'rb') as handle:
            try:
                sources[path] = handle.read().decode('utf-8')
            except UnicodeDecodeError:
                continue
    try:
        results = oracle_dis(sources, oracle)
    except Exception as error:  # a file the oracle cannot compile: sample without it
        pytest.skip('oracle could not compile the sample: %s' % error)
    for path, (marshal_hex, expected) in results.items():
        assert normalise(our_dis(marshal_hex)) == normalise(expected), path


def test_instruction_fields():
    code = marshal.loads(bytes.fromhex(json.load(open(os.path.join(HERE, 'samples.json')))[
        'kinds.py'][0]))
    instructions = list(pipeline.dis.get_instructions(code))
    assert instructions[0].opname == 'LOAD_CONST' and instructions[0].starts_line == 2
    assert any(i.is_jump_target for i in instructions)
    with pytest.raises(TypeError):
        pipeline.dis(42)


def test_constants_print_with_38_unicode_printability():
    # U+30003 was unassigned in 3.8's Unicode 12.1: 3.8 escapes it; later hosts print it.
    assert pipeline.dis.const_repr(('\U00030003', 'a')) == "('\\U00030003', 'a')"
    assert pipeline.dis.const_repr(('x',)) == "('x',)"
    assert pipeline.dis.const_repr(frozenset()) == 'frozenset()'
    assert pipeline.dis.const_repr((1.5, b'\xff', None)) == "(1.5, b'\\xff', None)"


CLI_SOURCE = 'import os\ndef f(a, *, b=2):\n    return [x * b for x in a if x]\nprint(f([1, 0, 3]))\n'


def run_cli(*argv: str) -> str:
    out = io.StringIO()
    assert pipeline.dis.main(list(argv), file=out) == 0
    return out.getvalue()


def test_cli_matches_python38_m_dis(oracle, tmp_path):
    import subprocess
    path = tmp_path / 'prog.py'
    path.write_text(CLI_SOURCE)
    expected = subprocess.run([oracle, '-m', 'dis', str(path)], capture_output=True, text=True,
                              check=True).stdout
    assert normalise(run_cli(str(path))) == normalise(expected)


def test_cli_stage_views(tmp_path):
    path = tmp_path / 'prog.py'
    path.write_text(CLI_SOURCE)
    tokens = run_cli('--tokens', '-e', str(path)).splitlines()
    assert tokens[0].split() == ['0,0-0,0:', 'ENCODING', "'utf-8'"]
    assert any(line.split()[1:] == ['LPAR', "'('"] for line in tokens)
    assert run_cli('--ast', str(path)).strip() == pipeline.dump(pipeline.parse(CLI_SOURCE))
    assert 'col_offset=' in run_cli('--ast', '--positions', str(path))
    symtable = run_cli('--symtable', str(path))
    assert 'function f' in symtable or ' f ' in symtable
    cfg = run_cli('--cfg', str(path))
    assert 'depth 0' in cfg and 'RETURN_VALUE' in cfg
