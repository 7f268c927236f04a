"""A lexer for a small configuration language using a master regex with named groups."""
import re

TOKEN_SPEC = [
    ('NUMBER', r'\d+(?:\.\d*)?'),
    ('STRING', r'"(?:[^"\\]|\\.)*"'),
    ('ID', r'[A-Za-z_][A-Za-z0-9_]*'),
    ('OP', r'[=+\-*/{}\[\],;]'),
    ('NEWLINE', r'\n'),
    ('SKIP', r'[ \t]+|#[^\n]*'),
    ('MISMATCH', r'.'),
]
MASTER = re.compile('|'.join('(?P<%s>%s)' % pair for pair in TOKEN_SPEC))
KEYWORDS = {'section', 'end', 'true', 'false'}


class LexError(Exception):
    pass


def lex(text):
    line, line_start = 1, 0
    for match in MASTER.finditer(text):
        kind, value = match.lastgroup, match.group()
        column = match.start() - line_start + 1
        if kind == 'NEWLINE':
            line, line_start = line + 1, match.end()
            continue
        if kind == 'SKIP':
            continue
        if kind == 'MISMATCH':
            raise LexError('%d:%d unexpected %r' % (line, column, value))
        if kind == 'ID' and value in KEYWORDS:
            kind = value.upper()
        elif kind == 'NUMBER':
            value = float(value) if '.' in value else int(value)
        elif kind == 'STRING':
            value = re.sub(r'\\(.)', r'\1', value[1:-1])
        yield kind, value, line, column


SOURCE = '''section server  # main block
  host = "example.org"
  port = 8080
  ratio = 0.75
  tags = ["a", "b \\"quoted\\""]
end
'''
for token in lex(SOURCE):
    print(token)
try:
    list(lex('x = 1\ny = @'))
except LexError as exc:
    print('LexError', exc)
print(re.findall(r'(\w+)=(\d+)', 'a=1, b=22, c=x'), re.split(r'[,;]\s*', 'a, b;c'))
print(re.sub(r'(?P<word>\b\w)', lambda m: m.group('word').upper(), 'make title case'))
print(bool(re.fullmatch(r'[0-9a-f]{8}', 'deadbeef')), re.search(r'(?<=@)\w+', 'me@host').group())
print(re.compile(r'(a)(b)?').match('ac').groups(), re.escape('1+1=2'))
