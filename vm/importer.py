"""Import hook: modules of the program's directories are compiled by our pipeline and run in our VM.

`install(compile_source, run_code, paths)` puts a meta path finder first on `sys.meta_path`.
It serves top-level modules and packages found in `paths` (the script's directory and
any the user adds), and every submodule of a package it loaded; everything else (the
standard library, installed packages) imports natively unless `vm_stdlib` is set, in
which case pure-Python stdlib modules not yet imported come through the VM as well.

Bytecode is cached like CPython's, under `__pycache__/NAME.<CACHE_TAG>.pyc` with a
PEP 552 timestamp header (source mtime and size), CACHE_TAG being `pipeline-38` for our
compiler: a distinct tag, so our caches never clash with CPython's own
`NAME.cpython-38.pyc` (`python -m pipeline.run --compiler oracle` uses `pipeline-38-oracle`
so that CPython-compiled and pipeline-compiled caches never mix). Writing is skipped
when sys.dont_write_bytecode is set. The compile function is injected: vm/ never
imports the parser or code generator.
"""
import importlib.machinery
import importlib.util
import os
import sys
from typing import Callable, Iterable, List, Optional, Union

from ..compiler.code import CodeType
from . import host_patches
from . import hostbuiltins

hostbuiltins.bind(globals())   # the host's builtins, whatever a program rebinds

CACHE_TAG = 'pipeline-38'
# stdlib modules the VM's machinery imports for itself, natively even under vm_stdlib: ctypes
# (vm/compat.py's C API and type slots), which the class statements of ctypes' own source would
# need, run in the VM, before it is there
MACHINERY_MODULES = frozenset(['ctypes'])
SOURCE_SUFFIX = '.py'

CompileSource = Callable[[Union[str, bytes], str, str], CodeType]
RunCode = Callable[[CodeType, dict], object]


def cache_path(source_path: str, cache_tag: str = CACHE_TAG) -> str:
    """`dir/__pycache__/NAME.<cache_tag>.pyc` for `dir/NAME.py`."""
    directory, filename = os.path.split(source_path)
    stem = filename[:-len(SOURCE_SUFFIX)] if filename.endswith(SOURCE_SUFFIX) else filename
    return os.path.join(directory, '__pycache__', '%s.%s.pyc' % (stem, cache_tag))


def decode_source(data: bytes) -> str:
    """Source text from bytes, honouring a PEP 263 coding declaration and a BOM: the
    fallback, through the host's tokenize, when install() is given no decoder (pipeline.run
    gives it the tokenizer's own, tokenizer.api.source_text)."""
    import io
    import tokenize
    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    text = data.decode(encoding)
    if text.startswith('\ufeff'):
        text = text[1:]
    return text.replace('\r\n', '\n').replace('\r', '\n')


class PipelineLoader(importlib.machinery.SourceFileLoader):
    """Loads one source module: our bytecode (cached in __pycache__), executed by our VM.

    A SourceFileLoader, as a native module's loader is, so that every isinstance check against
    importlib.abc's loader classes answers as natively (and importlib.abc, which imports
    pathlib, tempfile and more on 3.11, is not a cost of start-up); every method that would
    compile or cache the host's bytecode is ours."""

    def __init__(self, finder: 'PipelineFinder', fullname: str, path: str) -> None:
        self.finder = finder
        self.name = fullname
        self.path = path

    def get_filename(self, fullname: Optional[str] = None) -> str:
        return self.path

    def get_data(self, path: str) -> bytes:
        with open(path, 'rb') as stream:
            return stream.read()

    def get_source(self, fullname: Optional[str] = None) -> str:
        decode = self.finder.decode_source or decode_source
        return decode(self.get_data(self.path))

    def is_package(self, fullname: Optional[str] = None) -> bool:
        return os.path.basename(self.path) == '__init__' + SOURCE_SUFFIX

    def source_to_code(self, data, path, *, _optimize=-1):   # type: ignore[override]
        """Our code object for `data` (bytes or text), as compile() from VM code gives."""
        return self.finder.compile_source(data, path, 'exec')

    def get_code(self, fullname: Optional[str] = None) -> CodeType:   # type: ignore[override]
        """Our code object for the module, from the cache when its header matches the source."""
        # the compiler and the cache's reader and writer run with the host's own functions and
        # builtins (3.8's are C: a program's rebound builtins are not theirs)
        suspended = host_patches.suspend()
        try:
            stat = os.stat(self.path)
            mtime, size = int(stat.st_mtime) & 0xFFFFFFFF, stat.st_size & 0xFFFFFFFF
            cached = cache_path(self.path, self.finder.cache_tag)
            code = self._read_cache(cached, mtime, size)
            if code is not None:
                return code
            # the bytes, as source_to_code hands them to compile(): its decoder and its errors
            code = self.finder.compile_source(self.get_data(self.path), self.path, 'exec')
            if not sys.dont_write_bytecode:
                self._write_cache(cached, code, mtime, size)
            return code
        finally:
            host_patches.resume(suspended)

    @staticmethod
    def _read_cache(cached: str, mtime: int, size: int) -> Optional[CodeType]:
        from ..compiler import marshal as _marshal   # (only once a cache is read: start-up weight)
        try:
            with open(cached, 'rb') as stream:
                data = stream.read()
            flags, cached_mtime, cached_size = _marshal.read_pyc_header(data)
            if flags or (cached_mtime, cached_size) != (mtime, size):
                return None
            return _marshal.load_pyc(data)
        except (OSError, ImportError, EOFError, ValueError, TypeError):
            return None   # a stale or damaged cache is recompiled, as CPython does

    @staticmethod
    def _write_cache(cached: str, code: CodeType, mtime: int, size: int) -> None:
        from ..compiler import marshal as _marshal
        data = _marshal.dump_pyc(code, mtime, size)
        temporary = '%s.%d.tmp' % (cached, os.getpid())
        try:
            os.makedirs(os.path.dirname(cached), exist_ok=True)
            with open(temporary, 'wb') as stream:
                stream.write(data)
            os.replace(temporary, cached)
        except BaseException as error:   # an interrupt too: no temporary is left behind
            try:
                os.unlink(temporary)
            except OSError:
                pass
            if not isinstance(error, OSError):
                raise

    def create_module(self, spec):
        return None   # the default module object

    def exec_module(self, module) -> None:
        code = self.get_code(module.__name__)
        self.finder.run_code(code, module.__dict__)


class PipelineFinder:
    """Finds program modules (and, optionally, pure-Python stdlib ones) for our VM: a meta
    path finder by its find_spec (not a subclass of importlib.abc.MetaPathFinder, whose
    module costs start-up on 3.11 and which adds nothing the import system uses)."""

    def __init__(self, compile_source: CompileSource, run_code: RunCode,
                 paths: Iterable[str] = (), vm_stdlib: bool = False,
                 cache_tag: str = CACHE_TAG, decode_source: Optional[Callable[[bytes], str]] = None) -> None:
        self.compile_source = compile_source
        self.decode_source = decode_source
        self.run_code = run_code
        self.paths: List[str] = [os.path.abspath(path) for path in paths]
        self.vm_stdlib = vm_stdlib
        self.cache_tag = cache_tag
        self.stdlib_dir = os.path.dirname(os.path.abspath(os.__file__))

    def add_path(self, path: str) -> None:
        """Serve top-level modules found in `path` too."""
        path = os.path.abspath(path)
        if path not in self.paths:
            self.paths.append(path)

    def _top_level_dirs(self) -> List[str]:
        dirs = list(self.paths)
        if self.vm_stdlib:
            dirs.append(self.stdlib_dir)
        return dirs

    def _parent_is_ours(self, fullname: str) -> bool:
        parent = sys.modules.get(fullname.rpartition('.')[0])
        spec = getattr(parent, '__spec__', None)
        return isinstance(getattr(spec, 'loader', None), PipelineLoader)

    @staticmethod
    def _parent_is_namespace(fullname: str) -> bool:
        parent = sys.modules.get(fullname.rpartition('.')[0])
        spec = getattr(parent, '__spec__', None)
        return spec is not None and spec.submodule_search_locations is not None and \
            spec.origin in (None, 'namespace')

    def _under_our_paths(self, path) -> bool:
        """True if a package __path__ (e.g. a namespace package's) lies in one of our directories."""
        for entry in path:
            if isinstance(entry, str):
                entry = os.path.abspath(entry)
                if any(entry == root or entry.startswith(root + os.sep) for root in self.paths):
                    return True
        return False

    def find_spec(self, fullname: str, path=None, target=None):
        if path is None:
            directories = self.paths if fullname in MACHINERY_MODULES else self._top_level_dirs()
        elif self._parent_is_ours(fullname) or (
                self._parent_is_namespace(fullname) and self._under_our_paths(path)):
            directories = [entry for entry in path if isinstance(entry, str)]
        else:
            return None
        tail = fullname.rpartition('.')[2]
        for directory in directories:
            package_dir = os.path.join(directory, tail)
            init = os.path.join(package_dir, '__init__' + SOURCE_SUFFIX)
            if os.path.isfile(init):
                return self._spec(fullname, init, [package_dir])
            module = os.path.join(directory, tail + SOURCE_SUFFIX)
            if os.path.isfile(module):
                return self._spec(fullname, module, None)
            if path is None and os.path.isdir(package_dir) and not self.vm_stdlib:
                continue   # a namespace package: left to the native PathFinder
        return None

    def _spec(self, fullname: str, filename: str, search_locations: Optional[List[str]]):
        loader = PipelineLoader(self, fullname, filename)
        spec = importlib.util.spec_from_file_location(
            fullname, filename, loader=loader, submodule_search_locations=search_locations)
        assert spec is not None   # (None only without a loader)
        spec.cached = cache_path(filename, self.cache_tag)
        return spec

    def invalidate_caches(self) -> None:
        return None


def install(compile_source: CompileSource, run_code: Optional[RunCode] = None,
            paths: Iterable[str] = (), vm_stdlib: bool = False,
            cache_tag: str = CACHE_TAG,
            decode_source: Optional[Callable[[bytes], str]] = None) -> PipelineFinder:
    """Put a PipelineFinder first on sys.meta_path and return it.

    run_code defaults to this VM's `run_code`; e.g.
    `install(compile_source=pipeline.compile, paths=['/my/project'])`.
    """
    if run_code is None:
        from . import run_code as vm_run_code
        run_code = vm_run_code
    finder = PipelineFinder(compile_source, run_code, paths, vm_stdlib, cache_tag, decode_source)
    sys.meta_path.insert(0, finder)
    return finder


def uninstall(finder: PipelineFinder) -> None:
    """Remove `finder` from sys.meta_path."""
    if finder in sys.meta_path:
        sys.meta_path.remove(finder)
