"""The LALR(1) loop for whole files, over the tables renumbered as ints.

The same tables and callbacks as pipeline.parser.lalr (whose Grammar.parse stays the
generic loop for eval, single and f-string input), laid out for speed: terminals and
nonterminals are ints, each state's actions and gotos a list indexed by them, and the
loop keeps the top state in a local. It reads tokenizer.items' triples, which carry the
terminal numbers already. It only parses well-formed files: at the first sign of an
error (from the tokenizer, the tables or a callback) it raises Irregular, and the
caller parses the file again with the generic loop over cscan's tokens, which holds
a callback's error until the end of the input and reports everything as 3.8 does.
Errors are rare in what gets compiled, so that second parse costs nothing in practice.
"""
import os
from typing import Any, Dict, List, Optional, Tuple

from ..tokenizer.cscan import Irregular
from ..tokenizer.tokens import (ASYNC, AWAIT, DEDENT, EXACT_TOKEN_TYPES, INDENT, NEWLINE,
                                NUMBER, STRING)
from .lalr import DEEP_STACK, END, DeepInput, Grammar

# PIPELINE_PARSE_LOOP=generic selects lalr.Grammar.parse for files too (to compare).
GENERIC = os.environ.get('PIPELINE_PARSE_LOOP') == 'generic'
# Shorter sources take the generic loop until the int tables exist: building them
# costs as much as parsing a few thousand characters, which `-c pass` should not pay.
WORTH_BUILDING = 4096
# The action table's entry where the tables have none (see IntTables.__init__).
ERROR_RULE = (0, -1, None, None, None, None)


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
        nonterminal_names = sorted(nonterminals)
        self.gotos: List[List[Optional[int]]] = [
            list(map(row.get, nonterminal_names)) for row in goto_rows]
        # (length, nonterminal, callback, its children's slice of the value stack, the
        # slice a reduction drops from the value and span stacks, the one it drops from
        # the state stack (whose top is not in the list)): slices made once, not per
        # reduction. A rule of two or more symbols whose value is one child
        # (astmake.pick_child) has no callback and the child's index in place of the slice.
        self.rules: List[Tuple[int, int, Any, Any, Optional[slice], Optional[slice]]] = []
        for length, origin, function in grammar.rules:
            dropped = slice(-length, None) if length > 1 else None
            children: Any = dropped
            picked = getattr(function, 'child_index', None)
            if picked is not None and length > 1:
                function, children = None, picked - length
            self.rules.append((length, nonterminal_index[origin], function, children, dropped,
                               slice(1 - length, None) if length > 1 else None))
        # No action is a reduction by one more rule, ERROR_RULE: empty and without a
        # callback (every real empty rule has one), so that the loop finds an error only
        # on its rare path (empty reductions) and never tests a shift for None.
        self.error_action = ~len(self.rules)
        self.rules.append(ERROR_RULE)
        self.actions: List[List[int]] = [
            [self.error_action if action is None else action
             for action in map(row.get, term_names)] for row in action_rows]
        self.end = index[END]
        self.n_states = len(self.actions)
        self.n_terms = len(self.term_names)
        # what the scanner finds -> terminal: keywords and async/await by their text,
        # operators ('<>' is left out: the tokenizer refuses it), the other kinds
        name_terms = {literal: index[term] for literal, term in literals.items()
                      if term in index and literal.isidentifier()}
        name_terms['async'] = index[simple_terms[ASYNC]]
        name_terms['await'] = index[simple_terms[AWAIT]]
        operators = {literal: index[literals[literal]] for literal in EXACT_TOKEN_TYPES
                     if literal != '<>' and literals.get(literal) in index}
        # imported here, not at start-up: only a file worth these tables uses them
        from ..tokenizer.items import Terms, items
        self.items = items
        self.item_terms = Terms(
            name_terms, operators, index['NAME'], index[simple_terms[NUMBER]],
            index[simple_terms[STRING]], index[simple_terms[NEWLINE]],
            index[simple_terms[INDENT]], index[simple_terms[DEDENT]], self.end)
        self.chains: Dict[int, Tuple[int, tuple]] = {}

    def follow_chain(self, below: int, top: int, term: int) -> int:
        """The top state after every pass-through one-child reduction on `term`."""
        actions, gotos, rules = self.actions, self.gotos, self.rules
        while True:
            action = actions[top][term]
            if action >= 0:
                return top
            length, nonterminal, function, children, dropped, dropped_states = rules[~action]
            if length != 1 or function is not None:
                return top
            top = gotos[below][nonterminal]

    def unit_run(self, below: int, top: int, term: int) -> Tuple[int, tuple, int]:
        """(top state, (callback, ...), its action on `term`) after every one-child
        reduction on `term`, pass-through or not: the run depends only on the state
        below, the top state and the look-ahead, the callbacks apply in order to the top
        value."""
        actions, gotos, rules = self.actions, self.gotos, self.rules
        calls = []
        while True:
            action = actions[top][term]
            if action >= 0:
                break
            length, nonterminal, function, children, dropped, dropped_states = rules[~action]
            if length != 1:
                break
            if function is not None:
                calls.append(function)
            top = gotos[below][nonterminal]
        return top, tuple(calls), action


def parse_file(grammar: Grammar, tables: IntTables, text: str, builder: Any,
               string_value: Any, check_depth: bool = True) -> Any:
    """file_input of `text` (see lalr.Grammar.parse for the contract), from the scanner's
    items; raises Irregular for anything but a well-formed file: a tokenizer error,
    a parse error (ParseFailure is never raised here) or a callback's SyntaxError. The
    caller parses such input again with the generic loop, which reports what 3.8 does.

    The state stack's top is the local `state`, the state under it `below`: `states`
    holds the rest, so that a run of one-child reductions (the most frequent action after
    a shift) touches no list, and no list is indexed from its end for the state below.
    The stack's depth is compared with DEEP_STACK only where a reduction of two or more
    symbols starts, after an empty one, and at the end, not at every shift: between two
    such points the stack only grows, so its deepest point is always one of them."""
    actions = tables.actions
    gotos = tables.gotos
    rules = tables.rules
    chains = tables.chains
    end_term = tables.end
    n_states = tables.n_states
    n_terms = tables.n_terms
    state = grammar.tables.start_states['file_input']
    below = -1                      # (no state yet: nothing reduces before a shift)
    states: List[int] = []          # the stack under `state`
    values: List[Any] = []
    spans: List[Any] = []
    deep = DEEP_STACK               # doubles once the stack (states and state) passes it
    for batch in tables.items(text, tables.item_terms, string_value):
        if batch[0][0] == end_term:         # the ENDMARKER comes alone
            states.append(state)
            return _accept(grammar, tables, batch[0], states, values, spans, builder,
                           check_depth and (deep > DEEP_STACK or len(states) > DEEP_STACK))
        for item in batch:
            term = item[0]
            action = actions[state][term]
            while True:
                if action >= 0:
                    states.append(state)
                    below = state
                    state = action
                    values.append(item)
                    spans.append(item[2])
                    break
                length, nonterminal, function, children, dropped, dropped_states = rules[~action]
                if length == 1:
                    # a run of one-child reductions (name -> atom ... -> test): memoised
                    # by (state below, top, term), its callbacks applied in order
                    key = (below * n_states + state) * n_terms + term
                    run = chains.get(key)
                    if run is None:
                        run = chains[key] = tables.unit_run(below, state, term)
                    state, calls, action = run
                    if calls:
                        value = values[-1]
                        top_span = spans[-1]
                        for function in calls:
                            value = function(builder, [value], top_span, spans)
                        values[-1] = value
                    continue
                if length:
                    if len(states) >= deep:
                        deep = (len(states) + 1) * 2
                    first = spans[-length]
                    last = spans[-1]
                    rule_span = (first[0], first[1], last[2], last[3])
                    value = values[children]        # the children, or the one picked
                    if function is not None:
                        value = function(builder, value, rule_span, spans)
                    # (appending: assigning to [-1] takes 3.11's unspecialised path)
                    del values[dropped]
                    del spans[dropped]
                    del states[dropped_states]
                    values.append(value)
                    spans.append(rule_span)
                    below = states[-1]
                    state = gotos[below][nonterminal]
                elif function is None:              # ERROR_RULE: no action
                    raise Irregular()
                else:
                    here = item[2]
                    rule_span = (here[0], here[1], here[0], here[1])
                    values.append(function(builder, [], rule_span, spans))
                    spans.append(rule_span)
                    states.append(state)
                    below = state
                    state = gotos[state][nonterminal]
                    if len(states) >= deep:
                        deep = (len(states) + 1) * 2
                action = actions[state][term]
    raise Irregular()       # no ENDMARKER: cannot happen


def _accept(grammar: Grammar, tables: IntTables, item: tuple, states: list, values: list,
            spans: list, builder: Any, deep: bool) -> Any:
    """The reductions on ENDMARKER, up to acceptance (raising DeepInput if `deep`: these
    reductions only shorten the stack)."""
    actions, gotos, rules = tables.actions, tables.gotos, tables.rules
    end_state = grammar.tables.end_states['file_input']
    term = item[0]
    while True:
        top = states[-1]
        action = actions[top][term]
        if action >= 0:
            raise Irregular()
        length, nonterminal, function, children, dropped, dropped_states = rules[~action]
        if function is None:
            if length == 0:                 # ERROR_RULE: no action
                raise Irregular()
            if length == 1:
                states[-1] = tables.follow_chain(states[-2], top, term)
                continue
        if length:
            first = spans[-length]
            last = spans[-1]
            span = (first[0], first[1], last[2], last[3])
        else:
            here = item[2]
            span = (here[0], here[1], here[0], here[1])
        if function is None:                # a rule that picks one child
            value = values[children]
        else:
            value = function(builder, values[len(values) - length:], span, spans)
        if length:
            del values[-length:]
            del spans[-length:]
            del states[-length:]
        values.append(value)
        spans.append(span)
        states.append(gotos[states[-1]][nonterminal])
        if states[-1] == end_state:
            if deep:
                raise DeepInput()
            return value


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
