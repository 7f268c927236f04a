"""Lets `pipeline.dis` be both a module (`python -m pipeline.dis`) and a function."""
import sys
import types


class _CallableModule(types.ModuleType):
    def __call__(self, *args, **kwargs):
        return self.__dict__['__call_target__'](*args, **kwargs)


def make_callable(module_name: str, function) -> None:
    """Make `module_name` callable: calling the module calls `function`."""
    module = sys.modules[module_name]
    module.__call_target__ = function
    module.__class__ = _CallableModule
