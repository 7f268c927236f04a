"""VM differential cases: programs compiled by CPython 3.8, run by 3.8 and by our VM.

Cases are the programs in tests/golden/vm/programs/; tests/golden/vm/cases.json holds, per case, the 3.8 code object (marshal, base64) and
what 3.8 printed: stdout, the final exception line and the program's traceback entries.
`main()` regenerates it; tests/test_vm_*.py use it, and the live oracle when present.
"""
import base64
import io
import json
import os
import sys
import traceback
from typing import Any, Dict, List, Tuple

HERE = os.path.join(os.path.dirname(os.path.dirname(__file__)), 'golden', 'vm')
GOLDEN = os.path.join(HERE, 'cases.json')
PROGRAMS = os.path.join(HERE, 'programs')
FILENAME = 'prog.py'

# Runs in CPython 3.8: compile each case, marshal it, run it, record what it did.
ORACLE_DRIVER = r'''
import base64, io, json, marshal, sys, traceback
def outcome(code):
    out = io.StringIO()
    saved = sys.stdout
    sys.stdout = out
    exc = None
    try:
        exec(code, {'__name__': '__main__'})
    except BaseException as error:
        exc = error
    finally:
        sys.stdout = saved
    result = {'stdout': out.getvalue(), 'exc': None, 'tb': []}
    if exc is not None:
        result['exc'] = traceback.format_exception_only(type(exc), exc)[-1].rstrip('\n')
        result['tb'] = [[entry.lineno, entry.name] for entry in traceback.extract_tb(exc.__traceback__)
                        if entry.filename == 'prog.py']
    return result
cases = json.loads(sys.stdin.read())
results = {}
for name, source in cases:
    code = compile(source, 'prog.py', 'exec')
    entry = outcome(code)
    entry['code'] = base64.b64encode(marshal.dumps(code)).decode('ascii')
    entry['source'] = source
    results[name] = entry
sys.stdout.write(json.dumps(results, indent=1, sort_keys=True))
'''


def run_in_vm(code: Any) -> Dict[str, Any]:
    """Run a code object in our VM the way ORACLE_DRIVER runs it in 3.8; the same record."""
    from pipeline import vm
    out = io.StringIO()
    saved = sys.stdout
    sys.stdout = out
    exc = None
    try:
        vm.run_code(code, {'__name__': '__main__'})
    except BaseException as error:   # the program's exception is the result being compared
        exc = error
    finally:
        sys.stdout = saved
    result: Dict[str, Any] = {'stdout': out.getvalue(), 'exc': None, 'tb': []}
    if exc is not None:
        result['exc'] = traceback.format_exception_only(type(exc), exc)[-1].rstrip('\n')
        result['tb'] = [[entry.lineno, entry.name] for entry in traceback.extract_tb(exc.__traceback__)
                        if entry.filename == FILENAME]
    return result


def load_code(entry: Dict[str, Any]) -> Any:
    from pipeline.compiler import marshal
    return marshal.loads(base64.b64decode(entry['code']))


def oracle_results(cases: List[Tuple[str, str]]) -> Dict[str, Dict[str, Any]]:
    from tests.oracle import run_oracle
    done = run_oracle(ORACLE_DRIVER, input=json.dumps(cases), timeout=600)
    if done.returncode:
        raise RuntimeError('oracle driver failed:\n' + done.stderr)
    return json.loads(done.stdout)


def load_golden() -> Dict[str, Dict[str, Any]]:
    with open(GOLDEN) as stream:
        return json.load(stream)


def program_cases() -> List[Tuple[str, str]]:
    """(name, source) of every program under tests/golden/vm/programs/."""
    cases = []
    for filename in sorted(os.listdir(PROGRAMS)):
        if filename.endswith('.py'):
            with open(os.path.join(PROGRAMS, filename)) as stream:
                cases.append((filename[:-3], stream.read()))
    return cases


def main() -> None:
    os.makedirs(HERE, exist_ok=True)
    results = oracle_results(program_cases())
    with open(GOLDEN, 'w') as stream:
        json.dump(results, stream, indent=1, sort_keys=True)
        stream.write('\n')


if __name__ == '__main__':
    main()
