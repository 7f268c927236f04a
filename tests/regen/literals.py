"""Golden literal cases: CPython 3.8's nodes or errors for each snippet (tests/golden/literals/)."""
import json
import os

HERE = os.path.join(os.path.dirname(os.path.dirname(__file__)), 'golden', 'literals')
GOLDEN = os.path.join(HERE, 'cases.json')

NUMBERS = [
    '0', '00', '0_0', '7', '1_000_000', '0x_Ff', '0XABC', '0o17', '0O7_7', '0b1_0', '0B11',
    '1.', '.5', '1.5', '1_0.0_1', '1e5', '1E-5', '1e+0_5', '1.5e3', '0e0', '00.5', '09.5',
    '1j', '1J', '1.5j', '.5j', '1e3j', '0j', '09j', '1e400', '1e-400', '123456789' * 40 + 'j',
    '9' * 4300, '0' * 5000, '1' + '0' * 30, '0x' + 'f' * 40, '0.1', '1e22', '2.5e-324', '1.7976931348623157e308',
]

VALID = [
    # plain strings, every prefix
    "'abc'", '"abc"', "'''a\nb'''", '"""a\nb"""', "''", '""', "''''''", "u'x'", "U'x'", "r'\\d'",
    "R'\\d'", "b'x'", "B'x'", "br'\\x'", "Rb'\\x'", "bR'\\x'", "rB'\\d'", "f'x'", "F'x'",
    "fr'\\d{x}'", "Rf'\\d{x}'", "fR'{x}\\n'",
    # escapes
    r"'\n\t\r\v\a\b\f\\\'\"'", r"'\0\7\77\777\400\1234'", r"'\x41\xff'", r"'\u20ac\U0001F600'",
    r"'\N{LATIN SMALL LETTER A}\N{euro sign}'", r"'\d\w\ '", "'a\\\nb'", "'\u00e9\\\u00e9'",
    "'\u20ac\\n\U0001f600'", r"b'\0\7\77\777\400\x41\xfF'", r"b'\d'", "b'\\\nx'",
    r"'\N{LATIN CAPITAL LETTER A WITH MACRON}'", r"'\N{HANGUL SYLLABLE GAG}\N{CJK UNIFIED IDEOGRAPH-4E00}'",
    # concatenation
    "'a' 'b'", "'a' u'b'", "u'a' 'b'", "U'a' u'b'", "b'a' b'b'", "b'a' rb'\\d'", "'' ''",
    "('a'\n 'b'\n 'c')", "('a'  # comment\n   'b')", "x = ('é'\n     'b')",
    # f-strings
    "f''", "f'' ''", "'' f''", "'a' f''", "f'{x}'", "f'{x!r}'", "f'{x!s}'", "f'{x!a}'",
    "f'{x:>10}'", "f'{x:{w}.{p}}'", "f'{x!r:^{w}}'", "f'{x:}'", "f'{x=}'", "f'{x = }'",
    "f'{x=!s}'", "f'{x=:>5}'", "f'{x=!r:>5}'", "f'a{x=}b{y=}'", "f'{{}}'", "f'{{x}}'",
    "f'a{{b{x}c}}d'", "f'{x}{y}'", "f'{x}{x}'", "f'{ x }'", "f'{x!r}{x}'",
    "f'{a[1]}'", "f'{a[\"k\"]}'", "f'{ {1: 2}[1] }'", "f'{(lambda: 1)()}'", "f'{x if y else z}'",
    "f'{a != b}'", "f'{a == b}'", "f'{a <= b}'", "f'{a >= b}'", "f'{a < b}'", "f'{a > b}'",
    "f'{a:!<5}'", "f'{\"a\" \"b\"}'", "f'{f\"{x}\"}'", "f'{f\"{x:{y}}\"}'",
    "f'{3.14:{10}.{2}}'", "f'{x:{{}}>5}'", "f'{x:a{{b}}c}'", "f'\\{x}'", "f'\\N{EURO SIGN}{x}'",
    "f'\\t{x}\\n'", "rf'\\t{x}\\n'", "f'é{x}é'", "f'{\"é\"}{x}'", "x = f'{é}'", "f'{x,}'",
    "f'{x, y}'", "f'{*a,}'", "f'{yield}'", "f'{await x}'", "f'{x:=1}'", "f'{(x:=1)}'",
    "u'a' f'b{x}' 'c'", "'a' f'{x}' 'b' f'{y}'", "f'{x}' u'y'", "U'a' f'{x}'",
    "(f'{a}'\n f'{b}')", "(f'a'\n 'b{c}')", "f'''\n{x}\n'''", "f'''a\n  {x.y}\n {z}'''",
    "f'''{a +\nb}'''", "f'''{a\n.b}'''", "f'''{f(\n1)}'''", "f'''{x[\n1]}'''", "('ab'\n f'''{a\n.b}''')",
    "x = f'''ab\n  {a+\nb}'''", "f'''{\n  a}'''", "f'''{a}\n{b}'''", "f'{x}' f'{x}'",
    "def f():\n    return f'{a}' 'b'", "f'{x!r:{y!s:>3}}'", "f'{x:{y}}{z:{w}}'",
    "f'{\"\"\"a\"\"\"}'", "f'{x:%H:%M}'", "f'{x:=^10}'", "f'{x:{\"a\"}}'",
    # \N{...}: aliases yes, named sequences no, any case, Hangul and CJK names
    r"'\N{LATIN CAPITAL LETTER GHA}'", r"'\N{latin small letter a}'", r"'\N{BYTE ORDER MARK}'",
    r"'\N{CJK UNIFIED IDEOGRAPH-20000}'", r"'\N{HANGUL SYLLABLE KAG}'",
    r"b'\N{LATIN SMALL LETTER A}'", r"f'\N{LATIN SMALL LETTER A}{x}\N{EURO SIGN}'",
    # fstring_fix_node_location searches the first token only, first occurrence
    "x = '{x}' f'{x}'", "x = ('''a\n{x}''' f\'\'\'\n\n{x}\'\'\')", "x = f'{x}' f\'\'\'\n{x}\'\'\'",
    "x = f\'\'\'\n{x}\n\'\'\' f'{x}'", "x = f'{x}{y}{x}'", "x = u'{a}' f'{a!r}{a}'",
]

ERRORS = [
    "'\\x'", "'\\x4'", "'ab\\xzz'", "'\\u12'", "'\\U1234567'", "'\\U00110000'", "'\\N'", "'\\Nx'",
    "'\\N{'", "'\\N{}'", "'\\N{nosuchname}'", "'é\\x'", "'\\N{LATIN SMALL LETTER A'",
    "b'\\x'", "b'ab\\x4'", "b'\\xg0'", "b'é'", "x = (b'a'\n  b'é')", "'a' b'b'", "b'a' 'b'",
    "b'a' f'b'", "f'a' b'b'", "x = ('a'\n   b'b')", "'\\x' b'a'", "'a' '\\x'",
    "f'{'", "f'}'", "f'{}'", "f'{ }'", "f'{\\n}'", "f'{x!}'", "f'{x!z}'", "f'{x!rr}'",
    "f'{x'", "f'{x!r'", "f'{x:'", "f'{x:{'", "f'{x:{y}'", "f'{x:{y:{z}}}'", "f'{#}'",
    "f'{x#}'", "f'{(}'", "f'{)}'", "f'{[}'", "f'{(]}'", "f'{x}}'", "f'{{}'", "f'a}b'",
    "f'{\"a}'", "f'{x!}'", "f'{x=!}'", "f'{a b}'", "f'{!r}'", "f'{:x}'", "f'{=}'",
    "f'{x:{!r}}'", "f'{lambda x:1}'", "x = 1; y = f'{a b}'",
    "f'\\x'", "f'\\N{nosuch}{x}'", "f'{x}\\x'", "f'{x:\\x}'", "x = (f'a'\n   f'{}')",
    "'a' f'{}' b'x'", "f'{x!r=}'", "f'{x:{y:}}}'", "f'{a[}'", "f'{\"\"\"a}'",
    "f'''{\n}'''", "f'{x:{}}'", "f'{x:{y:{z}}}'", "f'{ x = !z}'",
    "f'{*x}'", "f'{x:{*y}}'", "f'{1=}'", "f'{a:=1}'",
    r"'\N{LATIN CAPITAL LETTER A WITH MACRON AND GRAVE}'", r"'\N{ LATIN SMALL LETTER A}'",
    r"'\N{LATIN SMALL LETTER A}\N'", r"'\u00e9\N{EURO SIGN}\x'", "'\u00e9\\x'",
]

# Errors raised while building the AST of an f-string expression: their positions are
# shifted by the parser before building, which the oracle-backed stand-in cannot do.
ERRORS_END_TO_END = ["f'{a +}'", "f'{not}'", "f'{x,,}'", "f\'\'\'{a\n+}\'\'\'",
                     "f'{f(x for x in y, 1)}'", "f'{f\"{}\"}'", "x = (1,\n  f'{f\"{}\"}')"]

# With warnings turned into errors, invalid escapes become SyntaxErrors (where 3.8 puts them).
WARNING_ERRORS = [
    "x = '\\d'", "x = ('a'\n  '\\d')", "x = b'\\d'", "x = f'\\d{x}'", "x = f'{x}\\d'",
    "x = f'\\{x}'", "x = ('a'\n f'{x}\\q')", "x = f'{x:\\d}'", "x = f'{x:{y}\\d}'",
    "x = rf'\\d{x}'", "x = '\\d\\x'", "x = '\\x\\d'", "x = f'\\d{'", "x = f'{}\\d'",
    "x = f'\\d{}'", "x = '\\\u00e9'", "x = '\\\\d'", "x = b'\\d' 'a'", "x = 'a' b'\\d'",
    "x = f'\\{{'", "x = f'\\}}\\d'", "x = ('\\d'\n  '\\q')", "x = f'''\n\\d{x}'''",
    "x = f'{x!r:\\q}' '\\d'",
]

WARNING_ORACLE = r'''
import ast, json, sys, warnings
warnings.simplefilter("error")
out = []
for source in json.loads(sys.stdin.read()):
    try:
        ast.parse(source)
        out.append(None)
    except SyntaxError as error:
        out.append([error.msg, error.filename, error.lineno, error.offset])
print(json.dumps(out))
'''


def oracle_warning_errors() -> dict:
    """3.8's SyntaxError (msg, filename, lineno, offset) or None per WARNING_ERRORS source."""
    from tests.oracle import run_oracle
    result = run_oracle(WARNING_ORACLE, input=json.dumps(WARNING_ERRORS))
    return dict(zip(WARNING_ERRORS, json.loads(result.stdout)))

# Expressions spanning lines inside triple-quoted f-strings: 3.8 shifts CST nodes, so end
# columns depend on where the node giving the end starts (fstring_shift_node_locations).
MULTILINE_EXPRESSIONS = [
    'a\n.b', 'a.\nb', 'f(\n1)', 'f(\n)', 'f(x,\n y=2)', 'x[\n1]', 'x[1:\n2]', 'a +\nb',
    'a + (\nb)', '(a +\nb)', '[a,\n b]', '{a:\n b}', '{a,\n b}', 'a if\n b else c', 'not\n a',
    'a and\n b', 'a <\n b', '-\na', 'a **\n b', 'x for x in\n y', '[x for x in\n y]',
    'f(x for x in\n y)', "\'\'\'a\nb\'\'\'", "'a'\n'b'", "f'{x}'\n'b'", 'a.b(\n).c',
    'a[\n1].b', '(a,\n b)', 'a,\n b', '*a,\n b', 'f(*\na)', 'f(a)(\nb)', 'a.b.\nc', 'a(\n)[1]',
    '{**a,\n **b}', '(a := \n1)', 'a\n[1]', 'a\n(1)', '{x:y for x,y in\n z}', '(x\n for x in y)',
    '1 if 2 else\n 3', 'a @\nb', '~\na', 'a[1,\n2]', 'a[::\n2]', '(yield\n x)', 'await\n x',
]
MULTILINE_TEMPLATES = ["x = f\'\'\'{%s}\'\'\'", "x = (y,\n     f\'\'\'ab\n {%s}\'\'\')",
                       "x = ('\u00e9',\n  f\'\'\'{q} {%s!r:>{w}}\'\'\')", "x = 'z' f\'\'\'{%s = }\'\'\'"]
MULTILINE = [template % expression for expression in MULTILINE_EXPRESSIONS
             for template in MULTILINE_TEMPLATES]


def oracle_multiline() -> dict:
    """3.8's whole-module dump (with attributes) for each MULTILINE source."""
    from tests.astbridge import oracle_ast_many
    from tests.literals_harness import describe
    return {source: describe(tree) for source, tree in
            zip(MULTILINE, oracle_ast_many(MULTILINE, '<unknown>', errors=True))}


def oracle_cases() -> dict:
    """Run every case through CPython 3.8 (in a subprocess) and describe the results."""
    from tests.astbridge import oracle_ast_many
    from tests.literals_harness import describe, oracle_literal_nodes
    sources = VALID + ERRORS + ERRORS_END_TO_END
    results = oracle_ast_many(sources, '<unknown>', errors=True)
    cases = {}
    for source, result in zip(sources, results):
        if isinstance(result, BaseException):
            cases[source] = {'error': describe(result)}
        else:
            cases[source] = {'nodes': {'%d,%d' % key: describe(value) for key, value in
                                       sorted(oracle_literal_nodes(result).items())}}
    return cases


NUMBER_ORACLE = r'''
import ast, json, sys
out = []
for text in json.loads(sys.stdin.read()):
    value = ast.literal_eval(text)
    out.append([type(value).__name__, hex(value) if isinstance(value, int) else
                (value.hex() if isinstance(value, float) else [value.real.hex(), value.imag.hex()])])
print(json.dumps(out))
'''


def oracle_numbers() -> dict:
    """parsenumber's value for each NUMBER text, losslessly encoded."""
    from tests.oracle import run_oracle
    result = run_oracle(NUMBER_ORACLE, input=json.dumps(NUMBERS))
    return dict(zip(NUMBERS, json.loads(result.stdout)))


def main() -> None:
    os.makedirs(HERE, exist_ok=True)
    with open(GOLDEN, 'w', encoding='utf-8') as out:
        json.dump({'numbers': oracle_numbers(), 'cases': oracle_cases(),
                   'warning_errors': oracle_warning_errors(),
                   'multiline': oracle_multiline()}, out, indent=1,
                  sort_keys=True, ensure_ascii=True)
        out.write('\n')


if __name__ == '__main__':
    main()
