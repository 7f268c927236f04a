"""AST callbacks for expressions, atoms and comprehensions (3.8's ast_for_expr and kin).

A mixin of pipeline.parser.builder.AstBuilder: same callback signature
`(children, span, spans)`, see that module.
"""
from . import construct as new, nodes
from .astmake import (AND, BINOP, CMPOP, IS_NOT, NOT, NOT_IN, OR, UNARYOP, Comprehension,
                      Tuplish, _EXPR_NAMES, ident, make_plain, node_span, pick_child,
                      reads_spans)
from .nodes import LOAD as Load, STORE as Store

_new = object.__new__
_Name = nodes.Name


def parse_number(text: str) -> object:
    """literals.parse_number, imported on the first number that needs it (not at start-up:
    `pipeline.run -c pass` never does)."""
    global parse_number
    from .literals import parse_number
    return parse_number(text)


def parse_string_atom(tokens: list, builder: object) -> object:
    """fstrings.parse_string_atom, imported on the first string that needs it."""
    global parse_string_atom
    from .fstrings import parse_string_atom
    return parse_string_atom(tokens, builder)


class ExpressionRules:
    """Callbacks of the expression rules of grammar/python38.lark."""

    # -- expressions ------------------------------------------------------------------
    @reads_spans
    def namedexpr(self, c, span, spans):
        target = c[0]
        if type(target) is not nodes.Name:
            kind = type(target).__name__
            name = _EXPR_NAMES.get(kind)
            if kind == 'Constant':
                # set_context names the four singletons by their repr, as 3.8's ast.c
                value = target.value
                singleton = value is None or value is True or value is False or \
                    value is Ellipsis
                name = repr(value) if singleton else 'literal'
            elif kind in ('Tuple', 'List', 'Attribute', 'Subscript', 'Starred'):
                name = {'Tuple': 'tuple', 'List': 'list', 'Attribute': 'attribute',
                        'Subscript': 'subscript', 'Starred': 'starred'}[kind]
            raise self.error('cannot use assignment expressions with %s' % name, spans[-3])
        self.set_context(target, Store, spans[-3])
        self._unlist_folds(c[2])
        return new.NamedExpr(target, c[2], span)

    def _unlist_folds(self, value):
        """3.8's ast_opt does not look inside a NamedExpr (astfold_expr has no case for
        it): take the fold candidates of its value off the list. They are its end, since
        an LR parse makes a subtree's nodes one after the other."""
        candidates = self.fold_candidates
        if not candidates:
            return
        inside = set()
        pending = [value]
        while pending:
            node = pending.pop()
            inside.add(id(node))
            for field in node.__dict__.values():
                if isinstance(field, nodes.AST):
                    pending.append(field)
                elif type(field) is list:
                    pending.extend(item for item in field if isinstance(item, nodes.AST))
        while candidates and id(candidates[-1]) in inside:
            candidates.pop()

    def ifexp(self, c, span, spans):
        return new.IfExp(c[2], c[0], c[4], span)

    def or_test(self, c, span, spans):
        return new.BoolOp(OR, c[0], span)

    def and_test(self, c, span, spans):
        return new.BoolOp(AND, c[0], span)

    def not_test(self, c, span, spans):
        node = new.UnaryOp(NOT, c[1], span)
        self.fold_candidates.append(node)
        return node

    def comp_first(self, c, span, spans):
        return (c[0], [self._cmpop(c[1])], [c[2]])

    def comp_more(self, c, span, spans):
        chain = c[0]
        chain[1].append(self._cmpop(c[1]))
        chain[2].append(c[2])
        return chain

    def _cmpop(self, op):
        if type(op) is tuple:
            return CMPOP[op[1]]
        return op

    def not_in(self, c, span, spans):
        return NOT_IN

    def is_not(self, c, span, spans):
        return IS_NOT

    def comparison(self, c, span, spans):
        left, ops, comparators = c[0]
        node = new.Compare(left, ops, comparators, span)
        self.fold_candidates.append(node)
        return node

    def star_expr(self, c, span, spans):
        return new.Starred(c[1], Load, span)

    def binop(self, c, span, spans):
        node = new.BinOp(c[0], BINOP[c[1][1]], c[2], span)
        self.fold_candidates.append(node)
        return node

    def factor(self, c, span, spans):
        node = new.UnaryOp(UNARYOP[c[0][1]], c[1], span)
        self.fold_candidates.append(node)
        return node

    def await_expr(self, c, span, spans):
        return new.Await(c[1], span)

    def call_empty(self, c, span, spans):
        return new.Call(c[0], [], [], span)

    @reads_spans
    def call(self, c, span, spans):
        return self._call(c[0], c[2], span, spans[-3])

    def _call(self, func, arguments, span, open_span, allow_generator=True):
        """As ast_for_call: order checks, keywords, a sole generator argument."""
        args, keywords = [], []
        seen_keyword = seen_double_star = False
        count = len(arguments)
        for kind, value, arg_span, extra in arguments:
            if kind == 'comma':
                continue
            if kind == 'pos':
                if seen_keyword:
                    raise self.error('positional argument follows keyword argument unpacking'
                                     if seen_double_star else
                                     'positional argument follows keyword argument', arg_span)
                args.append(value)
            elif kind == 'gen':
                if not allow_generator:
                    raise self.error('invalid syntax', arg_span)
                if count > 1:
                    raise self.error('Generator expression must be parenthesized', arg_span)
                close = span  # the call's ')' ends it; '(' starts it
                genexp_span = (open_span[0], open_span[1], span[2], span[3])
                args.append(new.GeneratorExp(value.elt, value.generators, genexp_span))
            elif kind == 'star':
                if seen_double_star:
                    raise self.error('iterable argument unpacking follows keyword argument '
                                     'unpacking', arg_span)
                args.append(value)
            elif kind == 'dstar':
                seen_keyword = seen_double_star = True
                keywords.append(new.keyword(None, value))
            else:  # keyword
                seen_keyword = True
                key, key_span = extra
                # the keyword slot must be a bare NAME (ast_for_call's name_tree walk);
                # True/False/None are NAME tokens there, refused as assignment targets
                if type(key) is nodes.Constant and node_span(key) == key_span and (
                        key.value is None or key.value is True or key.value is False):
                    raise self.error('cannot assign to %r' % key.value, key_span)
                if type(key) is not nodes.Name or node_span(key) != key_span:
                    raise self.error('expression cannot contain assignment, '
                                     'perhaps you meant "=="?', key_span)
                self.forbidden_name(key.id, key_span)
                for keyword in keywords:
                    if keyword.arg == key.id:
                        raise self.error('keyword argument repeated', key_span)
                keywords.append(new.keyword(key.id, value))
        if func is None:
            return make_plain(nodes.Call, {'args': args, 'keywords': keywords})
        return new.Call(func, args, keywords, span)

    @reads_spans
    def arglist_comma(self, c, span, spans):
        c[0].append(('comma', None, spans[-1], None))
        return c[0]

    def argument(self, c, span, spans):
        return ('pos', c[0], span, None)

    def argument_genexp(self, c, span, spans):
        return ('gen', Comprehension(c[0], c[1]), span, None)

    @reads_spans
    def argument_namedexpr(self, c, span, spans):
        return ('pos', self.namedexpr(c, span, spans), span, None)

    @reads_spans
    def argument_keyword(self, c, span, spans):
        return ('kw', c[2], span, (c[0], spans[-3]))

    def argument_double_star(self, c, span, spans):
        return ('dstar', c[1], span, None)

    def argument_star(self, c, span, spans):
        value = c[1]
        starred_span = (span[0], span[1], value.end_lineno, value.end_col_offset)
        return ('star', new.Starred(value, Load, starred_span),
                span, None)

    def subscript(self, c, span, spans):
        node = new.Subscript(c[0], c[2], Load, span)
        self.fold_candidates.append(node)
        return node

    def attribute(self, c, span, spans):
        return new.Attribute(c[0], ident(c[2]), Load, span)

    def index(self, c, span, spans):
        return new.Index(c[0])

    def slice(self, c, span, spans):
        lower = upper = step = None
        seen_colon = False
        for child in c:
            if type(child) is tuple:
                seen_colon = True
            elif type(child) is list:
                step = child[0]
            elif seen_colon:
                upper = child
            else:
                lower = child
        return new.Slice(lower, upper, step)

    def sliceop(self, c, span, spans):
        return [c[1] if len(c) > 1 else None]

    def subscript_tuple_one(self, c, span, spans):
        return self._ext_slice([c[0]], span)

    def subscript_tuple(self, c, span, spans):
        return self._ext_slice(c[0], span)

    def _ext_slice(self, items, span):
        # as ast_for_slice / the subscriptlist case of ast_for_trailer
        if all(type(item) is nodes.Index for item in items):
            elts = [item.value for item in items]
            node = new.Tuple(elts, Load, span)
            self.fold_candidates.append(node)
            return new.Index(node)
        return new.ExtSlice(items)

    # -- atoms ------------------------------------------------------------------------
    def name(self, c, span, spans):
        # the most frequent node: construct.Name and ident() inlined
        text = c[0][1]
        if not text.isascii():
            text = ident(c[0])
        node = _new(_Name)
        node.id = text
        node.ctx = Load
        node.lineno, node.col_offset, node.end_lineno, node.end_col_offset = span
        if text == '__debug__':
            self.fold_candidates.append(node)
        return node

    def number(self, c, span, spans):
        text = c[0][1]
        if len(text) < 19 and text.isdigit():
            # the common case: a short decimal int (NUMBER tokens are ASCII)
            return new.Constant(int(text), None, span)
        try:
            value = parse_number(text)
        except ValueError as error:     # the int digit limit (as ast_for_atom, NUMBER)
            raise self.error(str(error), span) from None
        return new.Constant(value, None, span)

    def strings(self, c, span, spans):
        tokens = c[0]
        if len(tokens) == 1:
            # the common case, as parsestrplus takes it: one plain str literal whose
            # body has no escapes and is ASCII is its own value, placed at the token
            text = tokens[0][1].string
            quote = text[0]
            if quote == "'" or quote == '"':
                if len(text) >= 6 and text[1] == quote and text[2] == quote:
                    body = text[3:-3]
                else:
                    body = text[1:-1]
                if '\\' not in body and body.isascii():
                    return new.Constant(body, None, span)
        return parse_string_atom([token[1] for token in tokens], self)

    def ellipsis(self, c, span, spans):
        return new.Constant(Ellipsis, None, span)

    def constant(self, c, span, spans):
        word = c[0][1]
        value = None if word == 'None' else word == 'True'
        return new.Constant(value, None, span)

    def empty_tuple(self, c, span, spans):
        node = new.Tuple([], Load, span)
        self.fold_candidates.append(node)
        return node

    paren_yield = pick_child(1)

    def paren(self, c, span, spans):
        inner = c[1]
        kind = type(inner)
        if kind is Tuplish:
            node = new.Tuple(list(inner), Load, span)
            self.fold_candidates.append(node)
            return node
        if kind is Comprehension:
            return new.GeneratorExp(inner.elt, inner.generators, span)
        return inner

    def empty_list(self, c, span, spans):
        return new.List([], Load, span)

    def list_display(self, c, span, spans):
        inner = c[1]
        kind = type(inner)
        if kind is Tuplish:
            return new.List(list(inner), Load, span)
        if kind is Comprehension:
            return new.ListComp(inner.elt, inner.generators, span)
        return new.List([inner], Load, span)

    def tlc_comp(self, c, span, spans):
        if type(c[0]) is nodes.Starred:
            raise self.error('iterable unpacking cannot be used in comprehension', span)
        return Comprehension(c[0], c[1])

    def tlc_one(self, c, span, spans):
        return Tuplish([c[0]])

    def tlc_many(self, c, span, spans):
        return Tuplish(c[0])

    def tuple_one(self, c, span, spans):
        node = new.Tuple([c[0]], Load, span)
        self.fold_candidates.append(node)
        return node

    def tuple_many(self, c, span, spans):
        node = new.Tuple(c[0], Load, span)
        self.fold_candidates.append(node)
        return node

    def empty_dict(self, c, span, spans):
        return new.Dict([], [], span)

    def dict_or_set(self, c, span, spans):
        node = c[1]
        if node is None:
            raise self.error('dict unpacking cannot be used in dict comprehension', span)
        node.lineno, node.col_offset, node.end_lineno, node.end_col_offset = span
        return node

    def dict_item(self, c, span, spans):
        return (c[0], c[2])

    def dict_unpack(self, c, span, spans):
        return (None, c[1])

    # dictorsetmaker's nodes: placed at their own span here, then at the braces' by
    # dict_or_set (the positions stay last in the node's attributes, as ast.c's)
    def dict(self, c, span, spans):
        items = c[0]
        return new.Dict([item[0] for item in items], [item[1] for item in items], span)

    def dictcomp(self, c, span, spans):
        key, value = c[0]
        if key is None:
            return None     # dict_or_set reports it at the '{'
        return new.DictComp(key, value, c[1], span)

    def set(self, c, span, spans):
        return new.Set(c[0], span)

    def setcomp(self, c, span, spans):
        if type(c[0]) is nodes.Starred:
            raise self.error('iterable unpacking cannot be used in comprehension', span)
        return new.SetComp(c[0], c[1], span)

    # -- comprehensions ---------------------------------------------------------------
    # comp_for's value is the list of comprehension nodes; comp_if's is (ifs, generators)
    def comp_for(self, c, span, spans):
        ifs, rest = [], []
        if len(c) == 3:
            tail = c[2]
            if type(tail) is tuple:
                ifs, rest = tail
            else:
                rest = tail
        generator = new.comprehension(c[0], c[1], ifs, 0)
        self.fold_candidates.append(generator)
        return [generator] + rest

    def comp_for_async(self, c, span, spans):
        generators = c[1]
        generators[0].is_async = 1
        return generators

    def comp_if(self, c, span, spans):
        ifs, rest = [c[1]], []
        if len(c) == 3:
            tail = c[2]
            if type(tail) is tuple:
                ifs.extend(tail[0])
                rest = tail[1]
            else:
                rest = tail
        return (ifs, rest)

    def yield_expr(self, c, span, spans):
        return new.Yield(c[1] if len(c) > 1 else None, span)

    def yield_from(self, c, span, spans):
        return new.YieldFrom(c[2], span)
