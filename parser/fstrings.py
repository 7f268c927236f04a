"""f-strings as CPython 3.8's Python/ast.c parses them (FstringParser_*, fstring_find_*).

Positions follow 3.8 exactly, quirks included: every Constant, FormattedValue and
JoinedStr made here spans the whole atom; sub-expressions are placed by
fstring_fix_node_location, which looks for the expression text in the atom's
*first* token only.
"""
from typing import Any, List, Optional, Sequence, Tuple

from ..tokenizer import cscan
from . import construct as new, nodes
from .literals import (EscapeError, Location, decode_unicode_with_escapes, parse_string_token,
                       syntax_error, token_span, warn_invalid_escape)

MAX_PAREN_LEVEL = 200   # MAXLEVEL in ast.c
_WHITESPACE = ' \t\n\f'          # what fstring_compile_expr skips to find an empty expression
_PY_SPACE = ' \t\n\r\x0b\x0c'     # Py_ISSPACE, skipped after '='


class FstringParser:
    """Accumulates the parts of one atom: a pending str and a list of nodes (FstringParser)."""

    def __init__(self, builder: Any, atom: Location, first_token_text: str,
                 kind: Optional[str]) -> None:
        self.builder = builder
        self.atom = atom
        self.first_token_text = first_token_text
        self.kind = kind
        self.last_str: Optional[str] = None
        self.values: List[nodes.expr] = []
        self.fmode = False

    def child(self) -> 'FstringParser':
        """A fresh parser for a nested format spec, sharing the atom."""
        return FstringParser(self.builder, self.atom, self.first_token_text, self.kind)

    def concat_str(self, text: str) -> None:
        """FstringParser_ConcatAndDel: empty strings are dropped, others merged."""
        if not text:
            return
        self.last_str = text if self.last_str is None else self.last_str + text

    def _flush_str(self) -> None:
        if self.last_str is not None:
            self.values.append(self._constant(self.last_str))
            self.last_str = None

    def _constant(self, text: str) -> nodes.Constant:
        # as make_str_node_and_del: kind 'u' only for a lower-case u prefix on the first token
        return new.Constant(text, self.kind, self.atom.span())

    def finish(self) -> nodes.expr:
        """FstringParser_Finish: a Constant when no f-string took part, else a JoinedStr."""
        if not self.fmode:
            return self._constant(self.last_str or '')
        self._flush_str()
        return new.JoinedStr(self.values, self.atom.span())

    def concat_fstring(self, body: str, raw: bool, pos: int = 0, recurse_lvl: int = 0) -> int:
        """FstringParser_ConcatFstring over body[pos:]; returns where it stopped."""
        self.fmode = True
        end = len(body)
        while True:
            pos, result, literal = self._find_literal(body, pos, raw, recurse_lvl)
            if literal:
                self.concat_str(literal)
            if result == 1:
                continue
            if pos >= end or body[pos] == '}':
                break
            pos, expr_text, expression = self._find_expr(body, pos, raw, recurse_lvl)
            if expr_text:
                self.concat_str(expr_text)
            self._flush_str()
            self.values.append(expression)
        if recurse_lvl == 0 and pos < end - 1:
            raise self._error('f-string: unexpected end of string')
        if recurse_lvl != 0 and (pos >= end or body[pos] != '}'):
            raise self._error("f-string: expecting '}'")
        return pos

    def _error(self, msg: str) -> SyntaxError:
        return syntax_error(self.builder, msg, self.atom)

    def _decode(self, text: str, raw: bool) -> str:
        if raw:
            return text
        try:
            return decode_unicode_with_escapes(self.builder, text, self.atom)
        except EscapeError as error:
            raise self._error(error.message) from None

    def _find_literal(self, body: str, pos: int, raw: bool,
                      recurse_lvl: int) -> Tuple[int, int, Optional[str]]:
        """fstring_find_literal: (new position, 1 if a doubled brace was seen, literal)."""
        end = len(body)
        start = pos
        result = 0
        stop = None
        while pos < end:
            char = body[pos]
            pos += 1
            if not raw and char == '\\' and pos < end:
                char = body[pos]
                pos += 1
                if char == 'N':
                    if pos < end:
                        opened = body[pos] == '{'
                        pos += 1
                        if opened:
                            while pos < end:
                                pos += 1
                                if body[pos - 1] == '}':
                                    break
                            continue
                    break
                if char == '{':
                    warn_invalid_escape(self.builder, char, self.atom)
            if char == '{' or char == '}':
                if recurse_lvl == 0:
                    if pos < end and body[pos] == char:
                        stop = pos + 1
                        result = 1
                        break
                    if char == '}':
                        raise self._error("f-string: single '}' is not allowed")
                pos -= 1
                break
        literal_end = pos
        if stop is not None:
            pos = stop
        literal = self._decode(body[start:literal_end], raw) if literal_end != start else None
        return pos, result, literal

    def _find_expr(self, body: str, pos: int, raw: bool,
                   recurse_lvl: int) -> Tuple[int, Optional[str], nodes.expr]:
        """fstring_find_expr from the '{' at body[pos]: (new position, '=' text, node)."""
        end = len(body)
        if recurse_lvl >= 2:
            raise self._error('f-string: expressions nested too deeply')
        pos += 1
        expr_start = pos
        quote_char = ''
        string_type = 0
        paren_stack: List[str] = []
        while pos < end:
            char = body[pos]
            if char == '\\':
                raise self._error('f-string expression part cannot include a backslash')
            if quote_char:
                if char == quote_char:
                    if string_type == 3:
                        if pos + 2 < end and body[pos + 1] == char and body[pos + 2] == char:
                            pos += 3
                            string_type = 0
                            quote_char = ''
                            continue
                    else:
                        string_type = 0
                        quote_char = ''
                pos += 1
                continue
            if char in '\'"':
                if pos + 2 < end and body[pos + 1] == char and body[pos + 2] == char:
                    string_type = 3
                    pos += 2
                else:
                    string_type = 1
                quote_char = char
            elif char in '[{(':
                if len(paren_stack) >= MAX_PAREN_LEVEL:
                    raise self._error('f-string: too many nested parenthesis')
                paren_stack.append(char)
            elif char == '#':
                raise self._error("f-string expression part cannot include '#'")
            elif not paren_stack and char in '!:}=<>':
                if pos + 1 < end:
                    following = body[pos + 1]
                    if following == '=' and char in '!=<>':
                        pos += 2
                        continue
                    if char in '<>':
                        pos += 1
                        continue
                break
            elif char in ')]}':
                if not paren_stack:
                    raise self._error("f-string: unmatched '%s'" % char)
                opening = paren_stack.pop()
                if opening + char not in ('()', '[]', '{}'):
                    raise self._error("f-string: closing parenthesis '%s' does not match "
                                      "opening parenthesis '%s'" % (char, opening))
            pos += 1
        expr_end = pos
        if quote_char:
            raise self._error('f-string: unterminated string')
        if paren_stack:
            raise self._error("f-string: unmatched '%s'" % paren_stack[-1])
        if pos >= end:
            raise self._error("f-string: expecting '}'")
        expression = self._compile_expr(body[expr_start:expr_end])
        expr_text = None
        if body[pos] == '=':
            pos += 1
            while pos < end and body[pos] in _PY_SPACE:
                pos += 1
            expr_text = body[expr_start:pos]
        conversion = -1
        if pos < end and body[pos] == '!':
            pos += 1
            if pos >= end:
                raise self._error("f-string: expecting '}'")
            conversion_char = body[pos]
            pos += 1
            if conversion_char not in 'sra':
                raise self._error("f-string: invalid conversion character: "
                                  "expected 's', 'r', or 'a'")
            conversion = ord(conversion_char)
        format_spec = None
        if pos >= end:
            raise self._error("f-string: expecting '}'")
        if body[pos] == ':':
            pos += 1
            if pos >= end:
                raise self._error("f-string: expecting '}'")
            spec_parser = self.child()
            pos = spec_parser.concat_fstring(body, raw, pos, recurse_lvl + 1)
            format_spec = spec_parser.finish()
        if pos >= end or body[pos] != '}':
            raise self._error("f-string: expecting '}'")
        pos += 1
        if expr_text is not None and format_spec is None and conversion == -1:
            conversion = ord('r')
        return pos, expr_text, new.FormattedValue(expression, conversion, format_spec,
                                                  self.atom.span())

    def _compile_expr(self, text: str) -> nodes.expr:
        """fstring_compile_expr: parse '(' + text + ')' and place it in the file."""
        if not text.strip(_WHITESPACE):
            raise self._error('f-string: empty expression not allowed')
        line_shift, col_shift = self._expression_shift('{' + text + '}')
        source = '(' + text + ')'
        expression = self.builder.parse_fstring_expression(source, line_shift, col_shift)
        fix_multiline_ends(expression, source, line_shift, col_shift)
        return expression

    def _expression_shift(self, braced: str) -> Tuple[int, int]:
        """fstring_fix_node_location: (lines, cols) to add, found in the first token only."""
        lines = self.atom.lineno - 1
        cols = self.atom.col_offset
        token = self.first_token_text
        found = token.find(braced)
        if found >= 0:
            line_start = token.rfind('\n', 0, found)
            # 3.8 measures from the newline itself (one more than the column), or
            # from the token's start when there is none.
            start = 0 if line_start <= 0 else line_start
            cols += len(token[start:found].encode('utf-8', 'surrogatepass'))
            lines += token.count('\n', 0, found)
        return lines, cols


def node_children(node: nodes.AST) -> List[nodes.AST]:
    children = []
    for name in node._fields:
        value = getattr(node, name, None)
        if isinstance(value, nodes.AST):
            children.append(value)
        elif isinstance(value, list):
            children.extend(item for item in value if isinstance(item, nodes.AST))
    return children


class _ExpressionTokens:
    """The tokens of an f-string expression's source, found by unshifted position."""

    def __init__(self, source: str) -> None:
        self.tokens = [(token.string, token.start[0], token.col_offset, token.end[0],
                        token.end_col_offset) for token in cscan.scan(source, '<fstring>')]
        self.by_start = {}
        self.by_end = {}
        for index, (_, line, col, end_line, end_col) in enumerate(self.tokens):
            self.by_start.setdefault((line, col), index)
            self.by_end[(end_line, end_col)] = index

    def line(self, index: int) -> int:
        return self.tokens[index][1]

    def matching_open(self, close_index: int) -> int:
        """Index of the bracket opening the one at close_index."""
        depth = 0
        for index in range(close_index, -1, -1):
            text = self.tokens[index][0]
            if text in (')', ']', '}'):
                depth += 1
            elif text in ('(', '[', '{'):
                depth -= 1
                if depth == 0:
                    return index
        return 0


def _nested_children(node: nodes.AST) -> List[nodes.AST]:
    """Children whose positions the outer expression's parse decided (not nested fields)."""
    if isinstance(node, nodes.FormattedValue):
        return [node.format_spec] if node.format_spec is not None else []
    return node_children(node)


def _end_provider_line(node: nodes.AST, end_index: int, tokens: _ExpressionTokens,
                       unshift: Any, lone_genexps: set) -> int:
    """Line where the CST node that gives `node` its end starts (3.8's ast.c choices)."""
    if isinstance(node, nodes.Attribute):
        return tokens.line(end_index - 1)           # the trailer '.name'
    if isinstance(node, nodes.Subscript):
        return tokens.line(tokens.matching_open(end_index))    # the trailer '[...]'
    if isinstance(node, nodes.Call):
        if node.args or node.keywords:
            return tokens.line(end_index)           # ast_for_call ends at the ')' token
        return tokens.line(tokens.matching_open(end_index))    # the trailer '()'
    if id(node) in lone_genexps:
        return tokens.line(end_index)               # ends at the call's ')'
    if isinstance(node, nodes.BinOp) and not isinstance(node.op, nodes.Pow):
        # ast_for_binop ends at the right operand's CST node, parentheses included
        index = tokens.by_start.get(unshift(node.right.lineno, node.right.col_offset))
        if index is None:
            return node.lineno
        while index > 0 and tokens.tokens[index - 1][0] == '(':
            index -= 1
        return tokens.line(index)
    return 1


def fix_multiline_ends(expression: nodes.AST, source: str, line_shift: int,
                       col_shift: int) -> None:
    """3.8 shifts CST nodes, not tokens: a node starting on the expression's first line
    gets col_shift on its end column even when its last token starts on a later line
    (fstring_shift_node_locations).  The parser shifted tokens; add what is missing."""
    first_line = line_shift + 1
    candidates = []
    pending = [expression]
    while pending:
        node = pending.pop()
        if (isinstance(node, nodes.expr) and node.lineno == first_line
                and node.end_lineno > first_line):
            candidates.append(node)
        pending.extend(_nested_children(node))
    if not col_shift or not candidates:
        return
    tokens = _ExpressionTokens(source)

    def unshift(lineno: int, col: int) -> Tuple[int, int]:
        return lineno - line_shift, col - col_shift if lineno == first_line else col

    lone_genexps = set()
    starred_args = set()
    for node in candidates:
        if isinstance(node, nodes.Call):
            if (len(node.args) == 1 and not node.keywords
                    and isinstance(node.args[0], nodes.GeneratorExp)
                    and (node.args[0].end_lineno, node.args[0].end_col_offset)
                    == (node.end_lineno, node.end_col_offset)):
                lone_genexps.add(id(node.args[0]))
            starred_args.update(id(arg) for arg in node.args if isinstance(arg, nodes.Starred))
    # children before parents: a starred argument copies its value's (final) end
    for node in reversed(candidates):
        if id(node) in starred_args:
            # ast_for_call: Starred(..., e->end_lineno, e->end_col_offset)
            node.end_col_offset = node.value.end_col_offset
            continue
        # the last token: if it starts on the first line the parser already shifted it
        end_index = tokens.by_end.get((node.end_lineno - line_shift, node.end_col_offset))
        if end_index is None or tokens.line(end_index) == 1:
            continue
        if _end_provider_line(node, end_index, tokens, unshift, lone_genexps) == 1:
            node.end_col_offset += col_shift


# -- the atom (parsestrplus) ------------------------------------------------------------------

def parse_string_atom(tokens: Sequence[Any], builder: Any) -> nodes.expr:
    """Constant or JoinedStr for consecutive STRING tokens, as 3.8's parsestrplus."""
    spans = [token_span(token) for token in tokens]
    atom = Location(spans[0][0], spans[0][1], spans[-1][2], spans[-1][3])
    first_text = tokens[0].string
    kind = 'u' if first_text[0] == 'u' else None
    state = FstringParser(builder, atom, first_text, kind)
    is_bytes = False
    byte_parts: List[bytes] = []
    for index, token in enumerate(tokens):
        piece = parse_string_token(token.string, builder, Location(*spans[index]), atom)
        if index and piece.is_bytes != is_bytes:
            raise syntax_error(builder, 'cannot mix bytes and nonbytes literals', atom)
        is_bytes = piece.is_bytes
        if piece.fstring_body is not None:
            state.concat_fstring(piece.fstring_body, piece.is_raw)
        elif is_bytes:
            byte_parts.append(piece.value)
        else:
            state.concat_str(piece.value)
    if is_bytes:
        return new.Constant(b''.join(byte_parts), None, atom.span())
    return state.finish()
