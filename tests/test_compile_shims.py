"""compile() and exec() as the VM's programs and the tools running them see them: host ast
trees compile to our code objects; code objects pickle as in 3.8 (they do not). (Tool modules'
compile() is covered by test_pdb and test_tool_clis.)"""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

PROGRAM = r'''
import ast, copy, pickle, sys
tree = ast.parse("def f(a, b):\n    return a[1:2], b[0], a[::2, 1]\nresult = f((1, 2, 3), 'xy')\n")
code = compile(ast.fix_missing_locations(tree), '<ast>', 'exec')
print(type(code).__module__ == 'pipeline.compiler.code', code.co_filename)
namespace = {}
try:
    exec(code, namespace)
except TypeError as exc:
    print('TypeError:', exc)
expression = compile(ast.Expression(body=ast.Constant(value=42, lineno=1, col_offset=0)), '<e>', 'eval')
print(eval(expression))
print(compile('x = 1', '<s>', 'exec', ast.PyCF_ONLY_AST).__class__.__name__)
try:
    pickle.dumps(code)
except TypeError as exc:
    print('TypeError:', exc)
print(copy.deepcopy(code) is code)
'''


def test_compile_host_trees_and_pickling(tmp_path):
    program = tmp_path / 'prog.py'
    program.write_text(PROGRAM)
    env = dict(os.environ, PYTHONPATH=ROOT)
    result = subprocess.run([sys.executable, '-m', 'pipeline.run', '--no-cache', str(program)],
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.stdout.splitlines() == [
        'True <ast>', 'TypeError: tuple indices must be integers or slices, not tuple', '42',
        'Module', "TypeError: cannot pickle 'code' object", 'True'], result.stderr
