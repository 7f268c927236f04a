"""Side by side with CPython 3.8: the same source through the oracle (a subprocess), stage by stage.

Compared: tokens (as `tokenize` reads a file), `ast.dump` with positions, every code
object's fields and the `dis` text (code object addresses blanked), and the error.
"""
import io
import json
import re
import subprocess
import threading
from typing import Any, Dict, Optional

from ..dis import const_repr

# Run by both sides: `rep` is repr on 3.8 and pipeline.dis.const_repr here (3.8's repr).
DESCRIBE_CODE = r'''
def describe_code(code, rep):
    def const(value):
        if hasattr(value, 'co_code'):
            return '<code %s line %d>' % (value.co_name, value.co_firstlineno)
        if type(value) in (tuple, frozenset) and any(hasattr(v, 'co_code') for v in value):
            return '(%s)' % ', '.join(const(v) for v in value)
        return rep(value)
    found, pending = [], [code]
    while pending:
        current = pending.pop()
        found.append({name: getattr(current, name) for name in (
            'co_name', 'co_firstlineno', 'co_argcount', 'co_posonlyargcount',
            'co_kwonlyargcount', 'co_nlocals', 'co_stacksize', 'co_flags')})
        found[-1].update(co_code=current.co_code.hex(), co_lnotab=current.co_lnotab.hex(),
                         co_consts=[const(v) for v in current.co_consts],
                         co_names=list(current.co_names), co_varnames=list(current.co_varnames),
                         co_freevars=list(current.co_freevars),
                         co_cellvars=list(current.co_cellvars))
        pending.extend(reversed([c for c in current.co_consts if hasattr(c, 'co_code')]))
    return found
'''

ORACLE_SCRIPT = DESCRIBE_CODE + r'''
import ast, dis, io, json, sys, tokenize
request = json.loads(sys.stdin.read())
source, filename = request['source'], request['filename']
out = {'tokens': [], 'ast': None, 'code': None, 'dis': None, 'error': None}
try:
    for token in tokenize.tokenize(io.BytesIO(source.encode('utf-8')).readline):
        out['tokens'].append([tokenize.tok_name[token.type], tokenize.tok_name[token.exact_type],
                              token.string, list(token.start), list(token.end)])
except Exception as error:
    out['token_error'] = '%s: %s' % (type(error).__name__, error)
try:
    out['ast'] = ast.dump(ast.parse(source, filename), include_attributes=True)
    code = compile(source, filename, 'exec')
    out['code'] = describe_code(code, repr)
    text = io.StringIO()
    dis.dis(code, file=text)
    out['dis'] = text.getvalue()
except (SyntaxError, ValueError) as error:
    out['error'] = [type(error).__name__, getattr(error, 'msg', str(error)),
                    getattr(error, 'lineno', None), getattr(error, 'offset', None)]
sys.stdout.write(json.dumps(out))
'''

_ADDRESS = re.compile(r' at 0x[0-9a-f]+')
_namespace: Dict[str, Any] = {}
exec(DESCRIBE_CODE, _namespace)
describe_code = _namespace['describe_code']


def oracle_python() -> Optional[str]:
    """CPython 3.8, found as pipeline.run --compiler oracle finds it (or None)."""
    from ..oracle_compiler import find_python38
    global _oracle_path
    if _oracle_path is False:
        _oracle_path = find_python38()
    return _oracle_path


_oracle_path: Any = False


class Superseded(Exception):
    """The oracle's run was stopped: a newer source came in before it finished."""


class OracleRuns:
    """The oracle processes running, by source: a refresh for another source stops them
    (their answer would be thrown away), so the oracle never slows the panes down."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: Dict[subprocess.Popen, str] = {}
        self._stopped: set = set()

    def add(self, process: subprocess.Popen, source: str) -> None:
        with self._lock:
            self._running[process] = source

    def discard(self, process: subprocess.Popen) -> bool:
        """Forget a finished process; whether it was stopped as superseded."""
        with self._lock:
            self._running.pop(process, None)
            stopped = process in self._stopped
            self._stopped.discard(process)
            return stopped

    def supersede(self, source: str) -> None:
        """Stop every oracle run for a source other than `source`."""
        with self._lock:
            for process, running_source in self._running.items():
                if running_source != source and process.poll() is None:
                    self._stopped.add(process)
                    process.kill()


def run_oracle(source: str, filename: str, timeout: float = 30.0,
               runs: Optional[OracleRuns] = None) -> dict:
    """The oracle's tokens, ast.dump, code objects, dis text and error for `source`.
    With `runs`, the process can be stopped by runs.supersede() (raises Superseded)."""
    python = oracle_python()
    process = subprocess.Popen([python, '-E', '-c', ORACLE_SCRIPT], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if runs is not None:
        runs.add(process, source)
    try:
        out, err = process.communicate(
            json.dumps({'source': source, 'filename': filename}).encode(), timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise
    finally:
        stopped = runs is not None and runs.discard(process)
    if stopped:
        raise Superseded('superseded by a newer source')
    if process.returncode:
        raise RuntimeError('the oracle failed: %s' % err.decode(errors='replace')[-500:])
    return json.loads(out)


def ours(source: str, filename: str, computed: Optional[dict] = None) -> dict:
    """Our side, in the oracle's shapes; `computed` is what stages() kept of the same source."""
    from ..dis import dis
    if computed is None:
        from .stages import stages
        computed = {}
        stages(source, filename, computed)
    if 'ast' not in computed:   # stages() leaves the dump to us, off the panes' path
        from ..parser import dump, parse
        computed['ast'] = dump(parse(source, filename, 'exec'), include_attributes=True)
    out: Dict[str, Any] = {'tokens': computed['tokens'], 'ast': computed['ast'], 'code': None,
                           'dis': None, 'error': None}
    if computed['token_error'] is not None:
        error = computed['token_error']
        out['token_error'] = '%s: %s' % (type(error).__name__, error)
    code = computed['code']
    if code is not None:
        out['code'] = describe_code(code, const_repr)
        text = io.StringIO()
        dis(code, file=text)
        out['dis'] = text.getvalue()
    error = computed['error']
    if error is not None:
        out['error'] = [type(error).__name__, getattr(error, 'msg', str(error)),
                        getattr(error, 'lineno', None), getattr(error, 'offset', None)]
    return out


def _first_difference(mine: Any, theirs: Any) -> Optional[str]:
    if isinstance(mine, list) and isinstance(theirs, list):
        for index, (a, b) in enumerate(zip(mine, theirs)):
            if a != b:
                return 'item %d: ours %s, 3.8 %s' % (index, _short(a), _short(b))
        if len(mine) != len(theirs):
            return 'ours has %d items, 3.8 %d' % (len(mine), len(theirs))
        return None
    if isinstance(mine, str) and isinstance(theirs, str):
        mine_lines, their_lines = mine.splitlines(), theirs.splitlines()
        for index, (a, b) in enumerate(zip(mine_lines, their_lines)):
            if a != b:
                return 'line %d: ours %r, 3.8 %r' % (index + 1, a[:200], b[:200])
        return 'ours has %d lines, 3.8 %d' % (len(mine_lines), len(their_lines))
    return 'ours %s, 3.8 %s' % (_short(mine), _short(theirs))


def _short(value: Any) -> str:
    text = json.dumps(value)
    return text if len(text) <= 300 else text[:297] + '...'


def compare(source: str, filename: str = '<explore>', computed: Optional[dict] = None,
            runs: Optional[OracleRuns] = None) -> dict:
    """Per stage: equal or not, and the first difference; {'available': False} without 3.8.
    `computed`: what stages() kept for this source (see stages(ours=...)); `runs`: see
    run_oracle (Superseded is raised when a newer source stops this one)."""
    python = oracle_python()
    if python is None:
        return {'available': False, 'reason': 'CPython 3.8 not found (set PIPELINE_ORACLE_PYTHON)'}
    theirs = run_oracle(source, filename, runs=runs)
    mine = ours(source, filename, computed)
    if mine['dis'] is not None:
        mine['dis'] = _ADDRESS.sub(' at 0x', mine['dis'])
    if theirs['dis'] is not None:
        theirs['dis'] = _ADDRESS.sub(' at 0x', theirs['dis'])
    stages: Dict[str, dict] = {}
    for stage in ('tokens', 'ast', 'code', 'dis', 'error'):
        equal = mine[stage] == theirs[stage]
        stages[stage] = {'equal': equal, 'difference': None if equal else
                         _first_difference(mine[stage], theirs[stage])}
    return {'available': True, 'python': python, 'stages': stages,
            'error': theirs['error']}
