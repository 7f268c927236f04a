"""Tokenizer pass: source text to CPython 3.8's token stream.

Two faces:
  tokenize(source)       Lib/tokenize.py's TokenInfo stream (bytes: as tokenize.tokenize,
                         ENCODING first; str: as tokenize.generate_tokens), pyscan.py.
  scan(text, filename)   what Parser/tokenizer.c hands the parser (NAME, NUMBER, STRING,
                         exact OP types, ASYNC/AWAIT, NEWLINE, INDENT, DEDENT, ENDMARKER)
                         as Token records, raising compile()'s tokenizer errors; cscan.py.
  parse_error(token, filename, expected_indent)   the SyntaxError compile() raises when
                         the parser rejects `token`.
  decode_source(data, filename)   compile()'s reading of source bytes (BOM, PEP 263).
"""
from .tokens import tok_name, EXACT_TOKEN_TYPES, Token, TokenError  # noqa: F401
from .cscan import scan, parse_error  # noqa: F401
from .source import decode_source  # noqa: F401

# The Lib/tokenize.py face, imported on first use: compiling (the parser reads scan())
# never needs its regexes, and pipeline.run's start-up should not build them.
_LAZY = {'tokenize', 'generate_tokens', 'detect_encoding'}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        from . import api
        value = getattr(api, name)
        globals()[name] = value
        return value
    if name == 'TokenInfo':
        from . import tokens
        value = tokens.TokenInfo
        globals()[name] = value
        return value
    raise AttributeError('module %r has no attribute %r' % (__name__, name))
