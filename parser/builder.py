"""AST callbacks for the LALR parse: CPython 3.8's Python/ast.c, one method per rule alias.

Statements, definitions and the services pipeline.parser.literals uses are here;
expressions are in builder_expr. Every method takes `(children, span, spans)`: the rule's
values (tokens are (term, text, span) triples, a STRING's middle its ShiftedToken), the
rule's span (lineno, col, end_lineno, end_col; UTF-8 byte columns) and the span stack
whose last len(children) entries are the children's. The span is the CST node's extent,
which ast.c uses for positions and errors. A SyntaxError raised here is held by the parse
loop until the whole input has parsed (CPython checks the AST only after the parse).
"""
from typing import Any

from . import construct as new, nodes
from .astmake import (AUGOP, TrailingComma, _EXPR_NAMES, ident, make_plain, node_span,
                      pick_child, reads_spans, start_to, starts_with_docstring)
from .builder_expr import ExpressionRules
from .errors import program_text, syntax_error
from .nodes import DEL as Del, LOAD as Load, STORE as Store


class AstBuilder(ExpressionRules):
    """Builds 3.8 AST nodes while the LALR loop reduces; also the literals' `builder`.

    For pipeline.parser.literals: `filename`, `make_syntax_error(msg, lineno, offset)`
    and `parse_fstring_expression(source, line_shift, col_shift)` (see that module's
    docstring for the contract; implemented in pipeline.parser.api).
    """

    def __init__(self, filename: str, parse_fstring: Any = None) -> None:
        self.filename = filename
        self._parse_fstring = parse_fstring
        self._bare_tuples = {}     # id of a bare exprlist Tuple -> its elements' spans
        self.named_escapes = False  # a str literal decoded a \N{...} escape
        # ast_opt's work list for this tree (see compiler.ast_opt.optimize_listed): the
        # nodes that have a fold, in the order they were made (an LR parse makes every
        # node after its children), and the nodes with a body, each with whether its
        # body started with a docstring when it was made (before anything is folded)
        self.fold_candidates = []
        self.fold_bodies = []

    # -- services -------------------------------------------------------------------
    def make_syntax_error(self, msg: str, lineno: int, offset: int) -> SyntaxError:
        return syntax_error(SyntaxError, msg, self.filename, lineno, offset,
                            program_text(self.filename, lineno))

    def error(self, msg: str, span: tuple) -> SyntaxError:
        """As ast_error: offset is the CST node's byte column + 1, text from the file."""
        return self.make_syntax_error(msg, span[0], span[1] + 1)

    def parse_fstring_expression(self, source: str, line_shift: int, col_shift: int) -> Any:
        return self._parse_fstring(source, line_shift, col_shift, self)

    def forbidden_name(self, name: str, span: tuple) -> None:
        if name == '__debug__':
            raise self.error('cannot assign to __debug__', span)

    def set_context(self, expr: Any, ctx: Any, span: tuple) -> None:
        """As ast.c's set_context: mark targets Store/Del or raise CPython's message."""
        kind = type(expr).__name__
        if kind == 'Name':
            if ctx is Store:
                self.forbidden_name(expr.id, span)
            expr.ctx = ctx
        elif kind == 'Attribute':
            expr.ctx = ctx
            if ctx is Store:
                self.forbidden_name(expr.attr, span)
        elif kind == 'Subscript':
            expr.ctx = ctx
        elif kind == 'Starred':
            expr.ctx = ctx
            self.set_context(expr.value, ctx, span)
        elif kind == 'Tuple' or kind == 'List':
            expr.ctx = ctx
            for element in expr.elts:
                self.set_context(element, ctx, span)
        else:
            verb = 'assign to' if ctx is Store else 'delete'
            if kind == 'Constant':
                value = expr.value
                if value is None or value is True or value is False or value is Ellipsis:
                    raise self.error('cannot %s %r' % (verb, value), span)
                name = 'literal'
            else:
                name = _EXPR_NAMES.get(kind, kind)
            raise self.error('cannot %s %s' % (verb, name), span)

    # -- generic list helpers ---------------------------------------------------------
    def first_list(self, c, span, spans):
        # (one-symbol rules only, and both loops give a callback a fresh list of its
        # children: that list is the value)
        return c

    def append_list(self, c, span, spans):
        c[0].append(c[1])
        return c[0]

    def append_list_sep(self, c, span, spans):
        c[0].append(c[2])
        return c[0]

    def first_list_sep(self, c, span, spans):
        return [c[1]]

    def first_pair(self, c, span, spans):
        return [c[0], c[2]]

    first_of_two = pick_child(0)

    def extend_list(self, c, span, spans):
        items = c[1]
        if type(items) is list:
            c[0].extend(items)
        elif items is not None:
            c[0].append(items)
        return c[0]

    def stmts_first(self, c, span, spans):
        items = c[0]
        return list(items) if type(items) is list else [items]

    def nothing(self, c, span, spans):
        return None

    # -- start symbols ----------------------------------------------------------------
    def file_empty(self, c, span, spans):
        return nodes.Module(body=[], type_ignores=[])

    def file_input(self, c, span, spans):
        items = c[0]
        body = []
        for item in items:
            if type(item) is list:
                body.extend(item)
            elif item is not None:
                body.append(item)
        module = nodes.Module(body=body, type_ignores=[])
        self.fold_bodies.append((module, starts_with_docstring(body)))
        return module

    def eval_input(self, c, span, spans):
        return nodes.Expression(body=c[0])

    def single_empty(self, c, span, spans):
        return nodes.Interactive(body=[])

    def single_simple(self, c, span, spans):
        return nodes.Interactive(body=c[0])

    def single_compound(self, c, span, spans):
        return nodes.Interactive(body=[c[0]])

    # -- statements -------------------------------------------------------------------
    simple_stmt = pick_child(0)

    suite = pick_child(2)

    def expr_stmt(self, c, span, spans):
        value = c[0]
        return new.Expr(value, span)

    # assign_targets' value is the list of targets, each checked when its '=' is read
    @reads_spans
    def assign_first(self, c, span, spans):
        self._check_assign_target(c[0], spans[-2])
        return [c[0]]

    @reads_spans
    def assign_more(self, c, span, spans):
        self._check_assign_target(c[1], spans[-2])
        c[0].append(c[1])
        return c[0]

    def _check_assign_target(self, target, target_span):
        # as ast_for_expr_stmt: a bare yield, then set_context
        if type(target) in (nodes.Yield, nodes.YieldFrom) and \
                target_span[:2] == node_span(target)[:2]:
            raise self.error('assignment to yield expression not possible', target_span)
        self.set_context(target, Store, target_span)

    def assign(self, c, span, spans):
        return new.Assign(c[0], c[1], None, span)

    @reads_spans
    def aug_target(self, c, span, spans):
        # as ast_for_expr_stmt: set_context first, then only Name/Attribute/Subscript
        target = c[0]
        target_span = spans[-2]
        self.set_context(target, Store, target_span)
        if type(target) not in (nodes.Name, nodes.Attribute, nodes.Subscript):
            raise self.error('illegal expression for augmented assignment', target_span)
        return (target, AUGOP[c[1][1]])

    def augassign(self, c, span, spans):
        target, op = c[0]
        return new.AugAssign(target, op, c[1], span)

    @reads_spans
    def ann_target(self, c, span, spans):
        # as ast_for_expr_stmt's annassign case: the target's kind, then set_context
        target = c[0]
        target_span = spans[-2]
        kind = type(target).__name__
        if kind == 'Name':
            simple = 1
        elif kind == 'Attribute' or kind == 'Subscript':
            simple = 0
        elif kind == 'Tuple':
            raise self.error('only single target (not tuple) can be annotated', target_span)
        elif kind == 'List':
            raise self.error('only single target (not list) can be annotated', target_span)
        else:
            raise self.error('illegal target for annotation', target_span)
        if simple and target_span[:2] != node_span(target)[:2]:
            simple = 0          # a parenthesised name
        self.set_context(target, Store, target_span)
        return (target, simple)

    def annassign(self, c, span, spans):
        target, simple = c[0]
        return new.AnnAssign(target, c[1], c[3] if len(c) == 4 else None, simple, span)

    @reads_spans
    def del_stmt(self, c, span, spans):
        # as ast_for_del_stmt / ast_for_exprlist: a bare tuple deletes each element
        targets = c[1]
        element_spans = self._bare_tuples.pop(id(targets), None)
        if element_spans is not None:
            elts = targets.elts
            for element, element_span in zip(elts, element_spans):
                self.set_context(element, Del, element_span)
        else:
            elts = [targets]
            self.set_context(targets, Del, spans[-1])
        return new.Delete(elts, span)

    def _set_target(self, target, ctx, target_span):
        """set_context on a for/comprehension target; a bare tuple element by element."""
        element_spans = self._bare_tuples.pop(id(target), None)
        if element_spans is None:
            self.set_context(target, ctx, target_span)
            return
        target.ctx = ctx
        for element, element_span in zip(target.elts, element_spans):
            self.set_context(element, ctx, element_span)

    # exprlist_list's value is a list of (element, CST span) pairs
    @reads_spans
    def exprlist_pair(self, c, span, spans):
        return [(c[0], spans[-3]), (c[2], spans[-1])]

    @reads_spans
    def exprlist_more(self, c, span, spans):
        c[0].append((c[2], spans[-1]))
        return c[0]

    @reads_spans
    def exprlist_one(self, c, span, spans):
        return self._exprlist_tuple([(c[0], spans[-2])], span)

    def exprlist_many(self, c, span, spans):
        return self._exprlist_tuple(c[0], span)

    def _exprlist_tuple(self, pairs, span):
        # ast_for_for_stmt / ast_for_comprehension: the Tuple starts at its first element
        elts = [pair[0] for pair in pairs]
        first = elts[0]
        node = new.Tuple(elts, Load, (first.lineno, first.col_offset, span[2], span[3]))
        self._bare_tuples[id(node)] = [pair[1] for pair in pairs]
        self.fold_candidates.append(node)
        return node

    def pass_stmt(self, c, span, spans):
        return new.Pass(span)

    def break_stmt(self, c, span, spans):
        return new.Break(span)

    def continue_stmt(self, c, span, spans):
        return new.Continue(span)

    def return_stmt(self, c, span, spans):
        return new.Return(c[1] if len(c) > 1 else None, span)

    def yield_stmt(self, c, span, spans):
        return new.Expr(c[0], span)

    def raise_stmt(self, c, span, spans):
        return new.Raise(c[1] if len(c) > 1 else None, c[3] if len(c) > 3 else None, span)

    def assert_stmt(self, c, span, spans):
        return new.Assert(c[1], c[3] if len(c) > 3 else None, span)

    def global_stmt(self, c, span, spans):
        return new.Global(c[1], span)

    def nonlocal_stmt(self, c, span, spans):
        return new.Nonlocal(c[1], span)

    def first_name(self, c, span, spans):
        return [ident(c[0])]

    def append_name(self, c, span, spans):
        c[0].append(ident(c[2]))
        return c[0]

    # -- imports ----------------------------------------------------------------------
    def import_name(self, c, span, spans):
        return new.Import(c[1], span)

    # a dotted name is (text, span of its first NAME)
    def dotted_name_first(self, c, span, spans):
        return (ident(c[0]), [span])

    @reads_spans
    def dotted_name_more(self, c, span, spans):
        text, name_spans = c[0]
        name_spans.append(spans[-1])
        return (text + '.' + ident(c[2]), name_spans)

    def alias(self, c, span, spans):
        name = ident(c[0])
        self.forbidden_name(name, span)
        return new.alias(name, None)

    @reads_spans
    def alias_as(self, c, span, spans):
        asname = ident(c[2])
        self.forbidden_name(asname, spans[-1])
        return new.alias(ident(c[0]), asname)

    def alias_dotted(self, c, span, spans):
        name = c[0][0]
        if '.' not in name:
            self.forbidden_name(name, span)
        return new.alias(name, None)

    @reads_spans
    def alias_dotted_as(self, c, span, spans):
        asname = ident(c[2])
        self.forbidden_name(asname, spans[-1])
        return new.alias(c[0][0], asname)

    def from_module(self, c, span, spans):
        return (c[0][0], 0)

    def from_module_dots(self, c, span, spans):
        return (c[1][0], self._dots(c[0]))

    def from_dots_only(self, c, span, spans):
        return (None, self._dots(c[0]))

    def _dots(self, tokens):
        return sum(len(token[1]) for token in tokens)

    def import_star(self, c, span, spans):
        return [new.alias('*', None)]

    def import_names_paren(self, c, span, spans):
        return list(c[1])

    def import_names_trailing(self, c, span, spans):
        return TrailingComma(c[0])

    @reads_spans
    def import_from(self, c, span, spans):
        if type(c[3]) is TrailingComma:
            raise self.error('trailing comma not allowed without surrounding parentheses',
                             spans[-1])
        module, level = c[1]
        return new.ImportFrom(module, c[3], level, span)

    # -- compound statements ----------------------------------------------------------
    def if_stmt(self, c, span, spans):
        body = c[3]
        return new.If(c[1], body, [], start_to(span, body))

    def if_else(self, c, span, spans):
        orelse = c[6]
        return new.If(c[1], c[3], orelse, start_to(span, orelse))

    def elif_clause(self, c, span, spans):
        return (c[1], c[3], span)

    def _elif_chain(self, span, test, body, clauses, orelse):
        for clause_test, clause_body, clause_span in reversed(clauses):
            last = orelse if orelse else clause_body
            node = new.If(clause_test, clause_body, orelse, start_to(clause_span, last))
            orelse = [node]
        return new.If(test, body, orelse, start_to(span, orelse))

    def if_elif(self, c, span, spans):
        return self._elif_chain(span, c[1], c[3], c[4], [])

    def if_elif_else(self, c, span, spans):
        return self._elif_chain(span, c[1], c[3], c[4], c[7])

    def while_stmt(self, c, span, spans):
        body = c[3]
        orelse = c[6] if len(c) > 4 else []
        return new.While(c[1], body, orelse, start_to(span, orelse or body))

    @reads_spans
    def for_target(self, c, span, spans):
        target = c[1]
        self._set_target(target, Store, spans[-2])
        return target

    def for_stmt(self, c, span, spans):
        body = c[3]
        orelse = c[6] if len(c) > 4 else []
        node = new.For(c[0], c[1], body, orelse, None, start_to(span, orelse or body))
        self.fold_candidates.append(node)
        return node

    def async_for(self, c, span, spans):
        inner = c[1]
        # 3.8 folds a for loop's literal iterable, not an async for's: the For made
        # just before (the last candidate) is not in the tree
        candidates = self.fold_candidates
        for index in range(len(candidates) - 1, -1, -1):
            if candidates[index] is inner:
                del candidates[index]
                break
        return self._retype(nodes.AsyncFor, inner, span)

    def async_with(self, c, span, spans):
        return self._retype(nodes.AsyncWith, c[1], span)

    def async_funcdef(self, c, span, spans):
        # the FunctionDef stays in fold_bodies: its body list is the AsyncFunctionDef's
        return self._retype(nodes.AsyncFunctionDef, c[1], span)

    def _retype(self, cls, inner, span):
        fields = dict(inner.__dict__)
        fields['lineno'], fields['col_offset'] = span[0], span[1]
        return make_plain(cls, fields)

    @reads_spans
    def except_clause(self, c, span, spans):
        test = c[1] if len(c) > 1 else None
        name = ident(c[3]) if len(c) > 3 else None
        if name is not None:
            self.forbidden_name(name, spans[-1])
        return (test, name, span)

    def except_suite(self, c, span, spans):
        test, name, clause_span = c[0]
        body = c[2]
        return new.ExceptHandler(test, name, body, start_to(clause_span, body))

    def _try(self, span, body, handlers, orelse, finalbody):
        last = finalbody or orelse or handlers
        return new.Try(body, handlers, orelse, finalbody, start_to(span, last))

    def try_stmt(self, c, span, spans):
        return self._try(span, c[2], c[3], [], [])

    def try_else(self, c, span, spans):
        return self._try(span, c[2], c[3], c[6], [])

    def try_finally_handlers(self, c, span, spans):
        return self._try(span, c[2], c[3], [], c[6])

    def try_else_finally(self, c, span, spans):
        return self._try(span, c[2], c[3], c[6], c[9])

    def try_finally(self, c, span, spans):
        return self._try(span, c[2], [], [], c[5])

    def with_item(self, c, span, spans):
        return new.withitem(c[0], None)

    def with_item_as(self, c, span, spans):
        target = c[2]
        self.set_context(target, Store, span)
        return new.withitem(c[0], target)

    def with_stmt(self, c, span, spans):
        body = c[3]
        return new.With(c[1], body, None, start_to(span, body))

    # -- definitions ------------------------------------------------------------------
    @reads_spans
    def decorator(self, c, span, spans):
        return self._dotted_expr(c[1], spans[-2])

    @reads_spans
    def decorator_call(self, c, span, spans):
        func = self._dotted_expr(c[1], spans[-len(c) + 1])
        call_span = (func.lineno, func.col_offset, spans[-2][2], spans[-2][3])
        if len(c) == 5:
            return new.Call(func, [], [], call_span)
        return self._call(func, c[3], call_span, spans[-4])

    def _dotted_expr(self, dotted, span):
        # as ast_for_dotted_name: a Name for the first NAME, then Attributes that all
        # span the whole dotted name
        text, name_spans = dotted
        names = text.split('.')
        first = name_spans[0]
        result = new.Name(names[0], Load, first)
        if names[0] == '__debug__':
            self.fold_candidates.append(result)
        for attr, name_span in zip(names[1:], name_spans[1:]):
            result = new.Attribute(result, attr, Load,
                                   (first[0], first[1], name_span[2], name_span[3]))
        return result

    def decorated(self, c, span, spans):
        node = c[1]
        node.decorator_list = c[0]
        return node

    @reads_spans
    def funcdef(self, c, span, spans):
        self.forbidden_name(ident(c[1]), spans[-4])
        body = c[4]
        node = new.FunctionDef(ident(c[1]), c[2], body, [], None, None, start_to(span, body))
        self.fold_bodies.append((node, starts_with_docstring(body)))
        return node

    @reads_spans
    def funcdef_returns(self, c, span, spans):
        self.forbidden_name(ident(c[1]), spans[-6])
        body = c[6]
        node = new.FunctionDef(ident(c[1]), c[2], body, [], c[4], None, start_to(span, body))
        self.fold_bodies.append((node, starts_with_docstring(body)))
        return node

    @reads_spans
    def classdef(self, c, span, spans):
        body = c[-1]
        bases, keywords = [], []
        if len(c) == 7:
            call = self._call(None, c[3], span, spans[-4], allow_generator=False)
            bases, keywords = call.args, call.keywords
        # ast_for_classdef reports at CHILD(n, 3), or at the NAME when there are bases
        self.forbidden_name(ident(c[1]), spans[-len(c) + (1 if len(c) == 7 else 3)])
        node = new.ClassDef(ident(c[1]), bases, keywords, body, [], start_to(span, body))
        self.fold_bodies.append((node, starts_with_docstring(body)))
        return node

    def parameters_empty(self, c, span, spans):
        return new.arguments([], [], None, [], [], None, [])

    parameters = pick_child(1)

    # Parameter lists are built as a reversed list of items by the right-recursive
    # rules, then checked in order as ast_for_arguments does.
    def args_end(self, c, span, spans):
        return []

    def args_more(self, c, span, spans):
        rest = c[2]
        rest.append(c[1])
        return rest

    @reads_spans
    def args_slash(self, c, span, spans):
        rest = c[2]
        rest.append(('/', None, spans[-2]))
        return rest

    def args_comma_star(self, c, span, spans):
        return c[1]

    @reads_spans
    def args_bare_star(self, c, span, spans):
        rest = c[1]
        rest.append(('*', None, spans[-2]))
        return rest

    @reads_spans
    def args_vararg(self, c, span, spans):
        rest = c[2]
        rest.append(('*', c[1], spans[-3]))
        return rest

    def args_kwarg(self, c, span, spans):
        return [('**', c[1], span)]

    @reads_spans
    def args_comma_kwarg(self, c, span, spans):
        return [('**', c[2], spans[-len(c) + 1])]

    def param(self, c, span, spans):
        return ('', c[0], None, span)

    def param_default(self, c, span, spans):
        return ('', c[0], c[2], span)

    def arg(self, c, span, spans):
        return new.arg(ident(c[0]), None, None, span)

    def arg_annotated(self, c, span, spans):
        return new.arg(ident(c[0]), c[2], None, span)

    def args_pos(self, c, span, spans):
        items = c[1]
        items.append(c[0])
        items.reverse()
        return self._arguments(items)

    def args_star(self, c, span, spans):
        items = c[0]
        items.reverse()
        return self._arguments(items)

    def _arguments(self, items):
        """As ast_for_arguments: sort items into arguments(...) with 3.8's checks."""
        list_span = items[0][-1]
        posonlyargs, args, defaults = [], [], []
        vararg = kwarg = None
        kwonlyargs, kw_defaults = [], []
        after_star = False
        seen_default = False
        for index, item in enumerate(items):
            kind = item[0]
            if kind == '':
                _, argument, default, item_span = item
                self.forbidden_name(argument.arg, item_span)
                if after_star:
                    # handle_keywordonly_args: the arg ends with its NAME
                    if argument.annotation is not None:
                        argument.end_lineno = argument.lineno
                        argument.end_col_offset = argument.col_offset + len(
                            argument.arg.encode('utf-8'))
                    kwonlyargs.append(argument)
                    kw_defaults.append(default)
                    continue
                if default is not None:
                    seen_default = True
                    defaults.append(default)
                elif seen_default:
                    raise self.error('non-default argument follows default argument',
                                     list_span)
                args.append(argument)
            elif kind == '/':
                posonlyargs, args = args, []
            elif kind == '*':
                after_star = True
                if item[1] is None:
                    following = items[index + 1] if index + 1 < len(items) else None
                    if following is None:
                        raise self.error('named arguments must follow bare *', item[2])
                    if following[0] != '':
                        # handle_keywordonly_args: reported at what follows '*,'
                        raise self.error('named arguments must follow bare *',
                                         following[-1])
                else:
                    vararg = item[1]
                    self.forbidden_name(vararg.arg, node_span(vararg))
            else:
                kwarg = item[1]
                self.forbidden_name(kwarg.arg, node_span(kwarg))
        return new.arguments(posonlyargs, args, vararg, kwonlyargs, kw_defaults, kwarg,
                             defaults)

    def lambdef(self, c, span, spans):
        if len(c) == 3:
            args = self.parameters_empty(c, span, spans)
        else:
            args = c[1]
        return new.Lambda(args, c[-1], span)
