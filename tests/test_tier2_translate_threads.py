"""Threads that translate at once: the translator's instruction bodies, and the names compiled
code runs with, are made once, lazily, by whichever thread needs them first. A thread must never
see either half built (a program's thread once died of "KeyError: 'CALL_FUNCTION_HOST'", a tier-1
form's body missing from a table another thread had just started again)."""
import sys
import threading

from pipeline.vm import tier2, tier2_translate

# generic instructions, tier-1 forms (their bodies come from the second source) and a trace macro user
NAMES = ['CALL_FUNCTION_HOST', 'LOAD_FAST', 'BINARY_ADD', 'CALL_METHOD_HOST', 'COMPARE_OP', 'FOR_ITER']


def _at_once(threads: int, task) -> list:
    """The exceptions of `threads` threads running task() at once."""
    errors = []
    start = threading.Event()

    def work():
        start.wait()
        try:
            task()
        except Exception as exc:   # what the program's thread would have died of
            errors.append(exc)

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for worker in workers:
        worker.start()
    start.set()
    for worker in workers:
        worker.join()
    return errors


def _rounds(reset, task) -> list:
    """40 rounds of 6 threads running task() at once, each round from reset(): their exceptions."""
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)   # switch threads as often as the host allows
    errors = []
    try:
        for _ in range(40):
            reset()
            errors.extend(_at_once(6, task))
    finally:
        sys.setswitchinterval(interval)
        reset()
    return errors


def _no_bodies_yet():
    tier2_translate._expander = None
    tier2_translate._trees.clear()


def _read_bodies():
    for name in NAMES:
        tier2_translate.body_tree(name)


def test_threads_building_the_body_table_at_once_each_see_it_whole():
    assert _rounds(_no_bodies_yet, _read_bodies) == []
    assert all(tier2_translate.body_tree(name) for name in NAMES)


def _no_names_yet():
    tier2._base_namespace = None


def _read_names():
    names = tier2._namespace()
    # its first entries and its last one
    assert 'NEST' in names and 'CALL_FRAME' in names and names['__builtins__'] is not None


def test_threads_building_compiled_codes_names_at_once_each_see_them_whole():
    assert _rounds(_no_names_yet, _read_names) == []
