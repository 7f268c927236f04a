"""`python -m tests.syntax_errors`: CPython 3.8's own SyntaxError cases, compiled by our pipeline.

Cases (compiler acceptance 4):
  * every example of Lib/test/test_syntax.py's doctests whose compile raises (doctest
    compiles each in 'single' mode as '<doctest test.test_syntax[N]>', with its flags);
  * (and the other examples of those doctests, which must compile without error);
  * the compile() calls of test_syntax's unittest cases (`_check_error(...)`) that raise;
  * test_grammar's error checks: every compile()/eval()/exec() of a string that raises
    SyntaxError while test_grammar's tests run (`check_syntax_error(...)` and the
    `assertRaises(SyntaxError, compile, ...)` style alike);
  * beyond the acceptance criterion, origin 'test_fstring (extra)': the same for test_fstring.
They are extracted by running both under the oracle with `compile` (in doctest, test.support
and test.test_grammar) replaced by a recorder, so the source strings, filenames, modes and flags
are exactly those CPython's tests use. Each is then compiled by `pipeline.compiler.compile`,
and the exception's class, msg, lineno and offset (the acceptance criterion), and also its text
and filename, must equal the oracle's.

    python -m tests.syntax_errors              # live oracle
    python -m tests.syntax_errors --golden     # tests/golden/syntax_errors/cases.json
    python -m tests.syntax_errors -v           # also list every case
"""
import argparse
import json
import os
import subprocess
import sys
from typing import Dict, List, Optional

GOLDEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'golden', 'syntax_errors',
                      'cases.json')
# the SyntaxError cases of compiler acceptance 4 (the others: valid examples, extra modules)
ACCEPTANCE_ORIGINS = ('test_syntax', 'test_syntax:unittest', 'test_grammar')
COMPARED = ('type', 'msg', 'lineno', 'offset', 'text', 'filename')

# Runs in the oracle: records every compile of a string that raises, prints JSON cases.
EXTRACT = r'''
import builtins, doctest, io, json, sys, unittest
real_compile, real_eval, real_exec = builtins.compile, builtins.eval, builtins.exec
cases, seen = [], set()

def outcome(exc):
    return {'type': type(exc).__name__, 'msg': getattr(exc, 'msg', str(exc)),
            'lineno': getattr(exc, 'lineno', None), 'offset': getattr(exc, 'offset', None),
            'text': getattr(exc, 'text', None), 'filename': getattr(exc, 'filename', None)}

def record(origin, source, filename, mode, flags, dont_inherit, valid_origin=None):
    if isinstance(source, bytes):
        try:
            source = source.decode('utf-8')
        except UnicodeDecodeError:
            return
    if not isinstance(source, str):
        return
    key = (source, filename, mode, flags)
    if key in seen:
        return
    try:
        real_compile(source, filename, mode, flags, True)
        if valid_origin:
            seen.add(key)
            cases.append(dict(origin=valid_origin, source=source, filename=filename, mode=mode,
                              flags=flags, expected=dict(type='no error', msg=None, lineno=None,
                                                         offset=None, text=None, filename=None)))
    except SyntaxError as exc:   # includes IndentationError, TabError
        seen.add(key)
        cases.append(dict(origin=origin, source=source, filename=filename, mode=mode,
                          flags=flags, expected=outcome(exc)))
    except (ValueError, TypeError, OverflowError, MemoryError, RecursionError):
        pass

def make_compile(origin, valid_origin=None):
    def compile(source, filename, mode, flags=0, dont_inherit=False, optimize=-1):
        record(origin, source, filename, mode, flags, dont_inherit, valid_origin)
        return real_compile(source, filename, mode, flags, dont_inherit, optimize)
    return compile

def make_runner(origin, function, mode):
    def run(source, globals=None, locals=None):
        if globals is None:
            frame = sys._getframe(1)
            globals, locals = frame.f_globals, frame.f_locals
        if isinstance(source, (str, bytes)):
            record(origin, source, '<string>', mode, 0, False)
        return function(source, globals, locals)
    return run

import test.support, test.test_syntax, test.test_grammar
doctest.compile = make_compile('test_syntax', 'test_syntax:valid')
finder = doctest.DocTestFinder()
runner = doctest.DocTestRunner(verbose=False, optionflags=0)
out = io.StringIO()
for doc_test in finder.find(test.test_syntax, 'test.test_syntax'):
    runner.run(doc_test, out=out.write)
del doctest.compile

for module in (test.support, test.test_grammar):
    module.compile = make_compile('test_grammar')
    module.eval = make_runner('test_grammar', real_eval, 'eval')
    module.exec = make_runner('test_grammar', real_exec, 'exec')
suite = unittest.defaultTestLoader.loadTestsFromModule(test.test_grammar)
unittest.TextTestRunner(stream=io.StringIO(), verbosity=0).run(suite)

test.test_syntax.compile = make_compile('test_syntax:unittest')
suite = unittest.defaultTestLoader.loadTestsFromModule(test.test_syntax)
unittest.TextTestRunner(stream=io.StringIO(), verbosity=0).run(suite)

import test.test_fstring   # beyond acceptance 4: its assertAllRaise(SyntaxError, ...) eval()s
test.test_fstring.compile = make_compile('test_fstring (extra)')
test.test_fstring.eval = make_runner('test_fstring (extra)', real_eval, 'eval')
test.test_fstring.exec = make_runner('test_fstring (extra)', real_exec, 'exec')
suite = unittest.defaultTestLoader.loadTestsFromModule(test.test_fstring)
unittest.TextTestRunner(stream=io.StringIO(), verbosity=0).run(suite)
json.dump(cases, sys.stdout, indent=1, sort_keys=True)
'''


def extract_cases(python: str) -> List[dict]:
    """The cases with CPython 3.8's outcomes, extracted by running the oracle."""
    proc = subprocess.run([python, '-c', EXTRACT], capture_output=True, text=True, timeout=600,
                          cwd=os.path.dirname(GOLDEN) if os.path.isdir(os.path.dirname(GOLDEN))
                          else None)
    if proc.returncode != 0:
        raise RuntimeError('case extraction failed in the oracle:\n' + proc.stderr[-3000:])
    return json.loads(proc.stdout)


def load_golden() -> List[dict]:
    with open(GOLDEN, encoding='utf-8') as stream:
        return json.load(stream)


def our_outcome(case: dict) -> dict:
    """What pipeline.compiler.compile does with a case: the exception's fields, or 'no error'."""
    from pipeline.compiler import compile as compile_with_pipeline
    try:
        compile_with_pipeline(case['source'], case['filename'], case['mode'], case['flags'], True)
    except SyntaxError as exc:
        return {'type': type(exc).__name__, 'msg': exc.msg, 'lineno': exc.lineno,
                'offset': exc.offset, 'text': exc.text, 'filename': exc.filename}
    except Exception as exc:   # a crash of ours is a difference to report, not to hide
        return {'type': type(exc).__name__, 'msg': str(exc)[:300], 'lineno': None,
                'offset': None, 'text': None, 'filename': None}
    return {'type': 'no error', 'msg': None, 'lineno': None, 'offset': None, 'text': None,
            'filename': None}


def differences(case: dict, ours: dict) -> Dict[str, tuple]:
    """field -> (expected, ours) for the compared fields that differ."""
    expected = case['expected']
    return {field: (expected[field], ours[field]) for field in COMPARED
            if expected[field] != ours[field]}


def compare(cases: List[dict]) -> List[tuple]:
    """(case, ours, differences) for every case."""
    results = []
    for case in cases:
        ours = our_outcome(case)
        results.append((case, ours, differences(case, ours)))
    return results


def report(results: List[tuple], verbose: bool = False, out=sys.stdout) -> int:
    """Print counts per origin and every difference; the number of differing cases."""
    origins: Dict[str, List[int]] = {}
    for case, _, diff in results:
        counts = origins.setdefault(case['origin'], [0, 0])
        counts[0] += 1
        counts[1] += not diff
    differing = [item for item in results if item[2]]
    for case, ours, diff in results:
        if diff or verbose:
            out.write('%s %s %r mode=%s flags=%#x\n' % (
                'DIFF' if diff else 'same', case['filename'], case['source'][:200], case['mode'],
                case['flags']))
            expected = case['expected']
            out.write('    cpython: %s %r line %s offset %s\n' % (
                expected['type'], expected['msg'], expected['lineno'], expected['offset']))
            if diff:
                out.write('    ours:    %s %r line %s offset %s\n' % (
                    ours['type'], ours['msg'], ours['lineno'], ours['offset']))
                for field in ('text', 'filename'):
                    if field in diff:
                        out.write('    %s: cpython %r, ours %r\n' % ((field,) + diff[field]))
    for origin, (total, same) in sorted(origins.items()):
        out.write('%-21s %4d cases, %4d identical, %3d different\n' % (origin, total, same,
                                                                       total - same))
    acceptance = [item for item in results if item[0]['origin'] in ACCEPTANCE_ORIGINS
                  and item[0]['expected']['type'] != 'no error']
    wrong = sum(1 for item in acceptance if item[2])
    out.write('%-21s %4d cases, %4d identical, %3d different\n' % (
        'ACCEPTANCE 4', len(acceptance), len(acceptance) - wrong, wrong))
    out.write('%-21s %4d cases, %4d identical, %3d different\n' % (
        'ALL', len(results), len(results) - len(differing), len(differing)))
    return len(differing)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog='python -m tests.syntax_errors', description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--golden', action='store_true', help='use the golden cases, no oracle')
    parser.add_argument('-v', '--verbose', action='store_true', help='list identical cases too')
    args = parser.parse_args(argv)
    if args.golden:
        cases = load_golden()
    else:
        from tests.oracle import REASON, oracle_python
        python = oracle_python()
        if python is None:
            sys.stderr.write(REASON + '; use --golden\n')
            return 2
        cases = extract_cases(python)
    return 1 if report(compare(cases), args.verbose) else 0


if __name__ == '__main__':
    sys.exit(main())
