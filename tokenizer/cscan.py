"""The tokens Parser/tokenizer.c (3.8) hands the parser, with compile()'s tokenizer errors.

One master regular expression runs over the whole text.  A newline together with the
blank and comment lines after it and the next line's indentation is one match, so
indentation is handled once per logical line; strings spanning lines are one match.
Tokens are appended to a list handed over a few hundred at a time (at a line's end), not
yielded one by one.
"""
import re
from itertools import chain
from typing import Iterator, List, Tuple

from .prefixes import STRING_PREFIX
from .tokens import (ASYNC, AWAIT, DEDENT, ENDMARKER, EXACT_TOKEN_TYPES, INDENT, NAME, NEWLINE,
                     NUMBER, STRING, Token)

TABSIZE = 8
MAXINDENT = 100         # as tokenizer.h
MAXLEVEL = 200          # as tokenizer.h

# Identifier characters as negated classes of the ASCII ones that are not: the same
# sets as [A-Za-z_\x80-\U0010ffff], but sre compiles and matches them many times faster
# (no big-charset table over all of Unicode).
_ID_START = '^\\x00-\\x40\\x5b-\\x5e\\x60\\x7b-\\x7f'
_ID_CHAR = '^\\x00-\\x2f\\x3a-\\x40\\x5b-\\x5e\\x60\\x7b-\\x7f'
_DIGITS = r'[0-9](?:_?[0-9])*'
# What tokenizer.c consumes for a well-formed number; _check_number looks at what follows.
_NUMBER = (r'0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+'
           r'|(?:%(d)s(?:\.(?:%(d)s)?)?|\.%(d)s)(?:[eE][-+]?%(d)s)?[jJ]?' % {'d': _DIGITS})
# The operators of PyToken_OneChar/TwoChars/ThreeChars, longest first ('.' and '...'
# apart: a number may start with '.').
_OPERATOR = r'\*\*=?|//=?|<<=?|>>=?|->|!=|<>|[-+*/%&|^=<>@:]=?|[~;,]'
# A line end with the comment before it, if any. Spelled as two alternatives, not as
# `(?:#[^\n]*)?\n`: sre compiles an optional group whose body has no fixed width into
# REPEAT/MAX_UNTIL, entered at every newline and at every line the blank-lines loop
# tries (the line after a newline, most often not blank); a BRANCH costs far less
# (ITEMS.findall over the 60 benchmark files: -10% instructions; same text matched).
_LINE_END = r'(?:\n|#[^\n]*\n)'
_BLANK_LINES = r'(?:[ \t\f]*%s)*' % _LINE_END

_STRING_BODY = (r"""(?:\'\'\'[^\'\\]*(?:(?:\\[\s\S]|\'(?!\'\'))[^\'\\]*)*\'\'\'"""
                r'|"""[^"\\]*(?:(?:\\[\s\S]|"(?!""))[^"\\]*)*"""'
                r"|'(?!'')[^'\\\n]*(?:\\[\s\S][^'\\\n]*)*'"
                r'|"(?!"")[^"\\\n]*(?:\\[\s\S][^"\\\n]*)*")')

# One group per kind, so that `match.lastindex` names it; the most frequent first (sre
# enters every alternative that starts with a group).  A name directly followed by a
# quote (G_NAME_QUOTE) may be a string prefix, which _PREFIXED_STRING then decides.
(G_NAME, G_NAME_QUOTE, G_OPERATOR, G_OPEN, G_CLOSE, G_LINES, G_INDENT, G_STRING, G_BAD_STRING,
 G_NUMBER, G_DOTS, G_CONTINUATION, G_ERROR) = range(1, 14)
MASTER = re.compile(
    r'[ \t\f]*(?:'
    r'([%(start)s][%(char)s]*)([\'"])?' % {'start': _ID_START, 'char': _ID_CHAR}
    + r'|(%s)|([(\[{])|([)\]}])' % _OPERATOR
    + r'|(%s%s)([ \t\f]*)' % (_LINE_END, _BLANK_LINES)
    + r'|(%(s)s)|([\'"])' % {'s': _STRING_BODY}
    + r'|(%s)|(\.\.\.|\.)' % _NUMBER
    + r'|(\\\n)'
    + r'|(.)'
    r')')
_PREFIXED_STRING = r'(%(p)s%(s)s)|%(p)s[\'"]' % {'p': STRING_PREFIX, 's': _STRING_BODY}
_NUMBER_FOLLOWERS = frozenset('_0123456789eExXoObB')
_CLOSING = {')': '(', ']': '[', '}': '{'}

_new = tuple.__new__


class Irregular(Exception):
    """The input needs scan(): a tokenizer error, or a shape tokenizer.items (the scanner
    of the parser's file loop, imported only by it) leaves to scan()."""


def _match_prefixed(text: str, start: int):
    """_PREFIXED_STRING matched at `start`; compiled on the first name followed by a quote,
    not at start-up (a program without prefixed strings never needs it)."""
    global _match_prefixed
    _match_prefixed = re.compile(_PREFIXED_STRING).match
    return _match_prefixed(text, start)


def translate_newlines(text: str) -> str:
    """As tokenizer.c's translate_newlines for exec input: CRLF and CR to LF, final LF."""
    if '\r' in text:
        # Its loop stops on the NUL after a final CRLF and then adds one more LF.
        extra = '\n' if text.endswith('\r\n') else ''
        text = text.replace('\r\n', '\n').replace('\r', '\n') + extra
    if not text.endswith('\n'):
        text += '\n'
    return text


def _columns(whitespace: str) -> Tuple[int, int]:
    """(col, altcol) of indentation: tab size 8 and the alternate tab size 1."""
    if '\t' not in whitespace and '\f' not in whitespace:
        return len(whitespace), len(whitespace)
    col = altcol = 0
    for char in whitespace:
        if char == ' ':
            col += 1
            altcol += 1
        elif char == '\t':
            col = (col // TABSIZE + 1) * TABSIZE
            altcol += 1
        else:
            col = altcol = 0
    return col, altcol


def _byte_col(line: str, col: int) -> int:
    """UTF-8 byte offset of character column `col` in `line`."""
    return col if line.isascii() else len(line[:col].encode('utf-8', 'surrogateescape'))


def scan(text: str, filename: str = '<unknown>') -> Iterator[Token]:
    """Tokens of `text` as the parser of CPython 3.8 receives them from compile()."""
    return chain.from_iterable(_batches(text, filename))


# Tokens scanned into a list before the consumer takes them: a generator resumed per
# token costs its consumer (the parse loop) an eighth of its time on CPython 3.11.
BATCH = 512


def _batches(text: str, filename: str) -> Iterator[List[Token]]:
    """_scan's tokens, a list of about BATCH at a time (whole lines); on a tokenizer error,
    the tokens before it, then the error (a parse error among them comes first)."""
    tokens: List[Token] = []
    try:
        for _ in _scan(text, filename, tokens):
            batch = tokens[:]
            del tokens[:]
            yield batch
    except Exception:
        if tokens:
            yield tokens
        raise
    if tokens:
        yield tokens


def _raise(cls: type, msg: str, lineno: int, nbytes: int, text: str, filename: str) -> None:
    """Raise what compile() raises for a tokenizer error, given the byte count into the
    tokenizer's buffer `text` (err_input)."""
    offset, text = _offset_and_text(nbytes, text)
    raise cls(msg, (filename, lineno, offset, text)) from None


def _nbytes(text: str) -> int:
    """Length in UTF-8 bytes (an undecodable byte, kept as a lone surrogate, is one)."""
    return len(text) if text.isascii() else len(text.encode('utf-8', 'surrogateescape'))


def _offset_and_text(nbytes: int, text: str) -> Tuple[int, str]:
    """A SyntaxError's offset and text from a byte count into the tokenizer's buffer: the
    characters 'replace' decoding makes of the first `nbytes` (err_input, syntaxerror)."""
    if text is None or text.isascii():
        return nbytes, text
    raw = text.encode('utf-8', 'surrogateescape')
    return len(raw[:nbytes].decode('utf-8', 'replace')), raw.decode('utf-8', 'replace')


def _scan(text: str, filename: str, tokens: List[Token]) -> Iterator[None]:
    """Scan `text` into `tokens`, yielding at the end of a line once BATCH are there."""
    append = tokens.append
    if '\0' in text:
        raise ValueError('source code string cannot contain null bytes')
    # A virtual newline in front makes the first line's indentation one more G_LINES match.
    text = '\n' + translate_newlines(text)
    lineno = 0
    line_start = buf_start = line_end = 0
    line = context = ''
    indstack = [0]
    altindstack = [0]
    parens: List[Tuple[str, int]] = []
    text_end = len(text)

    def fail(cls, msg, offset, context):
        _raise(cls, msg, lineno, offset, context, filename)

    def fail_at_cur(msg, cur, cls=SyntaxError):
        # syntaxerror(): offset is characters from the line start to the cursor.
        fail(cls, msg, _nbytes(text[line_start:cur]), line[:-1])

    def fail_whole(msg, cls=SyntaxError):
        # tok->cur = tok->inp: offset is the buffer's length in characters.
        whole = text[buf_start:line_end]
        fail(cls, msg, _nbytes(whole), whole)

    def multiline_string(start, end):
        # A string spanning lines: the tokenizer now stands on its last line.
        nonlocal lineno, line_start, line_end, line, context
        first_line_start, first_lineno = line_start, lineno
        lineno += text.count('\n', start, end)
        line_start = text.rindex('\n', start, end) + 1
        line_end = text.index('\n', end) + 1
        line = text[line_start:line_end]
        context = text[buf_start:line_end]
        return _new(Token, (STRING, text[start:end], (first_lineno, start - first_line_start),
                            (lineno, end - line_start), text[first_line_start:line_end],
                            context, False))

    finditer = MASTER.finditer
    pos = 0
    while True:
        for match in finditer(text, pos):
            kind = match.lastindex
            if kind == G_NAME:
                start, end = match.span(kind)
                string = text[start:end]
                if not string.isascii() and not string.isidentifier():
                    fail(SyntaxError, 'invalid character in identifier',
                         _nbytes(text[buf_start:end]),
                         context)
                kind = NAME
                if len(string) == 5 and string[0] == 'a':
                    if string == 'async':
                        kind = ASYNC
                    elif string == 'await':
                        kind = AWAIT
                append(_new(Token, (kind, string, (lineno, start - line_start),
                                    (lineno, end - line_start), line, context, False)))
            elif kind == G_OPERATOR or kind == G_DOTS:
                start, end = match.span(kind)
                string = text[start:end]
                if string == '<>':
                    # parsetok rejects '<>' before it records the token's column.
                    fail(SyntaxError, 'invalid syntax', _nbytes(text[buf_start:end]), context)
                append(_new(Token, (EXACT_TOKEN_TYPES[string], string,
                                    (lineno, start - line_start), (lineno, end - line_start),
                                    line, context, False)))
            elif kind == G_INDENT:                      # lastindex of the G_LINES match
                start = match.start(G_LINES)
                if start and not parens:
                    # NEWLINE starts where a trailing comment starts, as tok->start does.
                    newline = start if text[start] == '\n' else text.index('\n', start)
                    append(_new(Token, (NEWLINE, '', (lineno, start - line_start),
                                        (lineno, newline - line_start), line, context, False)))
                if len(tokens) >= BATCH:
                    yield
                # Count the lines read, then indent or dedent (tok_get's atbol part).
                lineno += match.group(G_LINES).count('\n')
                line_start = match.end(G_LINES)
                if line_start >= text_end:              # EOF
                    lineno -= 1
                    # The last line was read by this run (outside a token): the buffer
                    # CPython reports from starts there.
                    last_line_start = text.rfind('\n', 0, text_end - 1) + 1
                    if last_line_start > text.index('\n', start):
                        buf_start = last_line_start
                    context = text[buf_start:]
                    eof_pos = (lineno, len(context) - context.rfind('\n', 0, -1) - 1)
                    if not parens:
                        for _ in indstack[1:]:
                            append(_new(Token, (DEDENT, '', eof_pos, eof_pos, context, context,
                                                True)))
                    append(_new(Token, (ENDMARKER, '', eof_pos, eof_pos, context, context, True)))
                    return
                buf_start = line_start
                line_end = text.index('\n', line_start) + 1
                line = context = text[line_start:line_end]
                if not parens:
                    indent_end = match.end(G_INDENT)
                    col = altcol = indent_end - line_start
                    if col:
                        whitespace = text[line_start:indent_end]
                        if '\t' in whitespace or '\f' in whitespace:
                            col, altcol = _columns(whitespace)
                    if col == indstack[-1]:
                        if altcol != altindstack[-1]:
                            fail_whole('inconsistent use of tabs and spaces in indentation',
                                       TabError)
                    elif col > indstack[-1]:
                        if len(indstack) >= MAXINDENT:
                            fail_whole('too many levels of indentation', IndentationError)
                        if altcol <= altindstack[-1]:
                            fail_whole('inconsistent use of tabs and spaces in indentation',
                                       TabError)
                        indstack.append(col)
                        altindstack.append(altcol)
                        here = (lineno, indent_end - line_start)
                        append(_new(Token, (INDENT, '', here, here, line, line, False)))
                    else:
                        dedents = 0
                        while len(indstack) > 1 and col < indstack[-1]:
                            indstack.pop()
                            altindstack.pop()
                            dedents += 1
                        if col != indstack[-1]:
                            fail_whole('unindent does not match any outer indentation level',
                                       IndentationError)
                        if altcol != altindstack[-1]:
                            fail_whole('inconsistent use of tabs and spaces in indentation',
                                       TabError)
                        here = (lineno, indent_end - line_start)
                        for _ in range(dedents):
                            append(_new(Token, (DEDENT, '', here, here, line, line, False)))
            elif kind == G_NUMBER:
                start, end = match.span(kind)
                if text[end] in _NUMBER_FOLLOWERS or text[start] == '0':
                    end = _check_number(text, start, end, fail_at_cur)
                    if end != match.end(kind):
                        pos = end
                        append(_new(Token, (NUMBER, text[start:end], (lineno, start - line_start),
                                            (lineno, end - line_start), line, context, False)))
                        break
                append(_new(Token, (NUMBER, text[start:end], (lineno, start - line_start),
                                    (lineno, end - line_start), line, context, False)))
            elif kind == G_STRING:
                start, end = match.span(kind)
                if text.find('\n', start, end) < 0:
                    append(_new(Token, (STRING, text[start:end], (lineno, start - line_start),
                                        (lineno, end - line_start), line, context, False)))
                else:
                    append(multiline_string(start, end))
            elif kind == G_OPEN:
                start = match.start(kind)
                if len(parens) >= MAXLEVEL:
                    fail_at_cur('too many nested parentheses', start + 1)
                char = text[start]
                parens.append((char, lineno))
                append(_new(Token, (EXACT_TOKEN_TYPES[char], char, (lineno, start - line_start),
                                    (lineno, start + 1 - line_start), line, context, False)))
            elif kind == G_CLOSE:
                start = match.start(kind)
                char = text[start]
                if not parens:
                    fail_at_cur("unmatched '%s'" % char, start + 1)
                opening, opening_line = parens.pop()
                if opening != _CLOSING[char]:
                    if opening_line != lineno:
                        fail_at_cur("closing parenthesis '%s' does not match opening "
                                    "parenthesis '%s' on line %d" % (char, opening, opening_line),
                                    start + 1)
                    fail_at_cur("closing parenthesis '%s' does not match opening parenthesis "
                                "'%s'" % (char, opening), start + 1)
                append(_new(Token, (EXACT_TOKEN_TYPES[char], char, (lineno, start - line_start),
                                    (lineno, start + 1 - line_start), line, context, False)))
            elif kind == G_NAME_QUOTE:
                # A name right before a quote: a string if the name is a string prefix.
                start = match.start(G_NAME)
                prefixed = _match_prefixed(text, start)
                if prefixed is None:
                    end = match.end(G_NAME)
                    string = text[start:end]
                    if not string.isascii() and not string.isidentifier():
                        fail(SyntaxError, 'invalid character in identifier',
                         _nbytes(text[buf_start:end]),
                             context)
                    append(_new(Token, (NAME, string, (lineno, start - line_start),
                                        (lineno, end - line_start), line, context, False)))
                    pos = end
                elif prefixed.lastindex == 1:
                    pos = prefixed.end()
                    if text.find('\n', start, pos) < 0:
                        append(_new(Token, (STRING, text[start:pos], (lineno, start - line_start),
                                            (lineno, pos - line_start), line, context, False)))
                    else:
                        append(multiline_string(start, pos))
                else:
                    _string_error(text, start, prefixed.end(), lineno, buf_start, filename)
                break                                   # rescan after the name or string
            elif kind == G_CONTINUATION:
                end = match.end(kind)
                if end >= text_end:
                    fail_whole('unexpected EOF while parsing')
                lineno += 1
                line_start = end
                line_end = text.index('\n', end) + 1
                line = text[line_start:line_end]
                context = text[buf_start:line_end]
            elif kind == G_BAD_STRING:
                _string_error(text, match.start(kind), match.end(kind), lineno, buf_start,
                              filename)
            else:                                               # G_ERROR
                start = match.start(kind)
                if text[start] == '\\':
                    fail_whole('unexpected character after line continuation character')
                # PyToken_OneChar gives OP, which no grammar rule accepts.
                fail(SyntaxError, 'invalid syntax', _byte_col(line, start - line_start) + 1,
                     context)
        else:
            return


def _string_error(text: str, start: int, end: int, lineno: int, buf_start: int,
                  filename: str) -> None:
    """Raise EOL/EOF-in-string for the unterminated string opening at text[start:end]."""
    quote = text[end - 1]
    if text.startswith(quote * 3, end - 1):
        last_line_start = text.rindex('\n', 0, len(text) - 1) + 1
        context = text[buf_start:]
        _raise(SyntaxError, 'EOF while scanning triple-quoted string literal',
               lineno + text.count('\n', start, last_line_start), _nbytes(context), context,
               filename)
    # Find the first newline not escaped by a backslash.
    pos = end
    while True:
        newline = text.index('\n', pos)
        backslashes = len(text[pos:newline]) - len(text[pos:newline].rstrip('\\'))
        if backslashes % 2 == 0 or newline + 1 >= len(text):
            break
        pos = newline + 1
    line_end = newline + 1
    context = text[buf_start:line_end]
    _raise(SyntaxError, 'EOL while scanning string literal',
           lineno + text.count('\n', start, newline), _nbytes(context), context, filename)


def _check_number(text: str, start: int, end: int, fail_at_cur) -> int:
    """End of the number at `start` as tokenizer.c scans it, raising its literal errors."""
    digits = '0123456789'
    char = text[start + 1] if text[start] == '0' else ''
    if char in ('x', 'X', 'o', 'O', 'b', 'B') and char:
        allowed, name = {'x': ('0123456789abcdefABCDEF', 'hexadecimal'),
                         'o': ('01234567', 'octal'),
                         'b': ('01', 'binary')}[char.lower()]
        pos = start + 2
        while True:
            if text[pos] == '_':
                pos += 1
            if text[pos] not in allowed:
                if name != 'hexadecimal' and text[pos] in digits:
                    fail_at_cur("invalid digit '%s' in %s literal" % (text[pos], name), pos)
                fail_at_cur('invalid %s literal' % name, pos)
            while text[pos] in allowed:
                pos += 1
            if text[pos] != '_':
                break
        if name != 'hexadecimal' and text[pos] in digits:
            fail_at_cur("invalid digit '%s' in %s literal" % (text[pos], name), pos + 1)
        return pos
    pos = start
    if text[start] == '0' and text[start + 1] != '.':
        # Zeros, maybe old-style octal digits after them.
        pos = start + 1
        while True:
            if text[pos] == '_':
                pos += 1
                if text[pos] not in digits:
                    fail_at_cur('invalid decimal literal', pos)
            if text[pos] != '0':
                break
            pos += 1
        nonzero = text[pos] in digits
        if nonzero:
            pos = _decimal_tail(text, pos, fail_at_cur)
        if text[pos] == '.':
            return _fraction(text, pos + 1, fail_at_cur)
        if text[pos] in 'eE':
            return _exponent(text, pos, fail_at_cur)
        if text[pos] in 'jJ':
            return pos + 1
        if nonzero:
            fail_at_cur('leading zeros in decimal integer literals are not permitted; '
                        'use an 0o prefix for octal integers', pos)
        return pos
    if text[start] == '.':
        return _fraction(text, start + 1, fail_at_cur)
    pos = _decimal_tail(text, start, fail_at_cur)
    if text[pos] == '.':
        return _fraction(text, pos + 1, fail_at_cur)
    if text[pos] in 'eE':
        return _exponent(text, pos, fail_at_cur)
    if text[pos] in 'jJ':
        return pos + 1
    return pos


def _decimal_tail(text: str, pos: int, fail_at_cur) -> int:
    """As tok_decimal_tail: digits with single underscores between them."""
    while True:
        while text[pos] in '0123456789':
            pos += 1
        if text[pos] != '_':
            return pos
        pos += 1
        if text[pos] not in '0123456789':
            fail_at_cur('invalid decimal literal', pos)


def _fraction(text: str, pos: int, fail_at_cur) -> int:
    if text[pos] in '0123456789':
        pos = _decimal_tail(text, pos, fail_at_cur)
    if text[pos] in 'eE':
        return _exponent(text, pos, fail_at_cur)
    if text[pos] in 'jJ':
        return pos + 1
    return pos


def _exponent(text: str, pos: int, fail_at_cur) -> int:
    after = pos + 1
    if text[after] in '+-':
        after += 1
        if text[after] not in '0123456789':
            fail_at_cur('invalid decimal literal', after)
    elif text[after] not in '0123456789':
        return pos                          # 'e' is not part of the number
    pos = _decimal_tail(text, after, fail_at_cur)
    if text[pos] in 'jJ':
        return pos + 1
    return pos


def parse_error(token: Token, filename: str = '<unknown>',
                expected_indent: bool = False) -> SyntaxError:
    """The exception compile() raises when the parser rejects `token` (as parsetok and
    err_input): 'unexpected EOF while parsing' once input is exhausted, else the
    indentation messages or 'invalid syntax', with CPython's lineno, offset and text."""
    if token.at_eof:
        cls, msg = SyntaxError, 'unexpected EOF while parsing'
    elif expected_indent:
        cls, msg = IndentationError, 'expected an indented block'
    elif token.type == INDENT:
        cls, msg = IndentationError, 'unexpected indent'
    elif token.type == DEDENT:
        cls, msg = IndentationError, 'unexpected unindent'
    else:
        cls, msg = SyntaxError, 'invalid syntax'
    context = token.context
    if token.at_eof:
        offset = _nbytes(context)
    elif token.type == INDENT or token.type == DEDENT:
        # No token start: offset is the tokenizer's cursor, just past the indentation.
        offset = _nbytes(context) - _nbytes(token.line) + _byte_col(token.line, token.start[1])
    else:
        # Byte column + 1 of the start within its (first) line, counted in characters
        # over the buffer's text as err_input does.
        line = token.line
        offset = _byte_col(line, token.start[1]) + 1
    offset, context = _offset_and_text(offset, context)
    return cls(msg, (filename, token.end[0], offset, context))
