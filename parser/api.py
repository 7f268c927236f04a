"""`parse(source, filename, mode)`: CPython 3.8's ast.parse, from our tokenizer and tables."""
import gc
import os
import sys
from contextlib import contextmanager
from typing import Any, Iterator, Tuple, Union

from ..tokenizer import cscan
from ..tokenizer.source import decode_source
from ..tokenizer.tokens import (ASYNC, AWAIT, DEDENT, ENDMARKER, INDENT, NAME, NEWLINE, NUMBER,
                                STRING)
from ..grammar.tables import load_tables
from .builder import AstBuilder
from .errors import as_38
from . import depth
from .lalr import END, DeepInput, ParseFailure, grammar, raw_span
from . import lalr_int

_START = {'exec': 'file_input', 'eval': 'eval_input', 'single': 'single_input'}
_TERMS = {NEWLINE: 'NEWLINE', INDENT: 'INDENT', DEDENT: 'DEDENT', NUMBER: 'NUMBER',
          STRING: 'STRING', ASYNC: 'ASYNC', AWAIT: 'AWAIT', ENDMARKER: END}
_literals = None


def _literal_terms() -> dict:
    global _literals
    if _literals is None:
        _literals = dict(load_tables().literal_terminals)
    return _literals


def _byte_col(line: str, col: int) -> int:
    return col if line.isascii() else len(line[:col].encode('utf-8', 'surrogatepass'))


class ShiftedToken:
    """A STRING token with its byte span given (and moved into its file for f-string
    expressions, as fstring_fix_node_location), as pipeline.parser.literals reads it."""
    __slots__ = ('type', 'string', 'start', 'end', 'col_offset', 'end_col_offset', 'original')

    def __init__(self, token: Any, span: tuple) -> None:
        self.original = token
        self.type = token.type
        self.string = token.string
        self.start = (span[0], token.start[1])
        self.end = (span[2], token.end[1])
        self.col_offset = span[1]
        self.end_col_offset = span[3]


def _terms(tokens: Iterator[Any], line_shift: int = 0, col_shift: int = 0,
           drop_extra_newline: bool = False) -> Iterator[tuple]:
    """(terminal name, token, span) for each token; spans in UTF-8 byte columns.

    As parsetok, an ENDMARKER after any token is preceded by one more NEWLINE (which
    single_input never reads after a complete simple statement: `drop_extra_newline`
    leaves it out after a NEWLINE)."""
    literals = _literal_terms()
    terms = _TERMS
    shifted = line_shift or col_shift
    started = False
    previous = None
    for token in tokens:
        kind, string, (start_line, start_col), (end_line, end_col), line = token[:5]
        if kind == NAME:
            term = literals.get(string, 'NAME')
        else:
            term = terms.get(kind) or literals[string]
        if line.isascii():
            span = (start_line, start_col, end_line, end_col)
        else:
            last_line = line
            if end_line != start_line:
                physical = line.splitlines(True)
                if end_line - start_line < len(physical):
                    last_line = physical[end_line - start_line]
            span = (start_line, _byte_col(line, start_col), end_line,
                    _byte_col(last_line, end_col))
        if shifted:
            if span[0] == 1:
                span = (span[0] + line_shift, span[1] + col_shift,
                        span[2] + line_shift, span[3] + col_shift)
            else:
                span = (span[0] + line_shift, span[1], span[2] + line_shift, span[3])
        if kind == STRING:
            token = ShiftedToken(token, span)
        if kind == ENDMARKER and started and not (drop_extra_newline and previous == NEWLINE):
            yield ('NEWLINE', token._replace(type=NEWLINE), span)
        started = True
        previous = kind
        yield (term, token, span)


class _Recorder:
    """Remembers the previous token of a stream (for single mode's errors)."""

    def __init__(self, terms: Iterator[tuple]) -> None:
        self.terms = terms
        self.previous: Any = None
        self.current: Any = None

    def __iter__(self) -> Iterator[tuple]:
        for term in self.terms:
            self.previous, self.current = self.current, term
            yield term


def _finish(endmarker: tuple, started: bool) -> tuple:
    """As parsetok: ENDMARKER after any token comes after one more NEWLINE."""
    if not started:
        return (endmarker,)
    token = endmarker[1]
    return (('NEWLINE', token._replace(type=NEWLINE), endmarker[2]), endmarker)


def _run(text: str, filename: str, start: str, builder: AstBuilder,
         line_shift: int = 0, col_shift: int = 0) -> Any:
    try:
        try:
            # compile() adds no final newline to single input: without one, parsetok's
            # extra NEWLINE at ENDMARKER is the only one after the last line (so a
            # compound statement there is cut short: 'unexpected EOF while parsing')
            drop = start == 'single_input' and not text.endswith('\n')
            return _parse_tokens(text, filename, start, builder, line_shift, col_shift,
                                 drop_extra_newline=drop)
        except _SingleComplete:
            # single_input: pgen accepts a simple statement at its NEWLINE and never
            # reads parsetok's extra one; parse again without it
            again = AstBuilder(filename, _parse_fstring)
            tree = _parse_tokens(text, filename, start, again, line_shift, col_shift,
                                 drop_extra_newline=True)
            builder.named_escapes = again.named_escapes
            builder.fold_candidates = again.fold_candidates
            builder.fold_bodies = again.fold_bodies
            return tree
    except SyntaxError as error:
        if start == 'single_input':
            error = _single_complete_before(text, filename, error)
        if start != 'file_input' and not text.endswith('\n') and \
                isinstance(error.text, str) and error.text.endswith('\n') and \
                error.lineno == text.count('\n') + 1:
            # compile() adds the final newline for exec input only
            line = error.text[:-1]
            offset = error.offset
            if offset is not None and offset > len(line):
                offset = len(line)
            lineno = 0 if not text else error.lineno   # err_input on an empty buffer
            msg = error.msg
            if msg == 'invalid syntax' and offset == len(line) and line:
                # an operator character at the very end: tokenizer.c looked past it
                msg = 'unexpected EOF while parsing'
            elif msg == 'unexpected EOF while parsing' and line.endswith('\\'):
                # a backslash that the added newline made a continuation
                msg = 'unexpected character after line continuation character'
            error = type(error)(msg, (error.filename, lineno, offset, line))
        raise as_38(error) from None


def _single_complete_before(text: str, filename: str, error: SyntaxError) -> SyntaxError:
    """single_input: a tokenizer error after a complete statement is never seen by
    CPython, which stops reading there and finds more text: E_BADSINGLE."""
    if error.msg == 'multiple statements found while compiling a single statement':
        return error
    tables = grammar(AstBuilder).tables
    states = [tables.start_states['single_input']]
    terms = _terms(cscan.scan(text, filename))
    try:
        for term in terms:
            if not depth._feed(tables.actions, tables.gotos, tables.rules, states, term[0]):
                return error
            if term[0] == 'NEWLINE' and not term[1].at_eof and \
                    depth._feed(tables.actions, tables.gotos, tables.rules, list(states),
                                END):
                if (error.lineno or 0) > term[2][0]:
                    return _multiple_statements(term, filename)
                return error
    except SyntaxError:
        pass
    return error


class _SingleComplete(Exception):
    """Internal: single_input failed on parsetok's extra NEWLINE after a full statement."""


def _parse_tokens(text: str, filename: str, start: str, builder: AstBuilder,
                  line_shift: int, col_shift: int, drop_extra_newline: bool = False) -> Any:
    tables_grammar = grammar(AstBuilder)
    raw = None
    if start == 'file_input' and not (line_shift or col_shift):
        raw = (_literal_terms(), _TERMS, NAME, STRING, ShiftedToken, _finish)
        tokens = cscan.scan(text, filename)
    else:
        tokens = _terms(cscan.scan(text, filename), line_shift, col_shift, drop_extra_newline)
        if start == 'single_input':
            tokens = recorder = _Recorder(tokens)
    try:
        try:
            return _parse_raw(tables_grammar, tokens, start, builder, raw, text)
        except (ParseFailure, SyntaxError) as error:
            if getattr(error, 'deep_input', False):
                failing = error.args[0] if isinstance(error, ParseFailure) else None
                if _overflowed_before(text, filename, start, failing, line_shift, col_shift,
                                      drop_extra_newline):
                    sys.stderr.write('s_push: parser stack overflow\n')
                    raise MemoryError() from None
            raise
        except DeepInput:
            terms = _terms(cscan.scan(text, filename), line_shift, col_shift,
                           drop_extra_newline)
            if depth.overflows(tables_grammar.tables, terms, start):
                # as s_push in Parser/parser.c
                sys.stderr.write('s_push: parser stack overflow\n')
                raise MemoryError() from None
            builder.__init__(builder.filename, builder._parse_fstring)
            tokens = cscan.scan(text, filename)
            if raw is None:
                tokens = _terms(tokens, line_shift, col_shift, drop_extra_newline)
                if start == 'single_input':
                    tokens = recorder = _Recorder(tokens)
            return _parse_raw(tables_grammar, tokens, start, builder, raw, text,
                              check_depth=False)
    except ParseFailure as failure:
        token, state = failure.args
        expected = tables_grammar.tables.actions[state]
        if start == 'single_input' and END in expected and \
                recorder.previous is not None and recorder.previous[0] == 'NEWLINE':
            if token[0] == 'NEWLINE' and token[1].at_eof and not drop_extra_newline:
                raise _SingleComplete() from None
            raise _multiple_statements(recorder.previous, filename) from None
        bad = getattr(token[1], 'original', token[1])
        if start != 'file_input' and _reads_past_end(bad, text):
            # tokenizer.c read past the end of input while lexing this token: parsetok
            # reports E_EOF; at the token for a real one, at the end for the NEWLINE
            # that input without a final newline does not have
            if bad.type == NEWLINE:
                bad = bad._replace(at_eof=True, line=bad.context)
            else:
                error = cscan.parse_error(bad, filename)
                raise type(error)('unexpected EOF while parsing', (
                    error.filename, error.lineno, error.offset, error.text)) from None
        raise cscan.parse_error(bad, filename,
                                expected_indent=set(expected) == {'INDENT'}) from None


def _parse_raw(tables_grammar: Any, tokens: Any, start: str, builder: AstBuilder, raw: Any,
               text: str, check_depth: bool = True) -> Any:
    """Whole files (`raw` given) through the int-table loop, the rest, and a file that
    loop finds irregular (an error, most often), the generic one."""
    if raw is not None and not lalr_int.GENERIC and (
            lalr_int.built() or len(text) >= lalr_int.WORTH_BUILDING):
        tables = lalr_int.int_tables(tables_grammar, _TERMS, _literal_terms())
        from .literals import EscapeWarnings   # not at start-up: `-c pass` never comes here
        warned = EscapeWarnings.given
        try:
            return lalr_int.parse_file(tables_grammar, tables, text, builder, _string_value,
                                       check_depth)
        except (lalr_int.Irregular, SyntaxError):
            builder.__init__(builder.filename, builder._parse_fstring)
        # the warnings given so far come again first: not twice
        EscapeWarnings.repeated = EscapeWarnings.given - warned
        try:
            return tables_grammar.parse(tokens, start, builder, raw, check_depth=check_depth)
        finally:
            EscapeWarnings.repeated = 0
    return tables_grammar.parse(tokens, start, builder, raw, check_depth=check_depth)


def _string_value(token: Any) -> Tuple[Any, tuple]:
    """A STRING token's parser value and span, for tokenizer.items."""
    if token[4].isascii():
        start, end = token[2], token[3]
        span = (start[0], start[1], end[0], end[1])
    else:
        span = raw_span(token)
    return ShiftedToken(token, span), span


def _overflowed_before(text: str, filename: str, start: str, failing: Any, line_shift: int,
                       col_shift: int, drop_extra_newline: bool) -> bool:
    """Whether CPython's parser stack overflows on the input before the error at
    `failing` (a term triple; None: a tokenizer error) is reached."""
    prefix = []
    terms = _terms(cscan.scan(text, filename), line_shift, col_shift, drop_extra_newline)
    try:
        for term in terms:
            if failing is not None and term[2][:2] >= failing[2][:2]:
                break
            prefix.append(term)
    except SyntaxError:
        pass
    return depth.prefix_overflows(grammar(AstBuilder).tables, prefix, start)


def _reads_past_end(token: Any, text: str) -> bool:
    """Whether lexing `token` made tokenizer.c read past the end of `text` (no final
    newline: eval, single and f-string input)."""
    if text.endswith('\n') or token.type in (INDENT, DEDENT, ENDMARKER):
        return False
    last_line = text[text.rfind('\n') + 1:]
    if token.start[0] != text.count('\n') + 1:
        return False
    if token.type == NEWLINE:     # the newline the tokenizer added: there is none
        return True
    if token.type == STRING:
        # only an empty string looks further: a third character tells it from a triple quote
        if token.string.lstrip('bBrRuUfF') not in ("''", '""'):
            return False
    elif token.string in _NO_LOOKAHEAD:
        return False              # tok_get stops at the third character
    return token.end[1] == len(last_line)


_NO_LOOKAHEAD = frozenset(['...', '**=', '//=', '>>=', '<<='])


def _multiple_statements(previous: Any, filename: str) -> SyntaxError:
    """parsetok's E_BADSINGLE: reported where the tokenizer stopped, after the statement."""
    token = previous[1]
    line = token.line
    # the offset is that of the NEWLINE token (which starts at a trailing comment)
    return SyntaxError('multiple statements found while compiling a single statement',
                       (filename, token.end[0], token.start[1] + 1, line))


def _parse_fstring(source: str, line_shift: int, col_shift: int, outer: AstBuilder) -> Any:
    """builder.parse_fstring_expression: see pipeline.parser.literals."""
    builder = AstBuilder('<fstring>', _parse_fstring)
    tree = _run(source, '<fstring>', 'eval_input', builder, line_shift, col_shift)
    # made while the outer parse reduced the string: in their place among its candidates
    outer.fold_candidates.extend(builder.fold_candidates)
    return tree.body


def decode(source: Union[str, bytes], filename: str) -> str:
    """Source text: bytes decoded as 3.8's tokenizer does (BOM, coding cookie)."""
    if isinstance(source, str):
        return source
    return decode_source(bytes(source), filename)


# PyPy's gc.disable() stops its major collections, the only ones that free old objects.
_PAUSES_ONLY_CYCLES = sys.implementation.name != 'pypy'


@contextmanager
def collection_paused() -> Iterator[None]:
    """No cyclic garbage collection while compiling: the passes allocate millions of
    long-lived objects and no garbage worth collecting, and the collector's passes over
    them cost a quarter of the time (CPython's compiler, in C, has none). Not on PyPy:
    there gc.disable() stops the major collections, the only ones that free what has left
    the nursery; paused in every compile, they never ran in a tool compiling file after
    file (bench.compile: RSS 100 MB more for each round of its 172 files, every promoted
    object written to pages never touched before)."""
    if not _PAUSES_ONLY_CYCLES or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def parse(source: Union[str, bytes], filename: str = '<unknown>', mode: str = 'exec') -> Any:
    """The AST CPython 3.8's ast.parse(source, filename, mode) gives, or its SyntaxError."""
    with collection_paused():
        return parse_with_facts(source, filename, mode)[0]


def parse_with_facts(source: Union[str, bytes], filename: str, mode: str) -> Tuple[Any, bool]:
    """(tree, whether a str literal decoded a \\N{...} escape) for the compiler."""
    tree, builder = _parse_for_compiler(source, filename, mode)
    return tree, builder.named_escapes


def parse_for_compiler(source: Union[str, bytes], filename: str,
                       mode: str) -> Tuple[Any, bool, Tuple[list, list]]:
    """parse_with_facts, and ast_opt's work list for the tree: (fold candidates, bodies
    with their docstring facts), see AstBuilder.__init__ and compiler.ast_opt.optimize.
    The list names the tree's nodes as the parser made them: it is good for this tree
    only, and only until something changes the tree."""
    tree, builder = _parse_for_compiler(source, filename, mode)
    return tree, builder.named_escapes, (builder.fold_candidates, builder.fold_bodies)


def _parse_for_compiler(source: Union[str, bytes], filename: str,
                        mode: str) -> Tuple[Any, AstBuilder]:
    if mode not in _START:
        raise ValueError("compile() mode must be 'exec', 'eval' or 'single'")
    filename = os.fsdecode(filename)      # str, bytes or path-like, as compile()
    text = decode(source, filename)
    builder = AstBuilder(filename, _parse_fstring)
    tree = _run(text, filename, _START[mode], builder)
    if mode == 'eval' and not text.endswith('\n'):
        last_line = text[text.rfind('\n') + 1:]
        if last_line and not last_line.strip(' \t\x0c'):
            # without the newline compile() adds for exec input, a last line of blanks
            # is an indented line: INDENT at the end of input
            raise SyntaxError('unexpected EOF while parsing',
                              (filename, text.count('\n') + 1, len(last_line), last_line))
    return tree, builder
