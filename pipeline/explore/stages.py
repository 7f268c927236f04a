"""Every stage of the pipeline for one source text, as plain JSON-ready data (the /api/stages answer).

Positions are given as [line, column] with columns counted in characters of the line (the
editor's unit); 3.8's AST counts col_offset in UTF-8 bytes, converted here.
"""
import threading
import time
from typing import Any, Callable, Dict, List, Optional, Tuple

from ..compiler import assemble as _assemble
from ..compiler.opcodes import (HAVE_ARGUMENT, LOAD_CONST, cmp_op, hascompare, hasfree,
                                haslocal, hasname, opname)
from ..compiler.symtable import SCOPE_MASK, SCOPE_NAMES, SCOPE_OFFSET
from ..compiler.symtable_dump import symbol_properties
from ..dis import const_repr, findlinestarts, get_instructions
from ..parser import nodes
from .record import code_objects

HANDLER_OPS = frozenset(('SETUP_FINALLY', 'SETUP_WITH', 'SETUP_ASYNC_WITH'))
ENDS_FLOW = frozenset(('JUMP_ABSOLUTE', 'JUMP_FORWARD', 'RETURN_VALUE', 'RAISE_VARARGS'))
_cfg_lock = threading.Lock()   # the assembler's CFG recorder is one module-level hook


class Columns:
    """Converts 3.8's UTF-8 byte columns into character columns, line by line."""

    def __init__(self, source: str) -> None:
        self.lines = source.splitlines(True)

    def char(self, lineno: int, byte_col: int) -> int:
        if not 1 <= lineno <= len(self.lines) or byte_col <= 0:
            return byte_col
        line = self.lines[lineno - 1]
        if line.isascii():
            return byte_col
        return len(line.encode('utf-8')[:byte_col].decode('utf-8', 'replace'))


def error_data(error: BaseException, stage: str) -> dict:
    """A SyntaxError (or ValueError...) as 3.8 shows it, with its line and column."""
    from ..traceback_format import format_exception_only
    data = {'stage': stage, 'type': type(error).__name__, 'msg': str(error),
            'text': ''.join(format_exception_only(error)), 'lineno': None, 'offset': None}
    if isinstance(error, SyntaxError):
        data.update(msg=error.msg, lineno=error.lineno, offset=error.offset,
                    line=error.text)
    return data


def tokens_data(source: str) -> Tuple[List[list], Optional[BaseException]]:
    """[type name, exact type name, string, [line, col], [line, col]] of each token (as
    `python3.8 -m tokenize -e` reads a file: bytes, so ENCODING first), and the error."""
    from ..tokenizer import tok_name, tokenize
    found: List[list] = []
    try:
        for token in tokenize(source.encode('utf-8')):
            found.append([tok_name[token.type], tok_name[token.exact_type], token.string,
                          list(token.start), list(token.end)])
    except (SyntaxError, ValueError) as error:   # TokenError, IndentationError...
        return found, error
    except Exception as error:   # the tokenize module raises its own TokenError class
        if type(error).__name__ == 'TokenError':
            return found, error
        raise
    return found, None


def ast_data(tree: Any, columns: Columns) -> List[dict]:
    """The tree as a flat list of nodes (index 0 the root): type, position and fields; a
    field is ['node', index], ['list', [items]] or ['value', repr]. One pass, no recursion:
    a node's index is given when its parent is visited."""
    AST = nodes.AST
    flat: List[Any] = [None]
    pending = [(tree, 0)]
    char = columns.char
    while pending:
        node, index = pending.pop()
        entry: Dict[str, Any] = {'type': type(node).__name__}
        lineno = getattr(node, 'lineno', None)
        if lineno is not None and hasattr(node, 'col_offset'):
            end_line = getattr(node, 'end_lineno', None) or lineno
            end_col = getattr(node, 'end_col_offset', None)
            entry['pos'] = [lineno, char(lineno, node.col_offset), end_line,
                            char(end_line, end_col if end_col is not None else node.col_offset)]
        fields = []
        for name in node._fields:
            value = getattr(node, name, None)
            if isinstance(value, AST):
                pending.append((value, len(flat)))
                fields.append([name, 'node', len(flat)])
                flat.append(None)
            elif isinstance(value, list):
                items: List[Any] = []
                for item in value:
                    if isinstance(item, AST):
                        pending.append((item, len(flat)))
                        items.append(len(flat))
                        flat.append(None)
                    else:
                        items.append(['value', const_repr(item)])
                fields.append([name, 'list', items])
            else:
                fields.append([name, 'value', const_repr(value)])
        entry['fields'] = fields
        flat[index] = entry
    return flat


def symtable_data(tree: Any, filename: str, table: Any = None) -> dict:
    """The scopes (type, name, line, flags) with each symbol's scope and properties
    (of `table`, the compiler's symbol table, or one built for `tree`)."""
    if table is None:
        from ..compiler.future import parse_future
        from ..compiler.symtable_build import build_symtable
        future_flags = parse_future(tree, filename).flags if isinstance(tree, nodes.Module) \
            else 0
        table = build_symtable(tree, filename, future_flags)
    top = table.top

    def scope_data(scope: Any) -> dict:
        child_names = {child.name for child in scope.children}
        symbols = []
        for name, flags in scope.symbols.items():
            kind = (flags >> SCOPE_OFFSET) & SCOPE_MASK
            symbols.append({'name': name, 'scope': SCOPE_NAMES.get(kind, 'UNRESOLVED'),
                            'properties': symbol_properties(flags, name in child_names,
                                                            scope.name == 'top')})
        attributes = [label for label, holds in (
            ('nested', scope.nested), ('generator', scope.is_generator),
            ('coroutine', scope.is_coroutine), ('comprehension', scope.is_comprehension),
            ('varargs', scope.has_varargs), ('varkeywords', scope.has_varkeywords),
            ('free', scope.has_free), ('child_free', scope.child_free),
            ('class_closure', scope.needs_class_closure)) if holds]
        return {'type': scope.type, 'name': scope.name, 'lineno': scope.lineno,
                'flags': attributes, 'varnames': list(scope.varnames), 'symbols': symbols,
                'children': []}

    root = scope_data(top)
    pending = [(top, root)]
    while pending:
        scope, data = pending.pop()
        for child in scope.children:
            child_data = scope_data(child)
            data['children'].append(child_data)
            pending.append((child, child_data))
    return root


def _cfg_unit(unit: Any, order: list, max_depth: int) -> dict:
    """One code unit's basic blocks (before the peephole pass, as `pipeline.dis --cfg`)."""
    def in_order(table: Dict[str, int]) -> Tuple[str, ...]:
        return tuple(name for name, _ in sorted(table.items(), key=lambda item: item[1]))

    tables: Dict[int, tuple] = {}
    for opcodes, table in ((hasname, in_order(unit.names)), (haslocal, in_order(unit.varnames)),
                           (hasfree, in_order(unit.cellvars) + in_order(unit.freevars)),
                           (hascompare, tuple(cmp_op))):
        for opcode in opcodes:
            tables[opcode] = table
    blocks = []
    for block in order:
        instrs = []
        for opcode, arg, target, lineno in block.instrs:
            name = opname[opcode]
            item: Dict[str, Any] = {'op': name, 'line': lineno or None}
            if target is not None:
                item['target'] = target.index
            elif opcode >= HAVE_ARGUMENT:
                item['arg'] = arg
                table = tables.get(opcode)
                if opcode == LOAD_CONST and arg < len(unit.const_values):
                    item['argrepr'] = const_repr(unit.const_values[arg])
                elif table is not None and arg < len(table):
                    item['argrepr'] = table[arg]
            instrs.append(item)
        edges = [{'to': instr['target'], 'kind': 'handler' if instr['op'] in HANDLER_OPS
                  else 'jump'} for instr in instrs if 'target' in instr]
        last = instrs[-1]['op'] if instrs else None
        if block.next is not None and last not in ENDS_FLOW:
            edges.append({'to': block.next.index, 'kind': 'fall'})
        blocks.append({'index': block.index, 'offset': block.offset * 2,
                       'depth': block.start_depth if block.start_depth >= 0 else None,
                       'instrs': instrs, 'edges': edges})
    return {'name': unit.name, 'qualname': unit.qualname, 'firstlineno': unit.firstlineno,
            'stacksize': max_depth, 'blocks': blocks}


def compile_with_cfg(tree: Any, filename: str) -> Tuple[Any, List[dict], Any]:
    """Our code object for a parsed module, the CFG of each code unit (in assembly order)
    and the symbol table the compiler used. The steps of compiler.compile_tree, keeping the
    table (no second one is built for the Symbols pane); constant folding changes `tree`."""
    from ..compiler.ast_opt import optimize as optimize_tree
    from ..compiler.codegen import generate
    from ..compiler.future import parse_future
    from ..compiler.symtable_build import build_symtable
    units: List[dict] = []
    tables: list = []

    def compile_tree(tree: Any, filename: str) -> Any:
        future = parse_future(tree, filename)
        tree = optimize_tree(tree, 0, future.flags)
        tables.append(build_symtable(tree, filename, future.flags))
        return generate(tree, tables[0], filename, future.flags, 0, 0, future.lineno)

    plain_format = _assemble._format_unit

    def capture(unit: Any, order: list, max_depth: int) -> str:
        units.append(_cfg_unit(unit, order, max_depth))
        return ''

    with _cfg_lock:
        previous = _assemble._cfg_recorder
        _assemble._format_unit, _assemble._cfg_recorder = capture, []
        try:
            code = compile_tree(tree, filename)
        finally:
            _assemble._format_unit, _assemble._cfg_recorder = plain_format, previous
    return code, units, tables[0]


def dis_data(code: Any) -> List[dict]:
    """Each code object in the order `dis` shows them: fields, constants, line starts and
    instructions (the fields of 3.8's dis.Instruction, and each one's line)."""
    listing = []
    for index, each in enumerate(code_objects(code)):
        instrs = []
        for instr in get_instructions(each):
            item = {'offset': instr.offset, 'opname': instr.opname, 'arg': instr.arg,
                    'argrepr': instr.argrepr, 'starts_line': instr.starts_line,
                    'jump_target': instr.is_jump_target}
            if instr.opname in ('JUMP_FORWARD', 'JUMP_ABSOLUTE', 'POP_JUMP_IF_FALSE',
                                'POP_JUMP_IF_TRUE', 'JUMP_IF_FALSE_OR_POP',
                                'JUMP_IF_TRUE_OR_POP', 'FOR_ITER', 'SETUP_FINALLY',
                                'SETUP_WITH', 'SETUP_ASYNC_WITH', 'CALL_FINALLY',
                                'JUMP_IF_NOT_EXC_MATCH'):
                item['target'] = instr.argval
            instrs.append(item)
        line = None
        for item in instrs:
            line = item['starts_line'] or line or each.co_firstlineno
            item['line'] = line
        listing.append({
            'index': index, 'name': each.co_name, 'repr': repr(each) if index else '<module>',
            'firstlineno': each.co_firstlineno, 'argcount': each.co_argcount,
            'posonlyargcount': each.co_posonlyargcount,
            'kwonlyargcount': each.co_kwonlyargcount, 'nlocals': each.co_nlocals,
            'stacksize': each.co_stacksize, 'flags': each.co_flags,
            'consts': [const_repr(value) for value in each.co_consts],
            'names': list(each.co_names), 'varnames': list(each.co_varnames),
            'cellvars': list(each.co_cellvars), 'freevars': list(each.co_freevars),
            'lnotab': each.co_lnotab.hex(), 'linestarts': [list(pair) for pair in
                                                           findlinestarts(each)],
            'instrs': instrs})
    return listing


def _timed(timings: Dict[str, float], name: str, work: Callable[[], Any]) -> Any:
    started = time.perf_counter()
    try:
        return work()
    finally:
        timings[name] = round((time.perf_counter() - started) * 1000, 1)


def stages(source: str, filename: str = '<explore>', ours: Optional[dict] = None) -> dict:
    """Tokens, AST, symbol table, CFG and dis of `source`; `error` is 3.8's error, if any.

    `ours`, when given, receives what the oracle comparison needs (oracle.ours()'s
    'tokens', 'code' object and 'error'), so the comparison does not redo them.
    """
    from ..parser.api import collection_paused
    with collection_paused():   # as the parser: much allocated, no garbage worth collecting
        return _stages(source, filename, ours)


def _stages(source: str, filename: str, ours: Optional[dict]) -> dict:
    from ..parser import parse
    timings: Dict[str, float] = {}
    result: Dict[str, Any] = {'filename': filename, 'error': None, 'tokens': None, 'ast': None,
                              'symtable': None, 'cfg': None, 'dis': None, 'timings': timings}
    tokens, token_error = _timed(timings, 'tokens', lambda: tokens_data(source))
    result['tokens'] = tokens
    if ours is not None:
        ours.update(tokens=tokens, token_error=token_error, ast=None, code=None, error=None)
    try:
        tree = _timed(timings, 'ast', lambda: parse(source, filename, 'exec'))
    except (SyntaxError, ValueError) as error:
        result['error'] = error_data(error, 'parse')
        if ours is not None:
            ours['error'] = error
        return result
    if token_error is not None:   # tokenize stops where the parser did not (rare): say so
        result['token_error'] = error_data(token_error, 'tokens')
    columns = Columns(source)
    result['ast'] = _timed(timings, 'ast_json', lambda: ast_data(tree, columns))
    if ours is not None:   # the oracle's comparison parses again for ast.dump (not now)
        del ours['ast']
    try:
        code, units, table = _timed(timings, 'compile', lambda: compile_with_cfg(tree, filename))
        result['symtable'] = _timed(timings, 'symtable',
                                    lambda: symtable_data(tree, filename, table))
    except (SyntaxError, ValueError) as error:
        result['error'] = error_data(error, 'compile')
        if ours is not None:
            ours['error'] = error
        return result
    if ours is not None:
        ours['code'] = code
    result['cfg'] = units
    result['dis'] = _timed(timings, 'dis', lambda: dis_data(code))
    return result
