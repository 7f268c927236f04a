"""inspect support for VM functions and frames (inspect only understands host code objects)."""
import inspect
from typing import Any

from ..compiler.code import CodeType

_host_iscode = inspect.iscode


def iscode(object: Any) -> bool:
    """inspect.iscode that also accepts our code objects (so getfile/getsource work on VM
    functions); vm/host_patches.py installs it while VM code runs."""
    return _host_iscode(object) or isinstance(object, CodeType)

