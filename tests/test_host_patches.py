"""The VM's patches of host functions live in one scope (vm/host_patches.py): in place while VM
code runs, the host's originals before and after."""
import builtins
import inspect
import logging
import sys
import threading
import warnings

import pytest

import pipeline
from pipeline import vm
from pipeline.vm import host_patches

PATCHED = (
    (sys, '_getframe'), (sys, '_current_frames'), (builtins, 'exec'), (builtins, 'eval'),
    (warnings, 'warn'), (inspect, 'iscode'), (logging, 'currentframe'),
)


def host_view():
    """What host code finds for each patched name right now."""
    return tuple(getattr(module, name) for module, name in PATCHED)


def run(source, namespace=None):
    namespace = namespace if namespace is not None else {'__name__': 'prog'}
    vm.run_code(pipeline.compile(source, 'prog.py', 'exec'), namespace)
    return namespace


def assert_all_replaced(seen, originals):
    for (module, name), value, original in zip(PATCHED, seen, originals):
        assert value is not original, '%s.%s is the host original while VM code runs' % (
            module.__name__, name)


def test_run_code_installs_the_patches_and_restores_the_host_originals():
    originals = host_view()
    assert not host_patches.active()
    namespace = run('seen = view()\n', {'__name__': 'prog', 'view': host_view})
    assert_all_replaced(namespace['seen'], originals)
    assert host_view() == originals
    with pytest.raises(ZeroDivisionError):   # also when the program fails
        run('view()\n1/0\n', {'__name__': 'prog', 'view': host_view})
    assert host_view() == originals and not host_patches.active()


def test_a_vm_function_called_later_from_host_code_enters_again():
    originals = host_view()
    namespace = run('def probe():\n    return view()\n'
                    'def numbers():\n    yield view()\n', {'__name__': 'prog', 'view': host_view})
    assert host_view() == originals
    assert_all_replaced(namespace['probe'](), originals)
    assert host_view() == originals
    assert_all_replaced(next(namespace['numbers']()), originals)   # a generator resumed by host code
    assert host_view() == originals


def test_a_thread_started_by_the_program_keeps_the_scope_while_it_runs():
    originals = host_view()
    go, started = threading.Event(), threading.Event()
    namespace = run('import threading\n'
                    'def work():\n    started.set()\n    go.wait(30)\n    seen.append(view())\n'
                    'seen = []\nworker = threading.Thread(target=work)\nworker.start()\n'
                    'started.wait(30)\n',
                    {'__name__': 'prog', 'view': host_view, 'go': go, 'started': started})
    try:
        assert host_patches.active()   # run_code returned; the program's thread still runs
        assert_all_replaced(host_view(), originals)
    finally:
        go.set()
        namespace['worker'].join(30)
    assert_all_replaced(namespace['seen'][0], originals)
    assert host_view() == originals and not host_patches.active()


def test_the_compiler_runs_with_the_host_originals():
    originals = host_view()
    compiler_saw = []

    def compile_source(source, filename, mode):
        compiler_saw.append(host_view())
        return pipeline.compile(source, filename, mode)

    vm.set_compiler(compile_source)
    try:
        namespace = run("exec('x = 6 * 7')\nafter = view()\n", {'__name__': 'prog', 'view': host_view})
    finally:
        vm.set_compiler(None)
    assert namespace['x'] == 42
    assert compiler_saw == [originals]
    assert_all_replaced(namespace['after'], originals)   # back in place after the compile
    assert host_view() == originals


def test_a_trace_function_left_on_at_exit_reports_nothing(tmp_path):
    """The interpreter's shutdown closes the VM's own generators while the program's trace
    function is still set: nothing of the VM's may be reported then (3.8 prints only '2')."""
    import os
    import subprocess
    script = tmp_path / 'left_on.py'
    script.write_text('import sys\nsys.settrace(lambda *a: None)\nprint(2)\n')
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    result = subprocess.run([sys.executable, '-m', 'pipeline.run', str(script)], capture_output=True,
                            text=True, env=dict(os.environ, PYTHONPATH=root), timeout=120)
    assert (result.returncode, result.stdout, result.stderr) == (0, '2\n', '')
