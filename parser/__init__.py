"""Parser pass: tokens to CPython 3.8's AST, built during the LALR parse."""
from . import nodes  # noqa: F401
from .dump import dump  # noqa: F401
from .api import parse  # noqa: F401
