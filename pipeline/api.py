"""One-call API: compile source with our compiler and run it in our VM."""
import sys
import types
from typing import Optional


def compile_and_run(source: str, filename: str = '<string>', globals: Optional[dict] = None) -> dict:
    """Compile `source` (mode 'exec') with pipeline.compile, run it in pipeline.vm; the namespace.

    A fresh namespace gets `__name__ == '__main__'` and `__builtins__`; exceptions of the
    program propagate to the caller unchanged.
    """
    import pipeline
    from . import vm
    vm.set_compiler(pipeline.compile)   # exec()/eval() of strings inside the program
    code = pipeline.compile(source, filename, 'exec')
    namespace = globals if globals is not None else {'__name__': '__main__', '__doc__': None,
                                                     '__builtins__': sys.modules['builtins']}
    namespace.setdefault('__builtins__', sys.modules['builtins'])
    vm.run_code(code, namespace)
    return namespace
