"""Golden outputs of the program corpus (tests/programs/*.py) under CPython 3.8: tests/golden/programs/.

Each program runs as `python3.8 NAME.py ARGS...` in tests/programs/ with PYTHONHASHSEED=0;
its stdout, stderr and exit status are stored in NAME.json, with the absolute path of
tests/programs/ replaced by `<DIR>`.
"""
import json
import os
import subprocess
import sys
from typing import Dict, List

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROGRAMS = os.path.join(ROOT, 'programs')
HERE = os.path.join(ROOT, 'golden', 'programs')

# Command-line arguments of programs that read sys.argv.
ARGS: Dict[str, List[str]] = {
    'system_exit_code': ['widget', '2'],
    'argv_wordcount': ['--top', '4', '--lower', 'the', 'was', 'nothing'],
}
TIMEOUT = 120


def program_names() -> List[str]:
    """Names (without .py) of every program of the corpus, sorted."""
    return sorted(name[:-3] for name in os.listdir(PROGRAMS)
                  if name.endswith('.py') and os.path.isfile(os.path.join(PROGRAMS, name)))


def environment() -> Dict[str, str]:
    """The environment every run of a program gets (the oracle's and ours)."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith('PYTHON') and key != 'PIPELINE_ORACLE_PYTHON'}
    env.update(PYTHONHASHSEED='0', PYTHONDONTWRITEBYTECODE='1', PYTHONIOENCODING='utf-8',
               LC_ALL='C.UTF-8')
    return env


def normalise(text: str, directory: str = PROGRAMS) -> str:
    """Output made location-independent: the programs folder becomes <DIR>."""
    return text.replace(os.path.realpath(directory), '<DIR>').replace(directory, '<DIR>')


def run(command: List[str], name: str, cwd: str = PROGRAMS) -> Dict[str, object]:
    """Run `command + [NAME.py] + ARGS` in `cwd`; its outcome as a golden record."""
    proc = subprocess.run(command + [name + '.py'] + ARGS.get(name, []), cwd=cwd,
                          env=environment(), capture_output=True, timeout=TIMEOUT)
    return {'args': ARGS.get(name, []),
            'stdout': normalise(proc.stdout.decode('utf-8', 'replace'), cwd),
            'stderr': normalise(proc.stderr.decode('utf-8', 'replace'), cwd),
            'status': proc.returncode}


def load(name: str) -> Dict[str, object]:
    """The golden record of program `name`."""
    with open(os.path.join(HERE, name + '.json'), encoding='utf-8') as stream:
        return json.load(stream)


def main(names: List[str] = None) -> None:
    from tests.oracle import oracle_python
    os.makedirs(HERE, exist_ok=True)
    for name in names or program_names():
        record = run([oracle_python()], name)
        with open(os.path.join(HERE, name + '.json'), 'w', encoding='utf-8') as stream:
            json.dump(record, stream, indent=1, sort_keys=True, ensure_ascii=False)
            stream.write('\n')


if __name__ == '__main__':
    main(sys.argv[1:])
