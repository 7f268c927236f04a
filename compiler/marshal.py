"""CPython 3.8's marshal format (version 4) and `.pyc` files, for our code objects.

`loads` reads what CPython 3.8's `marshal.dumps` writes (code objects become our
CodeType); `dumps` writes a stream CPython 3.8's `marshal.loads` reads back into
equal objects. Mirrors Python/marshal.c; the host's `marshal` is never used, since
its code-object layout is the host's, not 3.8's.
"""
import struct
from typing import Any, List, Tuple

from .code import CodeType
from .marshal_refs import CONST, TOP, SharePlan

VERSION = 4
MAGIC_NUMBER = (3413).to_bytes(2, 'little') + b'\r\n'   # CPython 3.8's .pyc magic
FLAG_REF = 0x80

TYPE_NULL = ord('0')
TYPE_NONE = ord('N')
TYPE_FALSE = ord('F')
TYPE_TRUE = ord('T')
TYPE_STOPITER = ord('S')
TYPE_ELLIPSIS = ord('.')
TYPE_INT = ord('i')
TYPE_INT64 = ord('I')
TYPE_FLOAT = ord('f')
TYPE_BINARY_FLOAT = ord('g')
TYPE_COMPLEX = ord('x')
TYPE_BINARY_COMPLEX = ord('y')
TYPE_LONG = ord('l')
TYPE_STRING = ord('s')
TYPE_INTERNED = ord('t')
TYPE_REF = ord('r')
TYPE_TUPLE = ord('(')
TYPE_LIST = ord('[')
TYPE_DICT = ord('{')
TYPE_CODE = ord('c')
TYPE_UNICODE = ord('u')
TYPE_UNKNOWN = ord('?')
TYPE_SET = ord('<')
TYPE_FROZENSET = ord('>')
TYPE_ASCII = ord('a')
TYPE_ASCII_INTERNED = ord('A')
TYPE_SMALL_TUPLE = ord(')')
TYPE_SHORT_ASCII = ord('z')
TYPE_SHORT_ASCII_INTERNED = ord('Z')

_INT32 = struct.Struct('<i')
_UINT32 = struct.Struct('<I')
_DOUBLE = struct.Struct('<d')


class _Null:
    """The NULL marker ('0') that ends a dict."""


_NULL = _Null()


class _Reader:
    """marshal.c's RFILE over a bytes object."""

    def __init__(self, data: bytes) -> None:
        self.data = memoryview(data)
        self.pos = 0
        self.refs: List[Any] = []

    def read(self, count: int) -> bytes:
        end = self.pos + count
        if end > len(self.data):
            raise EOFError('marshal data too short')
        chunk = bytes(self.data[self.pos:end])
        self.pos = end
        return chunk

    def byte(self) -> int:
        if self.pos >= len(self.data):
            raise EOFError('EOF read where object expected')
        value = self.data[self.pos]
        self.pos += 1
        return value

    def long(self) -> int:
        end = self.pos + 4
        if end > len(self.data):
            raise EOFError('marshal data too short')
        value = _INT32.unpack_from(self.data, self.pos)[0]
        self.pos = end
        return value

    def size(self) -> int:
        value = self.long()
        if value < 0:
            raise ValueError('bad marshal data (size out of range)')
        return value

    def reserve(self, flag: int) -> int:
        if not flag:
            return -1
        self.refs.append(None)
        return len(self.refs) - 1

    def keep(self, index: int, value: Any) -> Any:
        if index >= 0:
            self.refs[index] = value
        return value

    def object(self) -> Any:
        code = self.byte()
        flag = code & FLAG_REF
        kind = code & ~FLAG_REF
        reader = _READERS.get(kind)
        if reader is None:
            raise ValueError('bad marshal data (unknown type code)')
        return reader(self, flag)

    def sequence(self, count: int) -> list:
        items = []
        for _ in range(count):
            item = self.object()
            if item is _NULL:
                raise TypeError('NULL object in marshal data for tuple')
            items.append(item)
        return items


def _constant(value):
    return lambda reader, flag: reader.keep(reader.reserve(flag), value)


def _read_null(reader: _Reader, flag: int) -> Any:
    return _NULL


def _read_int(reader: _Reader, flag: int) -> int:
    return reader.keep(reader.reserve(flag), reader.long())


def _read_long(reader: _Reader, flag: int) -> int:
    count = reader.long()
    ndigits = abs(count)
    if ndigits > 0x7FFFFFFF // 2:
        raise ValueError('bad marshal data (long size out of range)')
    digits = struct.unpack('<%dH' % ndigits, reader.read(2 * ndigits))
    value = 0
    for digit in reversed(digits):
        if digit > 0x7FFF:
            raise ValueError('bad marshal data (digit out of range in long)')
        value = (value << 15) | digit
    if ndigits and digits[-1] == 0:
        raise ValueError('bad marshal data (unnormalized long data)')
    return reader.keep(reader.reserve(flag), -value if count < 0 else value)


def _read_float_text(reader: _Reader) -> float:
    return float(reader.read(reader.byte()).decode('ascii'))


def _read_float(reader: _Reader, flag: int) -> float:
    return reader.keep(reader.reserve(flag), _read_float_text(reader))


def _read_binary_float(reader: _Reader, flag: int) -> float:
    return reader.keep(reader.reserve(flag), _DOUBLE.unpack(reader.read(8))[0])


def _read_complex(reader: _Reader, flag: int) -> complex:
    real = _read_float_text(reader)
    return reader.keep(reader.reserve(flag), complex(real, _read_float_text(reader)))


def _read_binary_complex(reader: _Reader, flag: int) -> complex:
    real, imag = struct.unpack('<dd', reader.read(16))
    return reader.keep(reader.reserve(flag), complex(real, imag))


def _read_bytes(reader: _Reader, flag: int) -> bytes:
    return reader.keep(reader.reserve(flag), reader.read(reader.size()))


def _read_unicode(reader: _Reader, flag: int) -> str:
    text = reader.read(reader.size()).decode('utf-8', 'surrogatepass')
    return reader.keep(reader.reserve(flag), text)


def _read_ascii(reader: _Reader, flag: int) -> str:
    return reader.keep(reader.reserve(flag), reader.read(reader.size()).decode('latin-1'))


def _read_short_ascii(reader: _Reader, flag: int) -> str:
    return reader.keep(reader.reserve(flag), reader.read(reader.byte()).decode('latin-1'))


def _read_tuple(reader: _Reader, flag: int) -> tuple:
    index = reader.reserve(flag)
    return reader.keep(index, tuple(reader.sequence(reader.size())))


def _read_small_tuple(reader: _Reader, flag: int) -> tuple:
    index = reader.reserve(flag)
    return reader.keep(index, tuple(reader.sequence(reader.byte())))


def _read_list(reader: _Reader, flag: int) -> list:
    items: list = []
    reader.keep(reader.reserve(flag), items)
    items.extend(reader.sequence(reader.size()))
    return items


def _read_dict(reader: _Reader, flag: int) -> dict:
    result: dict = {}
    reader.keep(reader.reserve(flag), result)
    while True:
        key = reader.object()
        if key is _NULL:
            return result
        value = reader.object()
        if value is _NULL:
            return result
        result[key] = value


def _read_set(reader: _Reader, flag: int) -> set:
    result: set = set()
    reader.keep(reader.reserve(flag), result)
    result.update(reader.sequence(reader.size()))
    return result


def _read_frozenset(reader: _Reader, flag: int) -> frozenset:
    index = reader.reserve(flag)
    return reader.keep(index, frozenset(reader.sequence(reader.size())))


def _read_ref(reader: _Reader, flag: int) -> Any:
    index = reader.long()
    if index < 0 or index >= len(reader.refs) or reader.refs[index] is None:
        raise ValueError('bad marshal data (invalid reference)')
    return reader.refs[index]


# PyErr_BadInternalCall's message for a failed argument check of 3.8's PyCode_NewWithPosOnlyArgs
_BAD_CODE_ARGUMENT = 'Objects/codeobject.c:130: bad argument to internal function'
_CO_VARARGS, _CO_VARKEYWORDS, _CO_NOFREE = 0x04, 0x08, 0x40


def _code_fields_error(counts: List[int], fields: list, lnotab: Any) -> Any:
    """The exception 3.8's PyCode_NewWithPosOnlyArgs raises for these fields, or None.

    Where 3.8 aborts instead (intern_strings' Py_FatalError on a name that is not a
    str), a ValueError: the .pyc is refused, never run."""
    argcount, posonlyargcount, kwonlyargcount, nlocals, stacksize, flags = counts
    code_bytes, consts, names, varnames, freevars, cellvars, filename, name = fields
    if (argcount < posonlyargcount or posonlyargcount < 0 or kwonlyargcount < 0 or nlocals < 0
            or stacksize < 0 or flags < 0 or not isinstance(code_bytes, bytes)
            or not all(isinstance(table, tuple) for table in (consts, names, varnames, freevars, cellvars))
            or not isinstance(name, str) or not isinstance(filename, str)
            or not isinstance(lnotab, bytes)):
        return SystemError(_BAD_CODE_ARGUMENT)
    for table in (names, varnames, freevars, cellvars):
        if not all(type(item) is str for item in table):
            return ValueError('bad marshal data (non-string found in code slot)')
    total_args = argcount + kwonlyargcount + bool(flags & _CO_VARARGS) + bool(flags & _CO_VARKEYWORDS)
    if total_args > len(varnames):
        return ValueError('code: varnames is too small')
    return None


def _read_code(reader: _Reader, flag: int) -> CodeType:
    index = reader.reserve(flag)
    counts = [reader.long() for _ in range(6)]
    fields = [reader.object() for _ in range(8)]
    firstlineno = reader.long()
    lnotab = reader.object()
    if any(field is _NULL for field in fields) or lnotab is _NULL:
        raise TypeError('NULL object in marshal data for object')
    error = _code_fields_error(counts, fields, lnotab)
    if error is not None:
        raise error
    code_bytes, consts, names, varnames, freevars, cellvars, filename, name = fields
    # as PyCode_New: CO_NOFREE says whether there are cell or free variables
    counts[5] = counts[5] & ~_CO_NOFREE if cellvars or freevars else counts[5] | _CO_NOFREE
    code = CodeType(*counts, code_bytes, consts, names, varnames, filename, name,
                    firstlineno, lnotab, freevars, cellvars)
    return reader.keep(index, code)


_READERS = {
    TYPE_NULL: _read_null, TYPE_NONE: _constant(None), TYPE_FALSE: _constant(False),
    TYPE_TRUE: _constant(True), TYPE_STOPITER: _constant(StopIteration),
    TYPE_ELLIPSIS: _constant(Ellipsis), TYPE_INT: _read_int, TYPE_LONG: _read_long,
    TYPE_FLOAT: _read_float, TYPE_BINARY_FLOAT: _read_binary_float,
    TYPE_COMPLEX: _read_complex, TYPE_BINARY_COMPLEX: _read_binary_complex,
    TYPE_STRING: _read_bytes, TYPE_INTERNED: _read_unicode, TYPE_UNICODE: _read_unicode,
    TYPE_ASCII: _read_ascii, TYPE_ASCII_INTERNED: _read_ascii,
    TYPE_SHORT_ASCII: _read_short_ascii, TYPE_SHORT_ASCII_INTERNED: _read_short_ascii,
    TYPE_TUPLE: _read_tuple, TYPE_SMALL_TUPLE: _read_small_tuple, TYPE_LIST: _read_list,
    TYPE_DICT: _read_dict, TYPE_SET: _read_set, TYPE_FROZENSET: _read_frozenset,
    TYPE_REF: _read_ref, TYPE_CODE: _read_code,
}


def loads(data: bytes) -> Any:
    """Read one object from CPython 3.8 marshal data (code objects become CodeType)."""
    reader = _Reader(data)
    try:
        result = reader.object()
    except (struct.error, UnicodeDecodeError, RecursionError) as error:
        raise ValueError('bad marshal data (%s)' % error) from None
    if result is _NULL:
        raise TypeError('NULL object in marshal data for object')
    return result


class _Writer:
    """marshal.c's WFILE. Objects CPython 3.8 would hold more than one reference to are
    written once with FLAG_REF, then as TYPE_REF (w_ref); marshal_refs decides which."""

    def __init__(self, plan: SharePlan) -> None:
        self.out = bytearray()
        self.refs: dict = {}
        self.plan = plan

    def long(self, value: int) -> None:
        self.out += _INT32.pack(value)

    def object(self, value: Any, role: int = CONST) -> None:
        out = self.out
        if value is None:
            out.append(TYPE_NONE)
            return
        if value is True:
            out.append(TYPE_TRUE)
            return
        if value is False:
            out.append(TYPE_FALSE)
            return
        if value is Ellipsis:
            out.append(TYPE_ELLIPSIS)
            return
        if value is StopIteration:
            out.append(TYPE_STOPITER)
            return
        # w_ref: a shared object seen before is a TYPE_REF; the first time, FLAG_REF.
        key, interned = self.plan.identify(value, role)
        flag = 0
        if key is not None and self.plan.shared(key):
            index = self.refs.get(key)
            if index is not None:
                out.append(TYPE_REF)
                self.long(index)
                return
            self.refs[key] = len(self.refs)
            flag = FLAG_REF
        kind = type(value)
        if kind is int:
            if -0x80000000 <= value <= 0x7FFFFFFF:
                out.append(TYPE_INT | flag)
                self.long(value)
            else:
                self.write_long(value, flag)
        elif kind is float:
            out.append(TYPE_BINARY_FLOAT | flag)
            out += _DOUBLE.pack(value)
        elif kind is complex:
            out.append(TYPE_BINARY_COMPLEX | flag)
            out += _DOUBLE.pack(value.real) + _DOUBLE.pack(value.imag)
        elif kind is str:
            self.write_str(value, interned, flag)
        elif kind is bytes:
            out.append(TYPE_STRING | flag)
            self.long(len(value))
            out += value
        elif kind is CodeType:
            self.write_code(value, flag)
        elif kind in (tuple, list, set, frozenset, dict):
            if kind is tuple and len(value) < 256:
                out.append(TYPE_SMALL_TUPLE | flag)
                out.append(len(value))
            elif kind is dict:
                out.append(TYPE_DICT | flag)
            else:
                out.append(_CONTAINER_TYPES[kind] | flag)
                self.long(len(value))
            for item, item_role in self.plan.children(value, role):
                self.object(item, item_role)
            if kind is dict:
                out.append(TYPE_NULL)
        else:
            raise ValueError('unmarshallable object')

    def write_long(self, value: int, flag: int) -> None:
        self.out.append(TYPE_LONG | flag)
        magnitude = abs(value)
        digits = []
        while magnitude:
            digits.append(magnitude & 0x7FFF)
            magnitude >>= 15
        self.long(-len(digits) if value < 0 else len(digits))
        self.out += struct.pack('<%dH' % len(digits), *digits)

    def write_str(self, value: str, interned: bool, flag: int) -> None:
        if value.isascii():
            encoded = value.encode('ascii')
            if len(value) < 256:
                code = TYPE_SHORT_ASCII_INTERNED if interned else TYPE_SHORT_ASCII
                self.out.append(code | flag)
                self.out.append(len(encoded))
                self.out += encoded
                return
            code = TYPE_ASCII_INTERNED if interned else TYPE_ASCII
        else:
            code = TYPE_INTERNED if interned else TYPE_UNICODE
            encoded = value.encode('utf-8', 'surrogatepass')
        self.out.append(code | flag)
        self.long(len(encoded))
        self.out += encoded

    def write_code(self, code: CodeType, flag: int) -> None:
        self.out.append(TYPE_CODE | flag)
        for count in (code.co_argcount, code.co_posonlyargcount, code.co_kwonlyargcount,
                      code.co_nlocals, code.co_stacksize, code.co_flags):
            self.long(count)
        fields = self.plan.children(code, CONST)
        for field, role in fields[:8]:
            self.object(field, role)
        self.long(code.co_firstlineno)
        self.object(*fields[8])


_CONTAINER_TYPES = {tuple: TYPE_TUPLE, list: TYPE_LIST, set: TYPE_SET,
                    frozenset: TYPE_FROZENSET}


def dumps(value: Any, version: int = VERSION) -> bytes:
    """CPython 3.8 marshal data for `value` (our CodeType included)."""
    if version != VERSION:
        raise ValueError('only marshal version %d is supported' % VERSION)
    writer = _Writer(SharePlan(value))
    writer.object(value, TOP)
    return bytes(writer.out)


# -- .pyc files (PEP 552 header) -------------------------------------------------------

def pyc_header(source_mtime: int = 0, source_size: int = 0) -> bytes:
    """The 16-byte header of a timestamp-based 3.8 .pyc."""
    return MAGIC_NUMBER + _UINT32.pack(0) + _UINT32.pack(source_mtime & 0xFFFFFFFF) + \
        _UINT32.pack(source_size & 0xFFFFFFFF)


def dump_pyc(code: CodeType, source_mtime: int = 0, source_size: int = 0) -> bytes:
    """The bytes of a 3.8 .pyc holding `code`."""
    return pyc_header(source_mtime, source_size) + dumps(code)


def read_pyc_header(data: bytes) -> Tuple[int, int, int]:
    """(flags, mtime, size) of a 3.8 .pyc; for hash-based ones mtime/size are 0.

    Raises ImportError like CPython's importlib for a wrong magic or short header.
    """
    if len(data) < 16:
        raise EOFError('incomplete .pyc header (%d bytes)' % len(data))
    if data[:4] != MAGIC_NUMBER:
        raise ImportError('bad magic number in .pyc file: %r' % (bytes(data[:4]),))
    flags = _UINT32.unpack_from(data, 4)[0]
    if flags & ~0b11:
        raise ImportError('invalid flags %r in .pyc file' % flags)
    if flags:
        return flags, 0, 0
    return flags, _UINT32.unpack_from(data, 8)[0], _UINT32.unpack_from(data, 12)[0]


def load_pyc(data: bytes) -> CodeType:
    """The code object of a 3.8 .pyc file's bytes."""
    read_pyc_header(data)
    code = loads(data[16:])
    if not isinstance(code, CodeType):
        raise ValueError('.pyc file does not hold a code object')
    return code
