"""Finding CPython 3.8, the reference every differential test compares against.

Order: $PIPELINE_ORACLE_PYTHON, `python3.8` on PATH, then pyenv's 3.8 versions.
"""
import functools
import glob
import os
import shutil
import subprocess
import sys
from typing import Optional

REASON = ('CPython 3.8 oracle not found (set PIPELINE_ORACLE_PYTHON, put python3.8 '
          'on PATH, or install 3.8 with pyenv)')


def _is_38(path: str) -> bool:
    try:
        out = subprocess.run([path, '-c', 'import sys; print(sys.version_info[:2] == (3, 8))'],
                             capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return False
    return out.stdout.strip() == 'True'


@functools.lru_cache(maxsize=None)
def oracle_python() -> Optional[str]:
    """Path of a CPython 3.8 interpreter, or None."""
    candidates = [os.environ.get('PIPELINE_ORACLE_PYTHON'), shutil.which('python3.8')]
    if sys.version_info[:2] == (3, 8):
        candidates.append(sys.executable)
    pyenv = shutil.which('pyenv')
    if pyenv:
        try:
            versions = subprocess.run([pyenv, 'versions', '--bare'], capture_output=True,
                                      text=True, timeout=30).stdout.split()
            for version in sorted((v for v in versions if v.startswith('3.8')), reverse=True):
                prefix = subprocess.run([pyenv, 'prefix', version], capture_output=True,
                                        text=True, timeout=30).stdout.strip()
                candidates.append(os.path.join(prefix, 'bin', 'python3.8'))
        except (OSError, subprocess.SubprocessError):
            pass
    root = os.environ.get('PYENV_ROOT', os.path.expanduser('~/.pyenv'))
    candidates += sorted(glob.glob(os.path.join(root, 'versions', '3.8*', 'bin', 'python3.8')),
                         reverse=True)
    for candidate in candidates:
        if candidate and os.path.exists(candidate) and _is_38(candidate):
            return candidate
    return None


@functools.lru_cache(maxsize=None)
def oracle_stdlib() -> Optional[str]:
    """The oracle's Lib/ directory (the main corpus), or None."""
    python = oracle_python()
    if python is None:
        return None
    out = subprocess.run([python, '-c', 'import os; print(os.path.dirname(os.__file__))'],
                         capture_output=True, text=True, timeout=30)
    return out.stdout.strip() or None


def run_oracle(code: str, *args: str, input: Optional[str] = None, timeout: float = 600,
               cwd: Optional[str] = None) -> subprocess.CompletedProcess:
    """Run `code` (a script's text) in the oracle with argv `args`."""
    python = oracle_python()
    if python is None:
        raise RuntimeError(REASON)
    return subprocess.run([python, '-c', code, *args], capture_output=True, text=True,
                          input=input, timeout=timeout, cwd=cwd)
