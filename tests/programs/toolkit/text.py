"""Text helpers."""
import re

_NON_WORD = re.compile(r'[^a-z0-9]+')


def slugify(text):
    return _NON_WORD.sub('-', text.lower()).strip('-')


def title_case(text):
    small = {'a', 'an', 'the', 'of', 'and', 'in'}
    words = text.split()
    out = []
    for index, word in enumerate(words):
        out.append(word if index and word in small else word.capitalize())
    return ' '.join(out)


def parse_number(text):
    try:
        return int(text)
    except ValueError:
        raise ValueError('not a number: %r' % text) from None
