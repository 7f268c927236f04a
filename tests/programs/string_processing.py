"""Text utilities: caesar cipher, run-length encoding, palindromes, anagrams and word wrapping."""
import string
import textwrap
from collections import Counter, defaultdict


def caesar(text, shift):
    table = str.maketrans(string.ascii_lowercase + string.ascii_uppercase,
                          string.ascii_lowercase[shift:] + string.ascii_lowercase[:shift] +
                          string.ascii_uppercase[shift:] + string.ascii_uppercase[:shift])
    return text.translate(table)


def rle_encode(text):
    out, i = [], 0
    while i < len(text):
        j = i
        while j < len(text) and text[j] == text[i]:
            j += 1
        out.append('%d%s' % (j - i, text[i]))
        i = j
    return ''.join(out)


def rle_decode(code):
    out, number = [], ''
    for char in code:
        if char.isdigit():
            number += char
        else:
            out.append(char * int(number))
            number = ''
    return ''.join(out)


def is_palindrome(text):
    cleaned = [c.lower() for c in text if c.isalnum()]
    return cleaned == cleaned[::-1]


secret = caesar('Hello, World!', 3)
print(secret, caesar(secret, 23))
encoded = rle_encode('aaabccddddde')
print(encoded, rle_decode(encoded))
print([p for p in ['A man, a plan, a canal: Panama', 'hello', 'Was it a car or a cat I saw?'] if is_palindrome(p)])
groups = defaultdict(list)
for word in ['listen', 'silent', 'enlist', 'google', 'gooegl', 'cat', 'act', 'tac', 'dog']:
    groups[''.join(sorted(word))].append(word)
print(sorted(group for group in groups.values() if len(group) > 1))
text = 'The quick brown fox jumps over the lazy dog. ' * 3
print(textwrap.fill(text, width=30))
print(textwrap.shorten(text, width=40), '|', textwrap.dedent('    a\n      b\n'), end='|\n')
print(Counter('mississippi').most_common(2), 'Mississippi'.lower().count('ss'))
print('a,b,,c'.split(','), 'a  b \t c'.split(), '  pad  '.strip(), 'x'.join('abc'), 'abc'.partition('b'))
print('Hello'.swapcase(), 'hello world'.title(), 'ß'.upper(), 'İ'.lower().encode('utf-8'), 'ǅ'.istitle())
print(' '.join(w[::-1] for w in 'reverse each word'.split()), 'abcdef'[1:5:2], 'abc' * 3, 'b' in 'abc')
print('{:>10}|{:<10}|'.format('right', 'left'), 'tab\tsep'.split('\t'), 'CamelCaseString'.casefold())
print('résumé'.encode('utf-8'), b'caf\xc3\xa9'.decode('utf-8'), 'naïve'.encode('ascii', 'replace'))
