"""On PyPy a function's body is translated with the JIT's thresholds off, traces and steps with the
JIT as it is (vm/tier2.py, _JIT_DEFAULTS: the JIT's work on the translator's own code was ~25 MB
of chaos's peak RSS, bench/FINDINGS.md, "Session 22, s22chaos"); the thresholds go back to PyPy's
defaults after, and are never touched where the interpreter's command line has a `--jit` option.
The child runs on any host with a stand-in `pypyjit` module recording set_param (on PyPy it
passes everything on to the real one)."""
import ast
import os

import pytest

from pipeline.vm import tier2
from tests.tier2_child import run_at_tier2

DEFAULTS = {'threshold': 1039, 'function_threshold': 1619}
ON = 'threshold=1039,function_threshold=1619'


@pytest.mark.parametrize('argv, expected', [
    ([b'pypy3', b'prog.py'], ON),
    ([b'pypy3', b'prog.py', b'--jit', b'off'], ON),             # the program's argument
    ([b'pypy3', b'-m', b'pipeline.run', b'--jit', b'off'], ON),
    ([b'pypy3', b'-c', b'--jit'], ON),
    ([b'pypy3', b'-uc', b'pass', b'--jit'], ON),
    ([b'pypy3', b'-', b'--jit'], ON),
    ([b'pypy3', b'--jit', b'threshold=200', b'prog.py'], ''),   # the user's settings stand
    ([b'pypy3', b'--jit=off', b'prog.py'], ''),
    ([b'pypy3', b'-X', b'faulthandler', b'-W', b'error', b'--jit', b'off', b'-m', b'x'], ''),
    ([b'pypy3', b'-u', b'-B', b'--jit', b'off', b'prog.py'], ''),
    (None, ''),                                                   # no command line to read
])
def test_the_thresholds_are_left_alone_under_a_jit_option(argv, expected):
    assert tier2._jit_defaults(argv, DEFAULTS) == expected
    assert tier2._jit_defaults(argv, None) == ''                  # not PyPy


PROGRAM = '''
def leaf(v, i):
    return v + i

def caller(v, i):
    return leaf(v, i) * 2

total = 0
for i in range(3000):
    total += caller(3, i) + leaf(3, i)
print(total)
'''

CHILD = '''
import sys, types
import pipeline, pipeline.vm as vm
path = sys.argv[1]
code = pipeline.compile(open(path).read(), path, 'exec')
real = sys.modules.get('pypyjit')
calls = []
fake = types.ModuleType('pypyjit')
fake.defaults = {'threshold': 1039, 'function_threshold': 1619}
def set_param(*args, **keywords):
    calls.extend(args)
    if real is not None:
        real.set_param(*args, **keywords)
fake.set_param = set_param
if real is not None:
    fake.__getattr__ = lambda name: getattr(real, name)
sys.modules['pypyjit'] = fake
from pipeline.vm import tier2
built = []
def seen(method, what):
    def run(self, *args):
        built.append((what, self.dc.code.co_name, tuple(calls[-1:])))
        return method(self, *args)
    return run
tier2.Projector.build = seen(tier2.Projector.build, 'trace')
tier2.Projector.build_body = seen(tier2.Projector.build_body, 'body')
vm.run_code(code, {'__name__': '__main__', '__file__': path})
print(built)
print(calls)
'''


@pytest.mark.skipif(not os.path.exists('/proc/self/cmdline'), reason='reads the command line from /proc')
def test_a_body_is_translated_with_the_jits_thresholds_off_and_a_trace_not(tmp_path):
    output, built, calls = run_at_tier2(tmp_path, 'calls.py', PROGRAM, CHILD)
    assert output == '13522500'
    # the trace of the module's loop and its callees' bodies: each body built with the JIT off (the
    # last set_param call 'off'), the trace with it as it was (none yet, or the defaults back)
    built = ast.literal_eval(built)
    assert sorted((what, name) for what, name, _ in built) == [
        ('body', 'caller'), ('body', 'leaf'), ('trace', '<module>')]
    for what, name, last in built:
        assert last == (('off',) if what == 'body' else () if last == () else (ON,)), (what, name, last)
    assert ast.literal_eval(calls) == ['off', ON, 'off', ON]
