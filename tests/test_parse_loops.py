"""The int-table file loop (parser/lalr_int.py) against the generic loop (parser/lalr.py):
same trees and same errors, including a callback's error followed by a parse error."""
import glob
import os

import pytest

from pipeline.parser import dump, lalr_int, parse

SOURCES = [
    '',
    '\n',
    '# only a comment\n',
    'x = 1\n',
    'x = 1',
    'if a:\n    b(c, *d, **e)\nelif f:\n    pass\nelse:\n    g = [i for i in h if i]\n',
    'def f(a, b=1, *c, d, **e) -> int:\n    """doc"""\n    return a\n',
    'class C(B, metaclass=M):\n    x: int = 3\n    async def m(self):\n        await z\n',
    's = "a" "b" \'c\' """d\ne""" r"\\x" b"y" f"{x!r:>{w}}" u"u"\n',
    'n = 1 + 2.5 - 3j * 0x1f // 0o7 % 0b1 ** 10_000 + 00 + 123456789012345678901234567890\n',
    'é = "ü"; print(é)\n',
    'x = (\n',                                       # parse error at the end
    'f(x for x in y, 1)\n',                          # callback error only
    'f(x for x in y, 1)\nx = (\n',                   # callback error, then a parse error
    'f() = 1\nx = 2\n',
    'None = 1\n',
    'def f():\n  x = 1\n   y = 2\n',                # tokenizer error
    'a = 1 +\n',
    'for x in range(3):\n    pass\n  pass\n',
    '(' * 120 + ')' * 120 + '\n',                    # a deep LR stack
    'x = ' + '(' * 200 + '1' + ')' * 200 + '\n',     # 3.8's parser stack overflows
    'x = ' + '(' * 60 + '1' + ')' * 60 + '\n',       # deep, and re-parsed after the check
    'x = ' + '[' * 60 + ']' * 60 + '\nf(x for x in y, 1)\n',
]

# Shapes the file scanner (tokenizer/items.py) takes itself: its spans must be the
# generic loop's, in UTF-8 byte columns on lines that are not ASCII.
REGULAR = [
    'if a:\n\tb = 1\n\tif c:\n\t    d\n',                  # tabs
    'if a:\n \x0c  b = 1\n',                                # a form feed resets the column
    'x = 1 + \\\n    2\ny = [\n  3,  # c\n]\n',             # continuation, parentheses
    '\u00e9 = 1 # \u00fc\nx = "\u00e9" + f"{\u00e9!r}" + 2; y = x[1:2] ** \u00e9\n',
    'x = """\u00e9\n\u00fc\x0c\u2028\n""" + \'a\'  # z\n',  # line breaks of splitlines
    's = b"\\x00" rb\'\\d\' Rb"""x\ny"""\nt = u"\u00e9"\n',
    'x = 1\r\nif x:\r\n    y = 2\r\n',
    'def f():\n    return 1\n\n# end',                      # no final newline
    'class C:\n    pass\n    \n',
    'x = 0 + 00 + 0.5 + 1e3 + 1_000 + 0x_f + 0o1 + 0b1 + 1j + .5e-1J\n',
    '\n\n# comment\n\n',
    'x = ...; y = a.b.c\nasync def f():\n    async for a in b: await c\n',
    'from . import (a, b,)\nfrom ...c import d as e\n',
    '(' * 150 + ')' * 150 + '\n',                          # deep: parsed twice
    'x = 1if y else 2\n',
    # a dedent of two levels after blank and comment lines, then the indentation the
    # scanner keeps at hand (its stack's top) in use again
    'if a:\n    if b:\n        c\n\n  # x\n\nd = 1\nif e:\n    f\n',
    'x = "\t"; y = "\x0c"\nif a:\n  b\n  c\nd\n',   # tabs and form feeds in strings only
]

# Shapes it leaves to cscan.scan and the generic loop (which may accept them).
IRREGULAR = [
    'x = y if z else"s"\n',                 # a name before a quote, no prefix
    'x = 1 <> 2\n',
    'x = (]\n',
    'x = )\n',
    'if a:\n    b\n  c\n',
    'if a:\n\tb\n        c\n',              # tabs and spaces
    'x = "abc\n',
    "x = '''abc\n",
    'x = $\n',
    'x = 1 + \\',
    'x = 0b12\n',
    'x\0 = 1\n',
    'a\u20ac = 1\n',
    'x = ' + '(' * 201 + ')' * 201 + '\n',
    'f() = 1\n',
    'x = (1,\n',
    'if a:\n    if b:\n        c\n  d\n',   # a dedent to no level open, two levels down
    'if a:\n    b\n\tc\n',                  # a tab after space-only indentation
]


def _result(source):
    try:
        return dump(parse(source), include_attributes=True)
    except (SyntaxError, ValueError, MemoryError) as error:
        return '%s: %r' % (type(error).__name__, error.args)


def _both(source, monkeypatch):
    monkeypatch.setattr(lalr_int, 'GENERIC', True)
    generic = _result(source)
    monkeypatch.setattr(lalr_int, 'GENERIC', False)
    monkeypatch.setattr(lalr_int, 'WORTH_BUILDING', 0)
    return generic, _result(source)


@pytest.mark.parametrize('source', REGULAR + IRREGULAR,
                         ids=[repr(s)[:30] for s in REGULAR + IRREGULAR])
def test_scanner_shapes_as_generic_loop(source, monkeypatch, capsys):
    generic, fast = _both(source, monkeypatch)
    assert fast == generic


def test_only_irregular_files_leave_the_int_loop(monkeypatch):
    """A well-formed file must not be parsed twice; the others fall back."""
    irregular = []
    parse_file = lalr_int.parse_file

    def recording(*args, **kwargs):
        try:
            return parse_file(*args, **kwargs)
        except (lalr_int.Irregular, SyntaxError):
            irregular.append(args[2])
            raise
    monkeypatch.setattr(lalr_int, 'parse_file', recording)
    monkeypatch.setattr(lalr_int, 'WORTH_BUILDING', 0)
    for source in REGULAR + IRREGULAR:
        _result(source)
    assert irregular == IRREGULAR


def test_small_sources_wait_for_the_tables(monkeypatch):
    monkeypatch.setattr(lalr_int, '_int_tables', None)
    parse('x = 1\n')
    assert not lalr_int.built()
    parse('x = 1\n' * (lalr_int.WORTH_BUILDING // 6 + 1))
    assert lalr_int.built()


@pytest.mark.parametrize('source', SOURCES, ids=[repr(s)[:30] for s in SOURCES])
def test_same_as_generic_loop(source, monkeypatch, capsys):
    generic, fast = _both(source, monkeypatch)
    assert fast == generic


def test_same_on_own_sources(monkeypatch):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    paths = sorted(glob.glob(os.path.join(root, 'parser', '*.py')))
    assert paths
    for path in paths:
        with open(path, encoding='utf-8') as handle:
            source = handle.read()
        generic, fast = _both(source, monkeypatch)
        assert fast == generic, path


# A tokenizer error after a parse error, both within one batch of the scanner's tokens
# (tokenizer.cscan.BATCH): 3.8 reports the parse error.
ERROR_ORDER = [
    ('x = = 1\n' + 'y = 2\n' * 3 + "s = 'abc\n" + 'z = 3\n' * 1000,
     "SyntaxError: ('invalid syntax', ('<unknown>', 1, 5, 'x = = 1\\n'))"),
    ('x = 1\n' * 700 + 'x = = 1\n' + "s = 'abc\n",
     "SyntaxError: ('invalid syntax', ('<unknown>', 701, 5, 'x = = 1\\n'))"),
    ('x = 1\n' * 700 + "s = 'abc\n" + 'z = = 3\n',
     "SyntaxError: ('EOL while scanning string literal', ('<unknown>', 701, 9, \"s = 'abc\\n\"))"),
    ('x = 1\n' * 2000 + 's = 0b12\n',
     "SyntaxError: (\"invalid digit '2' in binary literal\", ('<unknown>', 2001, 8, 's = 0b12'))"),
]


@pytest.mark.parametrize('batch', [1, 3, 512, 10 ** 9])
def test_token_batches_change_nothing(batch, monkeypatch):
    from pipeline.tokenizer import cscan
    monkeypatch.setattr(cscan, 'BATCH', 1)
    expected = [_result(source) for source in SOURCES]
    monkeypatch.setattr(cscan, 'BATCH', batch)
    for source, error in ERROR_ORDER:
        assert _result(source) == error
    assert [_result(source) for source in SOURCES] == expected


def test_a_repeated_parse_warns_once(monkeypatch):
    """A file the int loop gives up on is parsed again: the escape warnings given before
    are not given twice (3.8: one warning, then the error from ast.c)."""
    import warnings
    monkeypatch.setattr(lalr_int, 'WORTH_BUILDING', 0)
    source = "x = '\\d'\n" + 'y = 1\n' * 600 + 'f() = 1\n'
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        with pytest.raises(SyntaxError) as info:
            parse(source, 'f.py')
    assert (info.value.msg, info.value.lineno, info.value.offset) == (
        'cannot assign to function call', 602, 1)
    assert [(str(w.message), w.lineno) for w in caught] == [('invalid escape sequence \\d', 1)]
    with warnings.catch_warnings():
        warnings.simplefilter('error')
        with pytest.raises(SyntaxError) as info:
            parse(source, 'f.py')
    assert (info.value.msg, info.value.lineno) == ('invalid escape sequence \\d', 1)


def test_string_prefixes_of_the_file_scanner():
    """tokenizer.items matches a string prefix by a short expression: 3.8's set."""
    import re
    from pipeline.tokenizer.items import _PREFIX
    from pipeline.tokenizer.prefixes import all_string_prefixes
    candidates = {a + b for a in 'rRbBfFuUxX' for b in ['', *'rRbBfFuUxX']}
    assert {p for p in candidates if re.fullmatch(_PREFIX, p)} == \
        all_string_prefixes() - {''}


@pytest.mark.parametrize('chunk', [1, 7, 60])
def test_scanner_chunks_change_nothing(chunk, monkeypatch):
    """tokenizer.items scans a chunk of lines at a time and scans again what runs past
    a chunk's end (strings, blank lines): small chunks cut every shape somewhere."""
    from pipeline.tokenizer import items
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    sources = REGULAR + IRREGULAR + SOURCES + [
        'x = """a\n\nb\n"""\n' * 3, 'y = rb"""\n\n"""\n# c\n\n\n# d\nz = 1\n',
        "s = 'a\\\n\\\nb'\n", 'f(1,\n\n  2)\n' * 4, 'x = "abc\n\n\n']
    for name in ('tokenizer/items.py', 'parser/lalr.py'):
        with open(os.path.join(root, name), encoding='utf-8') as handle:
            sources.append(handle.read())
    expected = {}
    for source in sources:
        expected[source] = _both(source, monkeypatch)[1]
    monkeypatch.setattr(items, 'CHUNK', chunk)
    for source in sources:
        assert _both(source, monkeypatch)[1] == expected[source], source[:60]


@pytest.mark.parametrize('size', [1, 2, 5])
def test_stack_growth_changes_nothing(size, monkeypatch):
    """The file loop's stacks start STACK_SIZE long and grow before a batch of items (and
    at an empty reduction) that might not fit: tiny stacks grow at every batch."""
    from pipeline.tokenizer import items
    sources = REGULAR + SOURCES + ['def f(a, *, b):\n    return [x for x in (a, b)]\n' * 30]
    expected = [_both(source, monkeypatch) for source in sources]
    assert all(fast == generic for generic, fast in expected)
    monkeypatch.setattr(lalr_int, 'STACK_SIZE', size)
    monkeypatch.setattr(items, 'CHUNK', 7)
    for source, (generic, _) in zip(sources, expected):
        assert _both(source, monkeypatch)[1] == generic, source[:60]


def test_callbacks_reading_spans_are_marked():
    """A callback that reads `spans` must carry astmake.reads_spans (the file loop gives
    the others None), and one that carries it must read them; all read spans[-k] with
    k within the children, the one part of the span stack the file loop hands over."""
    import inspect
    import re
    from pipeline.parser.builder import AstBuilder
    from pipeline.parser.lalr import grammar
    rules = grammar(AstBuilder).rules
    lengths = {}
    for length, _, function in rules:
        if function is not None:
            lengths.setdefault(function, set()).add(length)
    assert lengths
    for function, rule_lengths in lengths.items():
        if getattr(function, 'child_index', None) is not None:
            continue
        body = inspect.getsource(function).split('spans):\n', 1)[1]   # after the def
        reads = re.search(r'\bspans\b', body) is not None
        marked = getattr(function, 'reads_spans', False)
        if function.__name__ == 'lambdef':      # hands spans on to parameters_empty
            assert not marked and 'parameters_empty(c, span, spans)' in body
            continue
        assert reads == marked, function.__name__
        for index in re.findall(r'\bspans\[-(\d+)\]', body):
            assert int(index) <= min(rule_lengths), function.__name__


def test_first_list_rules_have_one_symbol():
    """builder.first_list returns the children list it is given (fresh in both loops):
    its value is a list of the one child only if its rules have one symbol."""
    from pipeline.parser.builder import AstBuilder
    from pipeline.parser.lalr import grammar
    lengths = {length for length, _, function in grammar(AstBuilder).rules
               if function is AstBuilder.first_list}
    assert lengths == {1}


def test_line_end_alternatives_match_an_optional_comment():
    """cscan._LINE_END and _BLANK_LINES spell `(?:#[^\\n]*)?\\n` as alternatives (a BRANCH
    is cheaper in sre than the REPEAT of an optional group): the same text is matched."""
    import itertools
    import re
    from pipeline.tokenizer.cscan import _BLANK_LINES, _LINE_END
    optional = re.compile(r'(?:#[^\n]*)?\n(?:[ \t\f]*(?:#[^\n]*)?\n)*')
    branches = re.compile(_LINE_END + _BLANK_LINES)
    pieces = ['\n', '#', ' ', '\t', '\f', 'x', '# c\n']
    for length in range(1, 6):
        for parts in itertools.product(pieces, repeat=length):
            text = ''.join(parts)
            old, new = optional.match(text), branches.match(text)
            assert (old and old.group()) == (new and new.group()), repr(text)
