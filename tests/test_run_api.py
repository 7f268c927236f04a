"""pipeline.compile_and_run: our compiler + our VM in one call."""
import pytest

import pipeline
from tests.test_programs import NOT_READY_REASON, OUR_COMPILER_READY

needs_compiler = pytest.mark.xfail(not OUR_COMPILER_READY, reason=NOT_READY_REASON, strict=False)


@needs_compiler
def test_namespace_after_run():
    namespace = pipeline.compile_and_run('def f(n):\n    return n * 2\nx = [f(i) for i in range(4)]\n')
    assert namespace['x'] == [0, 2, 4, 6]
    assert namespace['__name__'] == '__main__'


@needs_compiler
def test_given_globals_and_exceptions():
    namespace = {'base': 10}
    pipeline.compile_and_run('y = base + 1', 'snippet.py', namespace)
    assert namespace['y'] == 11
    with pytest.raises(ZeroDivisionError):
        pipeline.compile_and_run('1 / 0')


def test_api_is_mapped():
    from pipeline.api import compile_and_run
    assert pipeline.compile_and_run is compile_and_run
