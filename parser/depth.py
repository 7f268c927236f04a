"""CPython 3.8's parser stack limit: deeply nested input is a MemoryError there.

pgen's LL(1) parser pushes one stack entry per nonterminal of the concrete syntax tree
it is entering, and fails with "s_push: parser stack overflow" (a MemoryError) once 1700
entries are in use (MAXSTACK in Parser/parser.h). That depth is the height of 3.8's CST
counted in nonterminals, which this module computes from our LALR tables: a second,
cheap parse run only when the first one saw a deep LR stack.
"""
from typing import Any, Iterable

from ..grammar.tables import Tables

MAXSTACK = 1700
# Our LALR stack grows by at least one entry for every 18 levels of 3.8's CST (the
# deepest one-token step is '(' ... atom: 17 nonterminals), so a parse whose LR stack
# stayed below this cannot have overflowed CPython's.
LR_DEPTH_WORTH_CHECKING = MAXSTACK // 20

# Our rules that are no nonterminal of Grammar/Grammar: list and chain helpers whose
# children sit directly in the enclosing 3.8 node.
HELPERS = frozenset('''
and_chain ann_target argument_list assign_targets assign_value atom_trailers aug_target comp_for_target comp_chain dict_item
dict_items elif_clause elif_clauses eval_newlines except_clauses except_suite
expr_or_star exprlist_list file_line file_lines for_target import_as_name_list import_dot
import_dots import_from_module import_from_names name_list namedexpr_or_star or_chain
set_items small_stmts stmts strings subscript_list t_after_kwpos t_after_pos
t_after_slash t_kwonly t_star tdef test_or_star testlist_list tlc_list tse_list
v_after_kwpos v_after_pos v_after_slash v_kwonly v_star vdef with_items
'''.split())


def _height_rule(length: int, origin: str, first: str, alias: str):
    """How a reduction combines its children's CST heights (tokens count 0)."""
    if origin == 'func_body_suite':
        return lambda heights: heights[0]           # our extra level over suite
    if origin == 'yield_expr' and length > 1:
        # 3.8 has yield_arg between yield_expr and what follows 'yield'
        return lambda heights: 2 + max(heights[1:])
    if alias == 'annassign':
        # expr_stmt -> annassign -> the annotation and value
        return lambda heights: 1 + max(heights[0], 1 + max(heights[1:]))
    if origin == 'atom_trailers' and length > 1:
        # atom_expr's trailers: the left part stays, the rest is one trailer down
        return lambda heights: max(heights[0], 1 + max(heights[1:]))
    if origin in HELPERS:
        return lambda heights: max(heights) if heights else 0
    if first == origin and length > 1:
        # one flat 3.8 node (expr: xor_expr ('|' xor_expr)*): the left child is the
        # same node, the others one level down
        return lambda heights: max(heights[0], 1 + max(heights[1:]))
    return lambda heights: 1 + (max(heights) if heights else 0)


def cst_height(tables: Tables, terms: Iterable[tuple], start: str) -> int:
    """Height of 3.8's CST, in nonterminals, for a token stream our tables accept."""
    combine = [_height_rule(length, origin, first, alias)
               for length, origin, alias, first in tables.rules]
    actions, gotos, rules = tables.actions, tables.gotos, tables.rules
    end_state = tables.end_states[start]
    states = [tables.start_states[start]]
    heights: list = []
    for term in terms:
        symbol = term[0]
        while True:
            action = actions[states[-1]].get(symbol)
            if action is None:
                return 0
            if action >= 0:
                states.append(action)
                heights.append(0)
                break
            length, origin = rules[~action][0], rules[~action][1]
            children = heights[len(heights) - length:]
            if length:
                del heights[-length:]
                del states[-length:]
            heights.append(combine[~action](children))
            states.append(gotos[states[-1]][origin])
            if states[-1] == end_state and symbol == '$END':
                return heights[-1]
    return 0


def overflows(tables: Tables, terms: Iterable[Any], start: str) -> bool:
    """Whether CPython 3.8's parser runs out of stack on this token stream."""
    return cst_height(tables, terms, start) > MAXSTACK


# Terminals tried, in order, to complete a prefix cheaply: close what is open (an empty
# '()' pushes no more than CPython had when it met the error), end, else the least.
_COMPLETION_ORDER = ('RPAR', 'RSQB', 'RBRACE', '$END', 'DEDENT', 'NEWLINE', 'COLON',
                     'INDENT', 'NAME')


def _completed(tables: Tables, prefix: list, start: str) -> Iterable[tuple]:
    """`prefix` then terminals that lead the tables to accept (a guess at the rest)."""
    for term in prefix:
        yield term
    actions, gotos, rules = tables.actions, tables.gotos, tables.rules
    states = [tables.start_states[start]]
    # replay the prefix on a plain state stack to know where completion starts
    for term in prefix:
        if not _feed(actions, gotos, rules, states, term[0]):
            return
    for _ in range(20 * len(states) + 50):
        for symbol in _COMPLETION_ORDER:
            probe = list(states)
            if _feed(actions, gotos, rules, probe, symbol):
                states[:] = probe
                yield (symbol, None, None)
                if symbol == '$END':
                    return
                break
        else:
            return


def _feed(actions, gotos, rules, states: list, symbol: str) -> bool:
    """Shift `symbol` (after its reductions) on `states`; False if it is not accepted."""
    while True:
        action = actions[states[-1]].get(symbol)
        if action is None:
            return False
        if action >= 0:
            states.append(action)
            return True
        length, origin = rules[~action][0], rules[~action][1]
        if length:
            del states[-length:]
        if origin in ('file_input', 'eval_input', 'single_input') and symbol == '$END':
            return True
        states.append(gotos[states[-1]][origin])


def prefix_overflows(tables: Tables, prefix: list, start: str) -> bool:
    """Whether CPython 3.8 overflows its parser stack within `prefix` (terms read before
    an error), judged on the prefix completed by closing what it leaves open."""
    return cst_height(tables, _completed(tables, prefix, start), start) > MAXSTACK
