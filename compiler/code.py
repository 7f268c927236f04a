"""Our code object: the fields and types of CPython 3.8's `types.CodeType`."""
import math
import types
from typing import Any, Dict, Optional, Tuple
import builtins as _builtins

# The host's builtins as the VM finds them at its first import, before any program runs (its
# public names: __import__ and __build_class__ are found through the frame's builtins by the
# host's own IMPORT_NAME/LOAD_BUILD_CLASS, never as globals). vm/hostbuiltins binds them in the
# VM's modules; the compiler's modules the VM runs bind them here (this one, opcodes.py):
# replace(), the comparisons, the hash (an exec() of a remembered source, a code object in a
# dict) and the stack effects (decoding) run for the VM, where a program's rebound
# builtins.getattr or sum must not be called.
HOST_BUILTINS: Dict[str, Any] = {name: value for name, value in vars(_builtins).items()
                                 if not name.startswith('_')}


def bind_host_builtins(namespace: Dict[str, Any], but: Tuple[str, ...] = ()) -> None:
    """Give a module's globals the host's builtins it does not define itself (nor names in `but`)."""
    for name, value in HOST_BUILTINS.items():
        if name not in but:
            namespace.setdefault(name, value)


bind_host_builtins(globals())

# co_flags bits (Include/code.h, 3.8).
CO_OPTIMIZED = 0x0001
CO_NEWLOCALS = 0x0002
CO_VARARGS = 0x0004
CO_VARKEYWORDS = 0x0008
CO_NESTED = 0x0010
CO_GENERATOR = 0x0020
CO_NOFREE = 0x0040
CO_COROUTINE = 0x0080
CO_ITERABLE_COROUTINE = 0x0100
CO_ASYNC_GENERATOR = 0x0200
CO_FUTURE_DIVISION = 0x20000
CO_FUTURE_ABSOLUTE_IMPORT = 0x40000
CO_FUTURE_WITH_STATEMENT = 0x80000
CO_FUTURE_PRINT_FUNCTION = 0x100000
CO_FUTURE_UNICODE_LITERALS = 0x200000
CO_FUTURE_BARRY_AS_BDFL = 0x400000
CO_FUTURE_GENERATOR_STOP = 0x800000
CO_FUTURE_ANNOTATIONS = 0x1000000

FIELDS = ('co_argcount', 'co_posonlyargcount', 'co_kwonlyargcount', 'co_nlocals',
          'co_stacksize', 'co_flags', 'co_code', 'co_consts', 'co_names', 'co_varnames',
          'co_filename', 'co_name', 'co_firstlineno', 'co_lnotab', 'co_freevars',
          'co_cellvars')


# What code_richcompare compares besides the constants (Objects/codeobject.c, 3.8).
_COMPARED = ('co_name', 'co_argcount', 'co_posonlyargcount', 'co_kwonlyargcount', 'co_nlocals',
             'co_flags', 'co_firstlineno', 'co_code', 'co_names', 'co_varnames', 'co_freevars',
             'co_cellvars')


def constant_key(value: Any) -> Any:
    """What 3.8's code_richcompare compares for a constant (_PyCode_ConstantKey): ints, strs,
    None, Ellipsis and code objects as themselves; bools, bytes, floats (-0.0 apart from
    0.0), complex numbers by type and value; tuples and frozensets by their items' keys;
    anything else by identity."""
    kind = type(value)
    if value is None or value is Ellipsis or kind is int or kind is str or kind is CodeType:
        return value
    if kind is bool or kind is bytes:
        return (kind, value)
    if kind is float:
        if value == 0.0 and math.copysign(1.0, value) < 0:
            return (kind, value, None)
        return (kind, value)
    if kind is complex:
        # the key tells apart each signed zero of the real and the imaginary part
        real_negzero = value.real == 0.0 and math.copysign(1.0, value.real) < 0
        imag_negzero = value.imag == 0.0 and math.copysign(1.0, value.imag) < 0
        if real_negzero and imag_negzero:
            return (kind, value, True)
        if imag_negzero:
            return (kind, value, False)
        if real_negzero:
            return (kind, value, None)
        return (kind, value)
    if kind is tuple:
        return (tuple(constant_key(item) for item in value), value)
    if kind is frozenset:
        return (frozenset(constant_key(item) for item in value), value)
    return (id(value), value)


class CodeType:
    """A CPython 3.8 code object, built by our compiler or loaded from a 3.8 .pyc.

    The constructor takes CPython 3.8's `types.CodeType` arguments in the same order.
    """
    # _folded_from: co_consts from this index on are tuples the peephole pass folded
    # (new objects nothing else shares, which marshal_refs must know); None: unknown.
    # _pyc_facts (top-level code only): what our compiler knows about the objects
    # CPython 3.8 would have made, for marshal_refs (see SharePlan).
    # _hash: code_hash, computed once (the fields never change, and hashing a code object
    # hashes the code objects among its constants: the compiler keys its constants by them).
    __slots__ = FIELDS + ('__weakref__', '_vm_cache', '_folded_from', '_pyc_facts', '_hash')

    def __init__(self, argcount: int, posonlyargcount: int, kwonlyargcount: int,
                 nlocals: int, stacksize: int, flags: int, codestring: bytes,
                 constants: Tuple[Any, ...], names: Tuple[str, ...],
                 varnames: Tuple[str, ...], filename: str, name: str, firstlineno: int,
                 lnotab: bytes, freevars: Tuple[str, ...] = (),
                 cellvars: Tuple[str, ...] = ()) -> None:
        self.co_argcount = argcount
        self.co_posonlyargcount = posonlyargcount
        self.co_kwonlyargcount = kwonlyargcount
        self.co_nlocals = nlocals
        self.co_stacksize = stacksize
        self.co_flags = flags
        self.co_code = bytes(codestring)
        self.co_consts = tuple(constants)
        self.co_names = tuple(names)
        self.co_varnames = tuple(varnames)
        self.co_filename = filename
        self.co_name = name
        self.co_firstlineno = firstlineno
        self.co_lnotab = bytes(lnotab)
        self.co_freevars = tuple(freevars)
        self.co_cellvars = tuple(cellvars)
        self._vm_cache = None
        self._folded_from = None
        self._pyc_facts = None
        self._hash: Optional[int] = None

    def replace(self, **changes: Any) -> 'CodeType':
        """A copy with some co_* fields changed, like 3.8's CodeType.replace()."""
        values = {field: getattr(self, field) for field in FIELDS}
        for key, value in changes.items():
            if key not in values:
                raise TypeError("replace() got an unexpected keyword argument '%s'" % key)
            values[key] = value
        return CodeType(*(values[field] for field in FIELDS))

    def __eq__(self, other: object) -> bool:
        """3.8's code_richcompare: the fields below, and the constants by _PyCode_ConstantKey
        (so 0 and 0.0 differ); never the file name, stack size or line table."""
        if not isinstance(other, CodeType):
            return NotImplemented
        if self is other:
            return True
        for field in _COMPARED:
            if getattr(self, field) != getattr(other, field):
                return False
        return constant_key(self.co_consts) == constant_key(other.co_consts)

    def __hash__(self) -> int:
        """3.8's code_hash."""
        value = self._hash
        if value is None:
            value = self._hash = (
                hash(self.co_name) ^ hash(self.co_code) ^ hash(self.co_consts)
                ^ hash(self.co_names) ^ hash(self.co_varnames) ^ hash(self.co_freevars)
                ^ hash(self.co_cellvars) ^ self.co_argcount ^ self.co_posonlyargcount
                ^ self.co_kwonlyargcount ^ self.co_nlocals ^ self.co_flags)
        return value

    # isinstance(code, types.CodeType) is True (isinstance consults __class__), as
    # inspect.iscode and code that checks ag_code/gi_code/__code__ ask; type() is still ours
    __class__ = property(lambda self: types.CodeType)   # type: ignore[assignment]

    def __repr__(self) -> str:
        return '<code object %s at %#x, file "%s", line %d>' % (
            self.co_name, id(self), self.co_filename, self.co_firstlineno)

    def __reduce_ex__(self, protocol: Any) -> Any:
        # as 3.8's object.__reduce_ex__ for a type without __reduce__ support (copyreg)
        raise TypeError("cannot pickle 'code' object")

    def __copy__(self) -> 'CodeType':
        return self   # copy.copy and deepcopy treat code objects as atomic

    def __deepcopy__(self, memo: Any) -> 'CodeType':
        return self

    def co_lines(self) -> Any:
        """(start, end, line) ranges, for 3.10+ hosts' dis.findlinestarts over our code (a 3.8
        code object has no co_lines; the ranges run between 3.8's findlinestarts points)."""
        starts = []
        lnotab = self.co_lnotab
        last_line = None
        line = self.co_firstlineno
        addr = 0
        for k in range(0, len(lnotab) - 1, 2):
            if lnotab[k]:
                if line != last_line:
                    starts.append((addr, line))
                    last_line = line
                addr += lnotab[k]
            line += lnotab[k + 1] - 256 if lnotab[k + 1] >= 0x80 else lnotab[k + 1]
        if line != last_line:
            starts.append((addr, line))
        ends = [start for start, _ in starts[1:]] + [len(self.co_code)]
        for (start, line), end in zip(starts, ends):
            if end > start:
                yield start, end, line

    def co_positions(self) -> Any:
        """(line, end line, column, end column) per instruction, for 3.11+ hosts' inspect and
        traceback over our code (3.8 has no columns: the lines are lnotab's, columns None)."""
        lines = [None] * (len(self.co_code) // 2)
        for start, end, line in self.co_lines():
            for index in range(start // 2, end // 2):
                lines[index] = line
        for line in lines:
            yield line, line, None, None


class _ClassOnlyName(str):
    """A class's `__module__` that its instances lack, as a C type's: a 3.8 code object has no
    `__module__`, so inspect.getmodule(code) finds no module (and getsource no other file)."""

    def __get__(self, instance: Any, owner: Any = None) -> Any:
        if instance is None:
            return self
        raise AttributeError("'code' object has no attribute '__module__'")


CodeType.__module__ = _ClassOnlyName(CodeType.__module__)
