"""CPython 3.8's display of an uncaught exception, byte for byte, on any host.

Mirrors Python/pythonrun.c (`print_exception_recursive`, `print_exception`,
`parse_syntax_error`, `print_error_text`) and Python/traceback.c
(`tb_printinternal`, `_Py_DisplaySourceLine`): the C code the interpreter uses
for uncaught exceptions, which differs from 3.8's traceback.py (it prefixes
`__main__.` to class names and keeps trailing blanks of source lines). The host's
own `traceback` module is not used, since 3.11+ adds caret lines.
"""
import builtins
import os
import sys
import threading
import types
from typing import Iterator, List, Optional, Sequence, Set, TextIO, Tuple
from .vm import hostbuiltins, stack
from .vm.compat import raw_tb_lasti, tb_frame_code   # (unheard by the program's audit hooks)

# The host's builtins, whatever a program rebinds; and no import statement in a function, which
# would call a rebound builtins.__import__ (3.8's printer is C)
hostbuiltins.bind(globals())

CAUSE_MESSAGE = '\nThe above exception was the direct cause of the following exception:\n\n'
CONTEXT_MESSAGE = '\nDuring handling of the above exception, another exception occurred:\n\n'
TB_RECURSIVE_CUTOFF = 3   # traceback.c: identical lines shown before "[Previous line repeated]"
DEFAULT_TRACEBACK_LIMIT = 1000

_PACKAGE_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_MACHINERY_DIRS = tuple(os.path.join(_PACKAGE_ROOT, name) + os.sep
                        for name in ('vm', 'pipeline', 'compiler', 'parser', 'tokenizer'))

Entry = Tuple[str, int, str]   # (filename, lineno, function name)


def _is_machinery(filename: str) -> bool:
    """True for frames of our own VM/driver code, which CPython would not show."""
    if not filename:
        return False
    program_builtins = hostbuiltins.take_back()   # (os.path: host library code)
    try:
        return os.path.abspath(filename).startswith(_MACHINERY_DIRS)
    finally:
        hostbuiltins.give_back(program_builtins)


def is_machinery_code(code) -> bool:
    """True for the code of our driver/VM or of the host's importlib bootstrap."""
    filename = code.co_filename
    return filename.startswith('<frozen importlib._bootstrap') or _is_machinery(filename)


def program_traceback(tb):
    """`tb` rebuilt without machinery frames: what the program's own excepthook should see."""
    entries = []
    while tb is not None:
        frame, code = tb_frame_code(tb)
        if not is_machinery_code(code):
            entries.append((frame, raw_tb_lasti(tb), tb.tb_lineno))   # (a VM entry's own: negative)
        tb = tb.tb_next
    rebuilt = None
    for frame, lasti, lineno in reversed(entries):
        rebuilt = types.TracebackType(rebuilt, frame, lasti, lineno)
    return rebuilt


def extract_entries(tb) -> List[Entry]:
    """(filename, lineno, name) of each traceback entry, dropping VM machinery frames."""
    entries = []
    while tb is not None:
        code = tb_frame_code(tb)[1]
        if not is_machinery_code(code):
            entries.append((code.co_filename, tb.tb_lineno, code.co_name))
        tb = tb.tb_next
    return entries


def source_line(filename: str, lineno: int) -> Optional[str]:
    """Line `lineno` of `filename` as traceback.c shows it: indentation removed, newline dropped.
    (linecache and os.path are host library code, run with the host's builtins in place:
    3.8's _Py_DisplaySourceLine is C, which calls none of a program's rebound builtins.)"""
    program_builtins = hostbuiltins.take_back()
    try:
        return _source_line(filename, lineno)
    finally:
        hostbuiltins.give_back(program_builtins)


def _source_line(filename: str, lineno: int) -> Optional[str]:
    import linecache
    line = linecache.getline(filename, lineno)
    if not line:
        # as _Py_FindSourceFile: a relative name is looked up along sys.path
        if os.path.isabs(filename):
            return None
        for directory in sys.path:
            if not isinstance(directory, str):
                continue
            candidate = os.path.join(directory, filename)
            if os.path.isfile(candidate):
                line = linecache.getline(candidate, lineno)
                break
        if not line:
            return None
    if line.endswith('\n'):
        line = line[:-1]
    return line.lstrip(' \t\014')


def _imports_io() -> bool:
    """Whether 3.8 would go on to show an entry's source line: _Py_DisplaySourceLine first
    imports io by PyImport_Import, which calls the builtins module's __import__ (with globals
    {'__builtins__': builtins} where no frame runs), and shows no line when that fails. Called
    only when a program has replaced it (the host's own import of io is invisible); the lines
    are written as they are made, so what that function prints comes where 3.8's does. Inside
    running code (a __del__'s report) the running frame's globals and their __builtins__."""
    if builtins.__dict__.get('__import__') is hostbuiltins.HOST_IMPORT:
        return True
    loops = stack.running_loops()
    frame = stack.current_frame(loops[0]) if loops else None
    try:
        if frame is None:
            globals_dict = {'__builtins__': builtins}
            importer = builtins.__import__
        else:
            globals_dict = frame.globals
            found = globals_dict['__builtins__']
            importer = found['__import__'] if type(found) is dict else found.__import__
        importer('io', globals_dict, globals_dict, [], 0)
    except BaseException:   # (3.8 clears whatever it was)
        return False
    return 'io' in sys.modules


def _traceback_limit() -> int:
    limit = getattr(sys, 'tracebacklimit', None)
    if isinstance(limit, int):
        return limit
    return DEFAULT_TRACEBACK_LIMIT


def format_entries(entries: List[Entry]) -> Iterator[str]:
    """The lines of a traceback body, as tb_printinternal (with repeated-line collapsing)."""
    limit = _traceback_limit()
    if limit <= 0:
        return
    entries = entries[-limit:] if len(entries) > limit else entries
    last: Optional[Entry] = None
    count = 0
    for entry in entries:
        if last is None or entry != last:
            if count > TB_RECURSIVE_CUTOFF:
                yield '  [Previous line repeated %d more times]\n' % (count - TB_RECURSIVE_CUTOFF)
            last = entry
            count = 0
        count += 1
        if count > TB_RECURSIVE_CUTOFF:
            continue
        filename, lineno, name = entry[:3]
        yield '  File "%s", line %d, in %s\n' % (filename, lineno, name)
        if not _imports_io():
            continue
        line = entry[3] if len(entry) > 3 else source_line(filename, lineno)
        if line is not None:
            yield '    %s\n' % line
    if count > TB_RECURSIVE_CUTOFF:
        yield '  [Previous line repeated %d more times]\n' % (count - TB_RECURSIVE_CUTOFF)


def _error_text(offset: int, text: str) -> Iterator[str]:
    """The source line and caret of a SyntaxError, as print_error_text."""
    if offset >= 0:
        if offset > 0 and offset == len(text) and text[offset - 1] == '\n':
            offset -= 1
        while True:
            newline = text.find('\n')
            if newline < 0 or newline >= offset:
                break
            offset -= newline + 1
            text = text[newline + 1:]
        stripped = text.lstrip(' \t\014')
        offset -= len(text) - len(stripped)
        text = stripped
    yield '    ' + text + ('' if text.endswith('\n') else '\n')
    if offset == -1:
        return
    yield '    ' + ' ' * max(offset - 1, 0) + '^\n'


def _syntax_error_parts(value) -> Optional[Tuple[object, str, int, int, Optional[str]]]:
    """(msg, filename, lineno, offset, text) as parse_syntax_error, or None if unusable."""
    try:
        message = value.msg
        filename = value.filename
        filename = '<string>' if filename is None else str(filename)
        lineno = value.lineno
        if not isinstance(lineno, int):
            return None
        offset = value.offset
        if offset is None:
            offset = -1
        elif not isinstance(offset, int):
            return None
        text = value.text
        if text is not None and not isinstance(text, str):
            return None
    except AttributeError:
        return None
    return message, filename, lineno, offset, text


def _class_label(exc_type: type) -> str:
    """`module.Name`, or just `Name` for builtins, as print_exception (note: `__main__.` kept)."""
    name = exc_type.__name__.rpartition('.')[2]
    module = getattr(exc_type, '__module__', None)
    if not isinstance(module, str):
        return '<unknown>' + name
    if module == 'builtins':
        return name
    return module + '.' + name


def format_exception_only(value: BaseException) -> Iterator[str]:
    """The final line(s) of an uncaught exception's display (SyntaxError's location included)."""
    shown = value
    if hasattr(value, 'print_file_and_line'):
        parts = _syntax_error_parts(value)
        if parts is not None:
            message, filename, lineno, offset, text = parts
            yield '  File "%s", line %d\n' % (filename, lineno)
            if text is not None:
                yield from _error_text(offset, text)
            shown = message
    line = _class_label(type(value))
    if shown is not None:
        try:
            text = str(shown)
        except Exception:
            yield line + ': <exception str() failed>\n'
            return
        if text:
            line += ': ' + text
    yield line + '\n'


def _format_one(value: BaseException, prefix: Sequence[tuple] = ()) -> Iterator[str]:
    tb = value.__traceback__
    if tb is not None or prefix:
        entries = list(prefix) + extract_entries(tb)
        if _traceback_limit() > 0:
            yield 'Traceback (most recent call last):\n'
            yield from format_entries(entries)
    yield from format_exception_only(value)


def format_exception(value: BaseException, prefix: Sequence[tuple] = ()) -> List[str]:
    """All lines CPython 3.8 prints for uncaught `value`, chained exceptions first.

    `prefix`: entries (filename, lineno, name, line) shown above `value`'s own, such as
    the runpy frames CPython shows for `-m`.
    """
    return list(exception_lines(value, prefix))


def exception_lines(value: BaseException, prefix: Sequence[tuple] = ()) -> Iterator[str]:
    """format_exception's lines, made as they are taken (a printer writes each as it comes)."""
    seen: Set[int] = set()
    # print_exception_recursive, unrolled: walk the chain, then print oldest first
    chain: List[Tuple[BaseException, str]] = []
    current: Optional[BaseException] = value
    joiner = ''
    while current is not None:
        seen.add(id(current))
        chain.append((current, joiner))
        cause = current.__cause__
        context = current.__context__
        if cause is not None and id(cause) not in seen:
            current, joiner = cause, CAUSE_MESSAGE
        elif (context is not None and not current.__suppress_context__
              and id(context) not in seen):
            current, joiner = context, CONTEXT_MESSAGE
        else:
            current = None
    for index in range(len(chain) - 1, -1, -1):
        exc, joiner = chain[index]
        yield from _format_one(exc, prefix if index == 0 else ())
        if index:
            yield joiner


def print_exception(value: BaseException, file: Optional[TextIO] = None,
                    prefix: Sequence[tuple] = ()) -> None:
    """Write CPython 3.8's display of uncaught `value` to `file` (default sys.stderr)."""
    stream = sys.stderr if file is None else file
    if stream is None:
        return
    try:
        sys.stdout.flush()
    except Exception:
        pass
    for line in exception_lines(value, prefix):
        stream.write(line)
    try:
        stream.flush()
    except Exception:
        pass


# -- reports of exceptions nobody can catch: __del__, atexit, threads (3.8's texts) -------------

def without_machinery(value: BaseException) -> BaseException:
    """`value` with our own frames (vm/function.py's re-raise, ...) out of its traceback."""
    value.__traceback__ = program_traceback(value.__traceback__)
    return value


def _shown_object(obj: object) -> object:
    """What 3.8 names after "Exception ignored in:": for __del__ the function itself
    (slot_tp_finalize reports the unbound function; a host reports the bound method)."""
    func = getattr(obj, '__func__', None)
    if func is not None and getattr(obj, '__self__', None) is not None and \
            getattr(func, '__name__', None) == '__del__':
        return func
    return obj


def unraisable_hook(report) -> None:
    """sys.unraisablehook in 3.8's words (write_unraisable_exc_file); an atexit callback's
    error as 3.8's atexit_callfuncs prints it (3.11+ hosts report those as unraisable)."""
    stream = sys.stderr
    if stream is None:
        return
    message = report.err_msg
    value = report.exc_value
    if message is not None and message.startswith('Exception ignored in atexit callback'):
        stream.write('Error in atexit._run_exitfuncs:\n')
        if value is not None:
            print_exception(without_machinery(value), stream)
        return
    try:
        sys.stdout.flush()
    except Exception:
        pass
    if report.object is not None:
        try:
            shown = repr(_shown_object(report.object))
        except Exception:
            shown = '<object repr() failed>'
        stream.write('%s: %s\n' % (message or 'Exception ignored in', shown))
    elif message is not None:
        stream.write('%s:\n' % message)
    if value is None:
        value = report.exc_type() if report.exc_type is not None else None
    if value is not None:
        if report.exc_traceback is not None and value.__traceback__ is None:
            value.__traceback__ = report.exc_traceback
        for line in exception_lines(without_machinery(value)):
            stream.write(line)
    stream.flush()


def thread_excepthook(args) -> None:
    """threading.excepthook as 3.8's: "Exception in thread NAME:" and the traceback."""
    if args.exc_type is SystemExit:
        return
    stream = sys.stderr
    if stream is None:
        thread = args.thread
        stream = getattr(thread, '_stderr', None) if thread is not None else None
        if stream is None:
            return
    name = _thread_name_38(args.thread)
    stream.write('Exception in thread %s:\n' % name)
    stream.flush()
    value = args.exc_value if args.exc_value is not None else args.exc_type()
    if args.exc_traceback is not None and value.__traceback__ is None:
        value.__traceback__ = args.exc_traceback
    for line in exception_lines(without_machinery(value)):
        stream.write(line)
    stream.flush()


def _thread_name_38(thread) -> str:
    """The thread's name as 3.8 gave it: 3.10+ hosts add ' (TARGET)' to a default name."""
    if thread is None:
        return str(threading.get_ident())
    program_builtins = hostbuiltins.take_back()   # (re: host library code)
    try:
        import re
        match = re.match(r'(Thread-\d+) \(.*\)$', thread.name)
    finally:
        hostbuiltins.give_back(program_builtins)
    return match.group(1) if match else thread.name
