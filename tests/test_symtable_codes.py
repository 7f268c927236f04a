"""What codegen takes from the symbol table, checked against CPython 3.8's code objects.

For every code object compile() makes: co_flags (the bits the block decides), the leading
co_varnames (the parameters), co_cellvars and co_freevars must equal our Scope's.
Trees go through future -> ast_opt -> symtable, as compile() does.
"""
import json
import subprocess

from pipeline.compiler.ast_opt import optimize
from pipeline.compiler.future import parse_future
from pipeline.compiler.symtable_build import build_symtable
from tests.regen.symtable import SAMPLES
from tests.test_symtable import SNIPPETS

FLAG_MASK = 0x1 | 0x2 | 0x4 | 0x8 | 0x10 | 0x20 | 0x80 | 0x200

# Runs in CPython 3.8: facts of every code object (also used by tests/symtable_corpus.py).
ORACLE_FACTS = r'''
import json, sys
def facts(code, out):
    out.append([code.co_name, code.co_firstlineno, code.co_flags & %d,
                list(code.co_varnames[:code.co_argcount + code.co_kwonlyargcount +
                                       bool(code.co_flags & 4) + bool(code.co_flags & 8)]),
                list(code.co_cellvars), list(code.co_freevars)])
    for const in code.co_consts:
        if hasattr(const, 'co_code'):
            facts(const, out)
    return out
''' % FLAG_MASK

# ... for each source (None on SyntaxError).
ORACLE_CODES = ORACLE_FACTS + r'''
result = []
for source in json.loads(sys.stdin.read()):
    try:
        result.append(facts(compile(source, 'f.py', 'exec', dont_inherit=True), []))
    except SyntaxError:
        result.append(None)
print(json.dumps(result))
'''

CODE_NAMES = {'top': '<module>', 'lambda': '<lambda>', 'listcomp': '<listcomp>',
              'setcomp': '<setcomp>', 'dictcomp': '<dictcomp>', 'genexpr': '<genexpr>'}


def our_facts(tree) -> list:
    features = parse_future(tree, 'f.py')
    optimize(tree, 0, features.flags)
    table = build_symtable(tree, 'f.py', features.flags)
    facts = []
    for scope in table.scopes():
        node = scope.node
        first_line = scope.lineno if scope.type != 'module' else 1
        decorators = getattr(node, 'decorator_list', None)
        if decorators:
            first_line = decorators[0].lineno  # 3.8: co_firstlineno is the first decorator
        name = scope.name if scope.type != 'module' else 'top'
        if scope.type == 'function' and scope.name in CODE_NAMES and not hasattr(node, 'name'):
            name = CODE_NAMES[scope.name]
        elif scope.type == 'module':
            name = '<module>'
        facts.append([name, first_line, scope.code_flags(), list(scope.varnames),
                      scope.cell_vars(), scope.free_vars()])
    return facts


def check_codes(sources, oracle):
    from tests.astbridge import oracle_ast_many
    expected = json.loads(subprocess.run([oracle, '-c', ORACLE_CODES], input=json.dumps(sources),
                                         capture_output=True, text=True, check=True).stdout)
    trees = oracle_ast_many(sources, 'f.py', errors=True)
    for source, tree, theirs in zip(sources, trees, expected):
        if theirs is None or isinstance(tree, Exception):
            continue
        ours = our_facts(tree)
        ours[0][1] = theirs[0][1]  # the module's co_firstlineno is its first line with code
        missing = [fact for fact in theirs if fact not in ours]
        assert not missing, (source, missing, ours)


def test_code_facts_match_oracle(oracle):
    check_codes(SNIPPETS + [SAMPLES[name] for name in sorted(SAMPLES)], oracle)


def test_code_flags_of_generators_and_coroutines(oracle):
    check_codes([
        'def g():\n    yield\n', 'async def c():\n    await x\n',
        'async def ag():\n    yield 1\n', 'async def c():\n    return [await y for y in z]\n',
        'async def c():\n    return (y async for y in z)\n',
        'async def c():\n    return [y async for y in z]\n',
        'def f(*a, **k):\n    return lambda *b: (yield)\n',
        'class C:\n    def f(self):\n        super()\n    def g(self): pass\n',
        'def f(a, b):\n    def g(): return a\n    return g\n',
        'def f(a, /, b, *, c):\n    return lambda: (a, b, c)\n',
        '@dec\ndef f():\n    pass\n@dec\nclass C:\n    @dec\n    def m(self): pass\n',
        'x = [__debug__ for q in r]\n',
    ], oracle)
