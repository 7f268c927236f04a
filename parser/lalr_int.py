"""The LALR(1) loop for whole files, over the tables renumbered as ints.

The same tables and callbacks as pipeline.parser.lalr (whose Grammar.parse stays the
generic loop for eval, single and f-string input), laid out for speed: terminals and
nonterminals are ints, each state's actions and gotos a list indexed by them, the
tokenizer's token types map to terminals through a list, and the loop keeps the top
state in a local. Only the bulk of a file runs here; the NEWLINE and ENDMARKER that
end it, and everything after a callback's SyntaxError (when only a parse error can
still come first), go through the generic `_drive`, which checks for acceptance.
"""
import os
from typing import Any, Dict, Iterator, List, Optional, Tuple

from ..tokenizer.tokens import EXACT_TOKEN_TYPES, NAME, NEWLINE, STRING
from .lalr import DEEP_STACK, END, DeepInput, Grammar, ParseFailure, raw_span

# PIPELINE_PARSE_LOOP=generic selects lalr.Grammar.parse for files too (to compare).
GENERIC = os.environ.get('PIPELINE_PARSE_LOOP') == 'generic'
# Shorter sources take the generic loop until the int tables exist: building them
# costs as much as parsing a few thousand characters, which `-c pass` should not pay.
WORTH_BUILDING = 4096


class IntTables:
    """A Grammar's tables with int terminals and nonterminals, as lists."""

    def __init__(self, grammar: Grammar, simple_terms: Dict[int, str],
                 literals: Dict[str, str]) -> None:
        tables = grammar.tables
        action_rows = [tables.actions[state] for state in range(tables.n_states)]
        goto_rows = [tables.gotos[state] for state in range(tables.n_states)]
        names = set()
        for row in action_rows:
            names.update(row)
        self.term_names: List[str] = sorted(names)
        index = {name: number for number, name in enumerate(self.term_names)}
        self.term_index = index
        nonterminals = set()
        for row in goto_rows:
            nonterminals.update(row)
        nonterminal_index = {name: number for number, name in enumerate(sorted(nonterminals))}
        term_names = self.term_names
        self.actions: List[List[Optional[int]]] = [
            list(map(row.get, term_names)) for row in action_rows]
        nonterminal_names = sorted(nonterminals)
        self.gotos: List[List[Optional[int]]] = [
            list(map(row.get, nonterminal_names)) for row in goto_rows]
        self.rules: List[Tuple[int, int, Any]] = [
            (length, nonterminal_index[origin], function)
            for length, origin, function in grammar.rules]
        self.end = index[END]
        self.name = index['NAME']
        # a NAME token's terminal: its keyword's, else NAME
        self.keywords = {literal: index[term] for literal, term in literals.items()
                         if term in index and literal.isidentifier()}
        # every other token type's terminal (operators by their exact type)
        self.kind_terms: List[Optional[int]] = [None] * 64
        for kind, term in simple_terms.items():
            self.kind_terms[kind] = index[term]
        for literal, kind in EXACT_TOKEN_TYPES.items():
            term = literals.get(literal)
            if term in index:
                self.kind_terms[kind] = index[term]
        self.n_states = len(self.actions)
        self.n_terms = len(self.term_names)
        self.chains: Dict[int, Tuple[int, tuple]] = {}

    def follow_chain(self, below: int, top: int, term: int) -> int:
        """The top state after every pass-through one-child reduction on `term`."""
        actions, gotos, rules = self.actions, self.gotos, self.rules
        while True:
            action = actions[top][term]
            if action is None or action >= 0:
                return top
            length, nonterminal, function = rules[~action]
            if length != 1 or function is not None:
                return top
            top = gotos[below][nonterminal]

    def unit_run(self, below: int, top: int, term: int) -> Tuple[int, tuple]:
        """(top state, ((callback, action), ...)) after every one-child reduction on
        `term`, pass-through or not: the run depends only on the state below, the top
        state and the look-ahead, the callbacks apply in order to the top value."""
        actions, gotos, rules = self.actions, self.gotos, self.rules
        calls = []
        while True:
            action = actions[top][term]
            if action is None or action >= 0:
                break
            length, nonterminal, function = rules[~action]
            if length != 1:
                break
            if function is not None:
                calls.append((function, action))
            top = gotos[below][nonterminal]
        return top, tuple(calls)


class _Failed(Exception):
    """Internal: a callback raised SyntaxError (args: the error)."""


def parse_file(grammar: Grammar, tables: IntTables, tokens: Iterator[Any], builder: Any,
               wrap_string: Any, check_depth: bool = True) -> Any:
    """file_input over tokenizer tokens (see lalr.Grammar.parse for the contract)."""
    actions = tables.actions
    gotos = tables.gotos
    rules = tables.rules
    chains = tables.chains
    keywords = tables.keywords
    kind_terms = tables.kind_terms
    name_term = tables.name
    end_term = tables.end
    n_states = tables.n_states
    n_terms = tables.n_terms
    state = grammar.tables.start_states['file_input']
    states = [state]
    values: List[Any] = []
    spans: List[Any] = []
    deep = DEEP_STACK
    started = False
    tokens = iter(tokens)
    token = None
    try:
        for token in tokens:
            kind = token[0]
            if kind == NAME:
                term = keywords.get(token[1], name_term)
            else:
                term = kind_terms[kind]
                if term is None:
                    raise KeyError(token[1])
            start_pos = token[2]
            end_pos = token[3]
            if token[4].isascii():
                span = (start_pos[0], start_pos[1], end_pos[0], end_pos[1])
            else:
                span = raw_span(token)
            if term == end_term:
                break
            if kind == STRING:
                token = (term, wrap_string(token, span), span)
            else:
                token = (term, token, span)
            started = True
            while True:
                action = actions[state][term]
                if action is None:
                    raise ParseFailure(_named(tables, token), state)
                if action >= 0:
                    state = action
                    states.append(state)
                    values.append(token)
                    spans.append(span)
                    if len(states) > deep:
                        deep = len(states) * 2
                    break
                length, nonterminal, function = rules[~action]
                if length == 1:
                    # a run of one-child reductions (name -> atom ... -> test): memoised
                    # by (state below, top, term), its callbacks applied in order
                    key = (states[-2] * n_states + state) * n_terms + term
                    run = chains.get(key)
                    if run is None:
                        run = chains[key] = tables.unit_run(states[-2], state, term)
                    state, calls = run
                    if calls:
                        value = values[-1]
                        top_span = spans[-1]
                        for function, action in calls:
                            try:
                                value = function(builder, [value], top_span, spans)
                            except SyntaxError as error:
                                raise _Failed(error) from None
                        values[-1] = value
                    states[-1] = state
                    continue
                if length:
                    first = spans[-length]
                    last = spans[-1]
                    rule_span = (first[0], first[1], last[2], last[3])
                    try:
                        value = function(builder, values[-length:], rule_span, spans)
                    except SyntaxError as error:
                        raise _Failed(error) from None
                    length -= 1
                    if length:
                        del values[-length:]
                        del spans[-length:]
                        del states[-length:]
                    values[-1] = value
                    spans[-1] = rule_span
                    state = states[-1] = gotos[states[-2]][nonterminal]
                else:
                    here = token[2]
                    rule_span = (here[0], here[1], here[0], here[1])
                    try:
                        values.append(function(builder, [], rule_span, spans))
                    except SyntaxError as error:
                        raise _Failed(error) from None
                    spans.append(rule_span)
                    state = gotos[state][nonterminal]
                    states.append(state)
        else:
            token = None
    except _Failed as failure:
        failed = failure.args[0]
    except (ParseFailure, SyntaxError) as error:
        error.deep_input = deep > DEEP_STACK
        raise
    else:
        failed = None
    if failed is not None:
        # finish the reduction whose callback failed; the rest only needs recognising
        # (a parse error there comes first), from the token being read
        length, nonterminal, _ = rules[~action]
        if length:
            first = spans[-length]
            last = spans[-1]
            rule_span = (first[0], first[1], last[2], last[3])
            del values[-length:]
            del spans[-length:]
            del states[-length:]
        else:
            here = token[2]
            rule_span = (here[0], here[1], here[0], here[1])
        values.append(None)
        spans.append(rule_span)
        states.append(gotos[states[-1]][nonterminal])
        return _drive(grammar, tables, _converted(tables, tokens, wrap_string, token),
                      states, values, spans, builder, failed, deep, check_depth)
    if token is None:
        # the tokenizer always ends with ENDMARKER
        raise ParseFailure(None, states[-1])
    endmarker = (end_term, token, span)
    if started:
        batch = iter(((tables.term_index['NEWLINE'], token._replace(type=NEWLINE), span),
                      endmarker))
    else:
        batch = iter((endmarker,))
    return _drive(grammar, tables, batch, states, values, spans, builder, None, deep,
                  check_depth)


def _named(tables: IntTables, token: tuple) -> tuple:
    """A token triple with its terminal's name, as lalr.ParseFailure carries it."""
    return (tables.term_names[token[0]],) + tuple(token[1:])


def _converted(tables: IntTables, tokens: Iterator[Any], wrap_string: Any,
               first: tuple) -> Iterator[tuple]:
    """`first`, then tokenizer tokens as int-term triples, with parsetok's NEWLINE
    before ENDMARKER."""
    yield first
    for token in tokens:
        kind = token[0]
        if kind == NAME:
            term = tables.keywords.get(token[1], tables.name)
        else:
            term = tables.kind_terms[kind]
            if term is None:
                raise KeyError(token[1])
        start_pos, end_pos = token[2], token[3]
        if token[4].isascii():
            span = (start_pos[0], start_pos[1], end_pos[0], end_pos[1])
        else:
            span = raw_span(token)
        if term == tables.end:
            # a token was read before: parsetok's extra NEWLINE first
            yield (tables.term_index['NEWLINE'], token._replace(type=NEWLINE), span)
            yield (term, token, span)
        elif kind == STRING:
            yield (term, wrap_string(token, span), span)
        else:
            yield (term, token, span)


def _drive(grammar: Grammar, tables: IntTables, batch: Iterator[tuple], states: list,
           values: list, spans: list, builder: Any, failed: Optional[SyntaxError],
           deep: int, check_depth: bool) -> Any:
    """The generic loop on int terms from the given stacks to acceptance (as lalr's)."""
    actions, gotos, rules = tables.actions, tables.gotos, tables.rules
    end_term = tables.end
    end_state = grammar.tables.end_states['file_input']
    try:
        for token in batch:
            term = token[0]
            while True:
                top = states[-1]
                action = actions[top][term]
                if action is None:
                    raise ParseFailure(_named(tables, token), top)
                if action >= 0:
                    states.append(action)
                    values.append(token)
                    spans.append(token[2])
                    if len(states) > deep:
                        deep = len(states) * 2
                    break
                length, nonterminal, function = rules[~action]
                if length == 1 and function is None:
                    states[-1] = tables.follow_chain(states[-2], top, term)
                    continue
                if length:
                    first = spans[-length]
                    last = spans[-1]
                    span = (first[0], first[1], last[2], last[3])
                else:
                    here = token[2]
                    span = (here[0], here[1], here[0], here[1])
                value = None
                if failed is None:
                    try:
                        value = function(builder, values[len(values) - length:], span, spans)
                    except SyntaxError as error:
                        failed = error
                if length:
                    del values[-length:]
                    del spans[-length:]
                    del states[-length:]
                values.append(value)
                spans.append(span)
                states.append(gotos[states[-1]][nonterminal])
                if term == end_term and states[-1] == end_state:
                    if deep > DEEP_STACK and check_depth:
                        raise DeepInput()
                    if failed is not None:
                        raise failed
                    return values[-1]
    except (ParseFailure, SyntaxError) as error:
        error.deep_input = deep > DEEP_STACK
        raise
    raise ParseFailure(None, states[-1])


_int_tables: Optional[IntTables] = None


def built() -> bool:
    """Whether the int tables exist already."""
    return _int_tables is not None


def int_tables(grammar: Grammar, simple_terms: Dict[int, str],
               literals: Dict[str, str]) -> IntTables:
    """The (cached) int tables of `grammar`."""
    global _int_tables
    if _int_tables is None:
        _int_tables = IntTables(grammar, simple_terms, literals)
    return _int_tables
