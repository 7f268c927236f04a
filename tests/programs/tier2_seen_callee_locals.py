"""A coroutine awaited at once that looks at the stack (sys._getframe) and returns: its locals die
when it returns, as 3.8 frees its frame (nothing holds it), also where compiled code ran its step
and the walk of the stack read the position of the loop running its caller (the host frame of
that loop keeps a snapshot of its locals once they are read, on some hosts: a finished callee's
frame among them). Checked after a collection (PyPy frees at collections)."""
import gc
import sys
import weakref


class Tracked:
    alive = []

    def __init__(self, tag):
        self.tag = tag
        Tracked.alive.append(weakref.ref(self))


def survivors():
    gc.collect()
    return [ref().tag for ref in Tracked.alive if ref() is not None]


async def looks_back(k):
    here = sys._getframe(0)
    caller = sys._getframe(1)
    seen = (caller.f_code.co_name, caller.f_lineno, here.f_back is caller, here.f_code.co_name)
    here = caller = None
    if k % 50 == 49:
        keep = Tracked('local %d' % k)
        return seen, keep.tag
    return seen


async def looking(k):
    seen = await looks_back(k)
    if k % 50 == 49:
        print('after', k, seen, survivors())
    return seen


def drive(k):
    coroutine = looking(k)
    try:
        coroutine.send(None)
    except StopIteration as stop:
        return stop.value


for k in range(300):
    drive(k)


def plain_back(k):
    caller = sys._getframe(1)
    seen = (caller.f_code.co_name, caller.f_lineno)
    caller = None
    keep = Tracked('plain %d' % k)
    return seen, keep.tag


def plain_loop(n):
    for k in range(n):
        seen = plain_back(k)
        if k % 500 == 499:
            print('plain after', k, seen, survivors())


plain_loop(2000)
