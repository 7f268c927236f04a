"""A persistent CPython 3.8 process answering per-file JSON requests for tests.corpus.

One request per line on its stdin, one JSON answer per line on its stdout.  Requests name
a file (`path`) or carry the source (`hex`); `op` picks what 3.8 is asked.
"""
import json
import os
import subprocess
import tempfile
from typing import Any, Dict, Optional

from tests.oracle import REASON, oracle_python

SERVER = r'''
import ast, dis, hashlib, io, json, marshal, re, sys, time, tokenize, types, warnings
warnings.simplefilter('ignore')

def error_details(error):
    if isinstance(error, SyntaxError):
        return [type(error).__name__, error.msg, error.lineno, error.offset]
    return [type(error).__name__, str(error)]

def source_of(request):
    if 'hex' in request:
        return bytes.fromhex(request['hex'])
    with open(request['path'], 'rb') as handle:
        return handle.read()

def compile_status(data, path):
    try:
        return compile(data, path, 'exec'), None
    except Exception as error:
        return None, error_details(error)

def op_tokens(request, data, path):
    tokens = []
    try:
        for t in tokenize.tokenize(io.BytesIO(data).readline):
            tokens.append([t.type, t.string, list(t.start), list(t.end), t.line])
        error = None
    except Exception as e:
        error = [type(e).__name__, repr(e.args)]
    answer = {'rejected': compile_status(data, path)[1], 'tokens': tokens, 'error': error}
    if request.get('digest_only'):
        blob = json.dumps([tokens, error]).encode('utf-8')
        answer['digest'] = hashlib.sha1(blob).hexdigest()
        del answer['tokens'], answer['error']
    return answer

def op_leaves(request, data, path):
    # The C tokenizer's tokens as the parse tree's leaves (UTF-8 sources 3.8 compiles).
    import parser
    rejected = compile_status(data, path)[1]
    if rejected is not None:
        return {'rejected': rejected, 'leaves': None}
    if tokenize.detect_encoding(io.BytesIO(data).readline)[0] not in ('utf-8', 'utf-8-sig'):
        return {'rejected': None, 'leaves': None}
    tree = parser.suite(data.decode('utf-8-sig')).tolist(True, True)
    if tree[0] != 257:
        tree = tree[1]
    leaves, stack = [], [tree]
    while stack:
        node = stack.pop()
        if node[0] < 256:
            leaves.append(node)
        else:
            stack.extend(reversed(node[1:]))
    if len(leaves) >= 2:
        del leaves[-2]        # parsetok's extra NEWLINE in place of the first ENDMARKER
    return {'rejected': None, 'leaves': leaves}

def op_ast(request, data, path):
    try:
        tree = ast.parse(data, path)
    except Exception as error:
        return {'rejected': error_details(error)}
    return {'rejected': None, 'dump': ast.dump(tree, include_attributes=True)}

FIELDS = ('co_argcount', 'co_posonlyargcount', 'co_kwonlyargcount', 'co_nlocals', 'co_flags',
          'co_names', 'co_varnames', 'co_freevars', 'co_cellvars', 'co_filename', 'co_name',
          'co_firstlineno', 'co_code', 'co_lnotab', 'co_stacksize')

def const_key(value):
    if isinstance(value, (tuple, list)):
        return (type(value).__name__,) + tuple(const_key(v) for v in value)
    if isinstance(value, frozenset):
        return ('frozenset', frozenset(const_key(v) for v in value))
    if isinstance(value, types.CodeType):
        return ('code', value.co_name)
    return (type(value).__name__, repr(value))

def first_code_difference(ours, theirs):
    """Path of the first differing field, depth first through nested code objects."""
    stack = [(ours, theirs, '<module>')]
    while stack:
        mine, real, where = stack.pop()
        if not isinstance(mine, types.CodeType):
            return where + ': not a code object: %r' % type(mine).__name__
        for field in FIELDS:
            a, b = getattr(mine, field), getattr(real, field)
            if a != b:
                return '%s.%s: ours %r, 3.8 %r' % (where, field, a, b)
        a, b = mine.co_consts, real.co_consts
        if len(a) != len(b):
            return '%s.co_consts: ours %d constants, 3.8 %d' % (where, len(a), len(b))
        nested = []
        for index, (x, y) in enumerate(zip(a, b)):
            if isinstance(y, types.CodeType):
                nested.append((x, y, '%s.co_consts[%d](%s)' % (where, index, y.co_name)))
            elif const_key(x) != const_key(y):
                return '%s.co_consts[%d]: ours %r, 3.8 %r' % (where, index, x, y)
        stack.extend(reversed(nested))
    return None

def op_code(request, data, path):
    real, rejected = compile_status(data, path)
    answer = {'rejected': rejected}
    if real is not None and request.get('marshal') is not None:
        try:
            ours = marshal.loads(bytes.fromhex(request['marshal']))
        except Exception as error:
            answer['difference'] = 'marshal.loads failed: %r' % (error,)
            return answer
        answer['difference'] = first_code_difference(ours, real)
    return answer

def op_dis(request, data, path):
    real, rejected = compile_status(data, path)
    if real is None:
        return {'rejected': rejected}
    out = io.StringIO()
    dis.dis(real, file=out)
    return {'rejected': None, 'text': re.sub('0x[0-9a-f]+', '0x?', out.getvalue())}

def op_bench_parse(request, data, path):
    sources = []
    for name in request['paths']:
        with open(name, 'rb') as handle:
            sources.append((handle.read(), name))
    start = time.process_time()
    for source, name in sources:
        try:
            ast.parse(source, name)
        except SyntaxError:
            pass
    return {'seconds': time.process_time() - start}

OPS = {'tokens': op_tokens, 'scan': op_leaves, 'ast': op_ast, 'mutants': op_ast, 'code': op_code,
       'dis': op_dis,
       'bench_parse': op_bench_parse}
for line in sys.stdin:
    request = json.loads(line)
    try:
        data = source_of(request) if ('hex' in request or 'path' in request) else None
        answer = OPS[request['op']](request, data, request.get('path', '<unknown>'))
    except Exception as error:
        answer = {'oracle_error': repr(error)}
    sys.stdout.write(json.dumps(answer) + '\n')
    sys.stdout.flush()
'''


class OracleProcess:
    """A CPython 3.8 subprocess kept alive across requests."""

    def __init__(self) -> None:
        python = oracle_python()
        if python is None:
            raise RuntimeError(REASON)
        # Run from a neutral folder: the checkout's parser/ would shadow 3.8's modules.
        self.process = subprocess.Popen(
            [python, '-c', SERVER], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            cwd=tempfile.gettempdir(), text=True, encoding='utf-8', bufsize=1,
            env=dict(os.environ, PYTHONIOENCODING='utf-8'))

    def ask(self, request: Dict[str, Any]) -> Dict[str, Any]:
        """Send one request and wait for its answer."""
        self.process.stdin.write(json.dumps(request) + '\n')
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError('oracle process died')
        answer = json.loads(line)
        if 'oracle_error' in answer:
            raise RuntimeError('the oracle could not answer: ' + answer['oracle_error'])
        return answer

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.close()
            self.process.wait(timeout=30)


_shared: Optional[OracleProcess] = None


def shared_oracle() -> OracleProcess:
    """This process's oracle, started on first use."""
    global _shared
    if _shared is None:
        _shared = OracleProcess()
    return _shared
