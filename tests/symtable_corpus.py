"""Whole-stdlib check of the symbol table pass against CPython 3.8's `symtable` module.

    python -m tests.symtable_corpus [--parser bridge|pipeline] [--codes] [--limit N] [-v] [PATH ...]

Default PATHs: the oracle's Lib/ (with test/). Trees come from the oracle's ast.parse through
tests.astbridge (default) or from pipeline.parse. Prints the share of files whose tables
(every block: type, name, lineno, nested, varnames, children, every symbol's flags and
scope) or SyntaxError (msg, lineno, offset) match exactly.

With --codes, runs future -> ast_opt -> symtable as compile() does and compares, for every
code object 3.8's compile() makes, co_flags' block bits, the parameters, co_cellvars and
co_freevars with our Scope's (tests/test_symtable_codes.py).
"""
import argparse
import os
import sys
import time

from pipeline.compiler.symtable_build import build_symtable
from pipeline.compiler.symtable_dump import block_data
from tests.oracle import oracle_stdlib
from tests.regen.symtable import oracle_symtables

BATCH = 40


def corpus_files(paths):
    for path in paths:
        if os.path.isfile(path):
            yield path
            continue
        for root, dirs, files in os.walk(path):
            dirs.sort()
            for name in sorted(files):
                if name.endswith('.py'):
                    yield os.path.join(root, name)


def first_difference(ours, theirs, where='top'):
    """A short description of where two block_data trees differ."""
    for key in ('type', 'name', 'lineno', 'nested', 'varnames'):
        if ours[key] != theirs[key]:
            return '%s: %s %r != %r' % (where, key, ours[key], theirs[key])
    if ours['symbols'] != theirs['symbols']:
        names = sorted(set(ours['symbols']) | set(theirs['symbols']))
        diff = [(n, ours['symbols'].get(n), theirs['symbols'].get(n)) for n in names
                if ours['symbols'].get(n) != theirs['symbols'].get(n)]
        return '%s: symbols (name, ours, oracle) %r' % (where, diff[:5])
    if len(ours['children']) != len(theirs['children']):
        return '%s: %d children != %d' % (where, len(ours['children']), len(theirs['children']))
    for mine, other in zip(ours['children'], theirs['children']):
        found = first_difference(mine, other, '%s/%s@%d' % (where, other['name'],
                                                             other['lineno']))
        if found:
            return found
    return None


def our_trees(paths, parser):
    if parser == 'bridge':
        from tests.astbridge import oracle_ast_many
        sources = []
        for path in paths:
            with open(path, 'rb') as handle:
                sources.append(handle.read())
        trees = []
        for path, source in zip(paths, sources):
            trees.extend(oracle_ast_many([source], path, errors=True))
        return trees
    import pipeline
    trees = []
    for path in paths:
        with open(path, 'rb') as handle:
            source = handle.read()
        try:
            trees.append(pipeline.parse(source, path))
        except (SyntaxError, ValueError) as error:
            trees.append(error)
    return trees


def report_progress(args, start, batch, paths, started) -> None:
    if args.verbose:
        print('.. %d/%d files, %.0fs' % (start + len(batch), len(paths),
                                         time.time() - started), file=sys.stderr)


# Runs in CPython 3.8: code-object facts of each file (see tests/test_symtable_codes.py).
# (ORACLE_FACTS, from tests/test_symtable_codes.py, defines facts() before it.)
ORACLE_CODE_FILES = r'''
result = []
for path in json.loads(sys.stdin.read()):
    try:
        with open(path, 'rb') as handle:
            result.append(facts(compile(handle.read(), path, 'exec', dont_inherit=True), []))
    except SyntaxError as error:
        result.append({'error': [type(error).__name__, error.msg, error.lineno, error.offset]})
    except (ValueError, RecursionError):
        result.append(None)
print(json.dumps(result))
'''


def compare_codes(paths, trees, counts) -> None:
    """Code-object facts of compile() in the oracle vs our future/ast_opt/symtable."""
    import json
    import subprocess
    from tests.oracle import oracle_python
    from tests.test_symtable_codes import ORACLE_FACTS, our_facts
    out = subprocess.run([oracle_python(), '-c', ORACLE_FACTS + ORACLE_CODE_FILES],
                         input=json.dumps(paths), capture_output=True, text=True, check=True)
    for path, tree, theirs in zip(paths, trees, json.loads(out.stdout)):
        if theirs is None or isinstance(tree, Exception):
            counts['unparsable'] += 1
            continue
        try:
            ours = our_facts(tree)
        except SyntaxError as error:
            ours = {'error': [type(error).__name__, error.msg, error.lineno, error.offset]}
        except Exception as error:  # a crash in our passes: report it, keep sweeping
            counts['crash'] += 1
            print('CRASH %s: %s: %s' % (path, type(error).__name__, error))
            continue
        if isinstance(theirs, dict) or isinstance(ours, dict):
            if isinstance(theirs, dict) and not isinstance(ours, dict):
                counts['later'] += 1  # an error of a later pass (codegen): not ours to match
            elif ours == theirs:
                counts['match'] += 1
            else:
                counts['differ'] += 1
                print('DIFF %s: ours %r, oracle %r' % (path, ours, theirs))
            continue
        ours[0][1] = theirs[0][1]
        missing = [fact for fact in theirs if fact not in ours]
        if missing:
            counts['differ'] += 1
            print('DIFF %s: oracle code facts not found in ours: %r' % (path, missing[:3]))
        else:
            counts['match'] += 1


def main(argv=None) -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument('paths', nargs='*')
    options.add_argument('--parser', choices=('bridge', 'pipeline'), default='bridge')
    options.add_argument('--codes', action='store_true',
                         help='compare code-object facts from compile() instead')
    options.add_argument('--limit', type=int, default=0)
    options.add_argument('-v', '--verbose', action='store_true')
    args = options.parse_args(argv)
    paths = list(corpus_files(args.paths or [oracle_stdlib()]))
    if args.limit:
        paths = paths[:args.limit]
    counts = {'match': 0, 'differ': 0, 'unparsable': 0, 'crash': 0, 'later': 0,
              'parser_failed': 0}
    started = time.time()
    for start in range(0, len(paths), BATCH):
        batch = paths[start:start + BATCH]
        if args.codes:
            compare_codes(batch, our_trees(batch, args.parser), counts)
            report_progress(args, start, batch, paths, started)
            continue
        expected = oracle_symtables([{'path': p, 'filename': p} for p in batch])
        for path, tree, answer in zip(batch, our_trees(batch, args.parser), expected):
            if 'failure' in answer or (isinstance(tree, Exception) and 'table' not in answer):
                counts['unparsable'] += 1
                continue
            if isinstance(tree, Exception):
                counts['parser_failed'] += 1  # 3.8 parses it, our parser did not
                print('PARSER %s: %s: %s' % (path, type(tree).__name__, tree))
                continue
            try:
                ours = {'table': block_data(build_symtable(tree, path, 0).top)}
            except SyntaxError as error:
                ours = {'error': [type(error).__name__, error.msg, error.lineno, error.offset]}
            except Exception as error:  # a crash in our pass: report it, keep sweeping
                counts['crash'] += 1
                print('CRASH %s: %s: %s' % (path, type(error).__name__, error))
                continue
            if ours == answer:
                counts['match'] += 1
                continue
            counts['differ'] += 1
            if 'table' in ours and 'table' in answer:
                detail = first_difference(ours['table'], answer['table'])
            else:
                detail = 'ours %s, oracle %s' % (ours.get('error'), answer.get('error'))
            print('DIFF %s: %s' % (path, detail))
        report_progress(args, start, batch, paths, started)
    compared = counts['match'] + counts['differ'] + counts['crash']
    print('symtable corpus%s: %d/%d files match exactly (%.2f%%); %d differ, %d crash, '
          '%d not parsable by 3.8 (skipped), %d with a later-pass compile error, %d our parser '
          'failed on; %.0fs' % (
              ' (--codes)' if args.codes else '', counts['match'], compared, 100.0 * counts['match'] / max(compared, 1),
              counts['differ'], counts['crash'], counts['unparsable'], counts['later'],
              counts['parser_failed'], time.time() - started))
    return 0 if counts['differ'] == counts['crash'] == 0 else 1


if __name__ == '__main__':
    sys.exit(main())
