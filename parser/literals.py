"""NUMBER and STRING tokens to AST constants, as CPython 3.8's Python/ast.c does.

Entry points for the parser:

``parse_number(text)``
    The value of a NUMBER token (as ast.c's parsenumber).  A decimal int longer
    than the int max-str-digits limit (4300 by default) raises ValueError with 3.8.18's
    whole message; ``parse_number_token(token, builder)`` turns that into the
    SyntaxError at the token, as ast_for_atom does.

``fstrings.parse_string_atom(tokens, builder)``
    One atom made of consecutive STRING tokens (implicit concatenation), as
    ast.c's parsestrplus: a ``Constant`` (str or bytes) or a ``JoinedStr``; each
    token's text goes through ``parse_string_token`` here. Each token offers
    ``.string`` (text with prefix and quotes) and its position (see
    ``token_span``: line numbers and UTF-8 byte columns).

The ``builder`` (provided by the parser) offers:

``builder.filename``
    The file name used in warnings and SyntaxErrors.

``builder.parse_fstring_expression(source, line_shift, col_shift) -> expr node``
    Parse ``source`` -- always ``'(' + <text of one replacement field> + ')'`` -- as
    an ``eval`` input with filename ``'<fstring>'`` and return the expression node
    (the body of the Expression), as 3.8's fstring_compile_expr does:

    * tokenizer and grammar errors are raised as 3.8 reports them for that source
      and filename, with lineno/offset *within source* (not shifted) and
      ``text`` the offending line of source;
    * otherwise, before building AST nodes, every token's position is shifted as
      fstring_fix_node_location/fstring_shift_node_locations do: ``line_shift``
      is added to every line number; ``col_shift`` is added to the start and end
      columns of each token that *starts* on line 1 of source (tokens starting on
      a later line keep their columns); then the AST is built from the shifted
      tokens, so errors raised while building (e.g. "Generator expression must be
      parenthesized") carry shifted positions and filename ``'<fstring>'``;
    * STRING atoms inside the expression are handed back to
      ``parse_string_atom`` with the shifted tokens (nested f-strings).

    The 3.8 quirk for nodes spanning several lines of a triple-quoted f-string
    (a node that starts on line 1 also gets ``col_shift`` on its end column) is
    applied afterwards (``fstrings.fix_multiline_ends``).

Optional: ``builder.make_syntax_error(msg, lineno, offset)`` returning the
exception to raise (to fill in ``text``); without it a SyntaxError with
``text=None`` is raised, which is what ast.parse gives for source strings.
The builder's ``named_escapes`` is set to True when a str literal decodes a
``\\N{...}`` escape (CPython imports unicodedata for it).
"""
import sys
import warnings
from typing import Any, Optional, Tuple, Union

from . import nodes

Number = Union[int, float, complex]

# Decimal ints longer than this are converted piecewise, so that the value never
# depends on the host's own int(str) limit (parse_number applies 3.8.18's check).
_DIGIT_CHUNK = 1000


def _decimal_to_int(digits: str) -> int:
    """int(digits) for a string of decimal digits of any length."""
    if len(digits) <= _DIGIT_CHUNK:
        return int(digits)
    half = len(digits) // 2
    high, low = digits[:-half], digits[-half:]
    return _decimal_to_int(high) * 10 ** half + _decimal_to_int(low)


def int_max_str_digits() -> int:
    """The interpreter's limit on decimal int conversion (0: none); 3.8.18's default is 4300."""
    getter = getattr(sys, 'get_int_max_str_digits', None)
    return getter() if getter is not None else 4300


def parse_number(text: str) -> Number:
    """The value of a NUMBER token, as 3.8's parsenumber."""
    text = text.replace('_', '')
    lowered = text.lower()
    if lowered.startswith(('0x', '0o', '0b')):
        return int(text, 0)
    if lowered.endswith('j'):
        return complex(0.0, float(text[:-1]))
    if '.' in text or 'e' in lowered:
        return float(text)
    if text[0] == '0':     # only zeros: strtoul never overflows, no limit applies
        return 0
    limit = int_max_str_digits()
    if 0 < limit < len(text):
        raise ValueError('Exceeds the limit (%d) for integer string conversion: value has %d '
                         'digits; use sys.set_int_max_str_digits() to increase the limit - '
                         'Consider hexadecimal for huge integer literals to avoid decimal '
                         'conversion limits.' % (limit, len(text)))
    return _decimal_to_int(text)


def parse_number_token(token: Any, builder: Any) -> Number:
    """parse_number for a NUMBER token, errors as SyntaxError at the token (ast_for_atom)."""
    try:
        return parse_number(token.string)
    except ValueError as error:
        raise syntax_error(builder, str(error), Location(*token_span(token))) from None


# -- positions and errors ------------------------------------------------------

def token_span(token: Any) -> Tuple[int, int, int, int]:
    """(lineno, col_offset, end_lineno, end_col_offset) of a token, columns in UTF-8 bytes."""
    byte_start = getattr(token, 'byte_start', None)
    if byte_start is not None:
        return (token.start[0], byte_start[1] if isinstance(byte_start, tuple) else byte_start,
                token.end[0], _end_byte(token))
    col_offset = getattr(token, 'col_offset', None)
    if col_offset is not None:
        return token.start[0], col_offset, token.end[0], token.end_col_offset
    # Characters only: derive bytes from the physical line(s) when the token has them.
    (lineno, col), (end_lineno, end_col) = token.start, token.end
    line = getattr(token, 'line', None)
    if line is None:
        return lineno, col, end_lineno, end_col
    lines = line.splitlines(True) or ['']
    first = lines[0]
    last = lines[min(end_lineno - lineno, len(lines) - 1)]
    return (lineno, len(first[:col].encode('utf-8', 'surrogatepass')), end_lineno,
            len(last[:end_col].encode('utf-8', 'surrogatepass')))


def _end_byte(token: Any) -> int:
    byte_end = token.byte_end
    return byte_end[1] if isinstance(byte_end, tuple) else byte_end


class Location:
    """Where a string node sits: the atom, or one of its tokens (3.8's CST node `n`)."""
    __slots__ = ('lineno', 'col_offset', 'end_lineno', 'end_col_offset')

    def __init__(self, lineno: int, col_offset: int, end_lineno: int,
                 end_col_offset: int) -> None:
        self.lineno = lineno
        self.col_offset = col_offset
        self.end_lineno = end_lineno
        self.end_col_offset = end_col_offset

    def span(self) -> Tuple[int, int, int, int]:
        """The position as pipeline.parser.construct's constructors take it."""
        return self.lineno, self.col_offset, self.end_lineno, self.end_col_offset

    def place(self, node: nodes.AST) -> nodes.AST:
        node.lineno = self.lineno
        node.col_offset = self.col_offset
        node.end_lineno = self.end_lineno
        node.end_col_offset = self.end_col_offset
        return node


def syntax_error(builder: Any, msg: str, where: Location) -> SyntaxError:
    """The SyntaxError 3.8's ast_error makes at `where` (offset is the byte column + 1)."""
    make = getattr(builder, 'make_syntax_error', None)
    if make is not None:
        return make(msg, where.lineno, where.col_offset + 1)
    return SyntaxError(msg, (getattr(builder, 'filename', '<unknown>'), where.lineno,
                             where.col_offset + 1, None))


class EscapeWarnings:
    """How many escape warnings were given, and how many of the next ones a parse that
    repeats an abandoned attempt gives no second time (see parser.api._parse_raw: the
    repeat calls the same callbacks in the same order, then maybe more)."""
    given = 0
    repeated = 0


def warn_invalid_escape(builder: Any, char: str, where: Location) -> None:
    """DeprecationWarning for an invalid escape; a SyntaxError if warnings are errors.

    As warn_invalid_escape_sequence."""
    if EscapeWarnings.repeated:
        EscapeWarnings.repeated -= 1
        return
    msg = 'invalid escape sequence \\%s' % char
    try:
        warnings.warn_explicit(msg, DeprecationWarning,
                               getattr(builder, 'filename', '<unknown>'), where.lineno)
    except DeprecationWarning:
        raise syntax_error(builder, msg, where) from None
    EscapeWarnings.given += 1


# -- escape decoding -----------------------------------------------------------

class EscapeError(Exception):
    """A decoding failure; `message` is what 3.8 reports after '(unicode error) ' etc."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


_SIMPLE_ESCAPES = {'\n': '', '\\': '\\', "'": "'", '"': '"', 'b': '\b', 'f': '\f',
                   't': '\t', 'n': '\n', 'r': '\r', 'v': '\v', 'a': '\a'}
_OCTAL = '01234567'
_HEX = '0123456789abcdefABCDEF'
_HEX_COUNT = {'x': (2, 'truncated \\xXX escape'), 'u': (4, 'truncated \\uXXXX escape'),
              'U': (8, 'truncated \\UXXXXXXXX escape')}


def _unicode_escape_error(text: str, start: int, end: int, reason: str) -> EscapeError:
    # as UnicodeDecodeError.__str__
    if end == start + 1:
        detail = "can't decode byte 0x%02x in position %d" % (ord(text[start]), start)
    else:
        detail = "can't decode bytes in position %d-%d" % (start, end - 1)
    return EscapeError("(unicode error) 'unicodeescape' codec %s: %s" % (detail, reason))


def _lookup_name(name: str) -> Optional[str]:
    """The character named `name` as \\N{...} accepts it (aliases yes, sequences no)."""
    import unicodedata   # as CPython, only once a \N{...} escape is decoded
    try:
        char = unicodedata.lookup(name)
    except KeyError:
        return None
    return char if len(char) == 1 else None


def _decode_unicode_escape(text: str) -> Tuple[str, Optional[str], bool]:
    """_PyUnicode_DecodeUnicodeEscape over ASCII `text`: (value, first invalid escape char,
    whether a \\N{...} escape was decoded)."""
    out = []
    first_invalid = None
    named_escape = False
    length = len(text)
    pos = 0
    while pos < length:
        backslash = text.find('\\', pos)
        if backslash < 0:
            out.append(text[pos:])
            break
        out.append(text[pos:backslash])
        pos = backslash + 1
        if pos >= length:
            raise _unicode_escape_error(text, backslash, pos, '\\ at end of string')
        char = text[pos]
        pos += 1
        simple = _SIMPLE_ESCAPES.get(char)
        if simple is not None:
            out.append(simple)
        elif char in _OCTAL:
            value = ord(char) - 48
            for _ in range(2):
                if pos < length and text[pos] in _OCTAL:
                    value = value * 8 + ord(text[pos]) - 48
                    pos += 1
                else:
                    break
            out.append(chr(value))
        elif char in _HEX_COUNT:
            count, message = _HEX_COUNT[char]
            digits_end = pos
            while digits_end < length and digits_end - pos < count and text[digits_end] in _HEX:
                digits_end += 1
            if digits_end - pos < count:
                raise _unicode_escape_error(text, backslash, digits_end, message)
            value = int(text[pos:digits_end], 16)
            pos = digits_end
            if value > 0x10FFFF:
                raise _unicode_escape_error(text, backslash, pos, 'illegal Unicode character')
            out.append(chr(value))
        elif char == 'N':
            message = 'malformed \\N character escape'
            if pos < length and text[pos] == '{':
                pos += 1
                close = text.find('}', pos)
                name_end = length if close < 0 else close
                if name_end > pos and close >= 0:
                    name = text[pos:close]
                    pos = close + 1
                    named = _lookup_name(name)
                    if named is not None:
                        out.append(named)
                        named_escape = True
                        continue
                    message = 'unknown Unicode character name'
                else:
                    pos = name_end
            raise _unicode_escape_error(text, backslash, pos, message)
        else:
            if first_invalid is None:
                first_invalid = char
            out.append('\\' + char)
    return ''.join(out), first_invalid, named_escape


def _escape_non_ascii(body: str) -> str:
    """decode_unicode_with_escapes' rewrite of a body before unicode-escape decoding.

    Non-ASCII characters become \\UXXXXXXXX; a backslash before one (or at the end)
    becomes \\u005c, so it stands for itself."""
    out = []
    length = len(body)
    index = 0
    while index < length:
        char = body[index]
        if char == '\\':
            out.append(char)
            index += 1
            if index >= length or body[index] >= '\x80':
                out.append('u005c')
                if index >= length:
                    break
            char = body[index]
        if char >= '\x80':
            out.append('\\U%08x' % ord(char))
        else:
            out.append(char)
        index += 1
    return ''.join(out)


def decode_unicode_with_escapes(builder: Any, body: str, where: Location) -> str:
    """The value of a non-raw str body, as decode_unicode_with_escapes (warns at `where`)."""
    if '\\' not in body:
        return body
    # a trailing lone backslash also needs the rewrite (it becomes \\u005c)
    text = body if body.isascii() and body[-1] != '\\' else _escape_non_ascii(body)
    value, first_invalid, named_escape = _decode_unicode_escape(text)
    if first_invalid is not None:
        warn_invalid_escape(builder, first_invalid, where)
    if named_escape:
        # decoding \N{...} makes CPython import unicodedata, which marshal_refs must know
        builder.named_escapes = True
    return value


def _decode_bytes_escape(text: str) -> Tuple[bytes, Optional[str]]:
    """_PyBytes_DecodeEscape over ASCII `text`: (value, first invalid escape char)."""
    out = bytearray()
    first_invalid = None
    length = len(text)
    pos = 0
    while pos < length:
        backslash = text.find('\\', pos)
        if backslash < 0:
            out += text[pos:].encode('latin-1')
            break
        out += text[pos:backslash].encode('latin-1')
        pos = backslash + 1
        if pos >= length:
            raise EscapeError('(value error) Trailing \\ in string')
        char = text[pos]
        pos += 1
        simple = _SIMPLE_ESCAPES.get(char)
        if simple is not None:
            out += simple.encode('latin-1')
        elif char in _OCTAL:
            value = ord(char) - 48
            for _ in range(2):
                if pos < length and text[pos] in _OCTAL:
                    value = value * 8 + ord(text[pos]) - 48
                    pos += 1
                else:
                    break
            out.append(value & 0xFF)
        elif char == 'x':
            if pos + 1 < length and text[pos] in _HEX and text[pos + 1] in _HEX:
                out.append(int(text[pos:pos + 2], 16))
                pos += 2
            else:
                raise EscapeError('(value error) invalid \\x escape at position %d' % backslash)
        else:
            if first_invalid is None:
                first_invalid = char
            out += b'\\' + char.encode('latin-1')
    return bytes(out), first_invalid


# -- one STRING token ----------------------------------------------------------

class StringPiece:
    """One STRING token taken apart, as parsestr: its prefix flags and value or f-string body."""
    __slots__ = ('is_bytes', 'is_raw', 'value', 'fstring_body')

    def __init__(self, is_bytes: bool, is_raw: bool, value: Union[str, bytes, None],
                 fstring_body: Optional[str]) -> None:
        self.is_bytes = is_bytes
        self.is_raw = is_raw
        self.value = value
        self.fstring_body = fstring_body


def parse_string_token(text: str, builder: Any, where: Location,
                       atom: Location) -> StringPiece:
    """parsestr: prefix, quotes, then the value (errors at `where`, decoding errors at `atom`)."""
    is_bytes = is_raw = is_fstring = False
    index = 0
    while text[index] not in '\'"':
        letter = text[index].lower()
        if letter == 'b':
            is_bytes = True
        elif letter == 'r':
            is_raw = True
        elif letter == 'f':
            is_fstring = True
        index += 1
    quote = text[index]
    if text.startswith(quote * 3, index) and len(text) - index >= 6:
        body = text[index + 3:-3]
    else:
        body = text[index + 1:-1]
    if not is_bytes and not body.isascii():
        _check_utf8(builder, body, is_raw or ('\\' not in body and not is_fstring), atom)
    if is_fstring:
        return StringPiece(False, is_raw, None, body)
    if is_bytes:
        if not body.isascii():
            raise syntax_error(builder, 'bytes can only contain ASCII literal characters.', where)
        if is_raw or '\\' not in body:
            return StringPiece(True, is_raw, body.encode('ascii'), None)
        try:
            value, first_invalid = _decode_bytes_escape(body)
        except EscapeError as error:
            raise syntax_error(builder, error.message, atom) from None
        if first_invalid is not None:
            warn_invalid_escape(builder, first_invalid, where)
        return StringPiece(True, is_raw, value, None)
    if is_raw:
        return StringPiece(False, True, body, None)
    try:
        value = decode_unicode_with_escapes(builder, body, where)
    except EscapeError as error:
        raise syntax_error(builder, error.message, atom) from None
    return StringPiece(False, False, value, None)


def _check_utf8(builder: Any, body: str, whole: bool, atom: Location) -> None:
    """Source bytes that are not UTF-8 (lone surrogates from decode_source) fail as
    parsestr decodes them: the whole body, or each run of non-ASCII characters when
    escapes are processed (decode_unicode_with_escapes)."""
    if not any('\udc80' <= char <= '\udcff' for char in body):
        return
    pieces = [body] if whole else ''.join(
        char if ord(char) > 0x7f else '\0' for char in body).split('\0')
    for piece in pieces:
        try:
            piece.encode('utf-8', 'surrogateescape').decode('utf-8')
        except UnicodeDecodeError as error:
            raise syntax_error(builder, '(unicode error) %s' % error, atom) from None
