"""Entry points of the tokenize face: `tokenize(source)` as Lib/tokenize.py of 3.8."""
import codecs
import re
from typing import Iterator, List, Optional, Tuple, Union

from .source import normal_encoding_name
from .tokens import TokenInfo

_COOKIE = re.compile(r'^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)', re.ASCII)
_BLANK = re.compile(br'^[ \t\f]*(?:[#\r\n]|$)', re.ASCII)


def _find_cookie(line: bytes, bom_found: bool, filename: Optional[str]) -> Optional[str]:
    try:
        line_string = line.decode('utf-8')
    except UnicodeDecodeError:
        msg = 'invalid or missing encoding declaration'
        if filename is not None:
            msg = '{} for {!r}'.format(msg, filename)
        raise SyntaxError(msg) from None
    match = _COOKIE.match(line_string)
    if not match:
        return None
    encoding = normal_encoding_name(match.group(1))
    try:
        codecs.lookup(encoding)
    except LookupError:
        if filename is None:
            msg = 'unknown encoding: ' + encoding
        else:
            msg = 'unknown encoding for {!r}: {}'.format(filename, encoding)
        raise SyntaxError(msg) from None
    if bom_found:
        if encoding != 'utf-8':
            if filename is None:
                msg = 'encoding problem: utf-8'
            else:
                msg = 'encoding problem for {!r}: utf-8'.format(filename)
            raise SyntaxError(msg)
        encoding += '-sig'
    return encoding


def detect_encoding(lines: List[bytes], filename: Optional[str] = None
                    ) -> Tuple[str, List[bytes]]:
    """Lib/tokenize.py's detect_encoding over the first two of `lines`; `filename` is
    the name of the file readline belongs to (None for a BytesIO)."""
    first = lines[0] if lines else b''
    bom_found = False
    default = 'utf-8'
    if first.startswith(codecs.BOM_UTF8):
        bom_found = True
        first = first[3:]
        default = 'utf-8-sig'
    if not first:
        return default, []
    encoding = _find_cookie(first, bom_found, filename)
    if encoding:
        return encoding, [first]
    if not _BLANK.match(first):
        return default, [first]
    second = lines[1] if len(lines) > 1 else b''
    if not second:
        return default, [first]
    encoding = _find_cookie(second, bom_found, filename)
    if encoding:
        return encoding, [first, second]
    return default, [first, second]


def _decode_lines(raw_lines: List[bytes], encoding: str
                  ) -> Tuple[List[str], Optional[BaseException]]:
    """Decode line by line as Lib/tokenize.py does; stop at the first undecodable line."""
    from .pyscan import split_lines
    if encoding in ('utf-8', 'utf-8-sig'):
        try:
            return split_lines(b''.join(raw_lines).decode('utf-8')), None
        except UnicodeDecodeError:
            pass
        encoding = 'utf-8'
    lines = []
    for raw in raw_lines:
        try:
            lines.append(raw.decode(encoding))
        except (UnicodeError, LookupError) as error:    # raised where readline decodes
            return lines, error
    return lines, None


def tokenize(source: Union[str, bytes], filename: Optional[str] = None
             ) -> Iterator[TokenInfo]:
    """Tokens of `source`: for bytes as 3.8's tokenize.tokenize (ENCODING first, errors in
    the encoding declaration raised at once; `filename` as if read from that file); for
    str as 3.8's tokenize.generate_tokens."""
    from .pyscan import generate, split_lines    # its regexes only once tokenize is used
    if isinstance(source, str):
        return generate(split_lines(source))
    raw_lines = _split_bytes(bytes(source))
    encoding, consumed = detect_encoding(raw_lines[:2], filename)
    # detect_encoding hands back the lines it read (BOM stripped); none means EOF.
    raw_lines = consumed + raw_lines[len(consumed):] if consumed else []
    lines, error = _decode_lines(raw_lines, encoding)
    return generate(lines, encoding, error)


def source_text(data: bytes) -> str:
    """Text of a module's source bytes as 3.8's importlib.util.decode_source gives it (what
    get_source, linecache and inspect see): the tokenize face's detect_encoding, BOM dropped,
    universal newlines."""
    encoding, _ = detect_encoding(_split_bytes(data)[:2])
    text = data.decode(encoding)
    return text.replace('\r\n', '\n').replace('\r', '\n') if '\r' in text else text


def generate_tokens(source: str) -> Iterator[TokenInfo]:
    """Tokens of a str, as 3.8's tokenize.generate_tokens(io.StringIO(source).readline)."""
    from .pyscan import generate, split_lines
    return generate(split_lines(source))


def _split_bytes(data: bytes) -> List[bytes]:
    """Split after each b'\\n' only, as BytesIO.readline does."""
    parts = data.split(b'\n')
    last = parts.pop()
    lines = [part + b'\n' for part in parts]
    if last:
        lines.append(last)
    return lines
