"""Test-only drivers for parser/literals.py until (and besides) the full parser.

`literal_nodes(source)` finds every string atom and NUMBER token of `source` with the
project's tokenize-compatible scanner and runs them through parse_string_atom /
parse_number.  f-string expressions are parsed by `StandInBuilder`, which asks the
oracle (CPython 3.8 in a subprocess) for the expression tree and re-parses string atoms
inside it with our own code, so nested f-strings exercise our code too.
`oracle_literal_nodes(source)` gives the oracle's nodes at the same places.
"""
from typing import Any, Dict, List, Tuple

from pipeline.parser import nodes
from pipeline.parser.dump import dump
from pipeline.parser.fstrings import parse_string_atom
from pipeline.parser.literals import parse_number
from pipeline.tokenizer.pyscan import generate, split_lines
from pipeline.tokenizer.tokens import COMMENT, NL, NUMBER, STRING
from tests.astbridge import oracle_ast

Key = Tuple[int, int]


class SpanToken:
    """A token with its byte-column span (what token_span reads)."""

    def __init__(self, string: str, lineno: int, col_offset: int, end_lineno: int,
                 end_col_offset: int) -> None:
        self.string = string
        self.start = (lineno, col_offset)
        self.end = (end_lineno, end_col_offset)
        self.col_offset = col_offset
        self.end_col_offset = end_col_offset

    def shifted(self, line_shift: int, col_shift: int) -> 'SpanToken':
        col = col_shift if self.start[0] == 1 else 0
        return SpanToken(self.string, self.start[0] + line_shift, self.col_offset + col,
                         self.end[0] + line_shift, self.end_col_offset + col)


def _byte_col(lines: List[str], lineno: int, col: int) -> int:
    line = lines[lineno - 1] if lineno - 1 < len(lines) else ''
    return len(line[:col].encode('utf-8', 'surrogatepass'))


def scan_literals(source: str) -> Tuple[List[List[SpanToken]], List[SpanToken]]:
    """(string atoms as token groups, NUMBER tokens) of `source`."""
    # the C tokenizer reads universal newlines (translate_newlines)
    lines = split_lines(source.replace('\r\n', '\n').replace('\r', '\n'))
    atoms: List[List[SpanToken]] = []
    numbers: List[SpanToken] = []
    group: List[SpanToken] = []
    for token in generate(lines):
        if token.type in (NL, COMMENT):
            continue
        if token.type == STRING:
            group.append(SpanToken(token.string, token.start[0],
                                   _byte_col(lines, *token.start), token.end[0],
                                   _byte_col(lines, *token.end)))
            continue
        if group:
            atoms.append(group)
            group = []
        if token.type == NUMBER:
            numbers.append(SpanToken(token.string, token.start[0],
                                     _byte_col(lines, *token.start), token.end[0],
                                     _byte_col(lines, *token.end)))
    if group:
        atoms.append(group)
    return atoms, numbers


def _walk(node: Any):
    pending = [node]
    while pending:
        item = pending.pop()
        if isinstance(item, list):
            pending.extend(reversed(item))
        elif isinstance(item, nodes.AST):
            yield item
            pending.extend(reversed([getattr(item, name, None) for name in item._fields]))


def _is_string_node(node: Any) -> bool:
    return isinstance(node, nodes.JoinedStr) or (
        isinstance(node, nodes.Constant) and isinstance(node.value, (str, bytes)))


def _replace_string_atoms(tree: nodes.AST, replacements: Dict[Key, nodes.AST]) -> None:
    """Put our own string nodes in place of the oracle's (outermost ones only)."""
    pending = [tree]
    while pending:
        node = pending.pop()
        for name in node._fields:
            value = getattr(node, name, None)
            items = value if isinstance(value, list) else [value]
            for index, item in enumerate(items):
                if not isinstance(item, nodes.AST):
                    continue
                if _is_string_node(item) and (item.lineno, item.col_offset) in replacements:
                    new = replacements[(item.lineno, item.col_offset)]
                    if isinstance(value, list):
                        value[index] = new
                    else:
                        setattr(node, name, new)
                else:
                    pending.append(item)


def _shift_tree(tree: nodes.AST, line_shift: int, col_shift: int) -> None:
    """Token-level shift (what the parser does before building): line 1 columns move."""
    for node in _walk(tree):
        if getattr(node, 'lineno', None) is None:
            continue
        if node.lineno == 1:
            node.col_offset += col_shift
        if node.end_lineno == 1:
            node.end_col_offset += col_shift
        node.lineno += line_shift
        node.end_lineno += line_shift


class StandInBuilder:
    """The parser's side of the interface, with the oracle parsing expressions."""

    def __init__(self, filename: str = '<unknown>') -> None:
        self.filename = filename

    def parse_fstring_expression(self, source: str, line_shift: int,
                                 col_shift: int) -> nodes.expr:
        tree = oracle_ast(source, '<fstring>', 'eval').body
        atoms, _ = scan_literals(source)
        holder = nodes.Expression(body=tree)
        replacements = {}
        inner = StandInBuilder('<fstring>')
        for group in atoms:
            key = group[0].start
            shifted = [token.shifted(line_shift, col_shift) for token in group]
            replacements[(key[0], group[0].col_offset)] = parse_string_atom(shifted, inner)
        # shift the oracle's tree first, then drop in our (already shifted) string nodes
        originals = {}
        for node in _walk(holder.body):
            if _is_string_node(node):
                originals[id(node)] = (node.lineno, node.col_offset)
        _shift_tree(holder, line_shift, col_shift)
        by_shifted_key = {}
        for node in _walk(holder.body):
            if id(node) in originals and originals[id(node)] in replacements:
                by_shifted_key[(node.lineno, node.col_offset)] = replacements[originals[id(node)]]
        _replace_string_atoms(holder, by_shifted_key)
        return holder.body


def literal_nodes(source: str, filename: str = '<unknown>') -> Dict[Key, Any]:
    """Our node (or SyntaxError) for each string atom and number of `source`, by position."""
    atoms, numbers = scan_literals(source)
    builder = StandInBuilder(filename)
    result: Dict[Key, Any] = {}
    for group in atoms:
        try:
            node = parse_string_atom(group, builder)
        except SyntaxError as error:
            node = error
        result[(group[0].start[0], group[0].col_offset)] = node
    for token in numbers:
        result[(token.start[0], token.col_offset)] = parse_number(token.string)
    return result


def oracle_literal_nodes(tree: nodes.AST) -> Dict[Key, Any]:
    """The oracle's outermost string nodes and number values of a module tree, by position."""
    result: Dict[Key, Any] = {}
    pending = [tree]
    while pending:
        node = pending.pop()
        if _is_string_node(node):
            result[(node.lineno, node.col_offset)] = node
            continue
        if isinstance(node, nodes.Constant):
            result.setdefault((node.lineno, node.col_offset), node.value)
        for name in node._fields:
            value = getattr(node, name, None)
            for item in (value if isinstance(value, list) else [value]):
                if isinstance(item, nodes.AST):
                    pending.append(item)
    return result


def describe(value: Any) -> str:
    """A comparable text for a node, a number or an error."""
    if isinstance(value, nodes.AST):
        return dump(value, include_attributes=True)
    if isinstance(value, SyntaxError):
        text = ', %r' % (value.text,) if value.filename == '<fstring>' else ''
        return 'SyntaxError(%r, %r, %r, %r%s)' % (value.msg, value.filename, value.lineno,
                                                   value.offset, text)
    return '%s(%r)' % (type(value).__name__, value)
