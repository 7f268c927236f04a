"""compile()/exec()/eval() of a source the program compiled before: no new compile, same results."""
import subprocess

import pipeline
from pipeline import vm
from tests.oracle import oracle_python

PROGRAM = r'''
import warnings
template = 'def method(self, a=1):\n    def inner():\n        return a\n    return inner()\n'
codes = [compile(template, '<generated %d>' % n, 'exec') for n in range(3)]
print([code.co_filename for code in codes], len(set(map(id, codes))))
print([[const.co_filename for const in code.co_consts if hasattr(const, 'co_filename')] for code in codes])
namespace = {}
exec(codes[2], namespace)
print(namespace['method'](None), namespace['method'].__code__.co_filename)
inners = [const for code in codes for const in code.co_consts if hasattr(const, 'co_code')]
print(codes[0] == codes[0].replace(), len(set(map(id, inners))))
print(sum(eval('n * 2') for n in range(4)))
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter('always')
    for n in range(2):
        compile("x is 'a'", '<warned>', 'eval')
print([str(warning.message) for warning in caught])
'''

TEMPLATE = 'def method(self, a=1):\n    def inner():\n        return a\n    return inner()\n'

EXPECTED = '''['<generated 0>', '<generated 1>', '<generated 2>'] 3
[['<generated 0>'], ['<generated 1>'], ['<generated 2>']]
1 <generated 2>
True 3
12
['"is" with a literal. Did you mean "=="?', '"is" with a literal. Did you mean "=="?']
'''


def _oracle_output():
    oracle = oracle_python()
    if oracle is None:
        return None
    return subprocess.run([oracle, '-c', PROGRAM], capture_output=True, text=True, timeout=60).stdout


def test_a_source_compiled_again_is_copied_not_recompiled(capsys):
    compiled = []

    def counting(source, filename, mode):
        compiled.append(source)
        return pipeline.compile(source, filename, mode)

    code = pipeline.compile(PROGRAM, '<program>', 'exec')
    vm.set_compiler(counting)
    try:
        vm.run_code(code, {'__name__': '__main__'})
    finally:
        vm.set_compiler(None)
    assert capsys.readouterr().out == EXPECTED
    # the template once, 'n * 2' once; the warned source each time (3.8 warns at every compile)
    assert EXPECTED == _oracle_output() or _oracle_output() is None
    assert sorted(compiled) == sorted(["x is 'a'", "x is 'a'", 'n * 2', TEMPLATE])
