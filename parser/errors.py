"""SyntaxErrors as CPython 3.8 builds them: source line lookup and the print/exec hint."""
from typing import Optional


def program_text(filename: str, lineno: int) -> Optional[str]:
    """Line `lineno` of the file `filename`, as PyErr_ProgramTextObject (None if unreadable)."""
    if not filename or lineno < 1 or filename.startswith('<'):
        return None
    try:
        with open(filename, 'rb') as handle:
            for number, raw in enumerate(handle, 1):
                if number == lineno:
                    return raw.decode('utf-8')
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    return None


def _legacy_statement(text: str, start: int) -> Optional[str]:
    """As _check_for_legacy_statements: the message for `print x` / `exec x`, if any."""
    length = len(text)
    while start < length and text[start].isspace():
        start += 1
    if start == length:
        return None
    if text.startswith('print ', start):
        # as _set_legacy_print_statement_msg
        end = text.find(';', start + 6)
        if end == -1:
            end = length
        data = text[start + 6:end].strip(' \t\r\n')
        end_arg = ' end=" "' if data.endswith(',') else ''
        return "Missing parentheses in call to 'print'. Did you mean print(%s%s)?" % (
            data, end_arg)
    if text.startswith('exec ', start):
        return "Missing parentheses in call to 'exec'"
    return None


def legacy_message(msg: str, text: Optional[str]) -> str:
    """SyntaxError_init's _report_missing_parentheses: msg, or the print/exec hint."""
    if not isinstance(text, str) or '(' in text:
        return msg
    hint = _legacy_statement(text, 0)
    if hint is None:
        colon = text.find(':')
        if colon >= 0:
            hint = _legacy_statement(text, colon + 1)
    return hint if hint is not None else msg


def syntax_error(cls: type, msg: str, filename: str, lineno: Optional[int],
                 offset: Optional[int], text: Optional[str]) -> SyntaxError:
    """`cls(msg, (filename, lineno, offset, text))` with 3.8's constructor behaviour."""
    if cls is SyntaxError:
        msg = legacy_message(msg, text)
    return cls(msg, (filename, lineno, offset, text))


def as_38(error: SyntaxError) -> SyntaxError:
    """Re-make a SyntaxError raised by another pass the way 3.8's constructor would."""
    if type(error) is SyntaxError and isinstance(error.text, str):
        msg = legacy_message(error.msg, error.text)
        if msg != error.msg:
            return SyntaxError(msg, (error.filename, error.lineno, error.offset, error.text))
    return error
