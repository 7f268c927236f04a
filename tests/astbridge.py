"""Test-only bridge: CPython 3.8's own `ast.parse`, rebuilt as `pipeline.parser.nodes` trees.

Lets compiler passes be tested before (and independently of) our parser. The oracle
parses in a subprocess and sends the tree as JSON; every constant is encoded
losslessly (ints in hex, floats with float.hex, bytes in hex, lone surrogates kept).
Syntax errors come back as the oracle's SyntaxError (msg, filename, lineno, offset, text).
"""
import atexit
import json
import subprocess
import threading
from typing import Any, List, Optional, Sequence, Union

from pipeline.parser import nodes
from tests.oracle import REASON, oracle_python

# Runs in CPython 3.8: one JSON request per line in, one JSON answer per line out.
_WORKER = r'''
import ast, json, sys

def enc(value, table):
    """Scalars inline; nodes as ['R', index] into the flat node table (no recursion)."""
    if isinstance(value, ast.AST):
        table.append(value)
        return ['R', len(table) - 1]
    if isinstance(value, list):
        return ['L', [enc(item, table) for item in value]]
    if value is None:
        return ['n']
    if value is Ellipsis:
        return ['e']
    if isinstance(value, bool):
        return ['b', value]
    if isinstance(value, int):
        return ['i', hex(value)]
    if isinstance(value, float):
        return ['f', value.hex()]
    if isinstance(value, complex):
        return ['c', value.real.hex(), value.imag.hex()]
    if isinstance(value, str):
        if any(0xD800 <= ord(c) <= 0xDFFF for c in value):
            return ['S', [ord(c) for c in value]]  # JSON would pair up lone surrogates
        return ['s', value]
    if isinstance(value, bytes):
        return ['y', value.hex()]
    raise TypeError('cannot encode %r' % (value,))

def flatten(tree):
    table, records = [tree], []
    while len(records) < len(table):
        node = table[len(records)]
        records.append([type(node).__name__,
                        [[name, enc(getattr(node, name), table)]
                         for name in node._fields + node._attributes if hasattr(node, name)]])
    return records

def answer(request):
    source = request['source']
    if isinstance(source, list):
        source = bytes.fromhex(source[0])
    try:
        tree = ast.parse(source, request['filename'], request['mode'])
    except (SyntaxError, ValueError, TypeError, RecursionError, MemoryError) as error:
        result = {'error': type(error).__name__, 'args': [str(a) for a in error.args[:1]]}
        if isinstance(error, SyntaxError):
            result.update(msg=error.msg, filename=error.filename, lineno=error.lineno,
                          offset=error.offset, text=error.text)
        return result
    return {'tree': flatten(tree)}

for line in sys.stdin:
    requests = json.loads(line)
    sys.stdout.write(json.dumps([answer(r) for r in requests]) + '\n')
    sys.stdout.flush()
'''

_SHARED = {'Load': nodes.LOAD, 'Store': nodes.STORE, 'Del': nodes.DEL}


def _decode(value: list, built: list) -> Any:
    kind = value[0]
    if kind == 'R':
        return built[value[1]]
    if kind == 'L':
        return [_decode(item, built) for item in value[1]]
    if kind == 'n':
        return None
    if kind == 'e':
        return Ellipsis
    if kind == 'b':
        return bool(value[1])
    if kind == 'i':
        return int(value[1], 16)  # base 16 is exempt from 3.11's int/str digit limit
    if kind == 'f':
        return float.fromhex(value[1])
    if kind == 'c':
        return complex(float.fromhex(value[1]), float.fromhex(value[2]))
    if kind == 's':
        return value[1]
    if kind == 'S':
        return ''.join(map(chr, value[1]))
    if kind == 'y':
        return bytes.fromhex(value[1])
    raise ValueError('bad encoded value %r' % (value,))


def _build(records: list) -> nodes.AST:
    """Rebuild a tree from the flat node table: create every node, then fill in fields."""
    built = []
    for class_name, fields in records:
        cls = nodes.NODE_CLASSES[class_name]
        shared = _SHARED.get(class_name) if not fields and not cls._fields else None
        built.append(shared if shared is not None else cls())
    for node, (class_name, fields) in zip(built, records):
        for name, item in fields:
            setattr(node, name, _decode(item, built))
    return built[0]


def _result(answer: dict) -> nodes.AST:
    if 'tree' in answer:
        return _build(answer['tree'])
    if answer['error'] == 'SyntaxError' or 'msg' in answer:
        exc_type = {'IndentationError': IndentationError, 'TabError': TabError}.get(
            answer['error'], SyntaxError)
        raise exc_type(answer['msg'], (answer['filename'], answer['lineno'],
                                       answer['offset'], answer['text']))
    exc_type = {'ValueError': ValueError, 'TypeError': TypeError,
                'RecursionError': RecursionError, 'MemoryError': MemoryError}[answer['error']]
    raise exc_type(*answer['args'])


class OracleParser:
    """A persistent CPython 3.8 process that parses sources on request."""

    def __init__(self) -> None:
        python = oracle_python()
        if python is None:
            raise RuntimeError(REASON)
        self._process = subprocess.Popen([python, '-c', _WORKER], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, universal_newlines=True,
                                         encoding='utf-8', errors='surrogatepass')
        self._lock = threading.Lock()

    def answers(self, requests: List[dict]) -> List[dict]:
        line = json.dumps(requests) + '\n'
        with self._lock:
            self._process.stdin.write(line)
            self._process.stdin.flush()
            reply = self._process.stdout.readline()
        if not reply:
            raise RuntimeError('oracle parser process died')
        return json.loads(reply)

    def close(self) -> None:
        if self._process.poll() is None:
            self._process.stdin.close()
            self._process.wait()
        self._process.stdout.close()


_worker: Optional[OracleParser] = None


def _parser() -> OracleParser:
    global _worker
    if _worker is None or _worker._process.poll() is not None:
        _worker = OracleParser()
        atexit.register(_worker.close)
    return _worker


def _request(source: Union[str, bytes], filename: str, mode: str) -> dict:
    if isinstance(source, bytes):
        source = [source.hex()]
    return {'source': source, 'filename': filename, 'mode': mode}


def oracle_ast(source: Union[str, bytes], filename: str = '<test>',
               mode: str = 'exec') -> nodes.AST:
    """CPython 3.8's ast.parse(source, filename, mode), as a pipeline.parser.nodes tree."""
    return _result(_parser().answers([_request(source, filename, mode)])[0])


def oracle_ast_many(sources: Sequence[Union[str, bytes]], filename: str = '<test>',
                    mode: str = 'exec', errors: bool = False) -> list:
    """oracle_ast for many sources in one round trip.

    With errors=True a source that fails yields its exception object instead of raising.
    """
    answers = _parser().answers([_request(s, filename, mode) for s in sources])
    trees = []
    for answer in answers:
        try:
            trees.append(_result(answer))
        except (SyntaxError, ValueError, TypeError) as error:
            if not errors:
                raise
            trees.append(error)
    return trees


# Runs in CPython 3.8: the reference dumps for the round-trip test.
ORACLE_DUMP = r'''
import ast, json, sys
print(json.dumps([ast.dump(ast.parse(s), include_attributes=True)
                  for s in json.loads(sys.stdin.read())]))
'''
