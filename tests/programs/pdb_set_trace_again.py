"""pdb.set_trace() twice in one activation, a `continue` between (CPython's test_pdb_issue_20766):
3.8's eval loop keeps its line-event state while tracing is off, so the second stop is at the
set_trace line (the first instruction traced lies before the last one traced: a 'line' event), and
the same through a plain trace function set and cleared in a loop."""
import io
import pdb
import sys


def stops():
    i = 1
    while i <= 3:
        session = pdb.Pdb(stdin=io.StringIO('continue\n'), stdout=sys.stdout, nosigint=True)
        session.use_rawinput = False
        session.set_trace(sys._getframe())
        print('after stop', i)
        i += 1


stops()

EVENTS = []


def tracer(frame, event, arg):
    if frame.f_code is traced.__code__:
        EVENTS.append((event, frame.f_lineno - traced.__code__.co_firstlineno))
    return tracer


def traced():
    for k in range(3):
        sys.settrace(tracer)
        sys._getframe().f_trace = tracer
        x = k
        sys.settrace(None)
        y = k
    return x + y


traced()
print(EVENTS)
