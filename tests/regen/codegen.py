"""Golden code objects: CPython 3.8's compile() of the codegen cases (tests/golden/codegen/).

Also home of the oracle-side script the codegen tests share: each case is compiled by the
oracle with its mode, flags and optimize level; the answer is the marshalled code object
(hex), or the SyntaxError (type, msg, lineno, offset), plus the SyntaxWarnings raised.
"""
import json
import os
import subprocess
from typing import List

from tests.codegen_snippets import MODES, OPTIMIZED, SNIPPETS, context_sources
from tests.oracle import oracle_python

HERE = os.path.join(os.path.dirname(os.path.dirname(__file__)), 'golden', 'codegen')
GOLDEN = os.path.join(HERE, 'cases.json')

ORACLE_COMPILE = r'''
import json, marshal, sys, warnings

def answer(case):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        try:
            code = compile(case['source'], case['filename'], case['mode'], case['flags'],
                           dont_inherit=True, optimize=case['optimize'])
        except SyntaxError as error:
            result = {'error': [type(error).__name__, error.msg, error.lineno, error.offset]}
        else:
            result = {'code': marshal.dumps(code).hex()}
    result['warnings'] = [[w.category.__name__, str(w.message), w.lineno] for w in caught]
    return result

print(json.dumps([answer(case) for case in json.loads(sys.stdin.read())]))
'''


def cases() -> List[dict]:
    """Every case: the snippets (exec), the other modes, the optimize levels, and
    control-flow statements in every enclosing context."""
    result = [dict(source=source, mode='exec', flags=0, optimize=-1) for source in SNIPPETS]
    result += [dict(source=source, mode=mode, flags=0, optimize=-1) for source, mode in MODES]
    result += [dict(source=source, mode='exec', flags=0, optimize=level)
               for source, level in OPTIMIZED]
    result += [dict(source=source, mode='exec', flags=0, optimize=-1)
               for source in context_sources()]
    for case in result:
        case['filename'] = '<codegen>'
    return result


def oracle_answers(requests: List[dict]) -> List[dict]:
    """The oracle's answers to `requests` (one subprocess for all)."""
    out = subprocess.run([oracle_python(), '-c', ORACLE_COMPILE], input=json.dumps(requests),
                         capture_output=True, text=True, timeout=600, check=True)
    return json.loads(out.stdout)


def main() -> None:
    os.makedirs(HERE, exist_ok=True)
    requests = cases()
    answers = oracle_answers(requests)
    with open(GOLDEN, 'w') as handle:
        json.dump([dict(case=case, answer=answer) for case, answer in zip(requests, answers)],
                  handle, indent=1, sort_keys=True)
        handle.write('\n')
