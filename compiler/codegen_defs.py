"""Constants of the code generator shared by codegen.py and its visitor mixins
(Include/compile.h's flags, compiler_unit scope types, enum fblocktype)."""
from typing import List, Optional

from ..parser import nodes
from .code import (
    CO_FUTURE_ANNOTATIONS, CO_FUTURE_BARRY_AS_BDFL, CO_FUTURE_DIVISION, CO_FUTURE_ABSOLUTE_IMPORT,
    CO_FUTURE_WITH_STATEMENT, CO_FUTURE_PRINT_FUNCTION, CO_FUTURE_UNICODE_LITERALS,
    CO_FUTURE_GENERATOR_STOP)

# compile() flags (Include/compile.h, 3.8).
PyCF_MASK = (CO_FUTURE_DIVISION | CO_FUTURE_ABSOLUTE_IMPORT | CO_FUTURE_WITH_STATEMENT |
             CO_FUTURE_PRINT_FUNCTION | CO_FUTURE_UNICODE_LITERALS | CO_FUTURE_BARRY_AS_BDFL |
             CO_FUTURE_GENERATOR_STOP | CO_FUTURE_ANNOTATIONS)
PyCF_ALLOW_TOP_LEVEL_AWAIT = 0x2000

CO_MAXBLOCKS = 20
RECURSION_LIMIT = 12000

# Compiler scope types (compiler_unit.u_scope_type).
SCOPE_MODULE = 'module'
SCOPE_CLASS = 'class'
SCOPE_FUNCTION = 'function'
SCOPE_ASYNC_FUNCTION = 'async function'
SCOPE_LAMBDA = 'lambda'
SCOPE_COMPREHENSION = 'comprehension'

# Frame block types (enum fblocktype, 3.8).
WHILE_LOOP = 'WHILE_LOOP'
FOR_LOOP = 'FOR_LOOP'
EXCEPT = 'EXCEPT'
FINALLY_TRY = 'FINALLY_TRY'
FINALLY_TRY2 = 'FINALLY_TRY2'
FINALLY_END = 'FINALLY_END'
WITH = 'WITH'
ASYNC_WITH = 'ASYNC_WITH'
HANDLER_CLEANUP = 'HANDLER_CLEANUP'


def get_docstring(body: List[nodes.AST]) -> Optional[str]:
    """The docstring of a body, if its first statement is a string (_PyAST_GetDocString)."""
    if not body:
        return None
    first = body[0]
    if not isinstance(first, nodes.Expr):
        return None
    value = first.value
    if isinstance(value, nodes.Constant) and isinstance(value.value, str):
        return value.value
    return None
