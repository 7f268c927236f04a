"""`python -m pipeline.run FILE [ARGS...]`: run a program with our compiler and our VM, like python3.8.

    python -m pipeline.run [OPTIONS] FILE [ARGS...]     a .py script, or a 3.8 .pyc file
    python -m pipeline.run [OPTIONS] -c CODE [ARGS...]
    python -m pipeline.run [OPTIONS] -m MODULE [ARGS...]
    python -m pipeline.run [OPTIONS] [-]                the script on stdin (a REPL when stdin is a terminal)
    python -m pipeline.run -i                           interactive REPL (mode 'single'), whatever stdin is

OPTIONS:
    -h, --help            print this message and exit
    -V, --version         print the Python version this implements (3.8's) and exit
    --trace               print every executed instruction and the value stack (stderr)
    --stats               print how many times each opcode ran, at exit (stderr); at tier 1
                          also each specialisation family's attempts, hits, misses, deopts
    --tier N              0: the plain eval loop; 1: the adaptive one; 2: adaptive, hot loops
                          compiled to host code (default: PIPELINE_TIER, else 2)
    --compiler NAME       'pipeline' (ours, default) or 'oracle' (CPython 3.8's, via python3.8)
    --path DIR            also compile and run modules found in DIR through the VM (repeatable)
    --vm-stdlib           pure-Python stdlib modules go through the VM too (3.8 hosts only)
    --no-cache            don't write __pycache__/*.pipeline-38.pyc files

Uncaught exceptions are shown in CPython 3.8's format; exit statuses are CPython's.
"""
if __name__ == '__main__':
    # first, before the imports: on PyPy this process is replaced once by itself with a
    # bigger GC nursery (pipeline/pypy_nursery.py)
    from pipeline.pypy_nursery import relaunch_with_big_nursery
    relaunch_with_big_nursery()

import atexit
import gc
import importlib.machinery
import os
from _signal import SIGINT   # the C module alone: signal.py builds its enums (start-up)
import sys
import types
from typing import Any, Callable, List, Optional, Union

from . import report_hooks
from .compiler.code import CodeType
from .vm import hostbuiltins
from .vm.importer import PipelineLoader

# The driver runs on the program's behalf after it (the uncaught exception's report, the exit):
# the host's builtins, whatever the program rebinds (3.8's driver is C), and what it runs then
# imported here (an import statement calls the builtins module's __import__)
hostbuiltins.bind(globals())

USAGE = 'usage: python -m pipeline.run [-h] [-V] [-i] [--trace] [--stats] [--tier N] [--compiler NAME] [--path DIR] ' \
        '[--vm-stdlib] [--no-cache] [-c CODE | -m MODULE | FILE | -] [ARGS...]\n'
VERSION = 'Python 3.8.18'   # the CPython release whose behaviour this reproduces
# CPython 3.8's .pyc magic (compiler/marshal.py's MAGIC_NUMBER; that module, like the
# traceback printer, is imported only when a .pyc or an error needs it: start-up weight)
MAGIC_NUMBER = (3413).to_bytes(2, 'little') + b'\r\n'
HALF_MAGIC = MAGIC_NUMBER[:2]

# runpy's frames that CPython 3.8 shows above a `-m` module's own (runpy.py, 3.8.18).
_RUNPY_FRAMES = (
    (194, '_run_module_as_main', 'return _run_code(code, main_globals, None,'),
    (87, '_run_code', 'exec(code, run_globals)'),
)


def runpy_entries() -> list:
    """Traceback entries of runpy that CPython 3.8 shows above a module run by -m or as a directory."""
    runpy_path = os.path.join(os.path.dirname(os.__file__), 'runpy.py')
    return [(runpy_path, lineno, name, line) for lineno, name, line in _RUNPY_FRAMES]


class Options:
    """The command line, parsed: what to run and how."""

    def __init__(self) -> None:
        self.trace = False
        self.stats = False
        self.tier: Optional[int] = None
        self.compiler = 'pipeline'
        self.paths: List[str] = []
        self.vm_stdlib = False
        self.write_cache = True
        self.inspect = False
        self.help = False
        self.version = False
        self.command: Optional[str] = None
        self.module: Optional[str] = None
        self.filename: Optional[str] = None
        self.args: List[str] = []


class UsageError(Exception):
    """A bad command line."""


def parse_args(argv: List[str]) -> Options:
    """Options from argv (without the program name); everything after the target is the program's."""
    options = Options()
    index = 0
    while index < len(argv):
        arg = argv[index]
        index += 1
        if arg in ('-h', '-?', '--help'):
            options.help = True
            return options
        elif arg in ('-V', '--version'):
            options.version = True
            return options
        elif arg == '-i':
            options.inspect = True
        elif arg == '--trace':
            options.trace = True
        elif arg == '--stats':
            options.stats = True
        elif arg == '--vm-stdlib':
            options.vm_stdlib = True
        elif arg == '--no-cache':
            options.write_cache = False
        elif arg in ('--compiler', '--path', '--tier') or arg.startswith(('--compiler=', '--path=', '--tier=')):
            name, _, value = arg.partition('=')
            if not _:
                if index >= len(argv):
                    raise UsageError('Argument expected for the %s option' % name)
                value = argv[index]
                index += 1
            if name == '--tier':
                if value not in ('0', '1', '2'):
                    raise UsageError('--tier must be 0, 1 or 2')
                options.tier = int(value)
            elif name == '--compiler':
                if value not in ('pipeline', 'oracle'):
                    raise UsageError("--compiler must be 'pipeline' or 'oracle'")
                options.compiler = value
            else:
                options.paths.append(value)
        elif arg in ('-c', '-m'):
            if index >= len(argv):
                raise UsageError('Argument expected for the %s option' % arg)
            if arg == '-c':
                options.command = argv[index]
                options.args = ['-c'] + argv[index + 1:]
            else:
                options.module = argv[index]
                options.args = argv[index + 1:]
            return options
        elif arg.startswith('-c') or arg.startswith('-m'):
            return parse_args(argv[:index - 1] + [arg[:2], arg[2:]] + argv[index:])
        elif arg == '--':
            if index < len(argv):
                options.filename = argv[index]
                options.args = argv[index:]
            return options
        elif arg.startswith('-') and arg != '-':
            raise UsageError('Unknown option: %s' % arg)
        else:
            options.filename = arg
            options.args = argv[index - 1:]
            return options
    options.args = ['']
    return options


def decode_script(data: bytes, filename: str) -> str:
    """A script file's text, with the errors 3.8's file tokenizer gives (tokenizer.c decoding_fgets)."""
    from .tokenizer.source import decode_file
    return decode_file(data, filename)


def get_compiler(name: str) -> Callable[[str, str, str], CodeType]:
    """compile(source, filename, mode) -> CodeType for --compiler NAME."""
    if name == 'oracle':
        from .oracle_compiler import OracleCompiler
        return OracleCompiler()
    return compile_with_pipeline


def compile_with_pipeline(source: Any, filename: str, mode: str, *, frame_depth: int = 2) -> CodeType:
    """Our compiler, imported when something is first compiled (a .pyc run never needs it);
    also for a tree of the host's ast nodes (made by host code: pytest's rewriter). With the
    host's builtins in place of a program's rebound ones (3.8's compile() is C): those the host
    patches' suspend() has not taken back already (the REPL's compiles between statements)."""
    program_builtins = hostbuiltins.take_back()
    try:
        from .compiler import compile
        from .host_ast import convert, is_host_ast
        return compile(convert(source) if is_host_ast(source) else source, filename, mode,
                       frame_depth=frame_depth)
    finally:
        hostbuiltins.give_back(program_builtins)


def source_text(data: bytes) -> str:
    """importlib's decode_source for the import hook's get_source (the tokenizer's Lib/tokenize
    face, imported when a program first asks for a module's source)."""
    from .tokenizer.api import source_text as decode
    return decode(data)


def get_vm():
    """The VM package (pipeline.vm)."""
    from . import vm
    return vm


def bytecode_corruption_type():
    """The VM's fault class for unrunnable bytecode (kept apart from program exceptions), if any."""
    try:
        from .vm.errors import BytecodeCorruption
    except ImportError:
        return None
    return BytecodeCorruption


# -- exit statuses, as Python/pythonrun.c ------------------------------------------------

def as_file_tokenizer_reports(exc: SyntaxError, data: bytes) -> None:
    """Make a SyntaxError at the end of the input what 3.8 reports for a script file, which
    it reads through the file tokenizer (PyRun_FileExFlags), not compile()'s string one:
    there "unexpected EOF" is on the line after the last, with no text and the last line's
    byte length + 1 as offset, and an unterminated triple-quoted string one or two lines
    further on (two when the file ends with a newline)."""
    if exc.msg == 'unexpected EOF while parsing':
        lines = data.splitlines()
        exc.lineno = len(lines) + 1
        exc.offset = len(lines[-1]) + 1 if lines else 1
        exc.text = ''
    elif exc.msg == 'EOF while scanning triple-quoted string literal' and exc.lineno is not None:
        exc.lineno += 2 if data.endswith((b'\n', b'\r')) else 1


def _flush_standard_streams() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except Exception:
            pass


def exit_status_of_system_exit(exc: SystemExit) -> int:
    """The process status for SystemExit, printing a non-int code to stderr (handle_system_exit)."""
    code = exc.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    _flush_standard_streams()
    try:
        sys.stderr.write(str(code) + '\n')
    except Exception:
        pass
    return 1


def report_uncaught(exc: BaseException, prefix=()) -> None:
    """Show an uncaught exception: the program's sys.excepthook if it set one, else 3.8's format."""
    traceback_format = report_hooks.printer()
    exc.__traceback__ = traceback_format.program_traceback(exc.__traceback__)
    sys.last_type, sys.last_value, sys.last_traceback = type(exc), exc, exc.__traceback__
    hook = sys.excepthook
    if hook is not sys.__excepthook__ and hook is not None:
        try:
            hook(type(exc), exc, exc.__traceback__)
            return
        except SystemExit:
            raise
        except BaseException as hook_error:
            _flush_standard_streams()
            sys.stderr.write('Error in sys.excepthook:\n')
            traceback_format.print_exception(hook_error)
            sys.stderr.write('\nOriginal exception was:\n')
    traceback_format.print_exception(exc, prefix=prefix)


def handle_exception(exc: BaseException, prefix=()) -> int:
    """Exit status for an exception escaping the program; prints what CPython prints."""
    if isinstance(exc, SystemExit):
        return exit_status_of_system_exit(exc)
    try:
        report_uncaught(exc, prefix)
    except SystemExit as inner:
        return exit_status_of_system_exit(inner)
    if isinstance(exc, KeyboardInterrupt):
        return -SIGINT   # 3.8 re-raises SIGINT so that shells see 130
    return 1


_REFCOUNTED = hasattr(sys, 'getrefcount')


def _release(namespace: dict, key) -> None:
    """namespace[key] = None. 3.8 finalizes the old value there and then if that was its last
    reference; a host without reference counting (PyPy) would finalize it at some later
    collection, in any order, so there a value with a finalizer is collected at once."""
    value = namespace[key]
    namespace[key] = None
    if not _REFCOUNTED and (hasattr(type(value), '__del__') or hasattr(value, 'gi_frame')):
        del value
        gc.collect()


def _clear_module_dict(namespace: dict) -> None:
    """as _PyModule_ClearDict: names with one leading underscore first, then all but __builtins__."""
    for key in list(namespace):
        if isinstance(key, str) and key[:1] == '_' and key[1:2] != '_' and namespace[key] is not None:
            _release(namespace, key)
    for key in list(namespace):
        if key != '__builtins__' and namespace[key] is not None:
            _release(namespace, key)


_MODULE_DICT = vars(types.ModuleType)['__dict__']


def _module_namespace(module: Any) -> Optional[dict]:
    """The dict of a module in sys.modules (None for what is no module, as PyModule_Check), read
    without its class's attribute hooks (typing's deprecated submodules, a program's module
    class: Python code)."""
    if not issubclass(type(module), types.ModuleType):
        return None
    return _MODULE_DICT.__get__(module)


def finalize_program() -> None:
    """The program's part of Py_FinalizeEx, while the VM is still intact: wait for threads, run
    atexit functions, then clear the program's modules (those our loader ran, newest first, and
    __main__ last, as 3.8 would free them) so that finalizers of VM objects run now, while
    the VM works, not during the host's own teardown.

    Where the program has rebound builtins and runs no other thread, threading._shutdown
    and the atexit functions registered before it ran (the host's site) run with the host's
    builtins in place: 3.8 runs its threading.py's _shutdown (which calls list()) only if the
    program imported threading, which the host always has; the atexit functions registered
    since (report_hooks.ExitCallback: the program's, its stdlib modules') and the finalizers
    run with the program's."""
    threading = sys.modules.get('threading')
    if threading is not None:
        program_builtins = hostbuiltins.take_back()
        try:
            threading._shutdown()   # type: ignore[attr-defined]
        except BaseException:   # as wait_for_thread_shutdown: reported, never raised
            sys.stderr.write('Exception ignored on threading shutdown:\n')
            more_builtins = hostbuiltins.take_back()   # (the host's traceback module)
            try:
                hostbuiltins.machinery_import('traceback').print_exc()
            finally:
                hostbuiltins.give_back(more_builtins)
        finally:
            hostbuiltins.give_back(program_builtins)
    report_hooks.PROGRAM_BUILTINS[0] = hostbuiltins.take_back()
    try:
        atexit._run_exitfuncs()
    finally:
        hostbuiltins.give_back(report_hooks.PROGRAM_BUILTINS[0])
        report_hooks.PROGRAM_BUILTINS[0] = None
    _flush_standard_streams()
    namespaces = [_module_namespace(module) for name, module in list(sys.modules.items())
                  if name != '__main__']
    modules = [namespace for namespace in namespaces if namespace is not None and
               issubclass(type(namespace.get('__loader__')), PipelineLoader)]
    main = _module_namespace(sys.modules.get('__main__'))
    if main is not None and main is not globals():
        modules.insert(0, main)   # (not this module itself: no program ran)
    for namespace in reversed(modules[1:] if modules and modules[0] is main else modules):
        _clear_module_dict(namespace)
    if modules and modules[0] is main:
        # 3.8 frees __main__'s namespace as garbage: its values go in insertion order
        namespace = main
        for key in list(namespace):
            if key != '__builtins__':
                _release(namespace, key)
    gc.collect()
    _flush_standard_streams()


def exit_process(status: int) -> None:
    """Exit with `status`; a negative one (SIGINT after KeyboardInterrupt) kills like CPython.
    The program is over: the host's builtins are put back for good (PyPy's own exit is Python
    code that reads them; 3.8's is C)."""
    hostbuiltins.take_back()
    _flush_standard_streams()
    if status == -SIGINT:
        try:
            sys.modules['threading']._shutdown()
        except Exception:
            pass
        signal = hostbuiltins.machinery_import('signal')   # (its enums: class statements)
        signal.signal(SIGINT, signal.SIG_DFL)
        os.kill(os.getpid(), SIGINT)
        status = 130
    sys.exit(status)


# -- running a program --------------------------------------------------------------------

def install_coverage_support() -> None:
    """pipeline/cover.py's patches of coverage, installed now if coverage is already imported,
    else when the program first imports it (_CoverageHook): not a cost of every start-up."""
    if 'coverage' in sys.modules:
        from . import cover
        cover.install()
    elif not any(type(finder) is _CoverageHook for finder in sys.meta_path):
        sys.meta_path.insert(0, _CoverageHook())


class _CoverageHook:
    """A meta path finder that only waits for `coverage`: then it installs pipeline/cover.py
    (whose own finder patches coverage's modules as they load) and leaves the finding of the
    package itself to the finders after it."""

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:
        if name == 'coverage' or name.startswith('coverage.'):
            try:
                sys.meta_path.remove(self)
            except ValueError:
                pass
            from . import cover
            cover.install()
        return None



class Runner:
    """One program run: the __main__ module, the import hook and the VM options."""

    # for pipeline/repl.py, which the runner hands itself to (the REPL never imports this module)
    exit_status_of_system_exit = staticmethod(exit_status_of_system_exit)
    report_uncaught = staticmethod(report_uncaught)

    def __init__(self, options: Options) -> None:
        self.options = options
        self.compile_source = get_compiler(options.compiler)
        self.vm = get_vm()
        # exec()/eval() of strings inside the program; the host patches (warnings.warn,
        # sys._getframe, exec/eval, inspect.iscode, ...) are vm/host_patches.py's, in place
        # while VM code runs
        self.vm.set_compiler(self.compile_source)
        if options.tier is not None:
            self.vm.set_tier(options.tier)
        # the tier's loop now, not when the program starts: it is the largest module the host
        # compiles, and the memory that leaves behind is reused for the front end's modules
        # compiled after it (compiled last, it adds its 3.5 MB on top of them: peak RSS)
        self.vm.tiers.import_loop()
        report_hooks.install()   # 3.8's reports from __del__, atexit, threads
        from .vm import hostcalls
        hostcalls.install_tool_support()   # sys.settrace/setprofile and cProfile see VM frames
        install_coverage_support()   # coverage measures VM frames with a tracer reading 3.8 bytecode
        from .vm import stack
        here = os.path.dirname(os.path.abspath(__file__))
        stack.end_stack_at(os.path.join(here, name) for name in os.listdir(here) if name.endswith('.py'))
        self.finder = None
        self.opcode_counts: dict = {}

    def make_main(self, filename: Optional[str], loader=None) -> types.ModuleType:
        """A fresh `__main__` module in sys.modules, as PyRun_SimpleFileExFlags sets it up."""
        main = types.ModuleType('__main__')
        # as add_main_module: an empty __annotations__, and BuiltinImporter until a file's loader
        main.__dict__['__annotations__'] = {}
        main.__dict__['__builtins__'] = sys.modules['builtins']
        main.__dict__['__loader__'] = loader if loader is not None else importlib.machinery.BuiltinImporter
        main.__dict__['__spec__'] = None
        main.__dict__['__package__'] = None
        if filename is not None:
            main.__dict__['__file__'] = filename
            main.__dict__['__cached__'] = None
        sys.modules['__main__'] = main
        return main

    def install_importer(self, directories: List[str]) -> None:
        from .vm import importer
        cache_tag = importer.CACHE_TAG if self.options.compiler == 'pipeline' \
            else importer.CACHE_TAG + '-oracle'
        # the VM's run_code itself, not a method of this driver: an imported module's body
        # has its importer as caller (the logical stack ends at the driver's frames)
        self.finder = importer.install(self.compile_source, self.vm.run_code,
                                       directories + self.options.paths,
                                       vm_stdlib=self.options.vm_stdlib, cache_tag=cache_tag,
                                       decode_source=source_text)
        if not self.options.write_cache:
            sys.dont_write_bytecode = True

    def execute(self, code: CodeType, namespace: dict, prefix=()) -> int:
        """Run the main code; the process exit status."""
        corruption = bytecode_corruption_type()
        from .vm import stack   # the program's stack ends in runpy's frames under -m, as 3.8's
        stack.set_driver_callers(prefix, vars(sys.modules['runpy']) if 'runpy' in sys.modules else None)
        try:
            try:
                self.run_with_tools(code, namespace)
            finally:
                stack.set_driver_callers(())
        except BaseException as exc:   # the program's own exception, shown as CPython would
            if corruption is not None and isinstance(exc, corruption):
                _flush_standard_streams()
                sys.stderr.write('pipeline.run: cannot run corrupt bytecode: %s\n' % exc)
                status = 1
            else:
                status = handle_exception(exc, prefix)
        else:
            status = 0
        self.print_stats()
        return status

    def run_with_tools(self, code: CodeType, namespace: dict) -> None:
        if not (self.options.trace or self.options.stats):
            # (no context manager: contextlib's __exit__ would call next() and isinstance() of
            # the builtins module, after a program that rebinds them)
            self.vm.run_code(code, namespace)
            return
        from . import vm_tools
        with vm_tools.tools(self.vm, trace=self.options.trace, stats=self.options.stats,
                            counts=self.opcode_counts):
            self.vm.run_code(code, namespace)

    def print_stats(self) -> None:
        """--stats: the opcode table, at exit."""
        if self.options.stats:
            from . import vm_tools
            _flush_standard_streams()
            sys.stderr.write(vm_tools.format_stats(self.opcode_counts))
            if self.vm.tiers.tier and not self.options.trace:
                sys.stderr.write(self.vm.tiers.report())

    # targets

    def run_file(self, filename: str) -> int:
        if os.path.isdir(filename):
            return self.run_directory(filename)
        if not filename.endswith(('.py', '.pyc')) and _is_zip(filename):
            return self.run_zip(filename)
        try:
            with open(filename, 'rb') as stream:
                data = stream.read()
        except OSError as exc:
            sys.stderr.write("%s: can't open file '%s': [Errno %d] %s\n" % (
                sys.executable, filename, exc.errno, exc.strerror))
            return 2
        directory = os.path.dirname(os.path.realpath(filename))
        sys.argv[:] = self.options.args
        sys.path[0:1] = [directory]
        if filename.endswith('.pyc') or data[:2] == HALF_MAGIC:
            code = self.load_pyc(data)
            if code is None:
                return 1
            loader = importlib.machinery.SourcelessFileLoader('__main__', filename)
        else:
            loader = importlib.machinery.SourceFileLoader('__main__', filename)
            code = self.compile_main(data, filename, file_mode=True)
            if code is None:
                return 1
        self.install_importer([directory])
        main = self.make_main(filename, loader)   # as set_main_loader
        return self.execute(code, main.__dict__)

    def run_zip(self, archive: str) -> int:
        """`python APP.zip`: the archive goes first on sys.path and its __main__.py runs
        (pymain_run_python with a zipimport path entry)."""
        import zipfile
        try:
            with zipfile.ZipFile(archive) as opened:
                data = opened.read('__main__.py')
        except (KeyError, OSError, zipfile.BadZipFile):
            sys.stderr.write("%s: can't find '__main__' module in '%s'\n" % (sys.executable, archive))
            return 1
        main_file = os.path.join(archive, '__main__.py')
        sys.argv[:] = self.options.args
        sys.path[0:1] = [archive]
        code = self.compile_main(data, main_file)
        if code is None:
            return 1
        self.install_importer([])
        import zipimport
        main = self.make_main(main_file, zipimport.zipimporter(archive))
        return self.execute(code, main.__dict__, runpy_entries())

    def run_directory(self, directory: str) -> int:
        """`python DIR`: DIR goes first on sys.path and its __main__.py runs (pymain_run_module)."""
        main_file = os.path.join(os.path.abspath(directory), '__main__.py')
        if not os.path.isfile(main_file):
            sys.stderr.write("%s: can't find '__main__' module in '%s'\n" % (sys.executable, directory))
            return 1
        with open(main_file, 'rb') as stream:
            data = stream.read()
        sys.argv[:] = self.options.args
        sys.path[0:1] = [directory]
        code = self.compile_main(data, main_file)
        if code is None:
            return 1
        self.install_importer([directory])
        main = self.make_main(main_file, importlib.machinery.SourceFileLoader('__main__', main_file))
        return self.execute(code, main.__dict__, runpy_entries())

    def load_pyc(self, data: bytes) -> Optional[CodeType]:
        """The code of a 3.8 .pyc, or None after printing CPython's message (run_pyc_file)."""
        from .compiler import marshal as _marshal
        if data[:4] != MAGIC_NUMBER:
            sys.stderr.write('RuntimeError: Bad magic number in .pyc file\n')
            return None
        if len(data) < 16:   # the rest of the header, read as three longs
            sys.stderr.write('EOFError: EOF read where not expected\n')
            return None
        try:
            code = _marshal.loads(data[16:])
        except Exception:   # any unreadable marshal data is CPython's "Bad code object"
            code = None
        if not isinstance(code, CodeType):
            sys.stderr.write('RuntimeError: Bad code object in .pyc file\n')
            return None
        return code

    def compile_main(self, data: Union[bytes, str], filename: str,
                     mode: str = 'exec', file_mode: bool = False) -> Optional[CodeType]:
        """Our code for the main script, or None after printing the SyntaxError as CPython.

        file_mode: the script is a file CPython would read through its file tokenizer."""
        try:
            return self._compile_main(data, filename, mode, file_mode)
        except MemoryError:
            pass
        # Out of memory, or s_push's overflow (its message already written): 3.8 prints the
        # bare exception. Reported once the compiler's structures (the handled exception's
        # frames, cyclic ones too) are freed, so that reporting and exiting have memory.
        gc.collect()
        sys.stderr.write('MemoryError\n')
        return None

    def _compile_main(self, data: Union[bytes, str], filename: str, mode: str,
                      file_mode: bool) -> Optional[CodeType]:
        try:
            source = data if isinstance(data, str) else decode_script(data, filename)
            if self.options.compiler == 'oracle':
                return self.compile_source(source, filename, mode)
            # the interpreter compiles its script at recursion depth 0 (nesting limit)
            return self.compile_source(source, filename, mode, frame_depth=0)
        except (SyntaxError, ValueError, UnicodeDecodeError, RecursionError) as exc:
            # 3.8 prints these without a traceback (the compiler's RecursionError
            # "maximum recursion depth exceeded during compilation" included)
            traceback_format = report_hooks.printer()
            exc.__traceback__ = None
            exc.__context__ = None
            if file_mode and isinstance(exc, SyntaxError) and isinstance(data, bytes):
                as_file_tokenizer_reports(exc, data)
            traceback_format.print_exception(exc)
            return None
        except MemoryError:
            raise
        except Exception as exc:   # a fault of our compiler, not of the program: say so plainly
            if os.environ.get('PIPELINE_DEBUG'):
                raise
            sys.stderr.write('pipeline.run: internal compiler error in %s: %s: %s '
                             '(set PIPELINE_DEBUG=1 for the traceback)\n'
                             % (filename, type(exc).__name__, exc))
            return None

    def run_command(self, command: str) -> int:
        sys.argv[:] = self.options.args
        sys.path[0:1] = ['']
        code = self.compile_main(command, '<string>')
        if code is None:
            return 1
        self.install_importer([os.getcwd()])
        main = self.make_main(None)
        return self.execute(code, main.__dict__)

    @staticmethod
    def import_parent_package(name: str) -> None:
        """As runpy._get_module_details: import the package first, and warn (from runpy.py's
        line 127, as 3.8) when that already imported the module itself."""
        package = name.rpartition('.')[0]
        if not package:
            return
        __import__(package)
        existing = sys.modules.get(name)
        if existing is not None and not hasattr(existing, '__path__'):
            message = ('{name!r} found in sys.modules after import of package {package!r}, but prior '
                       'to execution of {name!r}; this may result in unpredictable behaviour'.format(
                           name=name, package=package))
            _flush_standard_streams()
            sys.stderr.write('%s:127: RuntimeWarning: %s\n  warn(RuntimeWarning(msg))\n'
                                 % (runpy_entries()[0][0], message))

    def run_module(self, name: str) -> int:
        """-m MODULE: find it (through our hook first), run it as __main__ (runpy._run_module_as_main)."""
        import importlib.util
        sys.path[0:1] = [os.getcwd()]
        self.install_importer([os.getcwd()])
        try:
            self.import_parent_package(name)
            spec = importlib.util.find_spec(name)
            if spec is not None and spec.submodule_search_locations is not None:
                name += '.__main__'
                spec = importlib.util.find_spec(name)
        except ImportError as exc:
            sys.stderr.write('%s: Error while finding module specification for %r (%s: %s)\n' % (
                sys.executable, name, type(exc).__name__, exc))
            return 1
        if spec is None or spec.origin is None:
            sys.stderr.write('%s: No module named %s\n' % (sys.executable, name))
            return 1
        loader = spec.loader
        if hasattr(loader, 'finder') and hasattr(loader, 'get_code'):
            try:
                code = loader.get_code(name)
            except SyntaxError as exc:
                traceback_format = report_hooks.printer()
                exc.__traceback__ = None
                traceback_format.print_exception(exc)
                return 1
        else:
            source = loader.get_source(name) if hasattr(loader, 'get_source') else None
            if source is None:
                sys.stderr.write('python3.8: No code object available for %s\n' % name)
                return 1
            code = self.compile_main(source, spec.origin)
            if code is None:
                return 1
        sys.argv[:] = [spec.origin] + self.options.args
        main = self.make_main(spec.origin, loader)
        main.__dict__.update(__spec__=spec, __package__=spec.parent, __cached__=spec.cached)
        return self.execute(code, main.__dict__, runpy_entries())


def main(argv: Optional[List[str]] = None) -> int:
    """The CLI; returns the exit status."""
    try:
        options = parse_args(sys.argv[1:] if argv is None else argv)
    except UsageError as exc:
        sys.stderr.write('%s\n%s' % (exc, USAGE))
        return 2
    if options.help:
        sys.stdout.write(__doc__.split('\n', 1)[1].lstrip('\n'))
        return 0
    if options.version:
        sys.stdout.write(VERSION + '\n')
        return 0
    if options.vm_stdlib and sys.version_info[:2] != (3, 8):
        sys.stderr.write('--vm-stdlib needs a CPython 3.8 host (the stdlib sources must be 3.8\'s)\n')
        return 2
    try:
        runner = Runner(options)
    except (ImportError, RuntimeError) as exc:
        sys.stderr.write('pipeline.run: cannot start: %s\n' % exc)
        return 1
    if options.command is not None:
        return runner.run_command(options.command)
    if options.module is not None:
        return runner.run_module(options.module)
    if options.filename is not None and options.filename != '-':
        return runner.run_file(options.filename)
    from . import repl
    # as pymain_run_stdin: a REPL on a terminal (or with -i), else stdin is the script
    interactive = options.inspect or (options.filename is None and _stdin_is_a_terminal())
    return repl.run(runner, interactive=interactive)


def _is_zip(filename: str) -> bool:
    import zipfile
    try:
        return zipfile.is_zipfile(filename)
    except OSError:
        return False


def _stdin_is_a_terminal() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


if __name__ == '__main__':
    _status = main()
    finalize_program()
    exit_process(_status)
