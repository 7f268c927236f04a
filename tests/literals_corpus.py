"""Whole-stdlib check of string/number literals against CPython 3.8's ast.parse.

    python -m tests.literals_corpus [--parser harness|pipeline] [--limit N] [-v] [PATH ...]

Default PATHs: the oracle's Lib/ (with test/).  With --parser harness (default) every
string atom and NUMBER of each file goes through pipeline.parser.literals directly
(f-string expressions via the oracle-backed stand-in of tests.literals_harness); with
--parser pipeline the literal nodes come out of pipeline.parse.  Either way they are
compared with the oracle's nodes (ast.dump with attributes); prints the share of files
whose literals all match.
"""
import argparse
import os
import sys
import time
import warnings

from pipeline.parser import nodes
from tests.astbridge import oracle_ast_many
from tests.literals_harness import describe, literal_nodes, oracle_literal_nodes
from tests.oracle import oracle_stdlib

BATCH = 20


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


def _decoded(data: bytes):
    """Source text as the tokenizer reads it (BOM, coding cookie), or None."""
    from pipeline.tokenizer.api import detect_encoding
    try:
        encoding, _ = detect_encoding(data.splitlines(True)[:2])
        if encoding == 'utf-8-sig':
            data, encoding = data[3:] if data.startswith(b'\xef\xbb\xbf') else data, 'utf-8'
        return data.decode(encoding)
    except (SyntaxError, UnicodeDecodeError, LookupError):
        return None


def _join_surrogates(value):
    """The oracle bridge's JSON joins surrogate pairs; compare both sides that way."""
    if isinstance(value, str):
        return value.encode('utf-16', 'surrogatepass').decode('utf-16', 'surrogatepass')
    return value


def _normalized(value):
    if isinstance(value, nodes.AST):
        pending = [value]
        while pending:
            node = pending.pop()
            if isinstance(node, nodes.Constant):
                node.value = _join_surrogates(node.value)
            for name in node._fields:
                child = getattr(node, name, None)
                for item in (child if isinstance(child, list) else [child]):
                    if isinstance(item, nodes.AST):
                        pending.append(item)
    return describe(value)


def compare_file(source, tree, parser='harness'):
    """Differences (position, ours, oracle) between our literals and the oracle's."""
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        if parser == 'pipeline':
            from pipeline.parser import parse
            try:
                ours = oracle_literal_nodes(parse(source))
            except SyntaxError as error:
                return [('parse', describe(error), 'no error')]
        else:
            ours = literal_nodes(source)
    theirs = oracle_literal_nodes(tree)
    differences = []
    for key, value in sorted(ours.items()):
        mine, other = _normalized(value), _normalized(theirs.get(key))
        if mine != other:
            differences.append((key, mine, other))
    return differences


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('paths', nargs='*')
    parser.add_argument('--parser', choices=('harness', 'pipeline'), default='harness')
    parser.add_argument('--limit', type=int, default=0)
    parser.add_argument('-v', '--verbose', action='store_true')
    args = parser.parse_args(argv)
    paths = list(corpus_files(args.paths or [oracle_stdlib()]))
    if args.limit:
        paths = paths[:args.limit]
    started = time.time()
    good = bad = skipped = 0
    for first in range(0, len(paths), BATCH):
        batch = paths[first:first + BATCH]
        sources, raw = [], []
        for path in batch:
            with open(path, 'rb') as handle:
                data = handle.read()
            raw.append(data)
            sources.append(_decoded(data))
        trees = oracle_ast_many(raw, errors=True)
        for path, source, tree in zip(batch, sources, trees):
            if source is None or isinstance(tree, BaseException):
                skipped += 1
                continue
            differences = compare_file(source, tree, args.parser)
            if differences:
                bad += 1
                print('DIFF %s (%d)' % (path, len(differences)))
                for key, mine, other in differences[:3 if args.verbose else 1]:
                    print('   at %s\n     ours:   %s\n     oracle: %s' % (
                        key, mine[:400], other[:400]))
            else:
                good += 1
    total = good + bad
    print('literals: %d/%d files identical (%.2f%%), %d skipped (undecodable or oracle error), '
          '%.0fs' % (good, total, 100.0 * good / max(total, 1), skipped,
                     time.time() - started))
    return 0 if not bad else 1


if __name__ == '__main__':
    sys.exit(main())
