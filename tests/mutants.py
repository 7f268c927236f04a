"""Mutated stdlib sources (fixed seed) for checking the front end's errors against 3.8.

Operators: drop a character, insert a stray one, break an indentation, truncate,
unclose a bracket, unclose a quote.  `generate_mutants` is deterministic for given paths.
"""
import os
import random
from typing import Callable, Dict, List, Optional, Tuple

from tests.oracle import oracle_stdlib

SEED = 3808
STRAY = ['"', "'", '(', ')', '[', ']', '{', '}', ':', '\t', '\\', 'é', '€', '¬', '\x00', '$',
         '?',
         '!', ' ', '\n', '#', '0', '.', ',', '=', '\x0c', '\r', '"""', "'''", '0x', '1_', 'async ']
SMALL = 2500           # bytes: prefer small files to keep runs quick


def _drop(text: str, rng: random.Random) -> Tuple[str, str]:
    pos = rng.randrange(len(text))
    return text[:pos] + text[pos + 1:], 'drop@%d' % pos


def _insert(text: str, rng: random.Random) -> Tuple[str, str]:
    pos = rng.randrange(len(text) + 1)
    stray = rng.choice(STRAY)
    return text[:pos] + stray + text[pos:], 'insert%r@%d' % (stray, pos)


def _break_indent(text: str, rng: random.Random) -> Tuple[str, str]:
    lines = text.splitlines(keepends=True)
    indented = [i for i, line in enumerate(lines) if line[:1] in (' ', '\t') and line.strip()]
    if not indented:
        return _drop(text, rng)
    index = rng.choice(indented)
    line = lines[index]
    how = rng.randrange(4)
    if how == 0:
        line = ' ' + line
    elif how == 1:
        line = line[1:]
    elif how == 2:
        line = '\t' + line.lstrip(' ')
    else:
        line = line.lstrip()
    lines[index] = line
    return ''.join(lines), 'indent%d@line%d' % (how, index + 1)


def _truncate(text: str, rng: random.Random) -> Tuple[str, str]:
    pos = rng.randrange(len(text))
    return text[:pos], 'truncate@%d' % pos


def _remove_one_of(chars: str, name: str) -> Callable[[str, random.Random], Tuple[str, str]]:
    def mutate(text: str, rng: random.Random) -> Tuple[str, str]:
        positions = [i for i, char in enumerate(text) if char in chars]
        if not positions:
            return _drop(text, rng)
        pos = rng.choice(positions)
        return text[:pos] + text[pos + 1:], '%s@%d' % (name, pos)
    return mutate


OPERATORS: Dict[str, Callable[[str, random.Random], Tuple[str, str]]] = {
    'drop': _drop, 'insert': _insert, 'indent': _break_indent, 'truncate': _truncate,
    'unclose_bracket': _remove_one_of(')]}', 'unclose'),
    'unclose_quote': _remove_one_of('\'"', 'unquote'),
}


def default_sources(limit: int = 200) -> List[str]:
    """Small stdlib files (sorted, deterministic): the default mutation corpus."""
    root = oracle_stdlib()
    if root is None:
        return []
    found = []
    for folder, folders, files in os.walk(root):
        folders[:] = sorted(f for f in folders if f not in ('site-packages', 'lib2to3'))
        for name in sorted(files):
            path = os.path.join(folder, name)
            if name.endswith('.py') and 200 < os.path.getsize(path) <= SMALL:
                found.append(path)
    rng = random.Random(SEED)
    rng.shuffle(found)
    return sorted(found[:limit])


def generate_mutants(paths: List[str], count: int,
                     seed: int = SEED) -> List[Tuple[str, str, bytes]]:
    """`count` mutants (label, path, source bytes), spread evenly over `paths`."""
    texts = []
    for path in paths:
        try:
            with open(path, 'rb') as handle:
                texts.append((path, handle.read().decode('utf-8')))
        except (OSError, UnicodeDecodeError):
            continue
    texts = [(path, text) for path, text in texts if text]
    if not texts:
        return []
    rng = random.Random(seed)
    names = sorted(OPERATORS)
    mutants = []
    for number in range(count):
        path, text = texts[number % len(texts)]
        name = names[number % len(names)]
        mutated, where = OPERATORS[name](text, rng)
        mutants.append(('%s#%d:%s' % (path, number, where), path, mutated.encode('utf-8')))
    return mutants


def mutant_sources(count: int = 500, paths: Optional[List[str]] = None
                   ) -> List[Tuple[str, str, bytes]]:
    """The mutants tests and the corpus stage use by default."""
    return generate_mutants(paths if paths is not None else default_sources(), count)
