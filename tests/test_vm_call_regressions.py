"""Regressions found by running CPython's Lib/test through the VM (tests/libtests.py)."""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

PROGRAM = r'''
import functools
def f(self):
    return self
print(functools.partial(f, self=1)())
print(f(self=2))
try:
    compile(b'Python = "\xcf\xb3\xf2\xee\xed" +', '<fragment>', 'exec')
except SyntaxError as e:
    print(repr(e.msg), e.lineno, e.offset)
code = compile(b'# -*- coding: latin-1 -*-\nx = "\xa4"\n', '<c>', 'exec')
ns = {}
exec(code, ns)
print(ascii(ns['x']), type(code).__module__)
'''

# What python3.8 prints for PROGRAM (checked by hand against the oracle), except the
# code object's module: in the VM, compile() returns our 3.8 CodeType.
EXPECTED = "1\n2\n'invalid syntax' 1 18\n'\\xa4' pipeline.compiler.code\n"


def test_keyword_named_self_and_compile_of_bytes(tmp_path):
    script = tmp_path / 'prog.py'
    script.write_text(PROGRAM, encoding='utf-8')
    env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get('PYTHONPATH', ''))
    result = subprocess.run([sys.executable, '-m', 'pipeline.run', str(script)],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.stderr == ''
    assert result.stdout == EXPECTED
