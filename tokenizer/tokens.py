"""Token type numbers of CPython 3.8 (Lib/token.py), which later hosts renumber."""

ENDMARKER, NAME, NUMBER, STRING, NEWLINE, INDENT, DEDENT = 0, 1, 2, 3, 4, 5, 6
LPAR, RPAR, LSQB, RSQB, COLON, COMMA, SEMI, PLUS, MINUS, STAR = 7, 8, 9, 10, 11, 12, 13, 14, 15, 16
SLASH, VBAR, AMPER, LESS, GREATER, EQUAL, DOT, PERCENT, LBRACE = 17, 18, 19, 20, 21, 22, 23, 24, 25
RBRACE, EQEQUAL, NOTEQUAL, LESSEQUAL, GREATEREQUAL, TILDE = 26, 27, 28, 29, 30, 31
CIRCUMFLEX, LEFTSHIFT, RIGHTSHIFT, DOUBLESTAR, PLUSEQUAL, MINEQUAL = 32, 33, 34, 35, 36, 37
STAREQUAL, SLASHEQUAL, PERCENTEQUAL, AMPEREQUAL, VBAREQUAL = 38, 39, 40, 41, 42
CIRCUMFLEXEQUAL, LEFTSHIFTEQUAL, RIGHTSHIFTEQUAL, DOUBLESTAREQUAL = 43, 44, 45, 46
DOUBLESLASH, DOUBLESLASHEQUAL, AT, ATEQUAL, RARROW, ELLIPSIS, COLONEQUAL = 47, 48, 49, 50, 51, 52, 53
OP, AWAIT, ASYNC, TYPE_IGNORE, TYPE_COMMENT, ERRORTOKEN = 54, 55, 56, 57, 58, 59
COMMENT, NL, ENCODING, N_TOKENS, NT_OFFSET = 60, 61, 62, 63, 256

tok_name = {value: name for name, value in list(globals().items())
            if isinstance(value, int) and not name.startswith('_')}

EXACT_TOKEN_TYPES = {
    '!=': NOTEQUAL, '%': PERCENT, '%=': PERCENTEQUAL, '&': AMPER, '&=': AMPEREQUAL,
    '(': LPAR, ')': RPAR, '*': STAR, '**': DOUBLESTAR, '**=': DOUBLESTAREQUAL,
    '*=': STAREQUAL, '+': PLUS, '+=': PLUSEQUAL, ',': COMMA, '-': MINUS, '-=': MINEQUAL,
    '->': RARROW, '.': DOT, '...': ELLIPSIS, '/': SLASH, '//': DOUBLESLASH,
    '//=': DOUBLESLASHEQUAL, '/=': SLASHEQUAL, ':': COLON, ':=': COLONEQUAL, ';': SEMI,
    '<': LESS, '<<': LEFTSHIFT, '<<=': LEFTSHIFTEQUAL, '<=': LESSEQUAL, '=': EQUAL,
    '==': EQEQUAL, '>': GREATER, '>=': GREATEREQUAL, '>>': RIGHTSHIFT,
    '>>=': RIGHTSHIFTEQUAL, '@': AT, '@=': ATEQUAL, '[': LSQB, ']': RSQB, '^': CIRCUMFLEX,
    '^=': CIRCUMFLEXEQUAL, '{': LBRACE, '|': VBAR, '|=': VBAREQUAL, '}': RBRACE,
    '~': TILDE,
}

# --- token records -----------------------------------------------------------
import collections as _collections


class TokenError(Exception):
    """Lib/tokenize.py's TokenError: EOF inside a statement or a multi-line string."""


class Token(_collections.namedtuple('Token', 'type string start end line context at_eof')):
    """A token as Parser/tokenizer.c hands it to the parser (see tokenizer.cscan.scan).

    `type` is the exact 3.8 number (LPAR, not OP; ASYNC/AWAIT for async/await);
    `start`/`end` are (lineno, column in characters); `line` is the physical line (all
    lines for a string spanning several); `context` is the tokenizer's buffer from the
    line it last read outside a token, which CPython shows as a SyntaxError's text;
    `at_eof` marks DEDENT/ENDMARKER produced after the end of input.  Bytes that were
    not UTF-8 (lone surrogates from decode_source) count as one byte each.
    """
    __slots__ = ()

    @property
    def lineno(self) -> int:
        return self.start[0]

    @property
    def end_lineno(self) -> int:
        return self.end[0]

    @property
    def col_offset(self) -> int:
        """UTF-8 byte column of the start (CPython's AST col_offset)."""
        line = self.line
        col = self.start[1]
        return col if line.isascii() else len(line[:col].encode('utf-8', 'surrogateescape'))

    @property
    def end_col_offset(self) -> int:
        """UTF-8 byte column of the end within the end line (AST end_col_offset)."""
        line = self.line
        col = self.end[1]
        if line.isascii():
            return col
        if self.start[0] != self.end[0]:
            line = line[line.rindex('\n', 0, len(line) - 1) + 1:]
        return len(line[:col].encode('utf-8', 'surrogateescape'))


def _token_info() -> type:
    """Lib/tokenize.py's TokenInfo record, made on first use: only the tokenize face needs
    it, and a namedtuple costs start-up."""

    class TokenInfo(_collections.namedtuple('TokenInfo', 'type string start end line')):
        """One token of Lib/tokenize.py (3.8): type, string, (row, col) start and end, line."""
        __slots__ = ()

        def __repr__(self) -> str:
            annotated_type = '%d (%s)' % (self.type, tok_name[self.type])
            return ('TokenInfo(type=%s, string=%r, start=%r, end=%r, line=%r)' %
                    self._replace(type=annotated_type))

        @property
        def exact_type(self) -> int:
            if self.type == OP and self.string in EXACT_TOKEN_TYPES:
                return EXACT_TOKEN_TYPES[self.string]
            return self.type

    TokenInfo.__qualname__ = 'TokenInfo'   # as the module-level class it stands for
    return TokenInfo


def __getattr__(name: str) -> type:
    if name == 'TokenInfo':
        value = globals()['TokenInfo'] = _token_info()
        return value
    raise AttributeError('module %r has no attribute %r' % (__name__, name))
