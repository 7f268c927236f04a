"""The LALR(1) parse loop over grammar/python38.lark's tables, calling AST callbacks.

Each reduction calls the builder method named by the rule's alias with
`(children, span, spans)`: `span` is (lineno, col, end_lineno, end_col) of the whole
rule (columns in UTF-8 bytes) and `spans[-len(children):]` the children's spans, as
CPython's CST nodes carry them. One-symbol rules without an alias pass their child up.
"""
from typing import Any, Callable, Iterable, List, Optional, Tuple

from ..grammar.tables import Tables, load_tables

Span = Tuple[int, int, int, int]
END = '$END'


class ParseFailure(Exception):
    """Internal: the token (term, token, span) at which no action exists; expected terms."""


class Grammar:
    """Tables bound to a builder class: rule callbacks resolved once."""

    def __init__(self, tables: Tables, builder_class: type) -> None:
        self.tables = tables
        self.rules: List[Tuple[int, str, Optional[Callable]]] = []
        for length, origin, alias in tables.rules:
            function = getattr(builder_class, alias) if alias else None
            if function is None and length != 1:
                raise TypeError('rule %s has %d symbols and no callback' % (origin, length))
            self.rules.append((length, origin, function))

    def parse(self, tokens: Iterable[tuple], start: str, builder: Any) -> Any:
        """Run the tables over `tokens` ((term, token, span) triples ending with $END)."""
        tables = self.tables
        actions = tables.actions
        gotos = tables.gotos
        rules = self.rules
        end_state = tables.end_states[start]
        states = [tables.start_states[start]]
        values: List[Any] = []
        spans: List[Span] = []
        for token in tokens:
            term = token[0]
            while True:
                action = actions[states[-1]].get(term)
                if action is None:
                    raise ParseFailure(token, states[-1])
                if action >= 0:
                    states.append(action)
                    values.append(token)
                    spans.append(token[2])
                    break
                length, origin, function = rules[~action]
                if length == 1:
                    if function is not None:
                        values[-1] = function(builder, values[-1:], spans[-1], spans)
                    states[-1] = gotos[states[-2]][origin]
                elif length:
                    children = values[-length:]
                    first = spans[-length]
                    last = spans[-1]
                    span = (first[0], first[1], last[2], last[3])
                    value = function(builder, children, span, spans)
                    del values[-length:]
                    del spans[-length:]
                    del states[-length:]
                    values.append(value)
                    spans.append(span)
                    states.append(gotos[states[-1]][origin])
                else:
                    here = token[2]
                    span = (here[0], here[1], here[0], here[1])
                    values.append(function(builder, [], span, spans))
                    spans.append(span)
                    states.append(gotos[states[-1]][origin])
                if term == END and states[-1] == end_state:
                    return values[-1]
        raise ParseFailure(None, states[-1])


_grammar: Optional[Grammar] = None


def grammar(builder_class: type) -> Grammar:
    """The (cached) tables bound to `builder_class`."""
    global _grammar
    if _grammar is None:
        _grammar = Grammar(load_tables(), builder_class)
    return _grammar
