"""The VM's API: tracing/stats hooks, bad code objects, tracebacks, host interop details."""
import base64
import io
import os
import sys
import threading
import traceback

import pytest

from pipeline import vm
from pipeline.compiler import opcodes as O
from pipeline.compiler.code import CodeType
from tests.regen import vm as vm_cases

GOLDEN = vm_cases.load_golden()


def golden_code(name):
    return vm_cases.load_code(GOLDEN[name])


def module_code(code_bytes, consts=(None,), names=(), name='<module>'):
    return CodeType(0, 0, 0, 0, 4, 0x40, bytes(code_bytes), consts, names, (), 'bad.py', name, 1,
                    b'')


def run(code):
    namespace = {'__name__': '__main__'}
    vm.run_code(code, namespace)
    return namespace


RUN_LINE = run.__code__.co_firstlineno + 2   # the vm.run_code call


def test_generated_loops_are_current():
    """`python -m pipeline.vm.cases --check` passes: the loops match vm/instructions.py."""
    import subprocess
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    proc = subprocess.run([sys.executable, '-m', 'pipeline.vm.cases', '--check'], cwd=repo,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr + '\nrun python -m pipeline.vm.cases'


def test_cases_check_reports_a_stale_loop(tmp_path, monkeypatch):
    from pipeline.vm import cases
    outputs = cases.outputs()
    stale = tmp_path / 'eval_generated.py'
    stale.write_text('# edited by hand\n')
    monkeypatch.setattr(cases, 'outputs', lambda: dict(outputs, **{str(stale): 'the real text'}))
    assert cases.main(['--check']) == 1
    assert stale.read_text() == '# edited by hand\n'


def test_a_macro_argument_replaces_its_parameter_not_an_attribute_of_that_name():
    """A macro's parameter is replaced where it is a name, not where an attribute has its name:
    CALL_BODY(callee, dc)'s body reading the caller's `f.dc` kept it (with `\\bdc\\b` it became
    `f.func._dc`, the argument's text, and a module frame's call raised AttributeError)."""
    from pipeline.vm import cases
    generator = cases.Generator('plain', {'PROBE': ['if dc.body is not f.dc.body: dc.x = dcx + f(dc)']})
    assert generator.substitute('PROBE', ['dc'], 'func._dc') == [
        'if func._dc.body is not f.dc.body: func._dc.x = dcx + f(func._dc)']


def test_every_hook_point_is_placed_in_the_loop(monkeypatch):
    """A variant defining a hook gets it at each of its points: frame entry, each
    instruction, return/yield out of the loop, exception raise (vm/instructions.py; a point
    only tier 1's forms have, in the tier-1 loop of vm/adaptive.py)."""
    from pipeline.vm import cases, instructions
    with open(cases.SOURCE) as stream:
        bodies = cases.def_bodies(stream.read())
    with open(cases.ADAPTIVE_SOURCE) as stream:
        tier1_bodies = dict(bodies, **cases.def_bodies(stream.read()))
    hooks = {point: [] for point in instructions.HOOK_POINTS}
    monkeypatch.setitem(instructions.HOOKS, 'probe', hooks)
    texts = []
    for variant, variant_bodies in (('traced', bodies), ('adaptive', tier1_bodies)):
        for point in instructions.HOOK_POINTS:
            variant_bodies['PROBE_' + point] = ['probe_%s()' % point.lower()]
        generator = cases.Generator(variant, variant_bodies)
        generator.hooks = hooks
        substitute = generator.substitute
        monkeypatch.setattr(generator, 'substitute', lambda name, params, args, substitute=substitute,
                            variant_bodies=variant_bodies: (
            variant_bodies['PROBE_' + name] if name in hooks else substitute(name, params, args)))
        texts.append('\n'.join(generator.loop()))
        compile(texts[-1], 'loop', 'exec')   # the host's compile(), only to check the generated text parses
    text, tier1_text = texts
    for point in instructions.HOOK_POINTS:
        assert 'probe_%s()' % point.lower() in text or 'probe_%s()' % point.lower() in tier1_text, point
    assert text.count('probe_trace_call()') >= 4   # calls (positional, keywords, *args), generator resumptions
    assert text.count('probe_trace_return()') >= 4   # return, yield, yield from, inline yields


def test_every_opcode_has_one_definition():
    from pipeline.vm import fused, instructions
    defined = {inst.opcode for inst in instructions.INSTRUCTIONS.values()}
    expected = set(O.opmap.values()) - {O.EXTENDED_ARG} | set(fused.PAIRS.values())
    assert expected <= defined
    assert len(defined) == len(instructions.INSTRUCTIONS)   # no opcode defined twice
    chain = instructions.HEAD + instructions.BY_FREQUENCY
    assert len(chain) == len(set(chain)) and set(chain) <= set(instructions.INSTRUCTIONS)


def test_trace_events_and_stats():
    events = []
    out = io.StringIO()
    saved = sys.stdout
    sys.stdout = out
    try:
        with vm.hooks(trace=True, stats=True, trace_event=lambda *event: events.append(event)) as counts:
            run(golden_code('functions'))
    finally:
        sys.stdout = saved
    assert out.getvalue() == GOLDEN['functions']['stdout']
    assert counts['LOAD_FAST'] > 10 and counts['CALL_FUNCTION'] > 5
    assert sum(counts.values()) == len(events) or sum(counts.values()) >= len(events)
    filename, lineno, offset, opname, arg, stack = events[0]
    assert (filename, lineno, offset, opname) == ('prog.py', 1, 0, 'LOAD_CONST')
    assert stack == [arg]
    assert any(event[3] == 'RETURN_VALUE' for event in events)


def test_hooks_off_restores_plain_loop():
    from pipeline.vm import function, tracing
    loop = tracing.current_run_frame()   # the plain loop, or tier 1's adaptive one
    with vm.hooks(stats=True, counts={}):
        assert function.run_frame is not loop
    assert function.run_frame is loop
    assert tracing.current_run_frame() is loop


@pytest.mark.parametrize('code_bytes, consts, names, message', [
    ([255, 0], (None,), (), 'unknown opcode 255'),
    ([O.LOAD_CONST, 5, O.RETURN_VALUE, 0], (None,), (), 'LOAD_CONST argument 5 out of range'),
    ([O.LOAD_NAME, 1, O.RETURN_VALUE, 0], (None,), ('x',), 'LOAD_NAME argument 1 out of range'),
    ([O.JUMP_ABSOLUTE, 40, O.RETURN_VALUE, 0], (None,), (), 'jump target 40 out of range'),
    ([O.LOAD_CONST], (None,), (), 'even length'),
    ([O.LOAD_CONST, 0, O.POP_TOP, 0], (None,), (), 'ran past the end'),
    ([O.POP_TOP, 0, O.LOAD_CONST, 0, O.RETURN_VALUE, 0], (None,), (), 'bad stack depth (POP_TOP'),
    ([O.LOAD_CONST, 0, O.BINARY_ADD, 0, O.RETURN_VALUE, 0], (None,), (), 'bad stack depth (BINARY_ADD'),
    ([O.LOAD_CONST, 0, O.JUMP_ABSOLUTE, 0], (None,), (), 'bad stack depth'),
    ([O.EXTENDED_ARG, 1, O.LOAD_CONST, 0, O.RETURN_VALUE, 0], (None,), (), 'LOAD_CONST argument 256'),
])
def test_corrupt_code_is_a_clear_fault(code_bytes, consts, names, message):
    with pytest.raises(vm.BytecodeCorruption) as info:
        run(module_code(code_bytes, consts, names))
    assert message in str(info.value)
    assert isinstance(info.value, ValueError)


class _Tuple(tuple):
    pass


def _function_code():
    import pipeline
    module = pipeline.compile('def f(a=1, *, b=2):\n    return a + b\n', 'ok.py', 'exec')
    return next(const for const in module.co_consts if isinstance(const, CodeType))


@pytest.mark.parametrize('defaults, kwdefaults, make_arg, expected', [
    ((5,), None, 1, 7),                    # what our compiler's code makes
    (_Tuple((6,)), None, 1, 8),            # a tuple subclass: looked at in full, accepted
    ((5,), {'b': 10}, 3, 15),
    ([5], None, 1, 'MAKE_FUNCTION with a list where a defaults tuple belongs'),
    ((5,), [('b', 1)], 3, 'MAKE_FUNCTION with a list where a keyword defaults dict belongs'),
    ('code', None, 0, 'MAKE_FUNCTION with a str where a code object belongs'),
])
def test_make_function_checks_its_operands(defaults, kwdefaults, make_arg, expected):
    """MAKE_FUNCTION's operands of the types 3.8's compiler gives them make a function; anything
    else is a BytecodeCorruption (Function.__init__'s quick test, then _check_make_function)."""
    code = _function_code()
    consts = [code, 'f', None]
    code_bytes = []
    if make_arg & 1:
        consts.append(defaults)
        code_bytes += [O.LOAD_CONST, len(consts) - 1]
    if make_arg & 2:
        consts.append(kwdefaults)
        code_bytes += [O.LOAD_CONST, len(consts) - 1]
    if defaults == 'code':
        consts[0] = 'not code'
    code_bytes += [O.LOAD_CONST, 0, O.LOAD_CONST, 1, O.MAKE_FUNCTION, make_arg, O.STORE_NAME, 0,
                   O.LOAD_CONST, 2, O.RETURN_VALUE, 0]
    program = module_code(code_bytes, tuple(consts), ('f',))
    if isinstance(expected, str):
        with pytest.raises(vm.BytecodeCorruption) as info:
            run(program)
        assert expected in str(info.value)
    else:
        f = run(program)['f']
        assert (f() if make_arg & 2 else f(b=2)) == expected


def test_fault_is_not_catchable_by_program_handlers():
    # try: <fall off the end> except: pass -- the fault must not reach the program's handler
    code_bytes = [O.SETUP_FINALLY, 4, O.LOAD_CONST, 0, O.POP_TOP, 0]
    with pytest.raises(vm.BytecodeCorruption):
        run(module_code(code_bytes))


def test_traceback_has_program_frames_only():
    with pytest.raises(KeyError) as info:
        run(golden_code('uncaught'))
    entries = traceback.extract_tb(info.value.__traceback__)
    program = [(entry.filename, entry.lineno, entry.name) for entry in entries
               if entry.filename == 'prog.py']
    assert program == [('prog.py', 5, '<module>'), ('prog.py', 2, 'a'), ('prog.py', 4, 'b')]
    vm_dir = os.path.dirname(vm.__file__)
    # as exec() adds no entry, run_code's own shows only where a bare raise keeps it (hosts
    # before 3.11), and there at the call that ran the program, never at a re-raise
    machinery = [entry for entry in entries if entry.filename.startswith(vm_dir)]
    expected = [] if sys.version_info >= (3, 11) and sys.implementation.name == 'cpython' else ['run_code']
    assert [entry.name for entry in machinery] in (expected, ['run_code'])
    assert all('raise' not in entry.line for entry in machinery)
    if sys.implementation.name == 'cpython':
        assert [entry.name for entry in machinery] == expected
    text = ''.join(traceback.format_exception(type(info.value), info.value, info.value.__traceback__))
    assert '^' not in text


def test_recursion_error_not_host_crash():
    namespace = run(golden_code('recursion'))
    assert 'r' in namespace
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(100)
    try:
        with pytest.raises(RecursionError):
            namespace['r'](0)
    finally:
        sys.setrecursionlimit(limit)


def test_functions_usable_from_host_threads_and_keys():
    namespace = run(golden_code('functions'))
    fib = namespace['fibc']
    results = []
    thread = threading.Thread(target=lambda: results.append(fib(30)))
    thread.start()
    thread.join()
    assert results == [832040]
    assert sorted([3, 1, 2], key=namespace['lam']) == [1, 2, 3]
    assert repr(namespace['h']).startswith('<function h at ')
    assert type(namespace['h']).__name__ == 'function'


def test_exc_info_seen_by_host_code_called_from_handler():
    import pickle
    source = GOLDEN['exceptions']
    namespace = {'__name__': '__main__'}
    seen = []
    namespace['probe_hook'] = lambda: seen.append(sys.exc_info()[0])
    # a handler body calling host code: the host sees the VM's handled exception
    from tests.regen.vm import load_code
    code = load_code(GOLDEN['host_probe']) if 'host_probe' in GOLDEN else None
    if code is None:
        pytest.skip('host_probe golden missing')
    vm.run_code(code, namespace)
    assert seen == [ZeroDivisionError, None]
    del pickle, source


STDLIB_DECODE = r"""
import marshal, os, sys
lib = os.path.dirname(os.__file__)
for name in sorted(os.listdir(lib))[:60]:
    if name.endswith('.py'):
        try:
            code = compile(open(os.path.join(lib, name), encoding='utf-8').read(), name, 'exec')
        except Exception:
            continue
        data = marshal.dumps(code)
        sys.stdout.buffer.write(len(data).to_bytes(4, 'little') + data)
"""


def test_real_code_objects_pass_validation(oracle):
    """Every code object of 3.8's stdlib modules decodes (no false corruption reports)."""
    import subprocess
    from pipeline.compiler import marshal
    from pipeline.vm.decode import decode
    data = subprocess.run([oracle, '-c', STDLIB_DECODE], capture_output=True, check=True).stdout
    position = 0
    count = 0
    while position < len(data):
        size = int.from_bytes(data[position:position + 4], 'little')
        work = [marshal.loads(data[position + 4:position + 4 + size])]
        position += 4 + size
        while work:
            code = work.pop()
            decode(code)
            count += 1
            work.extend(const for const in code.co_consts if isinstance(const, CodeType))
    assert count > 1000


COMPILE = r"""
import marshal, sys
source, mode = sys.stdin.read(), sys.argv[1]
sys.stdout.buffer.write(marshal.dumps(compile(source, '<string>', mode)))
"""


def oracle_compile(oracle, source, mode):
    import subprocess
    from pipeline.compiler import marshal
    data = subprocess.run([oracle, '-c', COMPILE, mode], input=source.encode(), capture_output=True,
                          check=True).stdout
    return marshal.loads(data)


def test_print_expr_in_single_mode(oracle, capsys):
    namespace = {'x': 5}
    vm.run_code(oracle_compile(oracle, 'x * 2', 'single'), namespace)
    assert capsys.readouterr().out == '10\n'
    assert namespace['__builtins__'] is not None


def test_eval_code_returns_the_value(oracle):
    code = oracle_compile(oracle, '[n * n for n in range(4)]', 'eval')
    assert vm.eval_code(code, {}) == [0, 1, 4, 9]
    assert vm.eval_code(oracle_compile(oracle, 'a + b', 'eval'), {}, {'a': 1, 'b': 2}) == 3


def test_exec_and_eval_of_strings_use_the_installed_compiler(oracle):
    compiled = []

    def compile_source(source, filename, mode):
        compiled.append((source, mode))
        return oracle_compile(oracle, source, mode)

    program = oracle_compile(oracle, "exec('y = 6 * 7')\nz = eval('y + 1')\n"
                                     "def f():\n    v = 3\n    return eval('v * 2')\nw = f()\n", 'exec')
    vm.set_compiler(compile_source)
    try:
        namespace = run(program)
    finally:
        vm.set_compiler(None)
    assert (namespace['y'], namespace['z'], namespace['w']) == (42, 43, 6)
    assert [mode for _, mode in compiled] == ['exec', 'eval', 'eval']


def test_generator_resumed_by_host_and_vm_alternately(oracle):
    code = oracle_compile(oracle, "def g():\n    for i in range(6):\n        yield i\n"
                                  "it = g()\nfirst = next(it)\nrest = []\nfor v in it:\n"
                                  "    rest.append(v)\n    if v == 2:\n        break\n"
                                  "tail = list(it)\n", 'exec')
    namespace = run(code)
    assert (namespace['first'], namespace['rest'], namespace['tail']) == (0, [1, 2], [3, 4, 5])


WARN_PROGRAM = '''\
import warnings
def inner(level):
    warnings.warn('w%d' % level, stacklevel=level)
def outer(level):
    inner(level)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter('always')
    for level in (1, 2, 3, 4):
        outer(level)
    warnings.warn(DeprecationWarning('as instance'))
    try:
        warnings.warn('x', 5)
    except TypeError as exc:
        error = str(exc)
seen = [(w.category.__name__, str(w.message), w.filename, w.lineno) for w in caught]
'''


def test_warnings_warn_from_vm_code_names_the_program_frame(oracle):
    namespace = run(oracle_compile(oracle, WARN_PROGRAM, 'exec'))
    assert namespace['seen'] == [('UserWarning', 'w1', '<string>', 3),
                                 ('UserWarning', 'w2', '<string>', 5),
                                 ('UserWarning', 'w3', '<string>', 9),
                                 ('UserWarning', 'w4', 'sys', 1),
                                 ('DeprecationWarning', 'as instance', '<string>', 10)]
    assert namespace['error'] == "category must be a Warning subclass, not 'int'"
    assert isinstance(namespace['__warningregistry__'], dict)


def test_inspect_sees_vm_functions_generators_and_source(tmp_path):
    import inspect
    import types
    import pipeline
    from pipeline.vm import hostcalls
    source = 'def numbers(a, b=2):\n    """Doc."""\n    yield a\n'
    path = tmp_path / 'numbers_module.py'
    path.write_text(source)
    namespace = {'__name__': 'numbers_module'}
    vm.run_code(pipeline.compile(source, str(path), 'exec'), namespace)
    numbers = namespace['numbers']
    assert type(numbers) is vm.Function and isinstance(numbers, types.FunctionType)
    assert inspect.isfunction(numbers) and inspect.isgeneratorfunction(numbers)
    assert inspect.isgenerator(numbers(1)) and not inspect.isgenerator(numbers)
    # host inspect reads VM functions while VM code runs (vm/host_patches.py installs iscode)
    probe = {'__name__': 'probe', 'numbers': numbers, 'host_code': probe_host_code_objects}
    vm.run_code(pipeline.compile('import inspect\nsource = inspect.getsource(numbers)\n'
                                 'file = inspect.getsourcefile(numbers)\n'
                                 'codes = (inspect.iscode(numbers.__code__), inspect.iscode(host_code.__code__),'
                                 ' inspect.iscode(numbers))\n', 'probe.py', 'exec'), probe)
    assert probe['source'] == source and probe['file'] == str(path)
    assert probe['codes'] == (True, True, False)
    assert inspect.iscode is hostcalls._host_iscode[0]   # the host's own again


def probe_host_code_objects():
    pass


def test_compile_builtin_uses_the_installed_compiler(oracle):
    program = oracle_compile(oracle, "import ast\nc = compile('v = 5', 'f.py', 'exec')\nexec(c)\n"
                                     "t = compile('w = 1', 'f.py', 'exec', ast.PyCF_ONLY_AST)\n"
                                     "e = eval(compile('v * 2', '<e>', 'eval'))\n", 'exec')
    vm.set_compiler(lambda source, filename, mode: oracle_compile(oracle, source, mode))
    try:
        namespace = run(program)
    finally:
        vm.set_compiler(None)
    assert isinstance(namespace['c'], CodeType) and namespace['v'] == 5 and namespace['e'] == 10
    assert type(namespace['t']).__name__ == 'Module'   # ONLY_AST: the host's compile
    namespace = run(program)   # no compiler installed: host code objects
    assert not isinstance(namespace['c'], CodeType) and namespace['e'] == 10


def test_stack_introspection_from_vm_code_sees_vm_frames(oracle):
    program = oracle_compile(oracle, "import inspect, traceback\ndef where():\n"
                                     "    return (traceback.extract_stack(), inspect.currentframe(),\n"
                                     "            inspect.stack(), traceback.format_stack(limit=1))\n"
                                     "summary, frame, records, text = where()\n", 'exec')
    namespace = run(program)
    # the VM frames, then (as for CPython's exec) the host frames that ran the program
    assert [(s.filename, s.lineno, s.name) for s in namespace['summary']][-3:] == [
        (__file__, RUN_LINE, 'run'), ('<string>', 5, '<module>'), ('<string>', 3, 'where')]
    assert namespace['frame'].f_code.co_name == 'where'
    assert [(r.function, r.lineno) for r in namespace['records']][:3] == [
        ('where', 4), ('<module>', 5), ('run', RUN_LINE)]
    assert namespace['text'] == ['  File "<string>", line 4, in where\n']   # as 3.8


def _host_library_deprecated():
    import warnings
    warnings.warn('host library warning', DeprecationWarning, stacklevel=2)


def test_host_code_warning_about_its_vm_caller_names_the_program_line(oracle):
    import warnings
    program = oracle_compile(oracle, "import warnings\nwith warnings.catch_warnings(record=True) as seen:\n"
                                     "    warnings.simplefilter('always')\n    deprecated()\n"
                                     "    warnings.warn('direct')\n", 'exec')
    saved = warnings.warn
    namespace = {'__name__': '__main__', 'deprecated': _host_library_deprecated}
    vm.run_code(program, namespace)
    assert warnings.warn is saved   # the host's own again after the run
    with warnings.catch_warnings(record=True) as host_seen:   # non-VM callers: unchanged
        warnings.simplefilter('always')
        _host_library_deprecated()
    assert [(str(w.message), w.filename, w.lineno) for w in namespace['seen']] == [
        ('host library warning', '<string>', 4), ('direct', '<string>', 5)]
    assert [(w.filename, w.lineno) for w in host_seen] == [(__file__, _line_of_host_call())]


def _line_of_host_call():
    import inspect
    source, first = inspect.getsourcelines(test_host_code_warning_about_its_vm_caller_names_the_program_line)
    return first + next(n for n, line in enumerate(source) if line.strip() == '_host_library_deprecated()')


def test_vm_function_raising_to_host_code_leaves_no_vm_entry(oracle):
    """Host code (pytest, pluggy) calling a VM function sees its exception's traceback as it
    would a native function's: the caller, then the function's own entries, none of vm/'s."""
    program = oracle_compile(oracle, "def inner(x):\n    return 1 / x\n"
                                     "def outer(x):\n    return inner(x)\n", 'exec')
    namespace = run(program)
    with pytest.raises(ZeroDivisionError) as info:
        namespace['outer'](0)
    entries = [(entry.filename, entry.name) for entry in traceback.extract_tb(info.value.__traceback__)]
    this = sys._getframe().f_code.co_name
    assert entries == [(__file__, this), ('<string>', 'outer'), ('<string>', 'inner')]
    # sorted() calling it: C code adds no entry, and neither does the VM
    with pytest.raises(ZeroDivisionError) as info:
        sorted([0], key=namespace['outer'])
    entries = [(entry.filename, entry.name) for entry in traceback.extract_tb(info.value.__traceback__)]
    assert entries == [(__file__, this), ('<string>', 'outer'), ('<string>', 'inner')]


# A caller's line as seen from code that host code runs for it (an operator's dunder method, a
# comparison through warnings' stacklevel), at every tier, a tier-2 trace included; 3.8.18's
# output for the program.
CALLER_LINES = '''\
import sys, warnings
class X:
    def __add__(self, o):
        return sys._getframe(1).f_lineno
    def __eq__(self, o):
        warnings.warn('eq', stacklevel=2)
        return True
x = X()
def f():
    total = 0
    for k in range(300):
        a = len('ab')
        total += x + 1
    return total
print(f() / 300)
def g():
    n = len('abc')
    return x == 1
warnings.simplefilter('always')
g()
'''
CALLER_LINES_38 = ('13.0\n', 'prog.py:18: UserWarning: eq\n  return x == 1\n')


@pytest.mark.parametrize('tier', ['0', '1', '2'])
def test_a_callers_line_seen_from_a_dunder_method(tier, tmp_path):
    """The loop writes its position to the frame only at calls: the stack walker reads it from
    the loop (or the tier-2 trace) when host code reached another way asks for a line."""
    import subprocess
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    (tmp_path / 'prog.py').write_text(CALLER_LINES)
    env = dict(os.environ, PYTHONPATH=repo, PIPELINE_TIER=tier, PIPELINE_TIER2_WARMUP='20')
    done = subprocess.run([sys.executable, '-m', 'pipeline.run', 'prog.py'], cwd=str(tmp_path), env=env,
                          capture_output=True, text=True, timeout=120)
    assert (done.stdout, done.stderr) == CALLER_LINES_38


SIGNATURES = '''
import functools, inspect
def deco(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs)
    return wrapper
@deco
def f(a, b: int = 1, *args, c, d=2, **kw) -> str: pass
def g(x, /, y=3, *, z): pass
class C:
    def m(self, p, q=1): pass
    @deco
    def w(self, r): pass
print(inspect.signature(f), inspect.signature(g), inspect.signature(C.m), inspect.signature(C().w))
print(inspect.signature(functools.partial(g, 1)), inspect.signature(lambda u, v=2: u))
class MySig(inspect.Signature): pass
print(type(MySig.from_callable(g)).__name__)
g.__signature__ = inspect.Signature()
print(inspect.signature(g))
del g.__signature__
print(inspect.signature(g), inspect.getfullargspec(g), inspect.getcallargs(g, 1, z=2))
code = compile('x = 1', 'not_a_file.py', 'exec')
print(inspect.getsourcefile(code), inspect.getmodule(code), hasattr(code, '__module__'))
try:
    inspect.getsource(code)
except OSError as exc:
    print('OSError', exc)
'''


def test_inspect_signature_of_vm_functions_as_38(oracle, tmp_path):
    """inspect reads a VM function's code object as a host function's: decorated functions
    (functools.wraps) give the wrapped one's signature, Signature subclasses are kept; a
    code object compiled from a string has no module, and so no source."""
    import subprocess
    (tmp_path / 'sigs.py').write_text(SIGNATURES)
    env = dict(os.environ, PYTHONPATH=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    native = subprocess.run([oracle, 'sigs.py'], cwd=str(tmp_path), capture_output=True, text=True)
    ours = subprocess.run([sys.executable, '-m', 'pipeline.run', 'sigs.py'], cwd=str(tmp_path),
                          env=env, capture_output=True, text=True)
    assert native.returncode == 0, native.stderr
    assert (ours.stdout, ours.stderr) == (native.stdout, native.stderr)
    assert '(a, b: int = 1, *args, c, d=2, **kw) -> str' in ours.stdout
