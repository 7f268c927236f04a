"""Future pass: the `from __future__ import ...` features of a module, as CPython 3.8's Python/future.c."""
from typing import NamedTuple

from ..parser import nodes
from .code import CO_FUTURE_ANNOTATIONS, CO_FUTURE_BARRY_AS_BDFL
from .symtable import syntax_error

ERR_LATE_FUTURE = 'from __future__ imports must occur at the beginning of the file'
UNDEFINED_FUTURE_FEATURE = 'future feature %s is not defined'

# Features 3.8 accepts; only two of them change compilation.
FEATURE_FLAGS = {
    'nested_scopes': 0, 'generators': 0, 'division': 0, 'absolute_import': 0,
    'with_statement': 0, 'print_function': 0, 'unicode_literals': 0, 'generator_stop': 0,
    'barry_as_FLUFL': CO_FUTURE_BARRY_AS_BDFL,
    'annotations': CO_FUTURE_ANNOTATIONS,
}


class FutureFeatures(NamedTuple):
    """PyFutureFeatures: the CO_FUTURE_* flags and the line of the last future import (-1: none)."""
    flags: int
    lineno: int


def _docstring_first(body: list) -> bool:
    """Is the first statement a docstring (_PyAST_GetDocString)?"""
    if not body or not isinstance(body[0], nodes.Expr):
        return False
    value = body[0].value
    return isinstance(value, nodes.Constant) and type(value.value) is str


def _check_features(statement: nodes.AST, filename: str) -> int:
    """Flags of one future import; unknown features are errors (future_check_features)."""
    flags = 0
    for alias in statement.names:
        feature = alias.name
        if feature in FEATURE_FLAGS:
            flags |= FEATURE_FLAGS[feature]
        elif feature == 'braces':
            raise syntax_error('not a chance', filename, statement.lineno,
                               statement.col_offset + 1)
        else:
            raise syntax_error(UNDEFINED_FUTURE_FEATURE % feature, filename,
                               statement.lineno, statement.col_offset + 1)
    return flags


def parse_future(module: nodes.AST, filename: str = '<unknown>') -> FutureFeatures:
    """The future features of a Module or Interactive tree (future_parse)."""
    flags, lineno = 0, -1
    if not isinstance(module, (nodes.Module, nodes.Interactive)):
        return FutureFeatures(flags, lineno)
    body = module.body
    done, previous_line = False, 0
    for statement in body[1 if _docstring_first(body) else 0:]:
        if done and statement.lineno > previous_line:
            break
        previous_line = statement.lineno
        # Only future imports (after a docstring) may precede a future import.
        if isinstance(statement, nodes.ImportFrom) and statement.module == '__future__':
            if done:
                # a late future import joined by ';' to the earlier ones
                raise syntax_error(ERR_LATE_FUTURE, filename, statement.lineno,
                                   statement.col_offset)
            flags |= _check_features(statement, filename)
            lineno = statement.lineno
        else:
            done = True
    return FutureFeatures(flags, lineno)


def is_late_future_import(statement: nodes.AST, features: FutureFeatures) -> bool:
    """Codegen's check (compiler_from_import): a __future__ import after the valid ones.

    Codegen then raises ERR_LATE_FUTURE at the statement (compiler_error: lineno,
    col_offset + 1).
    """
    return statement.lineno > features.lineno and statement.module == '__future__'
