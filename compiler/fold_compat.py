"""Host differences that constant folding must hide, so folds give CPython 3.8's values on any host."""
from typing import Any


def invert(value: Any) -> Any:
    """~value; on 3.12+ hosts ~bool warns (DeprecationWarning), 3.8 silently gives ~int(value)."""
    if type(value) is bool:
        return ~int(value)
    return ~value
