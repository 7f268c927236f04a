"""LALR(1) tables of grammar/python38.lark, built by Lark once and cached as a pickle.

The parser drives the tables with its own loop (pipeline.parser.lalr), so Lark is
needed only to (re)build them: when the shipped `python38_tables.pickle` is missing or
was built from another grammar text, the tables are rebuilt and saved beside the
grammar if that folder is writable, else in the user's cache directory.
"""
import os
import sys
from typing import Any, Dict, List, Optional, Tuple

GRAMMAR_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'python38.lark')
TABLES_PATH = os.path.join(os.path.dirname(GRAMMAR_PATH), 'python38_tables.pickle')
START_SYMBOLS = ('file_input', 'eval_input', 'single_input')
FORMAT = 4


class Rows(dict):
    """State -> row ({symbol: number}), each row decoded from the packed table when
    first read: a run reads a few dozen of the 560 states' rows unless it parses a
    large file, and building all 12,000 entries is a tenth of `pipeline.run -c pass`."""
    __slots__ = ('packed',)

    def __init__(self, packed: List[Tuple[Tuple[str, ...], bytes]]) -> None:
        super().__init__()
        self.packed = packed    # per state: (symbols, numbers as little-endian int16)

    def __missing__(self, state: int) -> Dict[str, int]:
        if state < 0:
            raise IndexError(state)
        symbols, numbers = self.packed[state]
        row = self[state] = dict(zip(symbols, _int16s(numbers)))
        return row

    def __len__(self) -> int:
        return len(self.packed)


def _int16s(data: bytes) -> Any:
    """The little-endian signed 16-bit numbers of `data`."""
    if sys.byteorder == 'little':
        return memoryview(data).cast('h')
    return [int.from_bytes(data[index:index + 2], 'little', signed=True)
            for index in range(0, len(data), 2)]


def _packed_rows(rows: List[Dict[str, int]], shared: Dict[tuple, tuple]) -> list:
    """Rows as stored: symbols (identical tuples shared, names interned) and numbers."""
    packed = []
    for row in rows:
        symbols = tuple(map(sys.intern, row))
        numbers = b''.join(number.to_bytes(2, 'little', signed=True)
                           for number in row.values())
        packed.append((shared.setdefault(symbols, symbols), numbers))
    return packed


class Tables:
    """Plain data: what the parse loop needs, with no Lark objects."""

    def __init__(self, data: Dict[str, Any]) -> None:
        # >=0 shift, <0 reduce ~rule; indexed by state, each row read on first use
        self.actions: Dict[int, Dict[str, int]] = Rows(data['actions'])
        self.gotos: Dict[int, Dict[str, int]] = Rows(data['gotos'])
        self.n_states = len(data['actions'])
        # (length, origin, alias, first symbol)
        self.rules: List[Tuple[int, str, Optional[str], Optional[str]]] = data['rules']
        self.start_states: Dict[str, int] = data['start_states']
        self.end_states: Dict[str, int] = data['end_states']
        self.literal_terminals: Dict[str, str] = data['literal_terminals']  # '(' -> 'LPAR'


def _sha256() -> Any:
    """The C sha256 constructor without hashlib, whose import loads OpenSSL (3.5 MB of a
    run's start-up footprint): _sha256 up to 3.11 and on PyPy, _sha2 from 3.12."""
    try:
        from _sha256 import sha256   # type: ignore[import-not-found]
    except ImportError:
        try:
            from _sha2 import sha256   # type: ignore[import-not-found,no-redef]
        except ImportError:
            from hashlib import sha256   # type: ignore[no-redef]
    return sha256


def _grammar_digest(text: str) -> str:
    return _sha256()(('%d\n' % FORMAT + text).encode('utf-8')).hexdigest()


def build(text: str) -> Dict[str, Any]:
    """Run Lark's LALR(1) generator over the grammar text; return the plain tables."""
    import logging
    import lark  # only needed to rebuild the cache
    from lark.parsers.lalr_analysis import Shift

    conflicts: List[str] = []

    class _Conflicts(logging.Handler):
        # Lark resolves shift/reduce conflicts as shifts, logging them: none may exist,
        # or the language would differ from CPython's
        def emit(self, record: logging.LogRecord) -> None:
            if 'conflict' in record.getMessage().lower():
                conflicts.append(record.getMessage())

    handler = _Conflicts()
    old_level = lark.logger.level
    lark.logger.addHandler(handler)
    lark.logger.setLevel(logging.DEBUG)
    try:
        parser = lark.Lark(text, parser='lalr', lexer='basic', start=list(START_SYMBOLS),
                           keep_all_tokens=True, maybe_placeholders=False)
    finally:
        lark.logger.removeHandler(handler)
        lark.logger.setLevel(old_level)
    if conflicts:
        raise RuntimeError('grammar/python38.lark is not LALR(1): ' + '; '.join(conflicts))
    table = parser.parser.parser.parser.parse_table
    rule_index: Dict[Any, int] = {}
    rules = []
    for rule in parser.rules:
        rule_index[rule] = len(rules)
        # plain str everywhere: Lark's Token keys would make every lookup slow and
        # the pickle depend on Lark
        rules.append((len(rule.expansion), str(rule.origin.name),
                      str(rule.alias) if rule.alias else None,
                      str(rule.expansion[0].name) if rule.expansion else None))
    terminal_names = {terminal.name for terminal in parser.terminals}
    shared: Dict[tuple, tuple] = {}
    actions: List[Dict[str, int]] = []
    gotos: List[Dict[str, int]] = []
    for state in range(len(table.states)):
        action_row: Dict[str, int] = {}
        goto_row: Dict[str, int] = {}
        for symbol, (kind, argument) in table.states[state].items():
            symbol = str(symbol)
            if kind is Shift:
                if symbol in terminal_names or symbol == '$END' or symbol.isupper():
                    action_row[symbol] = argument
                else:
                    goto_row[symbol] = argument
            else:
                action_row[symbol] = ~rule_index[argument]
        actions.append(action_row)
        gotos.append(goto_row)
    literals = {str(terminal.pattern.value): str(terminal.name)
                for terminal in parser.terminals
                if type(terminal.pattern).__name__ == 'PatternStr'}
    return {'digest': _grammar_digest(text), 'actions': _packed_rows(actions, shared),
            'gotos': _packed_rows(gotos, shared), 'rules': rules,
            'start_states': {str(key): value for key, value in table.start_states.items()},
            'end_states': {str(key): value for key, value in table.end_states.items()},
            'literal_terminals': literals}


def _user_cache_path() -> str:
    base = os.environ.get('XDG_CACHE_HOME') or os.path.join(os.path.expanduser('~'), '.cache')
    return os.path.join(base, 'pipeline-py38', 'python38_tables.pickle')


def _unpickler() -> Any:
    """The C unpickler's load and error, without pickle.py (a third of a MB of pipeline.run's
    start-up footprint); pickle's own where there is no _pickle (PyPy)."""
    try:
        from _pickle import UnpicklingError, load
    except ImportError:
        from pickle import UnpicklingError, load   # type: ignore[misc]
    return load, UnpicklingError


def _read(path: str, digest: str) -> Optional[Dict[str, Any]]:
    load, unpickling_error = _unpickler()
    try:
        with open(path, 'rb') as handle:
            data = load(handle)
    except (OSError, EOFError, unpickling_error, AttributeError, ImportError):
        return None
    if not isinstance(data, dict) or data.get('digest') != digest:
        return None
    return data


def _write(path: str, data: Dict[str, Any]) -> bool:
    import pickle
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        temporary = '%s.%d.tmp' % (path, os.getpid())
        with open(temporary, 'wb') as handle:
            pickle.dump(data, handle, protocol=4)
        os.replace(temporary, path)
        return True
    except OSError:
        return False


_loaded: Optional[Tables] = None


def load_tables() -> Tables:
    """The tables for the current grammar text: from the cache, rebuilt when stale."""
    global _loaded
    if _loaded is not None:
        return _loaded
    with open(GRAMMAR_PATH, encoding='utf-8') as handle:
        text = handle.read()
    digest = _grammar_digest(text)
    data = _read(TABLES_PATH, digest) or _read(_user_cache_path(), digest)
    if data is None:
        data = build(text)
        if not _write(TABLES_PATH, data):
            _write(_user_cache_path(), data)
    _loaded = Tables(data)
    return _loaded


def main() -> None:
    """Rebuild the shipped pickle: python -m pipeline.grammar.tables."""
    with open(GRAMMAR_PATH, encoding='utf-8') as handle:
        data = build(handle.read())
    _write(TABLES_PATH, data)
    print('wrote %s: %d states, %d rules' % (TABLES_PATH, len(data['actions']),
                                             len(data['rules'])))


if __name__ == '__main__':
    main()
