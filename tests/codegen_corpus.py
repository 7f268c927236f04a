"""Whole-stdlib check of the compiler against CPython 3.8's compile(), field by field.

    python -m tests.codegen_corpus [--parser bridge|pipeline] [--limit N] [-v] [PATH ...]

Default PATHs: the oracle's Lib/ (with test/). Trees come from the oracle's ast.parse through
tests.astbridge (`bridge`, isolates the compiler) or from pipeline.parse (`pipeline`, default).
A file matches when every code object (recursively through co_consts) has equal co_* fields,
co_lnotab and co_stacksize included, or both compilers raise the same SyntaxError
(msg, lineno, offset).
"""
import argparse
import os
import sys
import time
import warnings
from typing import Any, Optional

from pipeline.compiler import compile as pipeline_compile, compile_tree
from pipeline.compiler.code import FIELDS, CodeType
from pipeline.oracle_compiler import OracleCompiler
from tests.oracle import oracle_stdlib


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


def _same_const(ours: Any, theirs: Any) -> bool:
    if type(ours) is not type(theirs):
        return False
    if isinstance(ours, float):
        return repr(ours) == repr(theirs)
    if isinstance(ours, complex):
        return repr(ours) == repr(theirs)
    if isinstance(ours, tuple):
        return len(ours) == len(theirs) and all(map(_same_const, ours, theirs))
    if isinstance(ours, frozenset):
        return len(ours) == len(theirs) and all(
            any(_same_const(a, b) for b in theirs) for a in ours)
    if isinstance(ours, CodeType):
        return code_difference(ours, theirs) is None
    return ours == theirs


def code_difference(ours: CodeType, theirs: CodeType, where: str = '') -> Optional[str]:
    """Where two code objects first differ (None: identical)."""
    where = '%s/%s@%d' % (where, theirs.co_name, theirs.co_firstlineno)
    if ours.co_lnotab != theirs.co_lnotab:
        mine, other = line_table(ours), line_table(theirs)
        index = 0
        while index < min(len(mine), len(other)) and mine[index] == other[index]:
            index += 1
        return '%s: co_lnotab (offset, line) from entry %d: ours %r, oracle %r' % (
            where, index, mine[index:index + 4], other[index:index + 4])
    for field in FIELDS:
        mine, other = getattr(ours, field), getattr(theirs, field)
        if field == 'co_consts':
            if len(mine) != len(other):
                return '%s: co_consts %r != %r' % (where, mine, other)
            for a, b in zip(mine, other):
                if isinstance(a, CodeType) and isinstance(b, CodeType):
                    found = code_difference(a, b, where)
                    if found:
                        return found
                elif not _same_const(a, b):
                    return '%s: co_consts %r != %r' % (where, mine, other)
        elif field == 'co_code' and mine != other:
            return '%s: co_code\n%s' % (where, code_diff_text(ours, theirs))
        elif mine != other:
            return '%s: %s %r != %r' % (where, field, mine, other)
    return None


def line_table(code: CodeType) -> list:
    """(offset, line) pairs decoded from co_lnotab."""
    table = code.co_lnotab
    offset, line, result = 0, code.co_firstlineno, []
    for index in range(0, len(table), 2):
        offset += table[index]
        delta = table[index + 1]
        line += delta - 256 if delta >= 128 else delta
        result.append((offset, line))
    return result


def _instructions(code: CodeType) -> list:
    from pipeline.compiler.opcodes import opname, HAVE_ARGUMENT
    raw = code.co_code
    result = []
    for offset in range(0, len(raw), 2):
        opcode, arg = raw[offset], raw[offset + 1]
        result.append('%4d %-20s %s' % (offset, opname[opcode], arg if opcode >= HAVE_ARGUMENT
                                        else ''))
    return result


def code_diff_text(ours: CodeType, theirs: CodeType, context: int = 4) -> str:
    """Instructions around the first difference, ours | oracle."""
    mine, other = _instructions(ours), _instructions(theirs)
    index = 0
    while index < min(len(mine), len(other)) and mine[index] == other[index]:
        index += 1
    lines = []
    for position in range(max(0, index - context), index + context * 2):
        left = mine[position] if position < len(mine) else ''
        right = other[position] if position < len(other) else ''
        lines.append('   %s %-34s | %s' % ('>' if position == index else ' ', left, right))
    return '\n'.join(lines)


_BYTES_ERROR = r'''
import sys
source = sys.stdin.buffer.read()
try:
    compile(source, sys.argv[1], 'exec', dont_inherit=True)
except SyntaxError as error:
    print(repr((type(error).__name__, error.msg, error.lineno, error.offset)))
else:
    print('None')
'''


def oracle_bytes_error(source: bytes, filename: str) -> Optional[tuple]:
    """The oracle's SyntaxError (type, msg, lineno, offset) compiling `source` as bytes."""
    import ast
    import subprocess
    from tests.oracle import oracle_python
    out = subprocess.run([oracle_python(), '-W', 'ignore', '-c', _BYTES_ERROR, filename],
                         input=source, capture_output=True, timeout=120)
    return ast.literal_eval(out.stdout.decode('utf-8', 'replace').strip())


def compare_source(source: bytes, filename: str, oracle: OracleCompiler,
                   parser: str = 'pipeline') -> Optional[str]:
    """None when both compilers agree on `source`, else a description."""
    try:
        theirs = oracle(source, filename, 'exec')
        their_error = None
    except SyntaxError:
        # OracleCompiler sends decoded text; ask the oracle about the raw bytes instead.
        theirs, their_error = None, oracle_bytes_error(source, filename)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            if parser == 'bridge':
                from tests.astbridge import oracle_ast
                tree = oracle_ast(source, filename, 'exec')
                ours = compile_tree(tree, filename)
            else:
                ours = pipeline_compile(source, filename, 'exec')
        our_error = None
    except SyntaxError as error:
        ours, our_error = None, (type(error).__name__, error.msg, error.lineno, error.offset)
    except RecursionError:
        return 'RecursionError'
    except Exception as error:  # report internal failures of our compiler per file
        return 'crash %s: %s' % (type(error).__name__, error)
    if theirs is None and their_error is None:
        return 'the oracle compiles the raw bytes but not their decoded text'
    if their_error or our_error:
        if their_error == our_error:
            return None
        return 'errors differ: ours %r, oracle %r' % (our_error, their_error)
    return code_difference(ours, theirs)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('paths', nargs='*')
    parser.add_argument('--parser', choices=('bridge', 'pipeline'), default='pipeline')
    parser.add_argument('--limit', type=int, default=0)
    parser.add_argument('--skip', type=int, default=0)
    parser.add_argument('-v', '--verbose', action='store_true')
    args = parser.parse_args(argv)
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 6000))
    paths = args.paths or [oracle_stdlib()]
    files = list(corpus_files(paths))[args.skip:]
    if args.limit:
        files = files[:args.limit]
    oracle = OracleCompiler()
    same = 0
    started = time.time()
    failures = []
    for filename in files:
        with open(filename, 'rb') as handle:
            source = handle.read()
        found = compare_source(source, filename, oracle, args.parser)
        if found is None:
            same += 1
        else:
            failures.append((filename, found))
            if args.verbose:
                print('%s: %s' % (filename, found[:3000]), flush=True)
    total = len(files)
    print('codegen corpus (%s parser): %d/%d files identical (%.2f%%) in %.0fs' % (
        args.parser, same, total, 100.0 * same / max(total, 1), time.time() - started))
    return 0 if same == total else 1


if __name__ == '__main__':
    sys.exit(main())
