"""Corpus runner: our front end and compiler against CPython 3.8, file by file.

    python -m tests.corpus STAGE [PATHS...] [-j N] [--limit N] [--show N]

STAGE is tokens | scan | ast | code | dis | mutants (scan: the parser's token stream
against the leaves of 3.8's parser.suite tree, for UTF-8 files 3.8 compiles).
PATHS (files or folders) default to the
oracle's whole stdlib.  Each worker process keeps one CPython 3.8 process answering
per-file JSON requests (tests.corpus_oracle).  Prints identity percentages over the
files 3.8 accepts, how many of the files it rejects we reject identically (class, msg,
lineno, offset), and the first differences.
"""
import argparse
import hashlib
import io
import json
import multiprocessing
import os
import re
import sys
import time
import traceback
from typing import Any, Dict, Iterator, List, NamedTuple, Optional, Tuple

from tests.corpus_oracle import shared_oracle
from tests.oracle import REASON, oracle_python, oracle_stdlib

STAGES = ('tokens', 'scan', 'ast', 'code', 'dis', 'mutants')


class Job(NamedTuple):
    stage: str
    label: str              # what the report calls it: a path, or path#mutant
    path: str
    data: Optional[bytes]   # None: read from path


class Outcome(NamedTuple):
    label: str
    rejected: bool          # CPython 3.8 rejects the source
    identical: bool
    detail: str             # first difference, '' when identical
    crashed: bool = False   # ours raised something other than SyntaxError/ValueError
    same_decision: bool = True


def error_details(error: BaseException) -> List[Any]:
    """What a rejection is compared on: class, msg, lineno, offset."""
    if isinstance(error, SyntaxError):
        return [type(error).__name__, error.msg, error.lineno, error.offset]
    return [type(error).__name__, str(error)]


def _crash(error: BaseException) -> str:
    frames = traceback.extract_tb(error.__traceback__)
    where = '%s:%d' % (os.path.basename(frames[-1].filename), frames[-1].lineno) if frames else ''
    return 'ours crashed: %s: %s (%s)' % (type(error).__name__, error, where)


# --- stages: each runs our side, asks the oracle, and compares ------------------------

def stage_tokens(job: Job, data: bytes) -> Outcome:
    from pipeline.tokenizer import tokenize
    tokens, error = [], None
    try:
        for token in tokenize(data):
            tokens.append([token.type, token.string, list(token.start), list(token.end),
                           token.line])
    except Exception as exc:  # compared with what 3.8's tokenize raised
        error = [type(exc).__name__, repr(exc.args)]
    # Compare digests of the JSON first; fetch 3.8's tokens only when they differ.
    theirs = shared_oracle().ask({'op': 'tokens', 'path': job.path, 'digest_only': True})
    rejected = theirs['rejected'] is not None
    digest = hashlib.sha1(json.dumps([tokens, error]).encode('utf-8')).hexdigest()
    if digest == theirs['digest']:
        return Outcome(job.label, rejected, True, '')
    theirs = shared_oracle().ask({'op': 'tokens', 'path': job.path})
    if tokens == theirs['tokens'] and error == theirs['error']:
        return Outcome(job.label, rejected, True, '')
    for index, (mine, real) in enumerate(zip(tokens, theirs['tokens'])):
        if mine != real:
            return Outcome(job.label, rejected, False,
                           'token %d: ours %r, 3.8 %r' % (index, mine, real))
    return Outcome(job.label, rejected, False, 'ours %d tokens, error %r; 3.8 %d, error %r' % (
        len(tokens), error, len(theirs['tokens']), theirs['error']))


STRUCTURAL = (4, 5, 6, 0)          # NEWLINE, INDENT, DEDENT, ENDMARKER


def scan_leaves(data: bytes, path: str) -> List[List[Any]]:
    """Our scan() stream shaped like 3.8's parse-tree leaves [type, string, line, col]."""
    from pipeline.tokenizer import decode_source, scan
    return [[token.type, '' if token.type in STRUCTURAL else token.string, token.start[0],
             -1 if token.type in (5, 6, 0) else token.col_offset]
            for token in scan(decode_source(data, path), path)]


# Messages of Parser/tokenizer.c and compile()'s decoding; other errors are the parser's.
TOKENIZER_MESSAGES = (
    'EOL while scanning string literal', 'EOF while scanning triple-quoted string literal',
    'unindent does not match any outer indentation level',
    'inconsistent use of tabs and spaces in indentation', 'too many levels of indentation',
    'invalid character in identifier', 'unexpected character after line continuation character',
    'invalid hexadecimal literal', 'invalid octal literal', 'invalid binary literal',
    'invalid decimal literal', 'invalid digit', 'leading zeros in decimal integer',
    'unmatched', 'closing parenthesis', 'too many nested parentheses', 'unknown encoding',
    'encoding problem', 'is not a text encoding', "codec can't decode",
    'source code string cannot contain null bytes')


def is_tokenizer_error(details: List[Any]) -> bool:
    """Whether a rejection (error_details) comes from CPython's tokenizer."""
    message = str(details[1])
    return any(part in message for part in TOKENIZER_MESSAGES) and \
        not message.startswith('(unicode error)')


def stage_scan(job: Job, data: bytes) -> Outcome:
    theirs = shared_oracle().ask({'op': 'scan', 'path': job.path})
    real = theirs['rejected']
    if real is not None:
        # Rejected: a tokenizer error must be ours too; else scan() must not raise.
        try:
            scan_leaves(data, job.path)
            ours = None
        except (SyntaxError, ValueError) as error:
            ours = error_details(error)
        expected = real if is_tokenizer_error(real) else None
        identical = ours == expected or (ours == real and real[1] == 'invalid syntax')
        return Outcome(job.label, True, identical,
                       '' if identical else 'ours %r, 3.8 %r' % (ours, real))
    if theirs['leaves'] is None:        # not UTF-8: 3.8's parser module cannot show it
        return Outcome(job.label, False, True, '')
    real = [[kind, '' if kind in STRUCTURAL else string, line,
             -1 if kind in (5, 6, 0) else col] for kind, string, line, col in theirs['leaves']]
    try:
        ours = scan_leaves(data, job.path)
    except (SyntaxError, ValueError) as error:
        return Outcome(job.label, False, False, 'ours rejected: %r' % (error_details(error),))
    if ours == real:
        return Outcome(job.label, False, True, '')
    for index, (mine, leaf) in enumerate(zip(ours, real)):
        if mine != leaf:
            return Outcome(job.label, False, False,
                           'token %d: ours %r, 3.8 %r' % (index, mine, leaf))
    return Outcome(job.label, False, False, 'ours %d tokens, 3.8 %d' % (len(ours), len(real)))


def _compare_rejection(job: Job, ours: Optional[List[Any]], theirs: Optional[List[Any]],
                       crash: Optional[str]) -> Optional[Outcome]:
    """The outcome when either side rejects the source; None when both accept."""
    if crash is not None:
        return Outcome(job.label, theirs is not None, False, crash, crashed=True,
                       same_decision=False)
    if theirs is None and ours is None:
        return None
    identical = ours == theirs
    detail = '' if identical else 'ours %r, 3.8 %r' % (ours, theirs)
    return Outcome(job.label, theirs is not None, identical, detail,
                   same_decision=(ours is None) == (theirs is None))


def _our_ast(data: bytes, path: str) -> Tuple[Optional[str], Optional[List[Any]], Optional[str]]:
    """(dump, rejection, crash) of pipeline.parse on the source."""
    try:
        import pipeline
        tree = pipeline.parse(data, path)
        return pipeline.dump(tree, include_attributes=True), None, None
    except (SyntaxError, ValueError) as error:
        return None, error_details(error), None
    except Exception as error:  # reported as a crash, never hidden
        return None, None, _crash(error)


def stage_ast(job: Job, data: bytes) -> Outcome:
    dump, rejection, crash = _our_ast(data, job.path)
    request = {'op': 'ast', 'path': job.path} if job.data is None else \
        {'op': 'ast', 'path': job.path, 'hex': data.hex()}
    theirs = shared_oracle().ask(request)
    outcome = _compare_rejection(job, rejection, theirs['rejected'], crash)
    if outcome is not None:
        return outcome
    if dump == theirs['dump']:
        return Outcome(job.label, False, True, '')
    real = theirs['dump']
    at = next((i for i, (a, b) in enumerate(zip(dump, real)) if a != b), min(len(dump), len(real)))
    return Outcome(job.label, False, False, 'dump differs at %d: ours ...%s..., 3.8 ...%s...' % (
        at, dump[max(0, at - 60):at + 60], real[max(0, at - 60):at + 60]))


def stage_mutants(job: Job, data: bytes) -> Outcome:
    """Front-end decision and error details on a mutated source (tests.mutants)."""
    dump, rejection, crash = _our_ast(data, job.path)
    theirs = shared_oracle().ask({'op': 'mutants', 'path': job.path, 'hex': data.hex()})
    real = theirs['rejected']
    if crash is not None:
        return Outcome(job.label, real is not None, False, crash, crashed=True,
                       same_decision=False)
    if rejection is not None and rejection[0] == 'ValueError' and (
            real is None or real[0] != 'ValueError'):
        return Outcome(job.label, real is not None, False,
                       'ours raised ValueError %r, 3.8 %r' % (rejection, real), crashed=True,
                       same_decision=False)
    same_decision = (rejection is None) == (real is None)
    identical = rejection == real
    detail = '' if identical else 'ours %r, 3.8 %r' % (rejection, real)
    return Outcome(job.label, real is not None, identical, detail, same_decision=same_decision)


def stage_code(job: Job, data: bytes) -> Outcome:
    rejection = crash = blob = None
    try:
        import pipeline
        code = pipeline.compile(data, job.path, 'exec')
        blob = pipeline.marshal_dumps(code).hex()
    except (SyntaxError, ValueError) as error:
        rejection = error_details(error)
    except Exception as error:  # reported as a crash, never hidden
        crash = _crash(error)
    theirs = shared_oracle().ask({'op': 'code', 'path': job.path, 'marshal': blob})
    outcome = _compare_rejection(job, rejection, theirs['rejected'], crash)
    if outcome is not None:
        return outcome
    difference = theirs.get('difference')
    return Outcome(job.label, False, difference is None, difference or '')


_FROZENSET = re.compile(r'frozenset\(\{([^{}()]*)\}\)')


def normalize_dis(text: str) -> str:
    """dis text with code addresses masked and frozenset items sorted: set order follows
    the per-process string hash, which differs between any two runs."""
    text = re.sub('0x[0-9a-f]+', '0x?', text)
    return _FROZENSET.sub(lambda m: 'frozenset({%s})' % ', '.join(sorted(m.group(1).split(', '))),
                          text)


def stage_dis(job: Job, data: bytes) -> Outcome:
    rejection = crash = text = None
    try:
        import pipeline
        pipeline.compile(data, job.path, 'exec')
        from pipeline.dis import main as dis_main
        out = io.StringIO()
        dis_main([job.path], file=out)
        text = normalize_dis(out.getvalue())
    except (SyntaxError, ValueError) as error:
        rejection = error_details(error)
    except Exception as error:  # reported as a crash, never hidden
        crash = _crash(error)
    theirs = shared_oracle().ask({'op': 'dis', 'path': job.path})
    outcome = _compare_rejection(job, rejection, theirs['rejected'], crash)
    if outcome is not None:
        return outcome
    real_text = normalize_dis(theirs['text'])
    if text == real_text:
        return Outcome(job.label, False, True, '')
    ours_lines, real_lines = text.splitlines(), real_text.splitlines()
    for number, (a, b) in enumerate(zip(ours_lines, real_lines), 1):
        if a != b:
            return Outcome(job.label, False, False, 'line %d: ours %r, 3.8 %r' % (number, a, b))
    return Outcome(job.label, False, False, 'ours %d lines, 3.8 %d' % (len(ours_lines),
                                                                     len(real_lines)))


RUNNERS = {'tokens': stage_tokens, 'scan': stage_scan, 'ast': stage_ast, 'code': stage_code,
           'dis': stage_dis,
           'mutants': stage_mutants}


def run_job(job: Job) -> Outcome:
    """Evaluate one job in this process (the oracle process is per worker)."""
    try:
        data = job.data
        if data is None:
            with open(job.path, 'rb') as handle:
                data = handle.read()
        return RUNNERS[job.stage](job, data)
    except Exception as error:  # the harness itself failed on this job: report it
        return Outcome(job.label, False, False, 'harness error: %s' % _crash(error),
                       crashed=True, same_decision=False)


# --- corpus, jobs, progress, report ---------------------------------------------------

def stdlib_files() -> List[str]:
    """Every .py of the oracle's Lib/ (test/ included, site-packages excluded)."""
    root = oracle_stdlib()
    if root is None:
        return []
    return python_files([root])


def python_files(paths: List[str]) -> List[str]:
    found = []
    for path in paths:
        if os.path.isdir(path):
            for folder, folders, files in os.walk(path):
                folders[:] = sorted(f for f in folders if f != 'site-packages')
                found.extend(os.path.join(folder, f) for f in sorted(files) if f.endswith('.py'))
        else:
            found.append(path)
    return found


def make_jobs(stage: str, paths: List[str], limit: Optional[int]) -> List[Job]:
    if stage == 'mutants':
        from tests.mutants import generate_mutants
        jobs = [Job('mutants', label, path, data)
                for label, path, data in generate_mutants(paths, limit or 1000)]
    else:
        jobs = [Job(stage, path, path, None) for path in paths]
    return jobs[:limit] if limit else jobs


def run_jobs(jobs: List[Job], processes: int, progress: bool = True) -> Iterator[Outcome]:
    """Outcomes in completion order, with a progress bar on stderr."""
    start = time.time()
    total = len(jobs)
    last = 0.0

    def show(done: int) -> None:
        nonlocal last
        now = time.time()
        if progress and (now - last > 0.2 or done == total):
            last = now
            width = 40
            filled = width * done // max(total, 1)
            rate = done / max(now - start, 1e-9)
            sys.stderr.write('\r[%s%s] %d/%d  %.1f/s ' % ('#' * filled, '.' * (width - filled),
                                                          done, total, rate))
            if done == total:
                sys.stderr.write('\n')
            sys.stderr.flush()

    if processes <= 1:
        for done, job in enumerate(jobs, 1):
            yield run_job(job)
            show(done)
        return
    context = multiprocessing.get_context('spawn' if sys.platform == 'win32' else 'fork')
    with context.Pool(processes) as pool:
        for done, outcome in enumerate(pool.imap_unordered(run_job, jobs, chunksize=4), 1):
            yield outcome
            show(done)


def report(stage: str, outcomes: List[Outcome], show: int, out=None) -> Dict[str, Any]:
    """Print the summary; returns the figures."""
    out = sys.stdout if out is None else out
    accepted = [o for o in outcomes if not o.rejected]
    rejected = [o for o in outcomes if o.rejected]
    same_accepted = sum(o.identical for o in accepted)
    same_rejected = sum(o.identical for o in rejected)
    figures = {'files': len(outcomes), 'accepted': len(accepted),
               'accepted_identical': same_accepted, 'rejected': len(rejected),
               'rejected_identical': same_rejected}
    unit = 'mutants' if stage == 'mutants' else 'files'
    print('stage %s: %d %s, %d accepted by CPython 3.8, %d rejected' % (
        stage, len(outcomes), unit, len(accepted), len(rejected)), file=out)
    print('  accepted: %d/%d identical (%.2f%%)' % (
        same_accepted, len(accepted), 100.0 * same_accepted / max(len(accepted), 1)), file=out)
    print('  rejected: %d/%d rejected identically (class, msg, lineno, offset) (%.2f%%)' % (
        same_rejected, len(rejected), 100.0 * same_rejected / max(len(rejected), 1)), file=out)
    if stage == 'mutants':
        total = max(len(outcomes), 1)
        no_crash = sum(not o.crashed for o in outcomes)
        decision = sum(o.same_decision for o in outcomes)
        identical = sum(o.identical for o in outcomes)
        figures.update(no_crash=no_crash, same_decision=decision, identical=identical)
        print('  only SyntaxError/ValueError as CPython: %.2f%% (%d/%d)' % (
            100.0 * no_crash / total, no_crash, len(outcomes)), file=out)
        print('  same accept/reject decision:          %.2f%% (%d/%d)' % (
            100.0 * decision / total, decision, len(outcomes)), file=out)
        print('  identical details:                    %.2f%% (%d/%d)' % (
            100.0 * identical / total, identical, len(outcomes)), file=out)
    differing = sorted((o for o in outcomes if not o.identical), key=lambda o: o.label)
    if differing and show:
        print('first %d differences:' % min(show, len(differing)), file=out)
        for outcome in differing[:show]:
            print('  %s: %s' % (outcome.label, outcome.detail[:400]), file=out)
    return figures


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog='python -m tests.corpus', description=__doc__.split(
        '\n')[0])
    parser.add_argument('stage', choices=STAGES)
    parser.add_argument('paths', nargs='*', help='files or folders (default: 3.8 stdlib)')
    parser.add_argument('-j', '--jobs', type=int, default=2, help='worker processes')
    parser.add_argument('--limit', type=int, help='at most this many files (or mutants)')
    parser.add_argument('--show', type=int, default=10, help='differences to print')
    args = parser.parse_args(argv)
    if oracle_python() is None:
        print(REASON, file=sys.stderr)
        return 2
    paths = python_files(args.paths) if args.paths else stdlib_files()
    if args.stage == 'mutants' and not args.paths:
        from tests.mutants import default_sources
        paths = default_sources()
    jobs = make_jobs(args.stage, paths, args.limit)
    outcomes = list(run_jobs(jobs, args.jobs))
    figures = report(args.stage, outcomes, args.show)
    return 0 if figures['accepted_identical'] == figures['accepted'] else 1


if __name__ == '__main__':
    sys.exit(main())
