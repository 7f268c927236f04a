"""Golden data for the tokenizer: what CPython 3.8 makes of CASES (tokenize.tokenize /
generate_tokens, compile() errors, the C tokenizer's tokens as seen in parser.suite's
tree).  `main()` writes tests/golden/tokens/; `oracle_answers()` asks the live oracle."""
import json
import os
import subprocess
import tempfile
from typing import Any, Dict, List

from tests.oracle import oracle_python

HERE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'golden',
                    'tokens')
GOLDEN = os.path.join(HERE, 'cases.json')

OPERATORS = ['!=', '%', '%=', '&', '&=', '(', ')', '*', '**', '**=', '*=', '+', '+=', ',', '-',
             '-=', '->', '.', '...', '/', '//', '//=', '/=', ':', ':=', ';', '<', '<<', '<<=',
             '<=', '=', '==', '>', '>=', '>>', '>>=', '@', '@=', '[', ']', '^', '^=', '{', '|',
             '|=', '}', '~']
PREFIXES = ['b', 'B', 'r', 'R', 'u', 'U', 'f', 'F', 'br', 'bR', 'Br', 'BR', 'rb', 'rB', 'Rb',
            'RB', 'fr', 'fR', 'Fr', 'FR', 'rf', 'rF', 'Rf', 'RF']

# Sources for both faces: the tokenize face (as str and as UTF-8 bytes) and scan.
SOURCES: List[str] = [
    '', 'x', 'x\n', '\n\n', '  \n', '   ', '# c', 'x # c', '# c\nx\n', 'x = 1\n',
    'def f(a, *b, c=1, **d) -> int:\n    return a\n',
    'if x:\n    y\n  z\n', 'if 1:\n  x\n y\n', 'if 1:\n\tx\n        y\n', 'if 1:\n x\n  \n\ty\n',
    'def f():\n  x\n\ty\n', 'if 1:\n        x\n\ty\n', 'def f():\n\tif 1:\n\t        x\n',
    '\fif 1:\n  x\n\f  y\n', 'x = 1\n\x0c\n', 'if 1:\n  x\n  # c\n    # d\n  y\n',
    'x = (1,\n', 'x = (1,\n  2)\n', 'x = [\n 1,\n\n]\n', 'x = {1:\n2}\n', 'x = (1 # c\n , 2)\n',
    'x = 1 + \\\n  2\n', 'x = 1 \\\n', 'x = 1 \\\n\n', 'x\\\n', 'a\\\n\\\n', 'x = \\ 1\n',
    'x \\\r\n + 1\n', '1 +\\\n2\n', 'x = 1 + \\\n  $\n',
    'x = 1\r\ny = 2\r\n', 'x = 1\ry = 2\r', '\r\n\r\nx\r\n', '#\r\r\n', '\rabc\n', '  #x\r\nx\n',
    "'abc'\n", '"abc"\n', "'abc\n", "'''abc\n", "x = '''abc\ndef\n", "x = 1\ny = '''abc\ndef\nghi",
    "x = '''a\nb'''\n", 'x = """a\n\\"""b"""\n', "x = 'a\\\nb'\n", "x = 'a\\\nb\n", "x = 'a\\\n",
    "'abc\\\ndef\n", "'abc\\\n", '"abc\\\r\ndef"\n', "'a' 'b\n", "x = '\\''\n", "x = '''a''''\n",
    "x = ''''''\n", "x = ''\n", "'''\n", "x = Rb'''a\nb'''c\n", "bR'''abc\n", "x = rb'abc\n",
    "ub'x'\n", 'f"abc\n', "u'x' U\"y\" F'z' fR'q' Br\"w\"\n", "f'{x}' f'''{\ny}'''\n",
    '0 00 0_0 1 1_000 0x1f 0X_F 0o17 0O_7 0b101 0B_1 1.5 1. .5 1e5 1E-5 1.5e+5 1j 1.5J 1e5j\n',
    '0x1g 1e5j .5 5. 1_0 0o7 0b1 07\n', '1if x else 2\n', '1else\n', '0x\n', '0xg\n', '0x_\n',
    '0x1__2\n', '1_\n', '1__0\n', '0b2\n', '0b\n', '0b1_\n', '0b12\n', '0o8\n', '0o\n', '0o78\n',
    '012\n', '09\n', '0_7\n', '00_1\n', '0_\n', '1e\n', '1e+\n', '0e\n', '0e+\n', '1.e5_\n',
    '1_e5\n', '1.5e_\n', '1j_\n', '1_000_j\n', '1.5j\n', '1_000.0_1e1_0\n',
    ' '.join(OPERATORS) + '\n', 'a<>b\n', 'a->b:=c!=d**=e//=f>>=g<<=h@=i\n', 'a ... b .. c\n',
    'x = 1 ? 2\n', 'x = $\n', 'x = !\n', 'x = a!b\n', 'x = `a`\n', 'x = \x0b1\n', 'x = 1 $ ? !\n',
    ')\n', '(]\n', '(\n]\n', 'x = 1)\n', '{)\n', '[}\n',
    'é = 1\n', 'a€b = 1\n', '€ = 1\n', 'x = é + ¬\n', 'x = ¬\n', 'é = 1\né = ¬\n',
    "x = 'é'; y = ¬\n", 'x = 1\r\ny = ¬\r\n', 'x = (\r1 ¬\r', "α = '\n", "s = 'é\n",
    "x = '''é\nd\n",
    'é = ½ + ²\n', 'x = é\\ 1\n', 'ｘ = 1\n', '\ufeffx = 1\n', 'x = "é" # ü\n',
    'async def f():\n    await x\n    async with a: pass\n', 'async = 1\nawait = 2\n',
    '  x\n', 'if x:\n', 'if x:\ny\n', 'x = # c\n', 'def f(:\n', "x = '''a\nb''' y\n",
    'x = 1 + \\\n  y z\n', 'if 1:\n  x\n    y\n', 'é = 1 2\n', '(', 'x = ((1)',
    'if 1:\n' + ''.join(' ' * i + 'if 1:\n' for i in range(1, 101)) + ' ' * 101 + 'x\n',
    'x = 1 # comment ¬\n', 'x = ¬\ny', 'class A:\n    def f(self):\n        pass\n\n\nx = 1\n',
]

# Byte sources for the tokenize face and decode_source: encodings, BOM, cookies.
BYTE_SOURCES: List[bytes] = [
    b'x = 1\n', b'\xef\xbb\xbfx = 1\n', b'# coding: latin-1\nx = "\xe9"\n',
    b'\xef\xbb\xbf# coding: latin-1\nx = 1\n', b'# coding: xyz\nx=1\n', b'x = "\xff"\n',
    b'x = 1\ny = "\xc3"\n', b'#!/usr/bin/python\n# -*- coding: cp1252 -*-\nx = "\x80"\n',
    b'x = 1\n# coding: latin-1\ny="\xe9"\n', b'\n\n# coding: latin-1\n',
    b'\xef\xbb\xbf# coding: utf-8\nx=1\n', b'# coding=ascii\nx = "\xe9"\n',
    b'# vim: set fileencoding=latin1 :\nx="\xe9"\n', b'\xef\xbbx=1\n', b'\xefx=1\n',
    b'x = 1 # coding: latin-1\ny = "\xe9"\n', b'  # coding: latin-1\ny = "\xe9"\n',
    b'\\\n# coding: latin-1\ny = "\xe9"\n', b'# coding: latin-1\r\nx = "\xe9"\r\n',
    b'# coding: UTF8\nx=1\n', b'#coding:euc-jp\nx = "\xa4\xa2"\n',
    b'# \xff coding: latin-1\nx=1\n',
    b'\xef\xbb\xbf\xef\xbb\xbfx=1\n', b'# coding: rot13\nx=1\n', b'# \xff\nx=1\n', b'x = 1 \xff\n',
    b'x = "\xc3\xa9" + \xff\n', b'\xe9 = 1\n', b'#!python\n#\xff coding: latin-1\nx="\xe9"\n',
    b'#  coding:latin-1 \nx="\xe9"\n', b'# coding: latin_1\nx=1\n',
    b'# coding: iso-latin-1-unix\nx=1\n',
    b'\n# coding: latin-1\nx="\xe9"\n', b'\xef\xbb\xbf# coding: xyz\n', b'', b'\xef\xbb\xbf',
    b'# coding: latin-1', b'x = "\x00"\n', b'x = "\xe9"\ny = 1 $\n',
    b'x = "\xff\xfe" + $\n', b'x = 1 + \xe9\xe9 \xfe\n', b"x = '''\xff\n\xfe", b"x = '\xc3\n",
    b'if 1:\n  x = 1 # \xff\n y\n', b'\xf0\x9f\x98\x80 = 1\n', b'x = 0x\xff\n',
    b'\xef\xbb\xbf# coding: utf-', b'# coding: xyz', b'#\n# coding: xyz', b'# coding: xyz\r',
    b'# coding=ascii\r\nx = "\xe9"\r\n', b'x=1\n# coding: xyz', b'# coding: rot13',
]

# Parser-level failures: (source, index of the token the parser rejects in scan()'s
# stream, whether 3.8's parser expected INDENT there) for tokenizer.parse_error.
PARSE_ERRORS = [
    ('  x\n', 0, False), ('if x:\n', 4, False), ('x = (1,\n\n  2\n', 6, False),
    ('x = # c\n', 2, False), ('1e\n', 1, False), ("x = '''a\nb''' y\n", 3, False),
    ('x = 1 + \\\n  y z\n', 5, False), ('if 1:\n  x\n    y\n', 7, False), ('é = 1 2\n', 3, False),
    ('if x:\ny\n', 4, True), ('def f(:\n', 3, False), ('x = (\n\'\'\'a\nb\'\'\'', 4, False),
    ("if 1:\n  x = '''a\nb''' + (\n", 10, False), ('f(\n  1\n', 3, False),
    ('class A:\n\n    ', 4, False), ('if 1:\n\n# c\n\n', 4, False), ('x = (1 +\n\n  ', 5, False),
]

_ORACLE_SCRIPT = r'''
import io, json, sys, tokenize, warnings
warnings.simplefilter('ignore')
import parser

def tokens(make):
    out = []
    try:
        for t in make():
            out.append([t.type, t.string, list(t.start), list(t.end), t.line])
        return {'tokens': out, 'error': None}
    except Exception as e:
        return {'tokens': out, 'error': [type(e).__name__, str(e)]}

def compiled(source):
    try:
        compile(source, 'case.py', 'exec')
        return None
    except SyntaxError as e:
        return [type(e).__name__, e.msg, e.lineno, e.offset, e.text]
    except Exception as e:
        return [type(e).__name__, str(e)]

def leaves(source):
    try:
        compile(source, 'case.py', 'exec')
        tree = parser.suite(source).tolist(True, True)
    except Exception:
        return None
    if tree[0] != 257:
        tree = tree[1]    # encoding_decl around file_input
    out, stack = [], [tree]
    while stack:
        node = stack.pop()
        if node[0] < 256:
            out.append(node)
        else:
            stack.extend(reversed(node[1:]))
    if len(out) >= 2:
        del out[-2]       # parsetok's extra NEWLINE in place of the first ENDMARKER
    return out

request = json.loads(sys.stdin.read())
answer = {'sources': [], 'bytes': []}
for source in request['sources']:
    answer['sources'].append({
        'generate_tokens': tokens(lambda: tokenize.generate_tokens(io.StringIO(source).readline)),
        'tokenize': tokens(lambda: tokenize.tokenize(io.BytesIO(source.encode('utf-8')).readline)),
        'compile': compiled(source), 'leaves': leaves(source)})
for hexdata in request['bytes']:
    data = bytes.fromhex(hexdata)
    answer['bytes'].append({
        'tokenize': tokens(lambda: tokenize.tokenize(io.BytesIO(data).readline)),
        'compile': compiled(data)})
answer['parse_errors'] = [compiled(source) for source, _, _ in request['parse_errors']]
print(json.dumps(answer))
'''


def oracle_answers() -> Dict[str, Any]:
    """CPython 3.8's answers for every case (runs the oracle once)."""
    request = {'sources': SOURCES, 'bytes': [data.hex() for data in BYTE_SOURCES],
               'parse_errors': PARSE_ERRORS}
    # cwd elsewhere: the checkout's parser/ folder would shadow 3.8's parser module.
    out = subprocess.run([oracle_python(), '-c', _ORACLE_SCRIPT], input=json.dumps(request),
                         capture_output=True, text=True, timeout=600,
                         cwd=tempfile.gettempdir())
    if out.returncode:
        raise RuntimeError(out.stderr)
    return json.loads(out.stdout)


def main() -> None:
    os.makedirs(HERE, exist_ok=True)
    with open(GOLDEN, 'w', encoding='utf-8') as golden:
        json.dump(oracle_answers(), golden, ensure_ascii=True, indent=0, sort_keys=True)
        golden.write('\n')


if __name__ == '__main__':
    main()
