"""vm/compat.py OPAQUE_NAMESPACES: on PyPy the VM reads and writes a program's namespaces through
calls the JIT does not trace into, so that a module's new key does not throw compiled code away.

PyPy's default; PIPELINE_OPAQUE_GLOBALS=1 turns it on elsewhere, so that its paths run on every
host and must leave 3.8's behaviour; on PyPy, a PYPYLOG shows that it does what it is for.
"""
import json
import os
import subprocess
import sys
import textwrap

import pytest

from bench import pypy_jit
from pipeline.pypy_nursery import NURSERY_SIZE
from tests.regen import programs as corpus

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.mark.parametrize('name', ['opaque_namespaces', 'tier1_loopless_names', 'tier2_late_keys'])
@pytest.mark.parametrize('tier', [0, 1, 2])
def test_opaque_namespaces_program_matches_golden_with_the_calls_on(tier, name, tmp_path):
    """tests/programs/opaque_namespaces.py (new keys after hot loops, globals rebound, deleted,
    builtins rebound and shadowed mid-loop, module dicts made again, functions' __module__, class
    bodies, separate locals and a mapping), tier1_loopless_names.py (loopless module and class
    bodies run again in fresh module dicts) and tier2_late_keys.py (compiled code reading builtins
    only, the module binding new names after it: at tier 2 compiled code reads the module opaquely
    too, tier2.opaque_reads) give CPython 3.8's output with the opaque calls, at each tier."""
    with open(os.path.join(corpus.PROGRAMS, name + '.py'), encoding='utf-8') as stream:
        (tmp_path / (name + '.py')).write_text(stream.read(), encoding='utf-8')
    env = corpus.environment()
    env.update(PYTHONPATH=REPO, PIPELINE_TIER=str(tier), PIPELINE_OPAQUE_GLOBALS='1', PIPELINE_TIER2_WARMUP='40')
    proc = subprocess.run([sys.executable, '-m', 'pipeline.run', '--no-cache', name + '.py'],
                          cwd=str(tmp_path), env=env, capture_output=True, text=True, timeout=300)
    golden = corpus.load(name)
    assert (proc.stdout, proc.stderr, proc.returncode) == (golden['stdout'], golden['stderr'], golden['status'])


@pytest.mark.parametrize('tier', ['0', '1', '2'])
def test_opaque_namespaces_are_pypys_default_at_tier_2_only(tier):
    """OPAQUE_NAMESPACES (every read and write of the loop) at PyPy's tier 2; OPAQUE_NAMES (loopless
    module and class bodies, functions' __module__) at its tiers 1 and 2."""
    env = dict(os.environ, PYTHONPATH=REPO, PIPELINE_TIER=tier)
    env.pop('PIPELINE_OPAQUE_GLOBALS', None)
    probe = ('import pipeline.vm; from pipeline.vm import compat; '
             'print(compat.OPAQUE_NAMESPACES, compat.OPAQUE_NAMES)')
    proc = subprocess.run([sys.executable, '-c', probe], env=env, capture_output=True, text=True, timeout=120)
    pypy = sys.implementation.name == 'pypy'
    assert proc.stdout.split() == [str(pypy and tier == '2'), str(pypy and tier != '0')], proc.stderr


def test_decode_tells_loopless_code():
    """decode's `loopless`: no backward jump (a `for`, a `while`, a comprehension's own code)."""
    import pipeline
    from pipeline.vm.decode import decoded
    module = pipeline.compile('class C:\n    x = 1\n'
                              'def f(n):\n    while n:\n        n -= 1\n'
                              'def g(n):\n    return [i for i in n] if n else None\n'
                              'y = C.x\n', 'm.py', 'exec')
    codes = {code.co_name: code for code in module.co_consts if hasattr(code, 'co_code')}
    g_codes = {code.co_name: code for code in codes['g'].co_consts if hasattr(code, 'co_code')}
    assert decoded(module).loopless and decoded(codes['C']).loopless and decoded(codes['g']).loopless
    assert not decoded(codes['f']).loopless and not decoded(g_codes['<listcomp>']).loopless


# Hot code reading the module, then new keys of the module: between the markers, PyPy's JIT
# throws away no loop that read the module dict (with the reads traced, the eval loop was one).
HOT_THEN_NEW_KEYS = '''
import __pypy__

def weigh(i):
    return i & 3

def work(n):
    t = 0
    for i in range(n):
        t += weigh(i)
    return t

warm = work(300000) + work(300000)
__pypy__.debug_start('MARKER')
__pypy__.debug_print('run')
__pypy__.debug_stop('MARKER')
result = work(300000)
also_new = result + work(300000)
print(also_new)
'''.replace('MARKER', pypy_jit.MARKER)


def _invalidated_after_hot_code(tmp_path, tier, opaque, source=HOT_THEN_NEW_KEYS, output='900000\n'):
    """Loops PyPy's JIT threw away at the new keys of `source` (a module dict's version)."""
    runs = _jit_runs(tmp_path, source, output, tier, opaque)
    return runs[0]['invalidated'].get('ModuleDictStrategy.version', 0)


def _jit_runs(tmp_path, source, output, tier, opaque):
    """bench/pypy_jit.py's runs (the stretches after the markers) of `source` run at `tier`."""
    (tmp_path / 'hot.py').write_text(textwrap.dedent(source), encoding='utf-8')
    log = tmp_path / ('%s-%s.pypylog' % (tier, opaque))
    # (the nursery set: pipeline.run does not re-execute itself, which would lose the log)
    env = dict(os.environ, PYTHONPATH=REPO, PIPELINE_TIER=tier, PYPY_GC_NURSERY=NURSERY_SIZE.decode(),
               PYPYLOG='jit-invalidate-quasi-immutable,%s:%s' % (pypy_jit.MARKER, log))
    env.pop('PIPELINE_OPAQUE_GLOBALS', None)
    if opaque is not None:
        env['PIPELINE_OPAQUE_GLOBALS'] = opaque
    proc = subprocess.run([sys.executable, '-m', 'pipeline.run', '--no-cache', 'hot.py'],
                          cwd=str(tmp_path), env=env, capture_output=True, text=True, timeout=300)
    assert proc.stdout == output, proc.stderr
    return pypy_jit.read_log(log.read_text(encoding='utf-8', errors='replace'))['runs']


@pytest.mark.skipif(sys.implementation.name != 'pypy', reason="PyPy's JIT")
def test_a_new_key_after_hot_code_invalidates_nothing_the_loop_compiled_on_pypy(tmp_path):
    """The eval loop (tier 1 here, with the calls on) does not depend on the module dict."""
    assert _invalidated_after_hot_code(tmp_path, '1', '1') == 0
    assert _invalidated_after_hot_code(tmp_path, '1', '0') > 0   # (what it would see without the calls)


# The same loopless module source run again and again in fresh module dicts (a program run again,
# as bench/vm.py's runs: classes and functions made, names bound, then hot code): between the
# markers PyPy's JIT throws away no loop at tier 1 (compat.OPAQUE_NAMES). With the module bodies'
# reads traced, bridges compiled in a run depended on that run's dict, and its next new key threw
# the eval loop away (deltablue: in most runs).
MODULES_MADE_AGAIN = '''
import __pypy__
import types

SOURCE = """
class Base:
    def __init__(self, v):
        self.v = v
    def get(self):
        return self.v
class Derived(Base):
    def get(self):
        return self.v + 1
def work(n):
    t = 0
    for i in range(n):
        t += Derived(i).get() + Base(i).get()
    return t
LATE_A, LATE_B = 1, 2
sink.append(work(300))
"""
code = compile(SOURCE, 'made', 'exec')
sink = []
for run in range(80):
    if run in (50, 79):
        __pypy__.debug_start('MARKER')
        __pypy__.debug_print('run')
        __pypy__.debug_stop('MARKER')
    namespace = types.ModuleType('made').__dict__
    namespace.update(sink=sink, __builtins__=__builtins__)
    exec(code, namespace)
print(len(sink), sink[-1])
'''.replace('MARKER', pypy_jit.MARKER)


@pytest.mark.skipif(sys.implementation.name != 'pypy', reason="PyPy's JIT")
def test_modules_made_again_invalidate_nothing_the_loop_compiled_at_tier_1_on_pypy(tmp_path):
    """Tier 1's loop does not depend on the module dicts of loopless module bodies."""
    def invalidated(opaque):
        runs = _jit_runs(tmp_path, MODULES_MADE_AGAIN, '80 90000\n', '1', opaque)
        return runs[0]['invalidated'].get('ModuleDictStrategy.version', 0)
    assert invalidated(None) == 0
    assert invalidated('0') > 0   # (what it would see without the calls)


@pytest.mark.skipif(sys.implementation.name != 'pypy', reason="PyPy's JIT")
def test_a_new_key_after_hot_compiled_code_reading_builtins_invalidates_nothing_on_pypy(tmp_path):
    """At tier 2 a trace reading only builtins, the module getting new keys after it
    (tier2.opaque_reads), does not depend on the module dict either; one reading a module global
    (`weigh`, folded) does, and is thrown away at the new key."""
    builtins_only = HOT_THEN_NEW_KEYS.replace('t += weigh(i)', 't += len(str(i & 3))')
    assert _invalidated_after_hot_code(tmp_path, '2', None, builtins_only, '600000\n') == 0
    assert _invalidated_after_hot_code(tmp_path, '2', None) > 0


@pytest.mark.parametrize('opaque', [True, False])
def test_compiled_code_is_its_own_jit_code_where_the_loop_reads_namespaces_opaquely(opaque, monkeypatch):
    """At tier 2 compiled code reads the module inline (its JIT code depends on the dict's version):
    with the loop's opaque namespaces, tier2.own_jit_code marks a trace's host function so that
    PyPy's JIT does not trace it into the loop's code (a new key would throw that away)."""
    from pipeline.vm import compat, tier2
    marked = []
    monkeypatch.setattr(compat, 'OPAQUE_NAMESPACES', opaque)
    monkeypatch.setattr(tier2, '_dont_trace_here', lambda *args: marked.append(args))

    def trace():
        return 1
    assert tier2.own_jit_code(trace) is trace
    assert marked == ([(0, False, trace.__code__)] if opaque else [])



LATE_KEYS = '''
def builtins_only(n):
    t = 0
    for i in range(n):
        t += len(str(i)) + abs(-i)
    return t

def reads_the_module(n):
    t = 0
    for i in range(n):
        t += len(str(i)) + SCALE
    return t

def items(n):
    for i in range(n):
        yield len(str(i))

SCALE = 2
first = builtins_only(300) + reads_the_module(300) + sum(items(300))
print(first)
'''


# runs a program (argv[1]) at tier 2 and prints how the traces and steps compiled read the module
COMPILED_READS = '''
import json, sys
import pipeline, pipeline.vm as vm
from pipeline.vm import tier2
namespace = {'__name__': 'late', '__builtins__': __builtins__}
vm.run_code(pipeline.compile(sys.argv[1], 'late.py', 'exec'), namespace)
print(json.dumps(sorted({(info.code.co_name, 'opaque' if 'namespace_get(glb' in info.source else 'inline')
                         for info in tier2.compiled if 'glb' in info.source})))
'''


def _compiled_reads(source):
    """[code name, 'opaque' | 'inline'] of the traces and steps tier 2 compiles running `source`
    with the loop's opaque namespaces (how each reads the program's namespaces), and its output."""
    env = dict(os.environ, PYTHONPATH=REPO, PIPELINE_TIER='2', PIPELINE_OPAQUE_GLOBALS='1',
               PIPELINE_TIER2_WARMUP='40')
    proc = subprocess.run([sys.executable, '-c', COMPILED_READS, source], env=env, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    *output, reads = proc.stdout.splitlines()
    return [tuple(pair) for pair in json.loads(reads)], output


def test_code_reading_only_builtins_reads_the_module_opaquely_where_it_will_get_new_keys():
    """Where the module's body, below the code compiled, binds a name the module does not have yet
    (LATE_KEYS' `first`), code whose reads of the module are all builtins' reads it the way the
    loop does (PyPy's JIT then keeps its JIT code across the new key: no dependency on the module
    dict's version); code reading a name the module has (SCALE) keeps its inline reads, as does
    all code when no new key follows."""
    reads, output = _compiled_reads(LATE_KEYS)
    assert output == ['47820']
    assert ('builtins_only', 'opaque') in reads and ('items', 'opaque') in reads, reads
    assert ('reads_the_module', 'inline') in reads, reads
    assert {name for name, how in reads if how == 'opaque'} == {'builtins_only', 'items'}, reads
    reads, output = _compiled_reads(LATE_KEYS.replace('first', 'SCALE'))
    assert output == ['47820']
    assert {how for _, how in reads} == {'inline'}, reads


def test_the_flag_is_read_as_a_plain_module_attribute():
    """Function() and ops.load_name read compat.OPAQUE_NAMES per call: compat has no module
    __getattr__, with which 3.11 never specialises a load of the module's attributes (each read
    was a generic lookup: ~250 host instructions, 0.5% of nqueens' warm run at tier 2)."""
    from pipeline.vm import compat
    assert '__getattr__' not in vars(compat)
    if sys.implementation.name == 'cpython' and sys.version_info[:2] == (3, 11):
        import dis
        import io
        import pipeline
        from pipeline.vm.function import Function
        code = pipeline.compile('def f():\n    pass\n', 'm.py', 'exec').co_consts[0]
        for _ in range(100):   # (warm: the adaptive interpreter specialises the loads)
            Function(code, {'__name__': 'm'})
        out = io.StringIO()
        dis.dis(Function.__init__, adaptive=True, file=out)
        loads = [line for line in out.getvalue().splitlines() if '(OPAQUE_NAMES)' in line]
        assert loads and all('LOAD_ATTR_MODULE' in line for line in loads), loads
