"""Source bytes to text as compile() does it in 3.8: BOM, PEP 263 cookie (tokenizer.c's
decode_str, check_bom, check_coding_spec, get_coding_spec)."""
import codecs
import re

_BOM = b'\xef\xbb\xbf'
_SPEC_NAME = re.compile(rb'[-\w.]+', re.ASCII)


def normal_encoding_name(name: str) -> str:
    """As tokenizer.c's get_normal_name."""
    low = name[:12].lower().replace('_', '-')
    if low == 'utf-8' or low.startswith('utf-8-'):
        return 'utf-8'
    if low in ('latin-1', 'iso-8859-1', 'iso-latin-1') or \
            low.startswith(('latin-1-', 'iso-8859-1-', 'iso-latin-1-')):
        return 'iso-8859-1'
    return name


def _coding_spec(line: bytes):
    """(spec or None, whether to stop looking): as get_coding_spec + check_coding_spec."""
    size = len(line)
    index = 0
    while index < size - 6:
        char = line[index:index + 1]
        if char == b'#':
            break
        if char not in (b' ', b'\t', b'\x0c'):
            return None, True                   # not a comment line: no spec here
        index += 1
    while index < size - 6:
        if line.startswith(b'coding', index) and line[index + 6:index + 7] in (b':', b'='):
            begin = index + 7
            while line[begin:begin + 1] in (b' ', b'\t'):
                begin += 1
            match = _SPEC_NAME.match(line, begin)
            if match:
                return normal_encoding_name(match.group().decode('ascii')), True
        index += 1
    for byte in line:
        if byte in b'#\n\r':
            break
        if byte not in b' \t\x0c':
            return None, True                   # code on the line: stop looking
    return None, False


def _syntax_error(msg: str, filename: str) -> SyntaxError:
    # err_input with E_DECODE: the message of the exception, lineno 0, offset 0, no text.
    return SyntaxError(msg, (filename, 0, 0, None))


def _translate_newlines(data: bytes) -> bytes:
    """As tokenizer.c's translate_newlines, which decode_str applies first: CRLF and CR
    to LF, a final LF added (and one more after a final CRLF)."""
    if b'\r' in data:
        extra = b'\n' if data.endswith(b'\r\n') else b''
        data = data.replace(b'\r\n', b'\n').replace(b'\r', b'\n') + extra
    if not data.endswith(b'\n'):
        data += b'\n'
    return data


def decode_source(data: bytes, filename: str = '<unknown>') -> str:
    """The text compile() tokenizes for source bytes, newlines translated.  Bytes that are
    not UTF-8 (CPython leaves them to later errors) come back as lone surrogates
    (surrogateescape)."""
    if b'\0' in data:
        raise ValueError('source code string cannot contain null bytes')
    data = _translate_newlines(data)
    bom = data.startswith(_BOM)
    if bom:
        data = data[3:]
    first_end = data.find(b'\n')
    spec = None
    if first_end >= 0:
        spec, stop = _coding_spec(data[:first_end + 1])
        if spec is None and not stop:
            second_end = data.find(b'\n', first_end + 1)
            if second_end >= 0:
                spec, _ = _coding_spec(data[first_end + 1:second_end + 1])
    if spec is not None:
        if bom and spec != 'utf-8':
            raise _syntax_error('encoding problem: %s with BOM' % spec, filename)
        if spec != 'utf-8':
            try:
                info = codecs.lookup(spec)
            except LookupError:
                raise _syntax_error('unknown encoding: %s' % spec, filename) from None
            if not getattr(info, '_is_text_encoding', True):
                raise _syntax_error("'%s' is not a text encoding; use codecs.decode() to handle "
                                    "arbitrary codecs" % spec, filename)
            try:
                return data.decode(spec)
            except UnicodeError as error:
                raise _syntax_error(str(error), filename) from None
    return data.decode('utf-8', 'surrogateescape')


PEP263_NOTE = 'see http://python.org/dev/peps/pep-0263/ for details'


def _file_error(msg: str, filename: str, lineno: int) -> SyntaxError:
    return SyntaxError(msg, (filename, lineno, None, None))


def _read_lines(data: bytes) -> list:
    """The lines 3.8's file tokenizer reads (Py_UniversalNewlineFgets, newlines translated): a
    NUL ends a line's C string, so the rest of that line, LF included, is lost."""
    lines = data.replace(b'\r\n', b'\n').replace(b'\r', b'\n').split(b'\n')
    last = lines.pop()
    lines = [line + b'\n' for line in lines] + ([last] if last else [])
    return [line[:line.index(b'\0')] if b'\0' in line else line for line in lines]


def decode_file(data: bytes, filename: str) -> str:
    """A script file's text, with the errors 3.8's file tokenizer gives (tokenizer.c's
    decoding_fgets, check_coding_spec with fp_setreadl, check_bom): the cookie's and the
    BOM's conflicts, an unusable codec, non-UTF-8 bytes with no declaration. Newlines
    translated; bytes a UTF-8 file may not hold are left to the tokenizer (surrogateescape)."""
    lines = _read_lines(data)
    bom = bool(lines) and lines[0].startswith(_BOM)
    if bom:
        lines[0] = lines[0][3:]
    spec, cookie_line = None, 0
    for index, line in enumerate(lines[:2]):
        spec, stop = _coding_spec(line)
        if spec is not None:
            cookie_line = index + 1
            break
        if stop:
            break
    raw = b''.join(lines)
    if spec is not None and bom and spec != 'utf-8':
        raise _file_error('encoding problem: %s with BOM' % spec, filename, cookie_line)
    if spec is not None and spec != 'utf-8':
        try:   # fp_setreadl: the rest is read through the codec; any failure is "encoding problem"
            text = raw.decode(spec)
        except (LookupError, UnicodeError):
            text = None
        # (a codec that does not read the lines up to the cookie as they are, utf-16 say, fails too)
        if text is None or not text.startswith(b''.join(lines[:cookie_line]).decode('latin-1')):
            raise _file_error('encoding problem: %s' % spec, filename, cookie_line)
    elif spec is None and not bom:
        try:
            text = raw.decode('utf-8')
        except UnicodeDecodeError as exc:
            lineno = raw.count(b'\n', 0, exc.start) + 1
            raise _file_error("Non-UTF-8 code starting with '\\x%02x' in file %s on line %d, "
                              "but no encoding declared; %s" % (raw[exc.start], filename, lineno,
                                                                 PEP263_NOTE), filename, lineno) from None
    else:
        text = raw.decode('utf-8', 'surrogateescape')
    return text.replace('\r\n', '\n').replace('\r', '\n') if '\r' in text else text
