"""The LALR(1) parse loop over grammar/python38.lark's tables, calling AST callbacks.

Each reduction calls the builder method named by the rule's alias with `(children, span,
spans)`: a token among the children is (terminal, text, span), a STRING (terminal,
api.ShiftedToken, span) for the literal parser; `span` is (lineno, col, end_lineno,
end_col) of the whole rule (columns in UTF-8 bytes) and `spans[-len(children):]` the
children's spans, as CPython's CST nodes carry them. One-symbol rules without an alias
pass their child up; chains of them are followed once per (state below, state, look-ahead)
and memoised.
"""
from typing import Any, Callable, Dict, Iterable, List, Optional, Tuple

from ..grammar.tables import Tables, load_tables
from .depth import LR_DEPTH_WORTH_CHECKING

Span = Tuple[int, int, int, int]
END = '$END'


def raw_span(token: Any) -> Span:
    """Byte span of a token on a non-ASCII line (line holds all lines of a long string)."""
    line = token[4]
    (start_line, start_col), (end_line, end_col) = token[2], token[3]
    last_line = line
    if end_line != start_line:
        physical = line.splitlines(True)
        if end_line - start_line < len(physical):
            last_line = physical[end_line - start_line]
    return (start_line, len(line[:start_col].encode('utf-8', 'surrogatepass')), end_line,
            len(last_line[:end_col].encode('utf-8', 'surrogatepass')))


RawTokens = tuple   # (literals, simple_terms, NAME, STRING, wrap_string, finish)


DEEP_STACK = LR_DEPTH_WORTH_CHECKING


class DeepInput(Exception):
    """Internal: the input nests deeply enough that CPython's parser stack may overflow."""


class ParseFailure(Exception):
    """Internal: the token (term, token, span) at which no action exists; expected terms."""


class Grammar:
    """Tables bound to a builder class: rule callbacks resolved once."""

    def __init__(self, tables: Tables, builder_class: type) -> None:
        self.tables = tables
        self.rules: List[Tuple[int, str, Optional[Callable]]] = []
        for length, origin, alias, _ in tables.rules:
            function = getattr(builder_class, alias) if alias else None
            if function is None and length != 1:
                raise TypeError('rule %s has %d symbols and no callback' % (origin, length))
            self.rules.append((length, origin, function))
        self.chains: Dict[Tuple[int, int, str], int] = {}

    def parse(self, tokens: Iterable[Any], start: str, builder: Any,
              raw: Optional['RawTokens'] = None, check_depth: bool = True) -> Any:
        """Run the tables over `tokens`: (term, token, span) triples ending with $END, or,
        given `raw`, tokenizer tokens converted here (inlined: the common, hot case)."""
        tables = self.tables
        actions = tables.actions
        gotos = tables.gotos
        rules = self.rules
        chains = self.chains
        end_state = tables.end_states[start]
        states = [tables.start_states[start]]
        values: List[Any] = []
        spans: List[Span] = []
        failed: Optional[SyntaxError] = None
        deep = DEEP_STACK           # doubles once the LR stack grows past it
        if raw is not None:
            literals, simple_terms, name_kind, string_kind, wrap_string, finish = raw
            started = False
        try:
            for token in tokens:
                if raw is not None:
                    # tokenizer Token -> (term, token, span in UTF-8 byte columns)
                    kind = token[0]
                    if kind == name_kind:
                        term = literals.get(token[1], 'NAME')
                    else:
                        term = simple_terms.get(kind) or literals[token[1]]
                    start_pos = token[2]
                    end_pos = token[3]
                    line = token[4]
                    if line.isascii():
                        span = (start_pos[0], start_pos[1], end_pos[0], end_pos[1])
                    else:
                        span = raw_span(token)
                    if kind == string_kind:
                        token = (term, wrap_string(token, span), span)
                    else:
                        token = (term, token, span)
                    if term == END:
                        batch = finish(token, started)
                    else:
                        started = True
                        batch = (token,)
                else:
                    batch = (token,)
                for token in batch:
                    term = token[0]
                    while True:
                        top = states[-1]
                        action = actions[top].get(term)
                        if action is None:
                            raise ParseFailure(token, top)
                        if action >= 0:
                            states.append(action)
                            # a token's value: its text (a STRING's: its wrapped token)
                            values.append(token if term == 'STRING' else
                                          (term, token[1].string, token[2]))
                            spans.append(token[2])
                            if len(states) > deep:
                                deep = len(states) * 2
                            break
                        length, origin, function = rules[~action]
                        if length == 1:
                            if function is None:
                                # a chain of one-child rules (test -> or_test -> ... -> atom):
                                # where it ends depends only on the state below, the top
                                # state and the look-ahead, so it is followed once and memoised
                                key = (states[-2], top, term)
                                final = chains.get(key)
                                if final is None:
                                    final = chains[key] = self._follow_chain(states[-2], top, term)
                                states[-1] = final
                                continue
                            if failed is None:
                                try:
                                    values[-1] = function(builder, values[-1:], spans[-1], spans)
                                except SyntaxError as error:
                                    failed = error
                            states[-1] = gotos[states[-2]][origin]
                        elif length:
                            children = values[-length:]
                            first = spans[-length]
                            last = spans[-1]
                            span = (first[0], first[1], last[2], last[3])
                            if failed is None:
                                try:
                                    value = function(builder, children, span, spans)
                                except SyntaxError as error:
                                    failed = error
                                    value = None
                            else:
                                value = None
                            del values[-length:]
                            del spans[-length:]
                            del states[-length:]
                            values.append(value)
                            spans.append(span)
                            states.append(gotos[states[-1]][origin])
                        else:
                            here = token[2]
                            span = (here[0], here[1], here[0], here[1])
                            values.append(function(builder, [], span, spans)
                                          if failed is None else None)
                            spans.append(span)
                            states.append(gotos[states[-1]][origin])
                        if term == END and states[-1] == end_state:
                            if deep > DEEP_STACK and check_depth:
                                raise DeepInput()
                            if failed is not None:
                                raise failed
                            return values[-1]
        except (ParseFailure, SyntaxError) as error:
            # whether the input got deep before failing: CPython's stack may have
            # overflowed first (see pipeline.parser.depth)
            error.deep_input = deep > DEEP_STACK
            raise
        raise ParseFailure(None, states[-1])

    def _follow_chain(self, below: int, top: int, term: str) -> int:
        """The top state after every pass-through one-child reduction on `term`."""
        actions = self.tables.actions
        gotos = self.tables.gotos
        while True:
            action = actions[top].get(term)
            if action is None or action >= 0:
                return top
            length, origin, function = self.rules[~action]
            if length != 1 or function is not None:
                return top
            top = gotos[below][origin]


_grammar: Optional[Grammar] = None


def grammar(builder_class: type) -> Grammar:
    """The (cached) tables bound to `builder_class`."""
    global _grammar
    if _grammar is None:
        _grammar = Grammar(load_tables(), builder_class)
    return _grammar
