"""A well-formed file's tokens as parser items: (terminal, value, span), nothing more.

cscan.scan makes Parser/tokenizer.c's tokens with all that an error message needs (the
line, the tokenizer's buffer, the EOF flag) and raises its errors exactly; the parse
loop then turned each into the triple it shifts. Most files have no error, and for
them the loop needs per token only its terminal number, its text and its span (line,
UTF-8 byte column, end line, end column, as lalr.raw_span computes them). `items`
scans straight into those triples, so no Token record is made and the loop converts
nothing. A STRING is the exception: the literal parser reads its Token's positions, so
its value (and span) are what the parser makes of that; every other value is the
token's text.

The scan is ITEMS.findall over a chunk of lines (CHUNK characters or so): tuples of
strings, (blanks, name, operator, bracket, other), no match objects, and positions by
adding up lengths (a match object per token and its span() call cost more than the
regular expression's own work). A chunk ends after a newline, and what runs past that
(the blank lines after it, a string) the chunk has wrong: it is the chunk's last token,
or it leaves a quote that opens no string (or a string prefix alone), an error that
only the last chunk reports. The next chunk starts again at that token.

Anything it does not take the ordinary way raises Irregular: every tokenizer error and
a few rare shapes (a name glued to a quote that is no string prefix, a number whose end
tokenizer.c finds short of the expression's).
The caller then parses again with cscan.scan, which reports what 3.8 reports.
"""
import re
import sys
from typing import Any, Callable, Dict, Iterator, List, Tuple

from .cscan import (_BLANK_LINES, _CLOSING, _ID_CHAR, _ID_START, _LINE_END, _NUMBER,
                    _NUMBER_FOLLOWERS, _OPERATOR, _STRING_BODY, MAXINDENT, MAXLEVEL, Irregular,
                    _check_number, _columns, translate_newlines)
from .tokens import STRING, Token

_new = tuple.__new__

# Every string prefix of 3.8 ('b', 'r', 'u', 'f', 'br', 'fr' in any order and case).
_PREFIX = '(?:[rR][bBfF]?|[bBfF][rR]?|[uU])'
# What may follow a name: a character that is neither a quote nor an identifier
# character (or the end). One class in a negative lookahead, `(?![^...])`, instead of
# `(?!['"]|[id char])`, whose BRANCH sre enters after every name.
_NAME_END = '\\x00-\\x21\\x23-\\x26\\x28-\\x2f\\x3a-\\x40\\x5b-\\x5e\\x60\\x7b-\\x7f'

# (blanks, name, operator, bracket, anything else): cscan's MASTER alternatives in its
# order, as few groups as can be (each costs findall a string per token). A name is
# not taken before a quote: a string prefix is then one, anything else irregular. '.'
# is an operator unless a digit follows (then it starts a number). 'other' is a newline
# with the blank lines and the indentation after it, a string, a quote opening none, a
# number, a line continuation or a character of no token. An optional prefix is an
# empty last alternative, not `(?:...)?`, which sre compiles into REPEAT/MAX_UNTIL (see
# cscan._LINE_END).
ITEMS = re.compile(
    r'([ \t\f]*)(?:([%(start)s][%(char)s]*)(?![^%(name_end)s])|(%(op)s|\.\.\.|\.(?![0-9]))'
    r'|([()\[\]{}])|(%(line_end)s%(blank)s[ \t\f]*|(?:%(prefix)s|)%(string)s|[\'"]|%(number)s'
    r'|\\\n|.))'
    % {'prefix': _PREFIX, 'start': _ID_START, 'char': _ID_CHAR, 'name_end': _NAME_END,
       'op': _OPERATOR, 'line_end': _LINE_END, 'blank': _BLANK_LINES,
       'string': _STRING_BODY, 'number': _NUMBER})
# The tuples of ITEMS' groups for text[pos:endpos]. CPython makes findall's list of
# them fastest, PyPy a generator over finditer, whose match objects its JIT does not
# make (60 stdlib files: findall 0.103 s, the generator 0.038 s, warm).
if sys.implementation.name == 'pypy':
    def _scan(text: str, pos: int, endpos: int) -> Iterator[Tuple[str, ...]]:
        return (match.groups() for match in ITEMS.finditer(text, pos, endpos))
else:
    _scan = ITEMS.findall
# Approximately a chunk's length in characters: it ends at the first line end after it.
CHUNK = 4096


class Terms:
    """The parser's terminal numbers for what the scanner finds."""

    def __init__(self, names: Dict[str, int], operators: Dict[str, int], name: int,
                 number: int, string: int, newline: int, indent: int, dedent: int,
                 end: int) -> None:
        self.names = names              # keyword (and async, await) -> terminal
        self.operators = operators      # operator or bracket text -> terminal
        self.name = name
        self.number = number
        self.string = string
        self.newline = newline
        self.indent = indent
        self.dedent = dedent
        self.end = end


def _irregular(*args: Any) -> None:
    raise Irregular()


def _byte_col(text: str, line_start: int, pos: int) -> int:
    """UTF-8 byte column of text[pos] on the line starting at line_start (as raw_span)."""
    return len(text[line_start:pos].encode('utf-8', 'surrogatepass'))


def items(text: str, terms: Terms, string_value: Callable[[Token], Tuple[Any, tuple]]
          ) -> Iterator[List[tuple]]:
    """The parser items of `text`, a list of a chunk's tokens at a time, ending with
    parsetok's NEWLINE before ENDMARKER (when any token came before), then the ENDMARKER
    alone in the last list; raises Irregular (see the module's docstring). A STRING's
    value and span are string_value(its Token)."""
    if '\0' in text:
        raise Irregular()
    names, operators = terms.names, terms.operators
    name_term, number_term, string_term = terms.name, terms.number, terms.string
    newline_term, indent_term, dedent_term = terms.newline, terms.indent, terms.dedent
    scan = _scan
    # A virtual newline in front makes the first line's indentation one more newline.
    text = '\n' + translate_newlines(text)
    text_end = len(text)
    all_ascii = text.isascii()
    tabs_or_feeds = '\t' in text or '\f' in text     # else indentation is its width
    ascii = True                # the current line is ASCII: byte columns are columns
    batch: List[tuple] = []
    append = batch.append
    started = False             # a batch was handed over
    lineno = 0
    line_start = buf_start = 0
    indstack = [0]
    altindstack = [0]
    top_indent = top_altindent = 0     # indstack[-1], altindstack[-1]
    parens: List[str] = []
    chunk = CHUNK
    col = 0                     # the next token's blanks start at line_start + col
    while True:
        chunk_start = line_start + col
        endpos = text.find('\n', chunk_start + chunk) + 1 or text_end
        last_chunk = endpos == text_end
        for blanks, name, operator, bracket, other in scan(text, chunk_start, endpos):
            here = col + len(blanks)        # the token's column
            if name:
                col = here + len(name)
                if ascii:
                    span = (lineno, here, lineno, col)
                else:
                    if not name.isascii() and not name.isidentifier():
                        raise Irregular()
                    span = (lineno, _byte_col(text, line_start, line_start + here), lineno,
                            _byte_col(text, line_start, line_start + col))
                append((names.get(name, name_term), name, span))
            elif operator:
                col = here + len(operator)
                term = operators.get(operator)        # none for '<>', a tokenizer error
                if term is None:
                    raise Irregular()
                if ascii:
                    span = (lineno, here, lineno, col)
                else:
                    byte_col = _byte_col(text, line_start, line_start + here)
                    span = (lineno, byte_col, lineno, byte_col + col - here)
                append((term, operator, span))
            elif bracket:
                col = here + 1
                if bracket in '([{':
                    if len(parens) >= MAXLEVEL:
                        raise Irregular()
                    parens.append(bracket)
                elif not parens or parens.pop() != _CLOSING[bracket]:
                    raise Irregular()
                byte_col = here if ascii else _byte_col(text, line_start, line_start + here)
                append((operators[bracket], bracket, (lineno, byte_col, lineno, byte_col + 1)))
            else:
                start = line_start + here
                end = start + len(other)
                if end == endpos and not last_chunk:
                    # The token with the newline at endpos - 1: maybe it runs on after
                    # it (the blank lines after a newline, a string); again, next chunk.
                    col = here - len(blanks)
                    break
                first = other[0]
                if first == '\n' or first == '#':
                    # A newline, the blank lines after it and the next line's indentation.
                    if start and not parens:
                        # NEWLINE starts where a trailing comment starts, as tok->start.
                        newline = start if first == '\n' else start + other.index('\n')
                        if ascii:
                            span = (lineno, start - line_start, lineno, newline - line_start)
                        else:
                            span = (lineno, _byte_col(text, line_start, start), lineno,
                                    _byte_col(text, line_start, newline))
                        append((newline_term, '', span))
                    # Count the lines read, then indent or dedent (tok_get's atbol part).
                    last_newline = other.rindex('\n')
                    line_start = start + last_newline + 1
                    col = end - line_start
                    # one newline (no blank line after it) is the common case
                    lineno += 1 if last_newline == 0 else other.count('\n')
                    if line_start >= text_end:          # EOF: as cscan
                        lineno -= 1
                        span = _end_span(text, start, lineno, buf_start)
                        if not parens:
                            for _ in indstack[1:]:
                                append((dedent_term, '', span))
                        if started or batch:
                            append((newline_term, '', span))
                        if batch:
                            yield batch
                        yield [(terms.end, '', span)]
                        return
                    buf_start = line_start
                    if not all_ascii:
                        ascii = text[line_start:text.index('\n', line_start)].isascii()
                    if parens:
                        continue
                    # Indentation is blanks: its byte column is its column, col.
                    indent = altindent = col
                    if col and tabs_or_feeds:
                        whitespace = text[line_start:end]
                        if '\t' in whitespace or '\f' in whitespace:
                            indent, altindent = _columns(whitespace)
                    if indent == top_indent:
                        if altindent != top_altindent:
                            raise Irregular()
                    elif indent > top_indent:
                        if len(indstack) >= MAXINDENT or altindent <= top_altindent:
                            raise Irregular()
                        indstack.append(indent)
                        altindstack.append(altindent)
                        top_indent, top_altindent = indent, altindent
                        append((indent_term, '', (lineno, col, lineno, col)))
                    else:
                        dedents = 0
                        while len(indstack) > 1 and indent < indstack[-1]:
                            indstack.pop()
                            altindstack.pop()
                            dedents += 1
                        top_indent, top_altindent = indstack[-1], altindstack[-1]
                        if indent != top_indent or altindent != top_altindent:
                            raise Irregular()
                        span = (lineno, col, lineno, col)
                        for _ in range(dedents):
                            append((dedent_term, '', span))
                elif '0' <= first <= '9' or first == '.':
                    if text[end] in _NUMBER_FOLLOWERS or first == '0':
                        if _check_number(text, start, end, _irregular) != end:
                            raise Irregular()
                    if ascii:
                        span = (lineno, start - line_start, lineno, end - line_start)
                    else:
                        byte_col = _byte_col(text, line_start, start)
                        span = (lineno, byte_col, lineno, byte_col + end - start)
                    append((number_term, other, span))
                    col = end - line_start
                elif (other[-1] == "'" or other[-1] == '"') and end - start > 1:
                    # A string, with a prefix or not: the STRING token cscan makes.
                    first_line_start, first_lineno = line_start, lineno
                    if '\n' in other:
                        lineno += other.count('\n')
                        line_start = text.rindex('\n', start, end) + 1
                        if not all_ascii:
                            ascii = text[line_start:text.index('\n', end)].isascii()
                    col = end - line_start
                    line_end = text.index('\n', end) + 1
                    value, span = string_value(_new(Token, (
                        STRING, text[start:end], (first_lineno, start - first_line_start),
                        (lineno, end - line_start), text[first_line_start:line_end],
                        text[buf_start:line_end], False)))
                    append((string_term, value, span))
                elif other == '\\\n':
                    if end >= text_end:
                        raise Irregular()
                    lineno += 1
                    line_start = end
                    col = 0
                    if not all_ascii:
                        ascii = text[line_start:text.index('\n', end)].isascii()
                else:
                    # A character of no token or a quote opening no string: an error,
                    # or (but in the last chunk) a string running past the chunk's end,
                    # to be scanned again from its start.
                    if last_chunk:
                        raise Irregular()
                    col = here - len(blanks)
                    break
        if last_chunk:
            raise Irregular()               # no EOF: cannot happen
        # a longer chunk when this one took no token (a long string or comment)
        chunk = CHUNK if line_start + col > chunk_start else chunk * 2
        if batch:
            yield batch
            started = True
            batch = []
            append = batch.append


def _end_span(text: str, start: int, lineno: int, buf_start: int) -> Tuple[int, int, int, int]:
    """The span of the DEDENTs, NEWLINE and ENDMARKER at the end of input, after the
    newline starting at `start` (as cscan)."""
    # The last line was read by that token (outside a token): the buffer starts there.
    last_line_start = text.rfind('\n', 0, len(text) - 1) + 1
    if last_line_start > text.index('\n', start):
        buf_start = last_line_start
    context = text[buf_start:]
    col = len(context) - context.rfind('\n', 0, -1) - 1
    if not context.isascii():
        col = len(context[:col].encode('utf-8', 'surrogatepass'))
    return (lineno, col, lineno, col)
