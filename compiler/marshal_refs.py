"""Which objects CPython 3.8's marshal writes with FLAG_REF, for a code object we compiled.

marshal.c's w_ref() sets FLAG_REF on an object (and writes TYPE_REF for its later
occurrences) only when Py_REFCNT(v) > 1 at the time it is written.  Pure Python cannot
observe CPython's reference counts, so `SharePlan(code)` predicts them from how CPython
3.8's compiler makes and shares objects:

- names (co_names, co_varnames, co_freevars, co_cellvars, co_name) are interned
  strings (PyCode_New's intern_strings): one object per value; string constants made
  only of [A-Za-z0-9_] are interned too (intern_string_constants);
- every other constant is merged by _PyCode_ConstantKey across the whole compilation
  (compile.c's c_const_cache, merge_consts_recursive): one object per key; so are the
  co_consts and name tuples themselves (makecode's merge_const_tuple);
- a string constant not made of [A-Za-z0-9_] is an interned identifier or a new string,
  whichever the compilation registered first (our compiler records it: _pyc_facts);
- tuples the peephole pass folds are new objects (fold_tuple_on_constants);
- frozensets with a string some other object already interns are rebuilt per code
  object (intern_string_constants); the direct items of frozenset constants keep an
  extra reference (3.8's merging leaves one, as sys.getrefcount shows);
- singletons: small ints -5..256, '' and one-character latin-1 strings, b'' and
  one-byte bytes, the empty tuple; the top-level code object (the caller holds it) and
  co_filename (py_compile holds the path) are always referenced from outside; co_code
  and co_lnotab belong to one code object;
- interned strings that the py_compile process itself keeps alive (names of its own
  modules: os, importlib, py_compile, runpy, ... and unicodedata's once the parser has
  imported it) are referenced from outside too; that set comes from CPython 3.8
  (`pyc_live_strings.json`, made by tests/regen/pyc_bytes.py).

An object is written with FLAG_REF when it is referenced from outside or from more than
one place in the object graph (an object reached twice is counted, not walked, twice).
"""
import os
import re
from typing import Any, Dict, FrozenSet, Optional, Tuple

from .code import CodeType

# Roles: how a value is held, which decides how CPython made (and shared) the object.
CONST = 0       # a constant (co_consts, inside a constant tuple/frozenset)
NAME = 1        # an identifier: interned
FILENAME = 2    # co_filename: one object per compilation, held by py_compile
TOP = 3         # the object passed to marshal.dumps
OWNED = 4       # owned by one code object: co_code, co_lnotab
NAME_TUPLE = 5  # co_names, co_varnames, co_freevars, co_cellvars: items are names
# co_consts is the role ('consts', n): its items from index n on were folded by the
# peephole pass (fold_tuple_on_constants appends them to consts without merging).
FOLDED = 6
FROZEN_ITEM = 7  # an item of a frozenset constant: always shared

_DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'pyc_live_strings.json')
_QUALNAMES = frozenset(['<lambda>', '<genexpr>', '<listcomp>', '<setcomp>', '<dictcomp>'])
# symtable.c's GET_IDENTIFIER names, interned (and kept) once it meets such a block.
_SYMTABLE_NAMES = {'<genexpr>': 'genexpr', '<listcomp>': 'listcomp', '<setcomp>': 'setcomp',
                   '<dictcomp>': 'dictcomp'}
_live: Optional[Tuple[FrozenSet[str], FrozenSet[str], FrozenSet[str]]] = None


def live_strings() -> Tuple[FrozenSet[str], FrozenSet[str], FrozenSet[str]]:
    """(interned strings a py_compile process keeps alive, those alive too once the
    parser imported unicodedata for a non-ASCII identifier, interned 1-char singletons)."""
    global _live
    if _live is None:
        import json    # here, not at import: `pipeline.run --vm-stdlib` runs json in the VM
        try:
            with open(_DATA, encoding='utf-8') as handle:
                data = json.load(handle)
            _live = (frozenset(data['live']), frozenset(data['unicodedata']),
                     frozenset(data['interned_singletons']))
        except (OSError, ValueError, KeyError):
            _live = (frozenset(), frozenset(), frozenset())
    return _live


_NAME_CHARS_MATCH = re.compile(r'[A-Za-z0-9_]*\Z').match


def all_name_chars(text: str) -> bool:
    """codeobject.c's all_name_chars: ASCII letters, digits and '_' only ('' included)."""
    return _NAME_CHARS_MATCH(text) is not None


def _is_singleton_str(text: str) -> bool:
    return len(text) == 0 or (len(text) == 1 and ord(text) < 256)


def constant_key(value: Any) -> Any:
    """_PyCode_ConstantKey as a hashable host value (1, 1.0, True, 0.0, -0.0 apart)."""
    kind = type(value)
    if kind is float:
        return (kind, value, repr(value))
    if kind is complex:
        return (kind, value, repr(value))
    if kind is tuple:
        return (kind, tuple([constant_key(item) for item in value]))
    if kind is frozenset:
        return (kind, frozenset([constant_key(item) for item in value]))
    if kind is CodeType:
        return (kind, id(value))
    return (kind, value)


class SharePlan:
    """The identity of each object of a code tree as CPython 3.8 would have made it,
    and which of them it would write with FLAG_REF."""

    def __init__(self, top: Any) -> None:
        live, live_unicodedata, self.interned_singletons = live_strings()
        self.names: set = set()        # every identifier of the tree
        self.counts: Dict[Any, int] = {}
        # From our compiler: frozensets' source orders ('set_orders'), which string
        # constants are interned identifiers ('interned_strs'), whether the parser
        # imported unicodedata for a \\N{...} escape ('unicodedata'), whether an
        # annotation was unparsed under `from __future__ import annotations`.
        facts = getattr(top, '_pyc_facts', None) or {}
        self.set_orders = facts.get('set_orders', {})
        self.interned_strs = facts.get('interned_strs')
        if facts.get('unparsed_annotation'):
            # ast_unparse.c's maybe_init_static_strings interns '{' and '}'.
            self.interned_singletons = self.interned_singletons | {'{', '}'}
        # Items of frozenset constants: 3.8's constant merging leaves an extra reference
        # to each (sys.getrefcount shows it; not to the items of a tuple item).
        self.pinned: set = set()
        self._collect_names(top)
        # ast.c's new_identifier imports unicodedata to normalize a non-ASCII name, the
        # unicode-escape decoder to look up a \\N{...} name.
        if facts.get('unicodedata') or any(not name.isascii() for name in self.names):
            live = live | live_unicodedata
        blocks = {_SYMTABLE_NAMES[name] for name in self.names if name in _SYMTABLE_NAMES}
        if blocks:
            live = live | blocks
        self.live = live
        # id of a tuple or frozenset of the tree -> its constant_key (asked for by the
        # count, again by the writer, and inside each container holding it)
        self._container_keys: Dict[int, Any] = {}
        self._count(top)

    # -- identity ---------------------------------------------------------------------
    def identify(self, value: Any, role: Any) -> Tuple[Any, bool]:
        """(identity key or None for an object nothing else references, interned)."""
        kind = type(value)
        if role == TOP:
            return ('top',), kind is str and self._interned_const(value)
        if kind is str:
            if role == NAME:
                return ('str', value), True
            if role == FILENAME:
                return ('filename',), False
            if self._interned_const(value):
                return ('str', value), True
            if _is_singleton_str(value):
                return ('str', value), value in self.interned_singletons
            return ('const', (kind, value)), False
        if role == OWNED or role == FOLDED:
            if kind is bytes and len(value) <= 1:
                return ('const', (kind, value)), False
            return None, False
        if kind is CodeType:
            return ('code', id(value)), False
        if kind is frozenset and self._reinterned(value):
            return None, False
        if kind is tuple or kind is frozenset:
            return ('const', self._container_key(value)), False
        if kind in (int, float, complex, bytes):
            return ('const', constant_key(value)), False
        return None, False

    def _container_key(self, value: Any) -> Any:
        """constant_key of a tuple or frozenset of the tree, remembered by identity (the
        tree keeps every one alive while it is written)."""
        key = self._container_keys.get(id(value))
        if key is None:
            kind = type(value)
            items = [self._container_key(item) if type(item) is tuple or
                     type(item) is frozenset else constant_key(item) for item in value]
            key = (kind, tuple(items) if kind is tuple else frozenset(items))
            self._container_keys[id(value)] = key
        return key

    def _interned_const(self, value: str) -> bool:
        # intern_string_constants interns [A-Za-z0-9_]* strings.  Identifiers the
        # compiler adds as constants (a module-level qualname such as '<lambda>'; a
        # non-ASCII function name, keyword or imported name) are the interned objects.
        if all_name_chars(value):
            return True
        if self.interned_strs is not None:      # known from our compiler
            return value in self.interned_strs
        if value in _QUALNAMES or not value.isascii():
            return value in self.names
        return False

    def _reinterned(self, value: frozenset) -> bool:
        """Does intern_string_constants rebuild this frozenset (for each code object)?

        It does when a [A-Za-z0-9_]* string in it is already interned as another object:
        a name of the compilation or a string the process keeps alive."""
        stack = [value]
        while stack:
            for item in stack.pop():
                kind = type(item)
                if kind is str:
                    if all_name_chars(item) and (item in self.names or item in self.live):
                        return True
                elif kind is tuple or kind is frozenset:
                    stack.append(item)
        return False

    def shared(self, key: Any) -> bool:
        """Would CPython 3.8 hold more than one reference to this object?"""
        if key[0] == 'top' or key[0] == 'filename' or key in self.pinned:
            return True
        if self.counts.get(key, 0) > 1:
            return True
        if key[0] == 'str':
            text = key[1]
            return text in self.live or _is_singleton_str(text) or text.startswith('<')
        if key[0] == 'const':
            kind, value = key[1][0], key[1][1]
            if kind is int:
                return -5 <= value <= 256
            if kind is bytes:
                return len(value) <= 1
            if kind is tuple:
                return not value
        return False

    # -- the walk ---------------------------------------------------------------------
    def _collect_names(self, top: Any) -> None:
        stack = [top]
        while stack:
            value = stack.pop()
            kind = type(value)
            if kind is CodeType:
                self.names.update(value.co_names, value.co_varnames, value.co_freevars,
                                  value.co_cellvars)
                self.names.add(value.co_name)
                stack.extend(value.co_consts)
            elif kind is tuple:
                stack.extend(value)

    def _count(self, top: Any) -> None:
        stack = [(top, TOP)]
        counts = self.counts
        while stack:
            value, role = stack.pop()
            if value is None or value is True or value is False or value is Ellipsis:
                continue
            key, _ = self.identify(value, role)
            if key is not None:
                if role == FROZEN_ITEM:
                    self.pinned.add(key)
                seen = counts.get(key, 0)
                counts[key] = seen + 1
                if seen:
                    continue       # the same object again: its contents count once
            stack.extend(self.children(value, role))

    def children(self, value: Any, role: Any) -> list:
        """(child, role) pairs of a container, in the order marshal writes them."""
        kind = type(value)
        if kind is CodeType:
            folded = value._folded_from
            consts_role = CONST if folded is None else ('consts', folded)
            return [(value.co_code, OWNED), (value.co_consts, consts_role),
                    (value.co_names, NAME_TUPLE), (value.co_varnames, NAME_TUPLE),
                    (value.co_freevars, NAME_TUPLE), (value.co_cellvars, NAME_TUPLE),
                    (value.co_filename, FILENAME), (value.co_name, NAME),
                    (value.co_lnotab, OWNED)]
        if type(role) is tuple:
            folded = role[1]
            return [(item, FOLDED if index >= folded and type(item) is tuple else CONST)
                    for index, item in enumerate(value)]
        if kind is frozenset:
            # here, not at import: only a frozenset constant needs 3.8's set order
            from .marshal_order import frozenset_order
            rebuilds = 2 if self._reinterned(value) else 1
            order = frozenset_order(value, rebuilds, self.set_orders.get(constant_key(value))) \
                if value else None
            return [(item, FROZEN_ITEM) for item in (value if order is None else order)]
        if kind is tuple or kind is list or kind is set:
            item_role = NAME if role == NAME_TUPLE else CONST
            return [(item, item_role) for item in value]
        if kind is dict:
            return [(item, CONST) for pair in value.items() for item in pair]
        return []
