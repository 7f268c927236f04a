"""CPython 3.8's own compiler as a `compile(source, filename, mode)` returning our CodeType.

Used by `python -m pipeline.run --compiler oracle` to run CPython 3.8's bytecode in our VM
(the differential mode "their bytecode, our VM"). A persistent python3.8 worker
compiles; code comes back through 3.8's marshal and our `marshal.loads`.
"""
import glob
import os
import shutil
import struct
import subprocess
import sys
import threading
from typing import Optional

from .compiler import marshal as _marshal
from .compiler.code import CodeType

_WORKER = r'''
import marshal, struct, sys
inp, out = sys.stdin.buffer, sys.stdout.buffer
def read_str():
    size = struct.unpack('<I', inp.read(4))[0]
    return inp.read(size).decode('utf-8', 'surrogatepass')
def write(kind, payload):
    out.write(kind + struct.pack('<I', len(payload)) + payload); out.flush()
while True:
    head = inp.read(4)
    if len(head) < 4:
        break
    size = struct.unpack('<I', head)[0]
    source = inp.read(size).decode('utf-8', 'surrogatepass')
    filename, mode = read_str(), read_str()
    try:
        code = compile(source, filename, mode, dont_inherit=True)
    except SyntaxError as exc:
        fields = (type(exc).__name__, exc.msg, exc.filename, exc.lineno, exc.offset, exc.text)
        write(b'S', marshal.dumps(fields))
    except (ValueError, TypeError) as exc:
        write(b'E', marshal.dumps((type(exc).__name__, str(exc))))
    else:
        write(b'C', marshal.dumps(code))
'''


def _is_python38(path: str) -> bool:
    try:
        out = subprocess.run([path, '-c', 'import sys; print(sys.version_info[:2] == (3, 8))'],
                             capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return False
    return out.stdout.strip() == 'True'


def find_python38() -> Optional[str]:
    """Path of a CPython 3.8 interpreter: $PIPELINE_ORACLE_PYTHON, pyenv's 3.8, python3.8 on PATH."""
    candidates = [os.environ.get('PIPELINE_ORACLE_PYTHON')]
    if sys.version_info[:2] == (3, 8):
        candidates.append(sys.executable)
    root = os.environ.get('PYENV_ROOT', os.path.expanduser('~/.pyenv'))
    candidates += sorted(glob.glob(os.path.join(root, 'versions', '3.8*', 'bin', 'python3.8')),
                         reverse=True)
    candidates.append(shutil.which('python3.8'))
    for candidate in candidates:
        if candidate and os.path.exists(candidate) and _is_python38(candidate):
            return candidate
    return None


class OracleCompiler:
    """compile(source, filename, mode) done by a CPython 3.8 worker process."""

    def __init__(self, python: Optional[str] = None) -> None:
        self.python = python or find_python38()
        if self.python is None:
            raise RuntimeError('--compiler oracle needs CPython 3.8 (set PIPELINE_ORACLE_PYTHON)')
        self._process: Optional[subprocess.Popen] = None
        self._lock = threading.Lock()

    def _worker(self) -> subprocess.Popen:
        if self._process is None or self._process.poll() is not None:
            self._process = subprocess.Popen([self.python, '-E', '-c', _WORKER],
                                             stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        return self._process

    def __call__(self, source, filename: str = '<string>', mode: str = 'exec') -> CodeType:
        if isinstance(source, (bytes, bytearray)):
            from .tokenizer.source import decode_source
            source = decode_source(bytes(source))
        with self._lock:
            worker = self._worker()
            request = b''
            for text in (source, filename, mode):
                data = text.encode('utf-8', 'surrogatepass')
                request += struct.pack('<I', len(data)) + data
            worker.stdin.write(request)
            worker.stdin.flush()
            kind = worker.stdout.read(1)
            size = struct.unpack('<I', worker.stdout.read(4))[0]
            payload = worker.stdout.read(size)
        value = _marshal.loads(payload)
        if kind == b'C':
            return value
        if kind == b'S':
            name, msg, fname, lineno, offset, text = value
            error_type = {'IndentationError': IndentationError, 'TabError': TabError}.get(
                name, SyntaxError)
            raise error_type(msg, (fname, lineno, offset, text))
        error_type = ValueError if value[0] == 'ValueError' else TypeError
        raise error_type(value[1])

    def close(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.stdin.close()
            self._process.wait(timeout=10)
        self._process = None
