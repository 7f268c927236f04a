"""AST node classes exactly as CPython 3.8's `ast` module has them.

Class names, base classes, `_fields` (in order) and `_attributes` are the facts of
3.8's Parser/Python.asdl. Nodes take their fields positionally or by keyword, as in
CPython; a field that was not given is simply absent.
"""
from typing import Any

POSITION = ('lineno', 'col_offset', 'end_lineno', 'end_col_offset')


class AST:
    """Base of every node."""
    _fields: tuple = ()
    _attributes: tuple = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if args:
            if len(args) != len(self._fields):
                raise TypeError('%s constructor takes %s positional argument%s' % (
                    type(self).__name__, len(self._fields) or 0,
                    '' if len(self._fields) == 1 else 's'))
            for name, value in zip(self._fields, args):
                setattr(self, name, value)
        for name, value in kwargs.items():
            setattr(self, name, value)

    def __reduce__(self):
        return type(self), (), self.__dict__


# (class name, base name, fields, has position attributes); bases come first.
_SPEC = """
mod AST - 0
Module mod body,type_ignores 0
Interactive mod body 0
Expression mod body 0
FunctionType mod argtypes,returns 0
Suite mod body 0
stmt AST - 1
FunctionDef stmt name,args,body,decorator_list,returns,type_comment 1
AsyncFunctionDef stmt name,args,body,decorator_list,returns,type_comment 1
ClassDef stmt name,bases,keywords,body,decorator_list 1
Return stmt value 1
Delete stmt targets 1
Assign stmt targets,value,type_comment 1
AugAssign stmt target,op,value 1
AnnAssign stmt target,annotation,value,simple 1
For stmt target,iter,body,orelse,type_comment 1
AsyncFor stmt target,iter,body,orelse,type_comment 1
While stmt test,body,orelse 1
If stmt test,body,orelse 1
With stmt items,body,type_comment 1
AsyncWith stmt items,body,type_comment 1
Raise stmt exc,cause 1
Try stmt body,handlers,orelse,finalbody 1
Assert stmt test,msg 1
Import stmt names 1
ImportFrom stmt module,names,level 1
Global stmt names 1
Nonlocal stmt names 1
Expr stmt value 1
Pass stmt - 1
Break stmt - 1
Continue stmt - 1
expr AST - 1
BoolOp expr op,values 1
NamedExpr expr target,value 1
BinOp expr left,op,right 1
UnaryOp expr op,operand 1
Lambda expr args,body 1
IfExp expr test,body,orelse 1
Dict expr keys,values 1
Set expr elts 1
ListComp expr elt,generators 1
SetComp expr elt,generators 1
DictComp expr key,value,generators 1
GeneratorExp expr elt,generators 1
Await expr value 1
Yield expr value 1
YieldFrom expr value 1
Compare expr left,ops,comparators 1
Call expr func,args,keywords 1
FormattedValue expr value,conversion,format_spec 1
JoinedStr expr values 1
Constant expr value,kind 1
Attribute expr value,attr,ctx 1
Subscript expr value,slice,ctx 1
Starred expr value,ctx 1
Name expr id,ctx 1
List expr elts,ctx 1
Tuple expr elts,ctx 1
expr_context AST - 0
Load expr_context - 0
Store expr_context - 0
Del expr_context - 0
AugLoad expr_context - 0
AugStore expr_context - 0
Param expr_context - 0
slice AST - 0
Slice slice lower,upper,step 0
ExtSlice slice dims 0
Index slice value 0
boolop AST - 0
And boolop - 0
Or boolop - 0
operator AST - 0
Add operator - 0
Sub operator - 0
Mult operator - 0
MatMult operator - 0
Div operator - 0
Mod operator - 0
Pow operator - 0
LShift operator - 0
RShift operator - 0
BitOr operator - 0
BitXor operator - 0
BitAnd operator - 0
FloorDiv operator - 0
unaryop AST - 0
Invert unaryop - 0
Not unaryop - 0
UAdd unaryop - 0
USub unaryop - 0
cmpop AST - 0
Eq cmpop - 0
NotEq cmpop - 0
Lt cmpop - 0
LtE cmpop - 0
Gt cmpop - 0
GtE cmpop - 0
Is cmpop - 0
IsNot cmpop - 0
In cmpop - 0
NotIn cmpop - 0
comprehension AST target,iter,ifs,is_async 0
excepthandler AST - 1
ExceptHandler excepthandler type,name,body 1
arguments AST posonlyargs,args,vararg,kwonlyargs,kw_defaults,kwarg,defaults 0
arg AST arg,annotation,type_comment 1
keyword AST arg,value 0
alias AST name,asname 0
withitem AST context_expr,optional_vars 0
type_ignore AST - 0
TypeIgnore type_ignore lineno,tag 0
"""

NODE_CLASSES = {'AST': AST}
for _line in _SPEC.strip().splitlines():
    _name, _base, _fields, _positioned = _line.split()
    NODE_CLASSES[_name] = type(_name, (NODE_CLASSES[_base],), {
        '_fields': () if _fields == '-' else tuple(_fields.split(',')),
        '_attributes': POSITION if _positioned == '1' else (),
        '__module__': __name__,
    })
globals().update(NODE_CLASSES)
del _line, _name, _base, _fields, _positioned

# The context and operator nodes carry no data: CPython shares one instance of each.
LOAD, STORE, DEL = Load(), Store(), Del()  # noqa: F821 (defined from _SPEC above)
