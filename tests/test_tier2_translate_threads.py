"""Threads that translate at once: the translator's instruction bodies are read from the loop's
definitions once, lazily, by whichever thread needs them first. A thread must never see that
table half built (a program's thread once died of "KeyError: 'CALL_FUNCTION_HOST'", a tier-1
form's body missing from a table another thread had just started again)."""
import sys
import threading

from pipeline.vm import tier2_translate

# generic instructions, tier-1 forms (their bodies come from the second source) and a trace macro user
NAMES = ['CALL_FUNCTION_HOST', 'LOAD_FAST', 'BINARY_ADD', 'CALL_METHOD_HOST', 'COMPARE_OP', 'FOR_ITER']


def _translate_at_once(threads: int) -> list:
    tier2_translate._expander = None
    tier2_translate._trees.clear()
    errors = []
    start = threading.Event()

    def work():
        start.wait()
        try:
            for name in NAMES:
                tier2_translate.body_tree(name)
        except Exception as exc:   # what the program's thread would have died of
            errors.append(exc)

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for worker in workers:
        worker.start()
    start.set()
    for worker in workers:
        worker.join()
    return errors


def test_threads_building_the_body_table_at_once_each_see_it_whole():
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)   # switch threads as often as the host allows
    try:
        errors = [error for _ in range(40) for error in _translate_at_once(6)]
    finally:
        sys.setswitchinterval(interval)
        tier2_translate._expander = None
        tier2_translate._trees.clear()
    assert errors == []
    trees = [tier2_translate.body_tree(name) for name in NAMES]
    assert all(trees)
