"""Issue #11 item 1: the recursion limit reached while the VM makes traceback entries never breaks it."""
import sys

from pipeline.compiler import compile as compile_source
from pipeline.vm import compat, run_code

PROGRAM = '''
class A:
    def __repr__(self):
        return repr(self)
caught = []
for k in range(3):
    try:
        repr(A())
    except RecursionError as e:
        caught.append(type(e).__name__)
def g():
    raise KeyError('later')
try:
    g()
except KeyError as e:
    later = repr(e)
'''


def test_recursion_in_repr_is_caught_and_later_errors_are_theirs():
    namespace = {'__name__': '__main__'}
    limit = sys.getrecursionlimit()
    run_code(compile_source(PROGRAM, 'prog.py', 'exec'), namespace)
    assert namespace['caught'] == ['RecursionError'] * 3
    assert namespace['later'] == "KeyError('later')"
    assert sys.getrecursionlimit() == limit


def test_frame_maker_recovers_at_the_limit():
    code = compat.host_code('f', 'prog.py', 1)

    def deep(n):
        if n:
            return deep(n - 1)
        return compat.host_frame(code, {}, {})

    def at_limit():
        try:
            return at_limit()
        except RecursionError:
            return compat.host_frame(code, {}, {})

    limit = sys.getrecursionlimit()
    frame = at_limit()
    assert frame.f_code.co_name == 'f'
    assert deep(10).f_code.co_filename == 'prog.py'   # the shared maker still works
    assert sys.getrecursionlimit() == limit
