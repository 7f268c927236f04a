"""Exceptions in compiled code (tier 2) never read the tb_frame of a host frame still running.

The head of the traceback that a trace's or body's except clause catches is that host frame's
own entry (VM machinery, which the VM's traceback drops). Reading its tb_frame hands the running
frame to Python code: on PyPy that forces it out of the JIT's compiled code each time, and the
JIT aborts every trace that does it ("abort: vable escape"), leaving the code to PyPy's
interpreter (bench/FINDINGS.md, "Session 16, s16pypy": exceptions_flow with nested calls
3.5 s -> 0.6 s a run). unwind.drop_own_entry drops that entry unread."""

from tests.tier2_child import run_at_tier2


# exceptions raised out of a compiled body, caught in its caller's body, and caught inside the
# body that raised them; then the tracebacks 3.8 shows for them
PROGRAM = '''
import traceback

def lookup(table, key):
    return table[key]

def find(table, key):
    try:
        return lookup(table, key)
    except KeyError:
        return -1

def guarded(table, key):
    try:
        table[key]
    except KeyError:
        return 0
    return 1

def work(n):
    table = {i: i for i in range(0, 100, 2)}
    total = 0
    for i in range(n):
        total += find(table, i % 100) + guarded(table, i % 7)
    return total

print(work(3000))
try:
    lookup({}, 'k')
except KeyError:
    print(traceback.format_exc().replace(__file__, 'PROGRAM'))
'''

# the VM run with every read of a traceback entry's frame (tracebacks.raw_tb_frame) checked:
# a frame of compiled code on the host's stack at the time of the read is a running one (the
# loop's own, run_frame's, is read where it catches: PyPy's JIT compiles that path apart)
CHILD = '''
import sys
import pipeline, pipeline.vm as vm
from pipeline.vm import tracebacks
from pipeline.vm.stack import host_getframe   # (sys._getframe shows VM frames while VM code runs)
read = tracebacks.raw_tb_frame
tier2_file = tracebacks.__file__.replace('tracebacks.py', 'tier2.py')
running = []
def checked(tb):
    frame = read(tb)
    here = host_getframe(1)
    while here is not None:
        if here is frame:
            if frame.f_code.co_filename == tier2_file:   # (a trace's or body's host code)
                running.append(frame.f_code.co_name)
            break
        here = here.f_back
    return frame
tracebacks.raw_tb_frame = checked
path = sys.argv[1]
vm.run_code(pipeline.compile(open(path).read(), path, 'exec'), {'__name__': '__main__', '__file__': path})
print('running frames read:', sorted(set(running)), len(running))
'''


def test_exceptions_in_compiled_bodies_read_no_running_frame(tmp_path):
    lines = run_at_tier2(tmp_path, 'raising.py', PROGRAM, CHILD)
    assert lines[0] == '73714'
    assert lines[-1] == 'running frames read: [] 0'
    # (the traceback itself stays 3.8's: the VM's entries only, the machinery's gone)
    assert '\n'.join(lines[1:-1]) == '''Traceback (most recent call last):
  File "PROGRAM", line 29, in <module>
    lookup({}, 'k')
  File "PROGRAM", line 5, in lookup
    return table[key]
KeyError: 'k'
'''
