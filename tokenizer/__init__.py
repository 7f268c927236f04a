"""Tokenizer pass: source text to CPython 3.8's token stream.

Two faces: `tokenize` reproduces Lib/tokenize.py (every token, comments and NL included);
`scan` reproduces what Parser/tokenizer.c hands the parser, with compile()'s errors.
"""
from .tokens import tok_name, EXACT_TOKEN_TYPES, Token, TokenInfo, TokenError  # noqa: F401
from .api import tokenize, generate_tokens, detect_encoding  # noqa: F401
from .cscan import scan, parse_error  # noqa: F401
from .source import decode_source  # noqa: F401
