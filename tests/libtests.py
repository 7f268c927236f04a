"""`python -m tests.libtests pyc|vm [MODULES...]`: CPython 3.8's own Lib/test modules, our way.

pyc (compiler acceptance 3): each module's .pyc is compiled by our pipeline, CPython 3.8 runs it
    (`python3.8 -m test -v MOD` semantics, through test.libregrtest), and the results must equal
    those of the same run with CPython's own .pyc.
vm  (VM acceptance 2): the test package (the module, test.support, test.libregrtest...) is
    compiled by our pipeline and executed by our VM (`python3.8 -m pipeline.run --path SHADOW`),
    unittest and the rest of the stdlib native; results must equal the native run's. (A module
    whose test_main runs unittest and then doctests stops at a unittest failure, as regrtest
    does natively: its doctests then count 0, and the report adds a doctest-only rerun.)
    Without --vm-stdlib, doctest itself is native, so its exec() runs the examples' own code
    natively (only the test module's functions they call are in the VM); with --vm-stdlib
    doctest runs in the VM and so do the examples: the faithful run for doctest modules.

Both run in a shadow copy of the oracle's `test` package (a tree of real directories holding
symlinks to the oracle's files), so nothing is ever written into the oracle's stdlib. In pyc
mode the module's `__pycache__/MOD.cpython-38.pyc` is an unchecked-hash .pyc (CPython never
recompiles it); a driver checks before the run that the module's `__cached__` holds exactly our
bytes, and records every source compile the import system makes: a module that CPython compiled
itself is reported. The other modules of the test package that the native run imports
(test.support, test.libregrtest, helpers such as ann_module) get our .pycs too, unless
--no-helpers; the report counts how many were really loaded from them. In vm mode the driver
checks that the module's loader is our PipelineLoader and its functions are the VM's. A module
whose check fails is never counted identical.

    python -m tests.libtests pyc                       # default module list, -j 2
    python -m tests.libtests vm                        # VM_MODULES (44), -j 2
    python -m tests.libtests vm test_grammar -t 900    # one module, 15 min timeout
    python -m tests.libtests vm --vm-stdlib            # unittest & co. in the VM too
    python -m tests.libtests pyc --extended            # and 65 more modules
    python -m tests.libtests pyc --keep DIR            # keep shadows and DIR/MOD.KIND.out
"""
import argparse
import collections
import concurrent.futures
import os
import re
import subprocess
import sys
import tempfile
import time
from typing import Dict, List, Optional, Tuple

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

PYC_MODULES = [
    'test_grammar', 'test_syntax', 'test_scope', 'test_exceptions', 'test_raise', 'test_with',
    'test_contextlib', 'test_generators', 'test_coroutines', 'test_asyncgen',
    'test_named_expressions', 'test_positional_only_arg', 'test_keywordonlyarg', 'test_fstring',
    'test_unpack_ex', 'test_class', 'test_super', 'test_dictcomps', 'test_setcomps',
    'test_listcomps', 'test_genexps', 'test_decorators', 'test_peepholer', 'test_sys_settrace',
]
# the 21 modules, and test_syntax; then modules of language semantics, each quick to run
# in the VM, that give native's results (sessions 12 and 13)
VM_MODULES = PYC_MODULES[:22] + [
    'test_opcodes', 'test_unary', 'test_augassign', 'test_bool', 'test_exception_variations',
    'test_global', 'test_baseexception', 'test_property', 'test_richcmp', 'test_contextlib_async',
    'test_iter', 'test_extcall', 'test_abc', 'test_keyword', 'test_print', 'test_int_literal',
    'test_string_literals', 'test_frame', 'test_dataclasses', 'test_enum', 'test_typing',
    'test_dynamic',
]
# --extended: more modules whose code is mostly language semantics, each quick to run
EXTENDED_MODULES = [
    'test_dis', 'test_compile', 'test_opcodes', 'test_unary', 'test_augassign', 'test_bool',
    'test_funcattrs', 'test_string_literals', 'test_types', 'test_inspect', 'test_traceback',
    'test_frame', 'test_trace', 'test_bdb', 'test_keyword', 'test_print', 'test_property',
    'test_descr', 'test_dataclasses', 'test_typing', 'test_enum', 'test_collections',
    'test_itertools', 'test_functools', 'test_long', 'test_float', 'test_int_literal',
    'test_pow', 'test_complex', 'test_iter', 'test_exception_variations', 'test_global',
    'test_string', 'test_format', 'test_unicode', 'test_re', 'test_builtin',
    'test_pdb', 'test_sys', 'test_contextlib_async', 'test_abc', 'test_baseexception',
    'test_call', 'test_extcall', 'test_defaultdict', 'test_dict', 'test_list', 'test_tuple',
    'test_set', 'test_slice', 'test_sort', 'test_richcmp', 'test_operator', 'test_math',
    'test_statistics', 'test_fractions', 'test_decimal', 'test_textwrap', 'test_pprint',
    # the tools that watch a program (issue #10): tracing, profiling, debugging, doctest, warnings
    'test_sys_settrace', 'test_sys_setprofile', 'test_profile', 'test_cprofile', 'test_doctest',
    'test_warnings',
]

# Runs in CPython 3.8: checks our .pyc is what gets imported, then test.libregrtest -v MOD.
PYC_DRIVER = r'''
import atexit, importlib, os, sys
import importlib._bootstrap_external as external
shadow, module_name, expected_pyc = sys.argv[1:4]
sys.path.insert(0, shadow)
# the recorder lives in importlib's own namespace, so that tracers which skip importlib's
# frames (bdb's skip=['importlib*'], as test_bdb uses) skip it too
exec("""
_libtests_compiled_from_source = []
_libtests_source_to_code = SourceFileLoader.source_to_code
def _libtests_recording_source_to_code(self, data, path, *, _optimize=-1):
    _libtests_compiled_from_source.append(path)   # no calls: tracers would see them
    return _libtests_source_to_code(self, data, path, _optimize=_optimize)
SourceFileLoader.source_to_code = _libtests_recording_source_to_code
""", vars(external))
compiled_from_source = external._libtests_compiled_from_source
source = os.path.join(shadow, 'test', module_name + '.py')
if not os.path.lexists(source):   # a package (test_warnings)
    source = os.path.join(shadow, 'test', module_name, '__init__.py')
module = importlib.import_module('test.' + module_name)
try:
    with open(module.__cached__, 'rb') as stream:
        cached = stream.read()
except OSError:
    cached = None
with open(expected_pyc, 'rb') as stream:
    expected = stream.read()
problems = []
if os.path.abspath(module.__file__) != source:
    problems.append('__file__ is %s' % module.__file__)
if cached != expected:
    problems.append('%s does not hold the expected bytes' % module.__cached__)
package_dir = os.path.join(shadow, 'test') + os.sep
def report():
    if source in compiled_from_source:
        problems.append('CPython compiled %s from source' % source)
    helpers = sorted(os.path.relpath(path, shadow) for path in set(compiled_from_source)
                     if path.startswith(package_dir) and path != source)
    print('LIBTESTS-LOADED %s %s' % (module.__cached__, '; '.join(problems) or 'OK'), flush=True)
    print('LIBTESTS-SOURCE-COMPILED %s' % ' '.join(helpers), flush=True)
atexit.register(report)
sys.argv[1:] = ['-v', module_name]
from test.libregrtest import main
main()
'''

# Runs in our VM: checks the module is ours, then test.libregrtest -v MOD (also in the VM).
VM_DRIVER = r'''
import importlib, sys, types
module_name = sys.argv[1]
module = importlib.import_module('test.' + module_name)
loader = type(module.__spec__.loader).__name__
vm_types, native = set(), []
for value in list(vars(module).values()):
    if getattr(value, '__module__', None) != module.__name__:
        continue   # imported, not defined by the module
    members = list(vars(value).values()) if isinstance(value, type) else [value]
    for member in members:
        if not (callable(member) and hasattr(member, '__code__')):
            continue
        if type(member) in (types.FunctionType, types.MethodType):
            if member.__code__.co_filename == module.__file__:   # not e.g. unittest's wrappers
                native.append(member.__qualname__)
        else:
            vm_types.add(type(member).__name__)
import unittest
print('LIBTESTS-VM loader=%s vm_function_types=%s native_functions=%s unittest_loader=%s' % (
    loader, ','.join(sorted(vm_types)), ','.join(native) or 'none',
    type(unittest.__spec__.loader).__name__), flush=True)
sys.argv[1:] = ['-v', module_name]
from test.libregrtest import main
main()
'''

# Runs natively or in our VM: only the module's doctests (for a module whose unittest half failed,
# which makes regrtest stop before them).
DOCTEST_DRIVER = r'''
import importlib, re, sys
from test import support
module = importlib.import_module('test.' + sys.argv[1])
print('LIBTESTS-DOCTESTS loader=%s' % type(module.__spec__.loader).__name__, flush=True)
try:
    failed, tried = support.run_doctest(module, False)
except support.TestFailed as exc:
    failed, tried = map(int, re.match(r'(\d+) of (\d+)', str(exc)).groups())
print('LIBTESTS-DOCTESTS-RESULT %d %d' % (tried, failed), flush=True)
'''

COUNT_FIELDS = ('ran', 'failures', 'errors', 'skipped', 'expected failures',
                'unexpected successes', 'doctests', 'doctests failed')


class Result:
    """One run of one module: counts, regrtest's verdict, failing tests and their first lines."""

    def __init__(self, module: str, kind: str) -> None:
        self.module = module
        self.kind = kind
        self.counts: Dict[str, int] = {field: 0 for field in COUNT_FIELDS}
        self.verdict = 'NO RESULT'
        self.failed: Dict[str, str] = {}   # test id -> first error line
        self.check = ''                    # the driver's check line (is it ours?)
        self.helpers: List[str] = []       # test package modules CPython compiled from source
        self.seconds = 0.0
        self.returncode: Optional[int] = None
        self.output = ''

    def key(self) -> tuple:
        return tuple(self.counts[field] for field in COUNT_FIELDS) + (self.verdict,)

    def summary(self) -> str:
        counts = self.counts
        text = '%d run, %d fail, %d err, %d skip' % (counts['ran'], counts['failures'],
                                                      counts['errors'], counts['skipped'])
        if counts['expected failures'] or counts['unexpected successes']:
            text += ', %d xfail, %d xpass' % (counts['expected failures'],
                                               counts['unexpected successes'])
        if counts['doctests']:
            text += ', %d doctests (%d failed)' % (counts['doctests'], counts['doctests failed'])
        return text


_RAN = re.compile(r'^Ran (\d+) tests? in ', re.M)
_STATUS = re.compile(r'^(OK|FAILED)(?: \((.*)\))?$', re.M)
_DOCTEST_TOTAL = re.compile(r'^(\d+) tests? in \d+ items?\.$', re.M)
_DOCTEST_PASSED = re.compile(r'^(\d+) passed and (\d+) failed\.$', re.M)
_DOCTEST_RESULT = re.compile(r'^LIBTESTS-DOCTESTS-RESULT (\d+) (\d+)$', re.M)
_VERDICT = re.compile(r'^== Tests result: (.*) ==$', re.M)
_BLOCK_HEAD = re.compile(r'^(FAIL|ERROR|UNEXPECTED SUCCESS): (\S+) \(([\w.]+)\)(.*)$', re.M)
_DOCTEST_FAILURE = re.compile(r'^File "[^"]*", line (\S+), in (\S+)\nFailed example:\n((?:    .*\n)+)',
                              re.M)
_SEPARATOR = '-' * 70
_ADDRESS = re.compile(r'0x[0-9a-f]+')


def exception_line(traceback_text: str) -> str:
    """The first line of the (last) exception in a printed traceback."""
    lines = [line for line in traceback_text.splitlines() if line.strip()]
    starts = [index for index, line in enumerate(lines) if line.startswith('Traceback (')]
    body = lines[starts[-1] + 1 if starts else 0:]
    for index, line in enumerate(body):
        if not line.startswith(' '):
            if ':' not in line and index and not body[index - 1].lstrip().startswith('File '):
                return '%s at: %s' % (line.strip(), body[index - 1].strip())   # a bare assert
            return line.strip()
    return lines[-1].strip() if lines else ''


def parse_output(result: Result, output: str) -> None:
    """Fill `result` from test.libregrtest -v output."""
    result.output = output
    counts = result.counts
    counts['ran'] = sum(int(number) for number in _RAN.findall(output))
    for _, details in _STATUS.findall(output):
        for item in filter(None, (part.strip() for part in details.split(','))):
            name, _, number = item.partition('=')
            name = name.replace('_', ' ')
            if name in counts and number.isdigit():
                counts[name] += int(number)
    counts['doctests'] = sum(int(number) for number in _DOCTEST_TOTAL.findall(output))
    counts['doctests failed'] = sum(int(failed) for _, failed in _DOCTEST_PASSED.findall(output))
    for tried, failed in _DOCTEST_RESULT.findall(output):   # the doctest-only driver's
        counts['doctests'], counts['doctests failed'] = int(tried), int(failed)
    verdicts = _VERDICT.findall(output)
    if verdicts:
        result.verdict = verdicts[-1]
    for match in _BLOCK_HEAD.finditer(output):
        block = output[match.end():]
        body = block.split(_SEPARATOR, 2)
        text = body[1] if len(body) > 1 else ''
        text = text.split('=' * 70, 1)[0]
        result.failed['%s %s.%s%s' % match.group(1, 3, 2, 4)] = exception_line(text)
    for match in _DOCTEST_FAILURE.finditer(output):
        first = match.group(3).splitlines()[0].strip()
        result.failed['DOCTEST %s line %s: %s' % (match.group(2), match.group(1), first)] = first
    checks = [line for line in output.splitlines() if line.startswith((
        'LIBTESTS-LOADED', 'LIBTESTS-VM', 'LIBTESTS-DOCTESTS loader'))]
    result.check = checks[0] if checks else 'no check line (the driver did not get that far)'
    for line in output.splitlines():
        if line.startswith('LIBTESTS-SOURCE-COMPILED'):
            result.helpers = line.split()[1:]


# -- the shadow test package ---------------------------------------------------------------

def make_shadow(root: str, stdlib: str) -> str:
    """A copy of stdlib's test package under `root`: real directories, symlinked files."""
    source_root = os.path.join(stdlib, 'test')
    for directory, subdirs, files in os.walk(source_root):
        subdirs[:] = [name for name in subdirs if name != '__pycache__']
        relative = os.path.relpath(directory, source_root)
        target = os.path.normpath(os.path.join(root, 'test', relative))
        os.makedirs(target, exist_ok=True)
        for name in files:
            link = os.path.join(target, name)
            if not os.path.lexists(link):
                os.symlink(os.path.join(directory, name), link)
    os.makedirs(os.path.join(root, 'test', '__pycache__'), exist_ok=True)
    return root


def module_source(root: str, module: str) -> str:
    """test/MODULE.py under root, or test/MODULE/__init__.py for a package (test_warnings)."""
    path = os.path.join(root, 'test', module + '.py')
    if os.path.lexists(path):
        return path
    return os.path.join(root, 'test', module, '__init__.py')


def cached_pyc(shadow: str, module: str) -> str:
    directory, name = os.path.split(module_source(shadow, module))
    return os.path.join(directory, '__pycache__', name[:-3] + '.cpython-38.pyc')


def compile_ours(shadow: str, stdlib: str, module: str) -> Tuple[bool, str]:
    """Our unchecked-hash .pyc of test/MODULE.py, in the shadow's __pycache__."""
    cfile = cached_pyc(shadow, module)
    os.makedirs(os.path.dirname(cfile), exist_ok=True)
    return compile_file_ours(module_source(stdlib, module), cfile)


def compile_file_ours(real: str, cfile: str) -> Tuple[bool, str]:
    """Our unchecked-hash .pyc of the source `real` at `cfile`; (ok, error text)."""
    proc = subprocess.run([sys.executable, '-m', 'pipeline.compile', '-d', real,
                           '--invalidation-mode', 'unchecked-hash', '-o', cfile, real],
                          capture_output=True, text=True, cwd=ROOT, timeout=1800)
    return proc.returncode == 0, proc.stderr[-2000:]


def compile_helpers_ours(shadow: str, stdlib: str, results: List['Result'],
                         pool: concurrent.futures.Executor) -> List[str]:
    """Our .pycs of the test package's other modules the native runs compiled; failures."""
    helpers = sorted({path for result in results for path in result.helpers})
    def compile_helper(relative: str) -> Tuple[str, bool, str]:
        directory, name = os.path.split(relative)
        cfile = os.path.join(shadow, directory, '__pycache__', name[:-3] + '.cpython-38.pyc')
        os.makedirs(os.path.dirname(cfile), exist_ok=True)
        return (relative,) + compile_file_ours(os.path.join(stdlib, relative), cfile)
    return ['%s: %s' % (relative, error.strip().splitlines()[-1:])
            for relative, ok, error in pool.map(compile_helper, helpers) if not ok]


def compile_native(python: str, shadow: str, stdlib: str, modules: List[str]) -> None:
    """CPython 3.8's own unchecked-hash .pycs (py_compile), same dfile as ours."""
    script = ('import py_compile, sys\nfor real, cfile in zip(sys.argv[1::2], sys.argv[2::2]):\n'
              '    py_compile.compile(real, cfile, dfile=real, doraise=True, invalidation_mode='
              'py_compile.PycInvalidationMode.UNCHECKED_HASH)\n')
    args = []
    for module in modules:
        cfile = cached_pyc(shadow, module)
        os.makedirs(os.path.dirname(cfile), exist_ok=True)
        args += [module_source(stdlib, module), cfile]
    subprocess.run([python, '-c', script] + args, check=True, timeout=600)


# Runs in CPython 3.8: are two .pycs' code objects the same in every co_* field, recursively?
SAME_CODE = r'''
import marshal, sys, types
FIELDS = ('co_argcount', 'co_posonlyargcount', 'co_kwonlyargcount', 'co_nlocals',
          'co_stacksize', 'co_flags', 'co_code', 'co_names', 'co_varnames', 'co_freevars',
          'co_cellvars', 'co_filename', 'co_name', 'co_firstlineno', 'co_lnotab')
def norm(value):
    if isinstance(value, types.CodeType):
        return ('code',) + tuple(norm(getattr(value, field)) for field in FIELDS) + (
            tuple(norm(const) for const in value.co_consts),)
    if isinstance(value, (tuple, frozenset)):
        items = [norm(item) for item in value]
        return (type(value).__name__, tuple(sorted(items, key=repr)) if isinstance(
            value, frozenset) else tuple(items))
    if isinstance(value, float) or isinstance(value, complex):
        return (type(value).__name__, repr(value))
    return (type(value).__name__, value)
for ours, native in zip(sys.argv[1::2], sys.argv[2::2]):
    a, b = (open(path, 'rb').read() for path in (ours, native))
    print('same' if a[:16] == b[:16] and norm(marshal.loads(a[16:])) == norm(marshal.loads(b[16:]))
          else 'differ')
'''


def same_code(python: str, pairs: List[Tuple[str, str]]) -> List[bool]:
    """For each (ours, native) .pyc pair: same header and the same code objects, field by field."""
    args = [path for pair in pairs for path in pair]
    proc = subprocess.run([python, '-c', SAME_CODE] + args, capture_output=True, text=True,
                          timeout=600)
    return [line == 'same' for line in proc.stdout.split()] + [False] * len(pairs)


def run_process(command: List[str], result: Result, timeout: float, cwd: str) -> Result:
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE='1', PYTHONIOENCODING='utf-8')
    env.pop('PYTHONPATH', None)
    start = time.time()
    try:
        proc = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              timeout=timeout, cwd=cwd, env=env)
        output = proc.stdout.decode('utf-8', 'replace')
        result.returncode = proc.returncode
    except subprocess.TimeoutExpired as exc:
        output = (exc.stdout or b'').decode('utf-8', 'replace')
        result.returncode = None
    parse_output(result, output)
    if result.returncode is None:
        result.verdict = 'TIMEOUT after %ds' % timeout
    result.seconds = time.time() - start
    return result


# -- the two measurements -----------------------------------------------------------------

def run_pyc(python: str, stdlib: str, modules: List[str], jobs: int, timeout: float,
            workdir: str, with_helpers: bool = True) -> List[Tuple[Result, Result]]:
    native_shadow = make_shadow(os.path.join(workdir, 'native'), stdlib)
    our_shadow = make_shadow(os.path.join(workdir, 'ours'), stdlib)
    compile_native(python, native_shadow, stdlib, modules)
    driver = os.path.join(workdir, 'pyc_driver.py')
    with open(driver, 'w') as stream:
        stream.write(PYC_DRIVER)
    run_dir = os.path.join(workdir, 'cwd')
    os.makedirs(run_dir, exist_ok=True)
    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        # natively first: that tells which helper modules of the test package each one imports
        natives = list(pool.map(lambda module: run_process(
            [python, driver, native_shadow, module, cached_pyc(native_shadow, module)],
            Result(module, 'native'), timeout, run_dir), modules))
        compiled = dict(zip(modules, pool.map(lambda module: compile_ours(our_shadow, stdlib,
                                                                          module), modules)))
        helper_failures = compile_helpers_ours(our_shadow, stdlib, natives, pool) \
            if with_helpers else []
        futures = {module: pool.submit(
            run_process, [python, driver, our_shadow, module, cached_pyc(our_shadow, module)],
            Result(module, 'ours'), timeout, run_dir)
            for module in modules if compiled[module][0]}
        pairs = []
        for native, module in zip(natives, modules):
            if module in futures:
                ours = futures[module].result()
            else:
                ours = Result(module, 'ours')
                ours.verdict = 'COMPILE FAILED'
                ours.check = (compiled[module][1].strip().splitlines() or [''])[-1]
            pairs.append((native, ours))
    for failure in helper_failures:
        sys.stdout.write('helper module not compiled by us: %s\n' % failure)
    checked = [module for module in modules if compiled[module][0]]
    verdicts = dict(zip(checked, same_code(python, [
        (cached_pyc(our_shadow, module), cached_pyc(native_shadow, module))
        for module in checked])))
    for native, ours in pairs:
        with open(cached_pyc(native_shadow, native.module), 'rb') as stream:
            native_bytes = stream.read()
        path = cached_pyc(our_shadow, ours.module)
        ours.bytes_identical = os.path.exists(path) and open(path, 'rb').read() == native_bytes
        ours.code_identical = verdicts.get(ours.module, False)
    return pairs


def run_vm(python: str, stdlib: str, modules: List[str], jobs: int, timeout: float,
           workdir: str, vm_stdlib: bool = False) -> List[Tuple[Result, Result]]:
    native_shadow = make_shadow(os.path.join(workdir, 'native'), stdlib)
    vm_shadow = make_shadow(os.path.join(workdir, 'vm'), stdlib)
    compile_native(python, native_shadow, stdlib, modules)
    driver_dir = os.path.join(workdir, 'driver')
    os.makedirs(driver_dir, exist_ok=True)
    pyc_driver = os.path.join(workdir, 'pyc_driver.py')
    with open(pyc_driver, 'w') as stream:
        stream.write(PYC_DRIVER)
    vm_driver = os.path.join(driver_dir, 'vm_driver.py')
    with open(vm_driver, 'w') as stream:
        stream.write(VM_DRIVER)
    run_dir = os.path.join(workdir, 'cwd')
    os.makedirs(run_dir, exist_ok=True)
    runner = [python, '-c', 'import sys; sys.path.insert(0, %r); import runpy; '
              'runpy.run_module("pipeline.run", run_name="__main__", alter_sys=True)' % ROOT]
    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        futures = {}
        # the slow VM runs first, so that the native ones fill the gaps
        for module in modules:
            futures[module, 'vm'] = pool.submit(
                run_process, runner + ['--path', vm_shadow] + ['--vm-stdlib'] * vm_stdlib +
                [vm_driver, module],
                Result(module, 'vm'), timeout, run_dir)
        for module in modules:
            futures[module, 'native'] = pool.submit(
                run_process, [python, pyc_driver, native_shadow, module,
                              cached_pyc(native_shadow, module)],
                Result(module, 'native'), timeout, run_dir)
        pairs = [(futures[module, 'native'].result(), futures[module, 'vm'].result())
                 for module in modules]
        doctest_driver = os.path.join(driver_dir, 'doctest_driver.py')
        with open(doctest_driver, 'w') as stream:
            stream.write(DOCTEST_DRIVER)
        reruns = {}
        for native, ours in pairs:
            if native.counts['doctests'] and not ours.counts['doctests']:
                reruns[native.module] = (
                    pool.submit(run_process, [python, doctest_driver, native.module],
                                Result(native.module, 'native doctests'), timeout, native_shadow),
                    pool.submit(run_process, runner + ['--path', vm_shadow] +
                                ['--vm-stdlib'] * vm_stdlib + [doctest_driver, native.module],
                                Result(native.module, 'vm doctests'), timeout, run_dir))
        for native, ours in pairs:
            if native.module in reruns:
                ours.doctest_rerun = tuple(future.result() for future in reruns[native.module])
        return pairs


def identical(native: Result, ours: Result) -> bool:
    """Same counts, verdict and failing tests, from runs that got to a verdict, ours checked."""
    return native.verdict in ('SUCCESS', 'FAILURE') and native.key() == ours.key() and \
        set(native.failed) == set(ours.failed) and really_ours(ours)


def really_ours(result: Result) -> bool:
    """Did the driver confirm that our .pyc (pyc) or our VM (vm) ran the module?"""
    if result.kind == 'ours':
        return result.check.startswith('LIBTESTS-LOADED') and result.check.endswith(' OK')
    if result.kind == 'vm':
        return 'loader=PipelineLoader' in result.check and 'native_functions=none' in result.check
    return True


def report(pairs: List[Tuple[Result, Result]], mode: str, out=sys.stdout) -> int:
    """The per-module table, then every difference; the number of differing modules."""
    label = 'ours (.pyc)' if mode == 'pyc' else 'our VM'
    out.write('%-24s %-62s %-62s %s\n' % ('module', 'native', label, 'same'))
    totals = {'native': Result('', ''), 'ours': Result('', '')}
    differing = 0
    for native, ours in pairs:
        same = identical(native, ours)
        differing += not same
        for name, result in (('native', native), ('ours', ours)):
            for field in COUNT_FIELDS:
                totals[name].counts[field] += result.counts[field]
        extra = ''
        if mode == 'pyc':
            extra = ' (code %s CPython\'s, bytes %s)' % (
                '==' if getattr(ours, 'code_identical', False) else '!=',
                '==' if getattr(ours, 'bytes_identical', False) else '!=')
        out.write('%-24s %-62s %-62s %s%s\n' % (
            native.module, '%s [%s]' % (native.summary(), native.verdict),
            '%s [%s]' % (ours.summary(), ours.verdict), 'yes' if same else 'NO', extra))
    out.write('%-24s %-62s %-62s %d/%d identical\n' % (
        'TOTAL', totals['native'].summary(), totals['ours'].summary(),
        len(pairs) - differing, len(pairs)))
    out.write('\nchecks that our code really ran:\n')
    for native, ours in pairs:
        out.write('  %-22s %s  (%.0fs)\n' % (ours.module, ours.check, ours.seconds))
        if mode == 'pyc':
            out.write('  %-22s other test-package modules: %d imported, from our .pyc: %d%s\n' % (
                '', len(native.helpers), len(set(native.helpers) - set(ours.helpers)),
                '; compiled by CPython: ' + ' '.join(ours.helpers) if ours.helpers else ''))
    for native, ours in pairs:
        if identical(native, ours):
            continue
        out.write('\n== %s: native %s [%s]; ours %s [%s]\n' % (
            native.module, native.summary(), native.verdict, ours.summary(), ours.verdict))
        only_ours = sorted(set(ours.failed) - set(native.failed))
        causes = collections.Counter(_ADDRESS.sub('0x...', ours.failed[test_id])
                                     for test_id in only_ours)
        for cause, count in causes.most_common():
            if count > 1:
                out.write('  %3d x %s\n' % (count, cause))
        for test_id in only_ours:
            out.write('  only ours:   %s: %s\n' % (test_id, ours.failed[test_id]))
        for test_id in sorted(set(native.failed) - set(ours.failed)):
            out.write('  only native: %s: %s\n' % (test_id, native.failed[test_id]))
        rerun = getattr(ours, 'doctest_rerun', None)
        if rerun:
            native_doctests, vm_doctests = rerun
            out.write('  doctests alone (regrtest stopped before them): native %d (%d failed), '
                      'ours %d (%d failed) [%s]\n' % (
                          native_doctests.counts['doctests'],
                          native_doctests.counts['doctests failed'],
                          vm_doctests.counts['doctests'], vm_doctests.counts['doctests failed'],
                          vm_doctests.check))
            for test_id in sorted(set(vm_doctests.failed) - set(native_doctests.failed)):
                out.write('  only ours:   %s: %s\n' % (test_id, vm_doctests.failed[test_id]))
        if not ours.failed and ours.output:
            tail = [line for line in ours.output.splitlines() if line.strip()][-8:]
            out.write('  last lines of ours:\n' + ''.join('    %s\n' % line for line in tail))
    return differing


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog='python -m tests.libtests', description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('mode', choices=('pyc', 'vm'))
    parser.add_argument('modules', nargs='*', help='Lib/test modules (default: the acceptance list)')
    parser.add_argument('--extended', action='store_true',
                        help='also the %d modules of EXTENDED_MODULES' % len(EXTENDED_MODULES))
    parser.add_argument('-j', '--jobs', type=int, default=2)
    parser.add_argument('-t', '--timeout', type=float, default=600,
                        help='seconds per module run (default 600)')
    parser.add_argument('--no-helpers', action='store_true',
                        help='pyc mode: only the module itself is ours, not test.support etc.')
    parser.add_argument('--vm-stdlib', action='store_true',
                        help='vm mode: pure-Python stdlib modules (unittest...) in the VM too')
    parser.add_argument('--keep', metavar='DIR', help='work in DIR and keep it (outputs, shadows)')
    args = parser.parse_intermixed_args(argv)
    from tests.oracle import REASON, oracle_python, oracle_stdlib
    python = oracle_python()
    if python is None:
        sys.stderr.write(REASON + '\n')
        return 2
    modules = list(args.modules or (PYC_MODULES if args.mode == 'pyc' else VM_MODULES))
    if args.extended:
        modules += [module for module in EXTENDED_MODULES if module not in modules]
    if args.mode == 'pyc':
        def measure(*arguments):
            return run_pyc(*arguments, with_helpers=not args.no_helpers)
    else:
        def measure(*arguments):
            return run_vm(*arguments, vm_stdlib=args.vm_stdlib)
    if args.keep:
        args.keep = os.path.abspath(args.keep)   # the drivers compare absolute paths
        os.makedirs(args.keep, exist_ok=True)
        pairs = measure(python, oracle_stdlib(), modules, args.jobs, args.timeout, args.keep)
    else:
        with tempfile.TemporaryDirectory(prefix='libtests-') as workdir:
            pairs = measure(python, oracle_stdlib(), modules, args.jobs, args.timeout, workdir)
    if args.keep:
        for pair in pairs:
            for result in pair:
                with open(os.path.join(args.keep, '%s.%s.out' % (result.module, result.kind)),
                          'w') as stream:
                    stream.write(result.output)
    return 1 if report(pairs, args.mode) else 0


if __name__ == '__main__':
    sys.exit(main())
