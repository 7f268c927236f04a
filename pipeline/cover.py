"""coverage.py measuring programs run in the VM (`-m coverage run`, the Coverage API).

coverage's cores cannot see VM frames: its C tracer is installed with PyEval_SetTrace and
reads real frame structs, sys.monitoring (3.12+) watches host bytecode only, and its Python
tracer tells calls from generator resumptions and returns from yields by the host's
opcodes. `install()` makes every Coverage use `VMTracer`, coverage's Python tracer fed by
sys.settrace (so by the VM's 3.8 events) that reads VM frames' 3.8 bytecode for those two
questions, as coverage's own tracer does on a 3.8 host.
"""
import importlib.abc
import importlib.util
import sys
from typing import Any, Optional

from .compiler import opcodes as O
from .vm import settrace
from .vm.frame import Frame

# the coverage release the differential tests pin (its last with Python 3.8 support)
COVERAGE_VERSION = '7.6.1'

# coverage.env.PYBEHAVIOR as coverage computes it on CPython 3.8: how the measured Python
# numbers lines and reports files, which its runner and its static analysis (possible
# arcs, executable lines) follow; a program run in the VM behaves as 3.8 whatever the host
PYBEHAVIOR_38 = {
    'pep626': False, 'optimize_if_debug': True, 'optimize_if_not_debug': 2,
    'docstring_only_function': True, 'finally_jumps_back': True,
    'trace_decorator_line_again': False, 'report_absolute_files': False,
    'omit_after_jump': False, 'omit_after_return': False, 'optimize_unreachable_try_else': False,
    'module_firstline_1': False, 'keep_constant_test': False, 'exit_through_with': False,
    'match_case': False, 'soft_keywords': False, 'empty_is_empty': False,
    'comprehensions_are_functions': True, 'pep669': False, 'lasti_is_yield': True,
}


def is_real_return(frame: Any) -> bool:
    """Whether a 'return' event of VM frame `frame` leaves it rather than yielding: 3.8's f_lasti
    is at the YIELD_VALUE, or just before the YIELD_FROM a delegating generator repeats."""
    code = frame.f_code.co_code
    lasti = frame.f_lasti
    op = code[lasti]
    if op == O.RETURN_VALUE:
        return True
    if op == O.YIELD_VALUE:
        return False
    return not (lasti + 2 < len(code) and code[lasti + 2] == O.YIELD_FROM)


def make_tracer_class(base: Any) -> Any:
    """coverage's PyTracer (`base`) reading 3.8 bytecode for VM frames; host frames as before."""
    base_trace = base._trace

    class VMTracer(base):   # type: ignore[misc, valid-type]
        """coverage's Python tracer for programs run in the VM."""

        def _trace(self, frame: Any, event: str, arg: Any, lineno: Optional[int] = None) -> Any:
            if type(frame) is not Frame or (self.stopped and sys.gettrace() == self._cached_bound_method_trace):
                return base_trace(self, frame, event, arg)
            if event == 'call':
                result = base_trace(self, frame, event, arg)
                if result is not None:
                    # a call starts at f_lasti -1, a resumed generator where it yielded
                    if frame.f_lasti < 0:
                        self.last_line = -frame.f_code.co_firstlineno
                    else:
                        self.last_line = frame.f_lineno
                return result
            if event != 'return':
                return base_trace(self, frame, event, arg)
            if self.trace_arcs and self.cur_file_data and is_real_return(frame):
                self.cur_file_data.add((self.last_line, -frame.f_code.co_firstlineno))
            self.cur_file_data, self.cur_file_name, self.last_line, self.started_context = (
                self.data_stack.pop())
            if self.started_context:
                self.context = None
                self.switch_context(None)
            return self._cached_bound_method_trace

    # named as the tracer it is: a program printing sys.gettrace() or f_trace sees coverage's
    # Python tracer, as natively under COVERAGE_CORE=pytrace
    VMTracer.__module__ = base.__module__
    VMTracer.__name__ = base.__name__
    VMTracer.__qualname__ = base.__qualname__
    VMTracer._trace.__qualname__ = base.__qualname__ + '._trace'
    settrace.C_LEVEL_TRACERS.add(VMTracer._trace)   # called as coverage's C tracer would be
    return VMTracer


def patch_env(env_module: Any) -> None:
    """coverage's facts about the running Python are 3.8's (the flags it has)."""
    behavior = env_module.PYBEHAVIOR
    for name, value in PYBEHAVIOR_38.items():
        if hasattr(behavior, name):
            setattr(behavior, name, value)


def patch_core(core_module: Any) -> None:
    """Every coverage Core chooses VMTracer (with the Python tracer's data and dispositions)."""
    core_class = core_module.Core
    if getattr(core_class, '_vm_tracer', None) is not None:
        return
    tracer_class = make_tracer_class(core_module.PyTracer)
    original_init = core_class.__init__

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        self.tracer_class = tracer_class
        self.tracer_kwargs = {}
        self.file_disposition_class = core_module.FileDisposition
        self.supports_plugins = False
        self.packed_arcs = False
        self.systrace = True

    __init__.__doc__ = original_init.__doc__
    core_class.__init__ = __init__
    core_class._vm_tracer = tracer_class


# coverage's modules patched when imported (env: the first one coverage imports)
_PATCHES = {'coverage.env': patch_env, 'coverage.core': patch_core}


class _PatchOnImport(importlib.abc.MetaPathFinder):
    """Patches coverage's modules as they are imported (the first finder: it wraps loaders)."""

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> Any:
        patch = _PATCHES.get(fullname)
        if patch is None:
            return None
        sys.meta_path.remove(self)
        try:
            spec = importlib.util.find_spec(fullname)
        finally:
            sys.meta_path.insert(0, self)
        if spec is None or spec.loader is None or not hasattr(spec.loader, 'exec_module'):
            return spec
        loader = spec.loader
        exec_module = loader.exec_module

        class Loader(importlib.abc.Loader):
            def create_module(self, spec: Any) -> Any:
                return loader.create_module(spec)

            def exec_module(self, module: Any) -> None:
                exec_module(module)
                patch(module)

        spec.loader = Loader()
        return spec


def install() -> None:
    """From now on coverage measures VM code (pipeline.run calls this)."""
    for name, patch in _PATCHES.items():
        if name in sys.modules:
            patch(sys.modules[name])
    if not any(isinstance(finder, _PatchOnImport) for finder in sys.meta_path):
        sys.meta_path.insert(0, _PatchOnImport())
