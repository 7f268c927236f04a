"""String prefixes of Python 3.8 and the regular-expression pieces both scanners share."""
import itertools


def all_string_prefixes() -> set:
    """Every valid string prefix in every case and order, plus '' (as Lib/tokenize.py)."""
    result = {''}
    for prefix in ('b', 'r', 'u', 'f', 'br', 'fr'):
        for ordering in itertools.permutations(prefix):
            for cased in itertools.product(*[(c, c.upper()) for c in ordering]):
                result.add(''.join(cased))
    return result


# Longest first so that the regex alternation prefers 'rb' over 'r'.
STRING_PREFIX = '(?:%s)' % '|'.join(sorted(all_string_prefixes(), key=lambda p: (-len(p), p)))

# Tails of a string after its opening quote(s), as Lib/tokenize.py's Single..Double3.
SINGLE_TAIL = r"[^'\\]*(?:\\.[^'\\]*)*'"
DOUBLE_TAIL = r'[^"\\]*(?:\\.[^"\\]*)*"'
SINGLE3_TAIL = r"[^'\\]*(?:(?:\\.|'(?!''))[^'\\]*)*'''"
DOUBLE3_TAIL = r'[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*"""'
