"""Side by side with CPython 3.8: the same source through the oracle (a subprocess), stage by stage.

Compared: tokens (as `tokenize` reads a file), `ast.dump` with positions, every code
object's fields and the `dis` text (code object addresses blanked), and the error.
"""
import io
import json
import re
import subprocess
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


def run_oracle(source: str, filename: str, timeout: float = 30.0) -> dict:
    """The oracle's tokens, ast.dump, code objects, dis text and error for `source`."""
    python = oracle_python()
    done = subprocess.run([python, '-E', '-c', ORACLE_SCRIPT], capture_output=True,
                          input=json.dumps({'source': source, 'filename': filename}).encode(),
                          timeout=timeout)
    if done.returncode:
        raise RuntimeError('the oracle failed: %s' % done.stderr.decode(errors='replace')[-500:])
    return json.loads(done.stdout)


def ours(source: str, filename: str, computed: Optional[dict] = None) -> dict:
    """Our side, in the oracle's shapes; `computed` is what stages() kept of the same source."""
    from ..dis import dis
    if computed is None:
        from .stages import stages
        computed = {}
        stages(source, filename, computed)
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


def compare(source: str, filename: str = '<explore>', computed: Optional[dict] = None) -> dict:
    """Per stage: equal or not, and the first difference; {'available': False} without 3.8.
    `computed`: what stages() kept for this source (see stages(ours=...))."""
    python = oracle_python()
    if python is None:
        return {'available': False, 'reason': 'CPython 3.8 not found (set PIPELINE_ORACLE_PYTHON)'}
    theirs = run_oracle(source, filename)
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
