"""Lib/tokenize.py of CPython 3.8, token for token, driven by one master regular expression."""
import re
from typing import Iterator, List, Optional, Tuple

from .prefixes import DOUBLE3_TAIL, DOUBLE_TAIL, SINGLE3_TAIL, SINGLE_TAIL, STRING_PREFIX
from .tokens import (COMMENT, DEDENT, ENCODING, ENDMARKER, ERRORTOKEN, INDENT, NAME, NEWLINE,
                     NL, NUMBER, OP, STRING, TokenError, TokenInfo)

TABSIZE = 8

# Closing of a triple-quoted string searched over the whole text: an escape may
# swallow a newline, which is what line-by-line matching amounts to.
TRIPLE_END = {
    "'''": re.compile(SINGLE3_TAIL, re.DOTALL),
    '"""': re.compile(DOUBLE3_TAIL, re.DOTALL),
}

_NUMBER = (r'(?:[0-9](?:_?[0-9])*[jJ]'
           r'|(?:(?:[0-9](?:_?[0-9])*\.(?:[0-9](?:_?[0-9])*)?|\.[0-9](?:_?[0-9])*)'
           r'(?:[eE][-+]?[0-9](?:_?[0-9])*)?|[0-9](?:_?[0-9])*[eE][-+]?[0-9](?:_?[0-9])*)[jJ]'
           r'|(?:[0-9](?:_?[0-9])*\.(?:[0-9](?:_?[0-9])*)?|\.[0-9](?:_?[0-9])*)'
           r'(?:[eE][-+]?[0-9](?:_?[0-9])*)?'
           r'|[0-9](?:_?[0-9])*[eE][-+]?[0-9](?:_?[0-9])*'
           r'|0[xX](?:_?[0-9a-fA-F])+|0[bB](?:_?[01])+|0[oO](?:_?[0-7])+'
           r'|(?:0(?:_?0)*|[1-9](?:_?[0-9])*))')
# Lib/tokenize.py's Special (operators sorted longest first), as an equivalent compact regex.
_OPERATORS = r'\*\*=?|//=?|<<=?|>>=?|->|!=|[-+*/%&|^=<>@:]=?|[~;,]'
_STRINGS = {
    'triple': r'(?:\'\'\'[^\'\\]*(?:(?:\\.|\'(?!\'\'))[^\'\\]*)*\'\'\''
              r'|"""[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*""")',
    'triple_open': r'(?:\'\'\'|""")',
    'single': r'(?:\'[^\n\'\\]*(?:\\.[^\n\'\\]*)*\'|"[^\n"\\]*(?:\\.[^\n"\\]*)*")',
    'single_cont': r'(?:\'[^\n\'\\]*(?:\\.[^\n\'\\]*)*\\\r?\n|"[^\n"\\]*(?:\\.[^\n"\\]*)*\\\r?\n)',
}

# Alternatives in an order equivalent to Lib/tokenize.py's PseudoToken: only strings
# (which may begin with a prefix letter) and numbers (which may begin with '.') compete
# with other alternatives.  Each is one group, so `match.lastindex` names the kind.
# G_NAME_QUOTE: a name directly followed by a quote, maybe a string prefix; the line is
# then rescanned with PREFIXED_MASTER, whose names give way to prefixed strings.
(G_NAME, G_NAME_QUOTE, G_OPERATOR, G_OPEN, G_CLOSE, G_NEWLINE, G_TRIPLE, G_TRIPLE_OPEN, G_STRING,
 G_STRING_CONT, G_NUMBER, G_DOTS, G_COMMENT, G_CONTINUATION, G_EOS, G_OTHER_NAME,
 G_ERROR) = range(1, 18)
# Most frequent kinds first (sre enters every alternative that starts with a group).
_MASTER_TEMPLATE = (
    r'[ \f\t]*(?:'
    r'%(name_guard)s([a-zA-Z_]\w*)%(quote)s|(%(ops)s)|([(\[{])|([)\]}])|(\r?\n)|%(strings)s'
    r'|(%(num)s)'
    r'|(\.\.\.|\.)|(#[^\r\n]*)|(\\\r?\n)|((?<!\n)\Z)|(\w+)'
    r')|(.)')
_STRING_ALTERNATIVES = (r'(%(p)s%(triple)s)|(%(p)s%(triple_open)s)|(%(p)s%(single)s)'
                        r'|(%(p)s%(single_cont)s)')
MASTER = re.compile(_MASTER_TEMPLATE % {
    'strings': _STRING_ALTERNATIVES % dict(_STRINGS, p=''), 'quote': r'([\'"])?',
    'name_guard': '',
    'ops': _OPERATORS, 'num': _NUMBER})
PREFIXED_MASTER = re.compile(_MASTER_TEMPLATE % {
    'strings': _STRING_ALTERNATIVES % dict(_STRINGS, p=STRING_PREFIX), 'quote': '((?!))?',
    'name_guard': '(?!%s[\'"])' % STRING_PREFIX,
    'ops': _OPERATORS,
    'num': _NUMBER})
# Kinds that become one token of a fixed type.
_SIMPLE = [0] * (G_ERROR + 1)
for _kind, _type in ((G_TRIPLE, STRING), (G_STRING, STRING), (G_NAME, NAME), (G_OPERATOR, OP),
                     (G_NUMBER, NUMBER), (G_DOTS, OP), (G_COMMENT, COMMENT)):
    _SIMPLE[_kind] = _type
_SINGLE_END = {"'": re.compile(SINGLE_TAIL), '"': re.compile(DOUBLE_TAIL)}

_new = tuple.__new__


def _column(whitespace: str) -> int:
    """Indentation column of leading blanks, as Lib/tokenize.py measures it."""
    column = 0
    for char in whitespace:
        if char == ' ':
            column += 1
        elif char == '\t':
            column = (column // TABSIZE + 1) * TABSIZE
        else:
            column = 0
    return column


def split_lines(text: str) -> List[str]:
    """Lines as readline() of a StringIO/BytesIO gives them: split after each '\\n'."""
    lines = text.split('\n')
    last = lines.pop()
    lines = [line + '\n' for line in lines]
    if last:
        lines.append(last)
    return lines


def generate(lines: List[str], encoding: Optional[str] = None,
             pending_error: Optional[BaseException] = None) -> Iterator[TokenInfo]:
    """Tokens of `lines` as Lib/tokenize.py's _tokenize; `pending_error` is raised where
    the line after the last would have been read (a decoding error)."""
    if encoding is not None:
        if encoding == 'utf-8-sig':
            encoding = 'utf-8'
        yield _new(TokenInfo, (ENCODING, encoding, (0, 0), (0, 0), ''))
    simple = _SIMPLE
    nlines = len(lines)
    index = -1                  # index of `line` in `lines`
    parenlev = continued = 0
    indents = [0]
    contstr = contline = None
    strstart = (0, 0)
    endprog = None
    hit_eof = False
    line = ''
    pos = 0
    while True:                                   # loop over lines
        index += 1
        if index < nlines:
            line = lines[index]
        else:
            if pending_error is not None:
                raise pending_error
            line = ''
        lnum = index + 1
        pos, max_pos = 0, len(line)

        if contstr is not None:                   # continued single-quoted string
            if not line:
                raise TokenError('EOF in multi-line string', strstart)
            endmatch = endprog.match(line)
            if endmatch:
                pos = end = endmatch.end(0)
                yield _new(TokenInfo, (STRING, contstr + line[:end], strstart, (lnum, end),
                                       contline + line))
                contstr = contline = None
            elif line[-2:] != '\\\n' and line[-3:] != '\\\r\n':
                yield _new(TokenInfo, (ERRORTOKEN, contstr + line, strstart,
                                       (lnum, len(line)), contline))
                contstr = contline = None
                continue
            else:
                contstr += line
                contline += line
                continue
        elif parenlev == 0 and not continued:     # new statement
            if not line:
                hit_eof = True
                break
            pos = max_pos - len(line.lstrip(' \t\f'))
            if pos == max_pos:
                break
            char = line[pos]
            if char in '#\r\n':                   # comment or blank line
                if char == '#':
                    comment = line[pos:].rstrip('\r\n')
                    end = pos + len(comment)
                    yield _new(TokenInfo, (COMMENT, comment, (lnum, pos), (lnum, end), line))
                    pos = end
                yield _new(TokenInfo, (NL, line[pos:], (lnum, pos), (lnum, max_pos), line))
                continue
            whitespace = line[:pos]
            column = pos if ('\t' not in whitespace and '\f' not in whitespace) \
                else _column(whitespace)
            if column > indents[-1]:
                indents.append(column)
                yield _new(TokenInfo, (INDENT, whitespace, (lnum, 0), (lnum, pos), line))
            while column < indents[-1]:
                if column not in indents:
                    raise IndentationError(
                        'unindent does not match any outer indentation level',
                        ('<tokenize>', lnum, pos, line))
                indents.pop()
                yield _new(TokenInfo, (DEDENT, '', (lnum, pos), (lnum, pos), line))
        else:                                     # continued statement
            if not line:
                if pending_error is not None:
                    raise pending_error
                raise TokenError('EOF in multi-line statement', (lnum, 0))
            continued = 0

        finditer = MASTER.finditer
        while pos < max_pos:
            for match in finditer(line, pos):
                kind = match.lastindex
                token_type = simple[kind]
                if token_type:
                    start, end = match.span(kind)
                    yield _new(TokenInfo, (token_type, line[start:end], (lnum, start),
                                           (lnum, end), line))
                elif kind == G_NEWLINE:
                    start, end = match.span(kind)
                    yield _new(TokenInfo, (NL if parenlev > 0 else NEWLINE, line[start:end],
                                           (lnum, start), (lnum, end), line))
                elif kind == G_OPEN or kind == G_CLOSE:
                    start = match.start(kind)
                    parenlev += 1 if kind == G_OPEN else -1
                    yield _new(TokenInfo, (OP, line[start], (lnum, start), (lnum, start + 1),
                                           line))
                elif kind == G_NAME_QUOTE:
                    pos = match.start(G_NAME)
                    finditer = PREFIXED_MASTER.finditer
                    break
                elif kind == G_EOS:
                    pos = max_pos
                elif kind == G_CONTINUATION:
                    continued = 1
                elif kind == G_OTHER_NAME:
                    start, end = match.span(kind)
                    token = line[start:end]
                    yield _new(TokenInfo, (NAME if token[0].isidentifier() else OP, token,
                                           (lnum, start), (lnum, end), line))
                elif kind == G_ERROR:
                    start = match.start(kind)
                    yield _new(TokenInfo, (ERRORTOKEN, line[start], (lnum, start),
                                           (lnum, start + 1), line))
                elif kind == G_STRING_CONT:               # ' string continued by a backslash
                    start = match.start(kind)
                    strstart = (lnum, start)
                    token = line[start:]
                    quote = token[0] if token[0] in '\'"' else (
                        token[1] if token[1] in '\'"' else token[2])
                    endprog = _SINGLE_END[quote]
                    contstr, contline = token, line
                    pos = max_pos
                    break
                else:                                     # G_TRIPLE_OPEN: spans lines
                    start, end = match.span(kind)
                    found = _find_triple_end(lines, index, end, line[end - 3:end])
                    if found is None:
                        if pending_error is not None:
                            raise pending_error
                        raise TokenError('EOF in multi-line string', (lnum, start))
                    end_index, end = found
                    text = ''.join(lines[index:end_index + 1])
                    index = end_index
                    line = lines[index]
                    token = text[start:len(text) - len(line) + end]
                    yield _new(TokenInfo, (STRING, token, (lnum, start), (index + 1, end), text))
                    lnum = index + 1
                    pos, max_pos = end, len(line)
                    break
            else:
                pos = max_pos

    last_line = lines[-1] if (hit_eof and lines) else ''
    if last_line and last_line[-1] not in '\r\n':
        yield _new(TokenInfo, (NEWLINE, '', (lnum - 1, len(last_line)),
                               (lnum - 1, len(last_line) + 1), ''))
    for _ in indents[1:]:
        yield _new(TokenInfo, (DEDENT, '', (lnum, 0), (lnum, 0), ''))
    yield _new(TokenInfo, (ENDMARKER, '', (lnum, 0), (lnum, 0), ''))


def _find_triple_end(lines: List[str], index: int, pos: int,
                     quote: str) -> Optional[Tuple[int, int]]:
    """(line index, column) just past the closing quotes of a triple-quoted string."""
    endprog = TRIPLE_END[quote]
    match = endprog.match(lines[index], pos)
    if match:
        return index, match.end()
    # Each following line is matched from its start, as Lib/tokenize.py does.
    for following in range(index + 1, len(lines)):
        text = lines[following]
        if quote in text:
            match = endprog.match(text)
            if match:
                return following, match.end()
    return None
