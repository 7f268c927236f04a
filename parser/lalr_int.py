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
ERROR_RULE = (-1, -1, None, 0, False)


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
        # Per rule (back, nonterminal, callback, picked, reads_spans): `back` is the
        # length minus one, by which a reduction lowers the stack pointer (0: a
        # one-child rule, -1: an empty one). A rule of two or more symbols whose value is
        # one child (astmake.pick_child) has no callback and `picked`, that child's index
        # relative to the stack's top, in its place; `reads_spans` marks a callback that
        # reads its children's spans (astmake.reads_spans): it is given them as a list.
        self.rules: List[Tuple[int, int, Any, int, bool]] = []
        for length, origin, function in grammar.rules:
            picked = getattr(function, 'child_index', None)
            if picked is not None and length > 1:
                function, picked = None, picked - (length - 1)
            self.rules.append((length - 1, nonterminal_index[origin], function, picked or 0,
                               getattr(function, 'reads_spans', False)))
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
        # unit_runs[state][term]: where that action is a one-child reduction, the memo
        # of its unit runs by the state below (see unit_run), else None
        self.unit_runs: List[List[Optional[Dict[int, UnitRun]]]] = [
            [{} if action < 0 and self.rules[~action][0] == 0 else None for action in row]
            for row in self.actions]

    def follow_chain(self, below: int, top: int, term: int) -> int:
        """The top state after every pass-through one-child reduction on `term`."""
        actions, gotos, rules = self.actions, self.gotos, self.rules
        while True:
            action = actions[top][term]
            if action >= 0:
                return top
            back, nonterminal, function, picked, reads_spans = rules[~action]
            if back != 0 or function is not None:
                return top
            top = gotos[below][nonterminal]

    def unit_run(self, below: int, top: int, term: int) -> 'UnitRun':
        """(top state, its action on `term`, callback, callbacks) after every one-child
        reduction on `term`, pass-through or not: the run depends only on the state
        below, the top state and the look-ahead, the callbacks apply in order to the top
        value. One callback comes alone (the tuple is then None), several as the tuple;
        most runs call one or none."""
        actions, gotos, rules = self.actions, self.gotos, self.rules
        calls = []
        while True:
            action = actions[top][term]
            if action >= 0:
                break
            back, nonterminal, function, picked, reads_spans = rules[~action]
            if back != 0:
                break
            if function is not None:
                calls.append(_given_own_span(function) if reads_spans else function)
            top = gotos[below][nonterminal]
        if len(calls) == 1:
            return top, action, calls[0], None
        return top, action, None, tuple(calls) or None


UnitRun = Tuple[int, int, Any, Optional[tuple]]


def _given_own_span(function: Any) -> Any:
    """A one-child rule's callback that reads its child's span from the span list: the
    file loop's unit runs give it a list of that span alone."""
    def call(builder: Any, children: list, span: tuple, spans: Any) -> Any:
        return function(builder, children, span, [span])
    return call


# The initial length of the file loop's stacks (most files stay below 100).
STACK_SIZE = 256


def parse_file(grammar: Grammar, tables: IntTables, text: str, builder: Any,
               string_value: Any, check_depth: bool = True) -> Any:
    """file_input of `text` (see lalr.Grammar.parse for the contract), from the scanner's
    items; raises Irregular for anything but a well-formed file: a tokenizer error,
    a parse error (ParseFailure is never raised here) or a callback's SyntaxError. The
    caller parses such input again with the generic loop, which reports what 3.8 does.

    The stacks are lists longer than the stack with its top at index `top`, in which a
    reduction stores its value and span over its first child's and drops no entry: so no
    list is indexed from its end (3.11's subscripts take only a non-negative int the fast
    way), resized or sliced but for the callback's children. states[i] is the state under
    values[i] and spans[i], and the local `state` the state on top of them all. Before a
    batch of items the lists are made long enough for all of them and one more entry for
    each empty reduction (which checks that again). A callback is given the rule's
    children as a list of their own, and their spans likewise if it reads them
    (astmake.reads_spans), else None in place of the span stack.
    The stack's depth is compared with DEEP_STACK only where a reduction of two or more
    symbols starts, after an empty one, and at the end, not at every shift: between two
    such points the stack only grows, so its deepest point is always one of them."""
    actions = tables.actions
    gotos = tables.gotos
    rules = tables.rules
    unit_runs = tables.unit_runs
    end_term = tables.end
    state = grammar.tables.start_states['file_input']
    size = STACK_SIZE
    states: List[int] = [0] * size
    values: List[Any] = [None] * size
    spans: List[Any] = [None] * size
    top = -1                        # the stacks' top: nothing yet
    deep_top = DEEP_STACK - 1       # the top of a stack of DEEP_STACK states below `state`
    deep = False                    # the stack reached DEEP_STACK below `state`
    for batch in tables.items(text, tables.item_terms, string_value):
        if batch[0][0] == end_term:         # the ENDMARKER comes alone
            del states[top + 1:], values[top + 1:], spans[top + 1:]
            states.append(state)
            return _accept(grammar, tables, batch[0], states, values, spans, builder,
                           check_depth and (deep or len(states) > DEEP_STACK))
        if top + len(batch) + 2 >= size:
            size = _lengthen(states, values, spans, size + len(batch))
        for item in batch:
            term = item[0]
            action = actions[state][term]
            while True:
                if action >= 0:
                    top += 1
                    states[top] = state
                    values[top] = item
                    spans[top] = item[2]
                    state = action
                    break
                back, nonterminal, function, picked, reads_spans = rules[~action]
                if back == 0:
                    # a run of one-child reductions (name -> atom ... -> test): memoised
                    # by (state below, top, term), its callbacks applied in order
                    runs = unit_runs[state][term]
                    run = runs.get(states[top])
                    if run is None:
                        run = runs[states[top]] = tables.unit_run(states[top], state, term)
                    state, action, function, calls = run
                    if function is not None:
                        values[top] = function(builder, [values[top]], spans[top], None)
                    elif calls is not None:
                        value = values[top]
                        top_span = spans[top]
                        for function in calls:
                            value = function(builder, [value], top_span, None)
                        values[top] = value
                    continue
                if back > 0:
                    if top >= deep_top:
                        deep = True
                    first = top - back
                    first_span = spans[first]
                    last_span = spans[top]
                    rule_span = (first_span[0], first_span[1], last_span[2], last_span[3])
                    if function is None:            # a rule that picks one child
                        value = values[top + picked]
                    elif reads_spans:
                        value = function(builder, values[first:top + 1], rule_span,
                                         spans[first:top + 1])
                    else:
                        value = function(builder, values[first:top + 1], rule_span, None)
                    top = first
                    values[top] = value
                    spans[top] = rule_span
                    state = gotos[states[top]][nonterminal]
                elif function is None:              # ERROR_RULE: no action
                    raise Irregular()
                else:
                    here = item[2]
                    rule_span = (here[0], here[1], here[0], here[1])
                    top += 1
                    if top + len(batch) + 2 >= size:
                        size = _lengthen(states, values, spans, size + len(batch))
                    values[top] = function(builder, [], rule_span, None)
                    spans[top] = rule_span
                    states[top] = state
                    state = gotos[state][nonterminal]
                    if top >= deep_top:
                        deep = True
                action = actions[state][term]
    raise Irregular()       # no ENDMARKER: cannot happen


def _lengthen(states: List[int], values: List[Any], spans: List[Any], added: int) -> int:
    """Lengthen the file loop's stacks by `added` entries; their new length."""
    states.extend([0] * added)
    values.extend([None] * added)
    spans.extend([None] * added)
    return len(states)


def _accept(grammar: Grammar, tables: IntTables, item: tuple, states: list, values: list,
            spans: list, builder: Any, deep: bool) -> Any:
    """The reductions on ENDMARKER, up to acceptance (raising DeepInput if `deep`: these
    reductions only shorten the stack). `states` ends with the top state, `spans` is
    the whole span stack (as the generic loop gives it to callbacks)."""
    actions, gotos, rules = tables.actions, tables.gotos, tables.rules
    end_state = grammar.tables.end_states['file_input']
    term = item[0]
    while True:
        top = states[-1]
        action = actions[top][term]
        if action >= 0:
            raise Irregular()
        back, nonterminal, function, picked, reads_spans = rules[~action]
        length = back + 1
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
            value = values[picked - 1]
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
