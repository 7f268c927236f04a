"""Random string literals (every prefix, quotes, escapes, braces, expressions) vs CPython 3.8.

A fixed seed keeps the cases stable; each source's literal nodes or literal error must equal
the oracle's.  Errors the tokenizer or grammar raise (not literal errors) are skipped.
"""
import random
import warnings

import pytest

from tests.literals_harness import describe, literal_nodes, oracle_literal_nodes

PIECES = ['{', '}', '{{', '}}', 'x', ' ', '!r', '!', ':', '=', '\\', '\\n', '\\x4', '\\d',
          '\\N{EURO SIGN}', '\\N{', '#', '(', ')', '[', ']', "'", '"', '\u00e9', 'a', '<', '>',
          '!=', '==', '1', '{x}', '{y!r}', '{z:>{w}}', 'N', '\n', '{a.b}', '{a\n.b}', '{f(\n1)}',
          '{a +\nb}', '{\u00e9}', '{"\u00e9"}', '{x:{y}}', '{ {1:2}[1] }', '{"a" "b"}',
          '{f"{q}"}', '{x = }', '{a!=b}', '{[a,\n b]}', '{(a\n)}', '{"""x"""}']
PREFIXES = ['f', 'F', 'rf', 'fR', '', 'u', 'U', 'b', 'rb', 'Br', 'r']
QUOTES = ["'", '"', "'''", '"""']
FIRST = ["'a'", "u'b'", "f'{q}'", "b'c'"]


def random_sources(seed: int, count: int) -> list:
    rng = random.Random(seed)
    sources = []
    for _ in range(count):
        quote = rng.choice(QUOTES)
        body = ''.join(rng.choice(PIECES) for _ in range(rng.randint(0, 7)))
        if len(quote) == 1:
            body = body.replace('\n', '')
        literal = rng.choice(PREFIXES) + quote + body + quote
        if rng.random() < 0.3:
            sources.append('x = (' + rng.choice(FIRST) + '\n   ' + literal + ')')
        else:
            sources.append('x = ' + literal)
    return sources


@pytest.mark.parametrize('seed', [11, 12])
def test_random_literals_match_oracle(oracle, seed):
    from tests.astbridge import oracle_ast_many
    sources = random_sources(seed, 400)
    mismatches = []
    for source, expected in zip(sources, oracle_ast_many(sources, '<unknown>', errors=True)):
        if isinstance(expected, SyntaxError) and expected.filename == '<unknown>' and (
                expected.text is not None or expected.msg.startswith('cannot assign')):
            continue        # the tokenizer's or the grammar's error, not a literal's
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            ours = literal_nodes(source)
        if isinstance(expected, SyntaxError):
            errors = [value for value in ours.values() if isinstance(value, SyntaxError)]
            got = describe(errors[0]) if errors else 'no error'
            if got != describe(expected):
                mismatches.append((source, got, describe(expected)))
            continue
        theirs = oracle_literal_nodes(expected)
        for key, value in ours.items():
            if describe(value) != describe(theirs.get(key)):
                mismatches.append((source, describe(value), describe(theirs.get(key))))
    assert mismatches == []
