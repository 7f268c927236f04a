"""Tokenizer pass: source text to CPython 3.8's token stream."""
from .tokens import tok_name, EXACT_TOKEN_TYPES  # noqa: F401
