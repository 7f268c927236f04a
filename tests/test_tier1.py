"""Tier 1 of the VM (vm/specialize.py, vm/adaptive.py): quickening, specialisation, misses,
deoptimisation with backoff, and the switches (PIPELINE_TIER, --tier, --stats)."""
import os
import subprocess
import sys
import traceback

import pytest

import pipeline
from pipeline import vm
from pipeline.vm import adaptive, cases, specialize, tiers

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture
def tier1():
    """Run at tier 1 for the test, with fresh statistics."""
    saved = tiers.tier
    vm.set_tier(1)
    specialize.STATS.clear()
    try:
        yield specialize
    finally:
        vm.set_tier(saved)


def run_source(source, namespace=None):
    namespace = {'__name__': '__main__'} if namespace is None else namespace
    vm.run_code(pipeline.compile(source, '<tier1>', 'exec'), namespace)
    return namespace


def quickened_names(function):
    return [specialize.opname(opcode) for opcode, _ in function._dc.quick]


def test_specialised_forms_fall_back_to_the_generic_body_written_once():
    """Each specialised form's miss path is the generic instruction's own text (GENERIC)."""
    with open(cases.SOURCE) as stream:
        bodies = cases.def_bodies(stream.read())
    with open(cases.ADAPTIVE_SOURCE) as stream:
        bodies.update(cases.def_bodies(stream.read()))
    generator = cases.Generator('adaptive', bodies)
    for name, instruction in adaptive.INSTRUCTIONS.items():
        if name.startswith('COMPARE_'):   # a comparison by operator: no guard, no fallback
            assert instruction.body is not None and instruction.family == 'COMPARE_OP'
            continue
        text = '\n'.join(generator.body(name))
        text += ''.join('\n'.join(bodies[macro]) for macro in cases.I.MACROS if macro + '(' in text)
        assert 'GENERIC(%s)' % instruction.generic in text, name
        expanded = '\n'.join(line.strip() for line in generator.expand(generator.body(name)))
        generic = '\n'.join(line.strip() for line in generator.expand(generator.body(instruction.generic)))
        assert generic in expanded, name


def test_every_tier1_instruction_is_dispatched_and_opcodes_are_free():
    from pipeline.compiler import opcodes as O
    chain = adaptive.HEAD + adaptive.BY_FREQUENCY
    assert len(chain) == len(set(chain))
    assert set(adaptive.INSTRUCTIONS) <= set(chain)
    used = set(O.opmap.values())
    for instruction in adaptive.INSTRUCTIONS.values():
        assert instruction.opcode not in used and 0 < instruction.opcode < 256


def call_sites(function):
    return [index for index, site in enumerate(function._dc.sites)
            if site is not None and site.generic == 131]


def test_warm_up_then_specialise(tier1):
    ns = run_source('def f(n):\n    t = 0\n    for k in range(n):\n        t += len(str(k))\n'
                    '    return t\n')
    f = ns['f']
    assert f(3) == 3
    assert f(50) == 90
    names = quickened_names(f)
    assert 'LOAD_GLOBAL_BUILTIN' in names and 'CALL_FUNCTION_HOST' in names
    assert 'LOAD_GLOBAL' not in names and 'CALL_FUNCTION' not in names


def test_misses_deoptimise_with_backoff_and_respecialise(tier1):
    ns = run_source('def f(fn, n):\n    out = []\n    for k in range(n):\n        out.append(fn(k))\n'
                    '    return out\n'
                    'def g(v):\n    return -v\n')
    f, g = ns['f'], ns['g']
    assert f(abs, 10) == list(range(10))
    assert 'CALL_FUNCTION_HOST' in quickened_names(f)
    assert f(g, 60) == [-k for k in range(60)]          # a VM function: every call a miss
    assert specialize.STATS['CALL_FUNCTION'][3] >= specialize.MISS_LIMIT
    assert specialize.STATS['CALL_FUNCTION'][4] == 1    # one deopt
    index = call_sites(f)[-1]                           # fn(k); the first is range(n)
    assert specialize.opname(f._dc.quick[index][0]) == 'CALL_FUNCTION_ADAPTIVE'
    site = f._dc.sites[index]
    assert 1 <= site.backoff < 5                        # (failed attempts since the deopt: g again)
    assert f(str, 40) == [str(k) for k in range(40)]   # specialised again after the backoff
    assert specialize.opname(f._dc.quick[index][0]) == 'CALL_FUNCTION_HOST'


def test_a_site_that_never_fits_ends_generic(tier1):
    ns = run_source('def h(x):\n    return x\n'
                    'def f(n):\n    for k in range(n):\n        h(k)\n')
    ns['f'](2 ** (specialize.BACKOFF_LIMIT + 1) + 10)
    assert 'CALL_FUNCTION' in quickened_names(ns['f'])   # VM calls: the generic form is the fast one


def test_rebinding_a_global_to_an_intercepted_builtin(tier1):
    # `globals` is intercepted (it must return the VM frame's globals): a specialised host
    # call site must not call it directly
    ns = run_source('def f(fn, n):\n    r = None\n    for k in range(n):\n        r = fn()\n    return r\n'
                    'marker = 1\n')
    assert ns['f'](dict, 20) == {}
    assert 'marker' in ns['f'](globals, 3)


def test_one_argument_type_is_a_direct_host_call(tier1):
    # `type` is intercepted for type(name, bases, ns) (its __module__); type(x) is not changed
    # by that, so its site specialises to CALL_FUNCTION_HOST
    ns = run_source('def f(values):\n    n = 0\n    for v in values:\n'
                    '        if type(v) is int:\n            n += 1\n    return n\n'
                    'def g(n):\n    return [type(k) for k in range(n)]\n'
                    'def h(name, fn):\n    for k in range(3):\n        c = fn(name, (), {})\n    return c\n')
    assert ns['f']([1, 'a', 2, 3.0] * 10) == 20
    assert 'CALL_FUNCTION_HOST' in quickened_names(ns['f'])
    assert 'CALL_FUNCTION_ADAPTIVE' not in quickened_names(ns['f'])
    assert specialize.STATS['CALL_FUNCTION'][3] == 0            # no misses
    assert ns['h']('C', type).__module__ == '__main__'         # 3 arguments: still intercepted
    assert ns['h']('D', type).__module__ == '__main__'


def test_traceback_and_lines_from_a_specialised_call(tier1):
    source = ('def f(values):\n    total = 0\n    for v in values:\n'
              '        total += abs(v)\n    return total\n')
    ns = run_source(source)
    assert ns['f']([1, -2] * 20) == 60
    with pytest.raises(TypeError) as info:
        ns['f']([1, 'x'])
    entries = traceback.extract_tb(info.value.__traceback__)
    assert (entries[-1].name, entries[-1].lineno) == ('f', 4)
    if sys.implementation.name != 'pypy':   # (PyPy's abs() raises its own message, tests/hosts.py)
        assert str(info.value) == "bad operand type for abs(): 'str'"


def test_traced_loop_runs_unquickened(tier1):
    ns = run_source('def f(n):\n    for k in range(n):\n        len("ab")\n')
    ns['f'](20)
    events = []
    with vm.hooks(trace=True, trace_event=lambda *event: events.append(event[3])):
        ns['f'](2)
    assert 'LOAD_GLOBAL' in events and 'CALL_FUNCTION' in events
    assert not any(name.endswith(('_HOST', '_MODULE', '_BUILTIN', '_ADAPTIVE')) for name in events)


def test_tier0_quickens_nothing():
    saved = tiers.tier
    vm.set_tier(0)
    try:
        ns = run_source('def f(n):\n    for k in range(n):\n        len("ab")\n')
        ns['f'](50)
        assert ns['f']._dc.quick is None
    finally:
        vm.set_tier(saved)


def _run(args, env_tier=None):
    env = dict(os.environ, PYTHONPATH=ROOT)
    env.pop('PIPELINE_TIER', None)
    if env_tier is not None:
        env['PIPELINE_TIER'] = env_tier
    return subprocess.run([sys.executable, '-m', 'pipeline.run'] + args, capture_output=True,
                          text=True, env=env, timeout=120)


PROGRAM = ('import sys\ndef f():\n    for k in range(30):\n        len(str(k))\nf()\n'
           'print(sys.modules["pipeline.vm.tiers"].tier)\n')


def test_tier_switches():
    # the default: 2 on every host (PyPy's too since session 20)
    assert _run(['-c', PROGRAM]).stdout == '2\n'
    assert _run(['-c', PROGRAM], env_tier='').stdout == _run(['-c', PROGRAM]).stdout
    assert _run(['-c', PROGRAM], env_tier='0').stdout == '0\n'
    assert _run(['--tier', '1', '-c', PROGRAM], env_tier='0').stdout == '1\n'
    assert _run(['--tier=0', '-c', PROGRAM]).stdout == '0\n'
    assert _run(['--tier=2', '-c', PROGRAM], env_tier='1').stdout == '2\n'
    bad = _run(['--tier', '7', '-c', PROGRAM])
    assert bad.returncode == 2 and '--tier must be 0, 1 or 2' in bad.stderr


def test_stats_reports_families_at_tier1():
    result = _run(['--stats', '--tier', '1', '-c', PROGRAM])
    opcodes, _, families = result.stderr.partition('specialization statistics (tier 1)\n')
    assert 'CALL_FUNCTION_HOST' in opcodes and 'LOAD_GLOBAL_BUILTIN' in opcodes
    rows = {line.split()[0]: [int(x) for x in line.split()[1:]] for line in families.splitlines()[1:]}
    attempts, successes, failures, hits, misses, deopts = rows['LOAD_GLOBAL']
    assert attempts >= 2 and successes >= 2 and hits >= 50 and misses == 0 and deopts == 0
    plain = _run(['--stats', '--tier', '0', '-c', PROGRAM])
    assert 'specialization statistics' not in plain.stderr and 'CALL_FUNCTION ' in plain.stderr


def test_dis_adaptive_shows_quickened_instructions(tmp_path):
    script = tmp_path / 'prog.py'
    script.write_text('def f(n):\n    t = 0\n    for k in range(n):\n        if k < 5:\n'
                      '            t += len(str(k))\n    return t\nprint(f(100))\n')
    env = dict(os.environ, PYTHONPATH=ROOT)
    result = subprocess.run([sys.executable, '-m', 'pipeline.dis', '--adaptive', str(script)],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0 and result.stdout.startswith('5\n')
    lines = result.stdout.splitlines()
    assert any('LOAD_GLOBAL_BUILTIN      1 (len)' in line for line in lines)
    assert any('CALL_FUNCTION_HOST       1' in line for line in lines)
    assert any('COMPARE_JUMP_IF_FALSE_LT     0 (<)' in line for line in lines)
    plain = subprocess.run([sys.executable, '-m', 'pipeline.dis', str(script)],
                           capture_output=True, text=True, env=env, timeout=120).stdout
    assert len(plain.splitlines()) == len(lines) - 1      # the same rows, program output aside
