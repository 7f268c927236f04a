"""A well-formed file's tokens as parser items: (terminal, value, span), nothing more.

cscan.scan makes Parser/tokenizer.c's tokens with all that an error message needs (the
line, the tokenizer's buffer, the EOF flag) and raises its errors exactly; the parse
loop then turned each into the triple it shifts. Most files have no error, and for
them the loop needs per token only its terminal number, its text and its span (line,
UTF-8 byte column, end line, end column, as lalr.raw_span computes them). `items`
scans with cscan's master expression straight into those triples, so no Token record
is made and the loop converts nothing. A STRING is the exception: the literal parser
reads its Token's positions, so its value (and span) are what the parser makes of that;
every other value is the token's text.

Anything it does not take the ordinary way raises Irregular: every tokenizer error and
a few rare shapes (a name glued to a quote that is no string prefix, a number whose
end tokenizer.c finds short of the expression's). The caller then parses again with
cscan.scan, which reports what 3.8 reports.
"""
from typing import Any, Callable, Dict, Iterator, List, Tuple

from . import cscan
from .cscan import (G_CLOSE, G_CONTINUATION, G_DOTS, G_INDENT, G_LINES, G_NAME, G_NAME_QUOTE,
                    G_NUMBER, G_OPEN, G_OPERATOR, G_STRING, MASTER, MAXINDENT, MAXLEVEL,
                    _CLOSING, _NUMBER_FOLLOWERS, Irregular, _check_number, _columns,
                    translate_newlines)
from .tokens import STRING, Token

_new = tuple.__new__


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
    """The parser items of `text`, a list of about cscan.BATCH at a time (whole lines),
    ending with parsetok's NEWLINE before ENDMARKER (when any token came before), then
    the ENDMARKER alone in the last list; raises Irregular (see the module's docstring).
    A STRING's value and span are string_value(its Token)."""
    if '\0' in text:
        raise Irregular()
    names, operators = terms.names, terms.operators
    name_term, number_term, string_term = terms.name, terms.number, terms.string
    newline_term, indent_term, dedent_term = terms.newline, terms.indent, terms.dedent
    batch_size = cscan.BATCH
    # A virtual newline in front makes the first line's indentation one more G_LINES match.
    text = '\n' + translate_newlines(text)
    all_ascii = text.isascii()
    ascii = True                # the current line is ASCII: byte columns are columns
    batch: List[tuple] = []
    append = batch.append
    started = False             # a batch was handed over
    lineno = 0
    line_start = buf_start = line_end = 0
    indstack = [0]
    altindstack = [0]
    parens: List[str] = []
    text_end = len(text)

    def string_item(start: int, end: int) -> tuple:
        # The STRING token cscan makes, spanning lines or not, for string_value.
        nonlocal lineno, line_start, line_end, ascii
        first_line_start, first_lineno = line_start, lineno
        if text.find('\n', start, end) >= 0:
            lineno += text.count('\n', start, end)
            line_start = text.rindex('\n', start, end) + 1
            line_end = text.index('\n', end) + 1
            ascii = all_ascii or text[line_start:line_end].isascii()
        value, span = string_value(_new(Token, (
            STRING, text[start:end], (first_lineno, start - first_line_start),
            (lineno, end - line_start), text[first_line_start:line_end],
            text[buf_start:line_end], False)))
        return (string_term, value, span)

    finditer = MASTER.finditer
    pos = 0
    while True:
        for match in finditer(text, pos):
            kind = match.lastindex
            if kind == G_NAME:
                start, end = match.span(kind)
                string = text[start:end]
                if ascii:
                    span = (lineno, start - line_start, lineno, end - line_start)
                else:
                    if not string.isascii() and not string.isidentifier():
                        raise Irregular()
                    span = (lineno, _byte_col(text, line_start, start), lineno,
                            _byte_col(text, line_start, end))
                append((names.get(string, name_term), string, span))
            elif kind == G_OPERATOR or kind == G_DOTS:
                start, end = match.span(kind)
                string = text[start:end]
                term = operators.get(string)        # none for '<>', a tokenizer error
                if term is None:
                    raise Irregular()
                if ascii:
                    span = (lineno, start - line_start, lineno, end - line_start)
                else:
                    start = _byte_col(text, line_start, start)
                    span = (lineno, start, lineno, start + end - match.start(kind))
                append((term, string, span))
            elif kind == G_INDENT:                      # lastindex of the G_LINES match
                start = match.start(G_LINES)
                if start and not parens:
                    # NEWLINE starts where a trailing comment starts, as tok->start does.
                    newline = start if text[start] == '\n' else text.index('\n', start)
                    if ascii:
                        span = (lineno, start - line_start, lineno, newline - line_start)
                    else:
                        span = (lineno, _byte_col(text, line_start, start), lineno,
                                _byte_col(text, line_start, newline))
                    append((newline_term, '', span))
                if len(batch) >= batch_size:
                    yield batch
                    started = True
                    batch = []
                    append = batch.append
                # Count the lines read, then indent or dedent (tok_get's atbol part).
                line_start = match.end(G_LINES)
                lineno += text.count('\n', start, line_start)
                if line_start >= text_end:              # EOF: as cscan
                    lineno -= 1
                    last_line_start = text.rfind('\n', 0, text_end - 1) + 1
                    if last_line_start > text.index('\n', start):
                        buf_start = last_line_start
                    context = text[buf_start:]
                    col = len(context) - context.rfind('\n', 0, -1) - 1
                    if not context.isascii():
                        col = len(context[:col].encode('utf-8', 'surrogatepass'))
                    span = (lineno, col, lineno, col)
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
                line_end = text.index('\n', line_start) + 1
                ascii = all_ascii or text[line_start:line_end].isascii()
                if not parens:
                    # Indentation is blanks: its byte column is its column.
                    indent_end = match.end(G_INDENT)
                    col = altcol = indent_end - line_start
                    if col:
                        whitespace = text[line_start:indent_end]
                        if '\t' in whitespace or '\f' in whitespace:
                            col, altcol = _columns(whitespace)
                    if col == indstack[-1]:
                        if altcol != altindstack[-1]:
                            raise Irregular()
                    elif col > indstack[-1]:
                        if len(indstack) >= MAXINDENT or altcol <= altindstack[-1]:
                            raise Irregular()
                        indstack.append(col)
                        altindstack.append(altcol)
                        here = indent_end - line_start
                        append((indent_term, '', (lineno, here, lineno, here)))
                    else:
                        dedents = 0
                        while len(indstack) > 1 and col < indstack[-1]:
                            indstack.pop()
                            altindstack.pop()
                            dedents += 1
                        if col != indstack[-1] or altcol != altindstack[-1]:
                            raise Irregular()
                        here = indent_end - line_start
                        span = (lineno, here, lineno, here)
                        for _ in range(dedents):
                            append((dedent_term, '', span))
            elif kind == G_NUMBER:
                start, end = match.span(kind)
                if text[end] in _NUMBER_FOLLOWERS or text[start] == '0':
                    if _check_number(text, start, end, _irregular) != end:
                        raise Irregular()
                if ascii:
                    span = (lineno, start - line_start, lineno, end - line_start)
                else:
                    byte_start = _byte_col(text, line_start, start)
                    span = (lineno, byte_start, lineno, byte_start + end - start)
                append((number_term, text[start:end], span))
            elif kind == G_STRING:
                start, end = match.span(kind)
                append(string_item(start, end))
            elif kind == G_OPEN:
                start = match.start(kind)
                if len(parens) >= MAXLEVEL:
                    raise Irregular()
                char = text[start]
                parens.append(char)
                col = start - line_start if ascii else _byte_col(text, line_start, start)
                append((operators[char], char, (lineno, col, lineno, col + 1)))
            elif kind == G_CLOSE:
                start = match.start(kind)
                char = text[start]
                if not parens or parens.pop() != _CLOSING[char]:
                    raise Irregular()
                col = start - line_start if ascii else _byte_col(text, line_start, start)
                append((operators[char], char, (lineno, col, lineno, col + 1)))
            elif kind == G_NAME_QUOTE:
                # A name right before a quote: a string if the name is a string prefix.
                start = match.start(G_NAME)
                prefixed = cscan._match_prefixed(text, start)
                if prefixed is None or prefixed.lastindex != 1:
                    raise Irregular()
                pos = prefixed.end()
                append(string_item(start, pos))
                break                                   # rescan after the string
            elif kind == G_CONTINUATION:
                end = match.end(kind)
                if end >= text_end:
                    raise Irregular()
                lineno += 1
                line_start = end
                line_end = text.index('\n', end) + 1
                ascii = all_ascii or text[line_start:line_end].isascii()
            else:                                       # G_BAD_STRING, G_ERROR
                raise Irregular()
        else:
            raise Irregular()                           # no EOF match: cannot happen
