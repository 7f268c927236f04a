"""The interactive loop of `python -m pipeline.run` with no FILE: 3.8's REPL over our compiler and VM.

Each statement is compiled in mode 'single' (expression values go through sys.displayhook),
`... ` continuation lines are read while the input is incomplete (decided as 3.8's
codeop does: compare the errors of source, source+newline and source+2 newlines), and
errors are printed in 3.8's format without leaving the loop. Prompts go to stderr.
`python -m pipeline.run -` instead runs all of stdin as one script.
"""
import os
import sys
from typing import Optional

from . import traceback_format
from .vm import hostbuiltins

hostbuiltins.bind(globals())   # the host's builtins, whatever the statements rebind

BANNER = 'Python 3.8.18 (pipeline: our compiler and VM, on %s %s) on %s\n' \
         'Type "help", "copyright", "credits" or "license" for more information.\n' % (
             sys.implementation.name, '.'.join(map(str, sys.version_info[:3])), sys.platform)


def _only_blank_or_comments(source: str) -> bool:
    return all(not line.strip() or line.strip().startswith('#') for line in source.split('\n'))


def maybe_compile(compile_source, source: str, filename: str = '<stdin>'):
    """A code object, None if more input is needed, or raises SyntaxError (codeop._maybe_compile)."""
    if _only_blank_or_comments(source):
        source = 'pass'
    try:
        return compile_source(source, filename, 'single')
    except SyntaxError:
        pass
    code1 = error1 = error2 = None
    try:
        code1 = compile_source(source + '\n', filename, 'single')
    except SyntaxError as exc:
        error1 = exc
    try:
        compile_source(source + '\n\n', filename, 'single')
    except SyntaxError as exc:
        error2 = exc
    if code1 is None and error1 is not None and _same_error(error1, error2):
        raise error1
    return None


def _same_error(first: SyntaxError, second: Optional[SyntaxError]) -> bool:
    return second is not None and type(first) is type(second) and first.args == second.args


COMPOUND_KEYWORDS = ('if', 'while', 'for', 'try', 'with', 'def', 'class', 'async', '@')


def _starts_block(line: str) -> bool:
    """True if `line` opens a compound statement, which only an empty line ends in the REPL."""
    stripped = line.strip()
    word = stripped.split(None, 1)[0] if stripped else ''
    return stripped.endswith(':') or word.startswith('@') or word.rstrip(':') in COMPOUND_KEYWORDS


def _reject_dedented_statement(compile_source, source: str, lineno: int) -> None:
    """A line at column 0 after a block's body: 3.8's interactive parser fails at once when it
    starts a new statement (an error on that very line), not when the block ends."""
    try:
        compile_source(source + '\n', '<stdin>', 'single')
    except SyntaxError as exc:
        if exc.lineno == lineno and exc.msg != 'unexpected EOF while parsing':
            raise


def _prompt(text: str) -> None:
    sys.stderr.write(text)
    sys.stderr.flush()


def _line_editing() -> bool:
    """On a terminal, lines come through GNU readline when the host has it (editing, history),
    as 3.8's PyOS_Readline; otherwise prompts go to stderr and lines are read plainly."""
    try:
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            return False
        import readline  # noqa: F401  (input() uses it once imported)
    except (ImportError, AttributeError, ValueError):
        return False
    return True


def _read_line(prompt: str) -> str:
    """One line with its newline, '' at EOF."""
    if _line_editing():
        try:
            return input(prompt) + '\n'
        except EOFError:
            return ''
    _prompt(prompt)
    return sys.stdin.readline()


def read_statement(compile_source):
    """Read lines until they form a statement: its code, '' for an empty line, None at EOF.

    Raises SyntaxError for input that can never become valid.
    """
    lines = []
    while True:
        line = _read_line(str(getattr(sys, 'ps2', '... ') if lines else getattr(sys, 'ps1', '>>> ')))
        if not line:
            if not lines:
                return None
            return compile_source(''.join(lines) + '\n', '<stdin>', 'single')
        if not lines and not line.strip():
            return ''
        lines.append(line)
        source = ''.join(lines)
        if _starts_block(lines[0]):
            if len(lines) > 1 and line[:1] not in (' ', '\t', '\n', '\r', '#'):
                _reject_dedented_statement(compile_source, source, len(lines))
            if len(lines) == 1 or line.strip():
                if len(lines) == 1:
                    maybe_compile(compile_source, source.rstrip('\n'))  # raises if hopeless
                continue
            return compile_source(source, '<stdin>', 'single')
        code = maybe_compile(compile_source, source.rstrip('\n'))
        if code is not None:
            return code


def run(runner, interactive: bool = True) -> int:
    """Run the REPL (interactive) or all of stdin as a script; the exit status."""
    sys.argv[:] = [''] if interactive else (runner.options.args or ['-'])
    sys.path[0:1] = ['']
    if not interactive:
        data = sys.stdin.buffer.read() if hasattr(sys.stdin, 'buffer') else sys.stdin.read()
        if isinstance(data, str):
            data = data.encode('utf-8')
        code = runner.compile_main(data, '<stdin>')
        if code is None:
            return 1
        runner.install_importer([os.getcwd()])
        return runner.execute(code, runner.make_main('<stdin>').__dict__)
    runner.install_importer([os.getcwd()])
    main = runner.make_main(None)
    sys.ps1, sys.ps2 = '>>> ', '... '
    sys.stderr.write(BANNER)   # (3.8 prints it with -i too, stdin a terminal or not)
    try:
        return _loop(runner, main)
    finally:
        runner.print_stats()


def _loop(runner, main) -> int:
    """Read, compile and run statements until EOF or SystemExit; the exit status."""
    while True:
        try:
            code = read_statement(runner.compile_source)
        except SyntaxError as exc:
            exc.__traceback__ = None
            traceback_format.print_exception(exc)
            continue
        except KeyboardInterrupt:
            sys.stderr.write('\nKeyboardInterrupt\n')
            continue
        if code is None:
            sys.stderr.write('\n')   # as the 3.8 REPL does at EOF
            return 0
        if code == '':
            continue
        try:
            runner.run_with_tools(code, main.__dict__)
        except SystemExit as exc:
            return runner.exit_status_of_system_exit(exc)
        except BaseException as exc:   # the program's error: shown, and the loop goes on
            try:
                sys.stdout.flush()
            except Exception:
                pass
            runner.report_uncaught(exc)
