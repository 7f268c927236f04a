"""Object lifetimes: when objects are finalized after calls, handlers, closures and with-blocks.

CPython frees an object as soon as its last reference goes; a VM that keeps stray
references (old arguments, finished frames, handled exceptions) finalizes late.
"""
import sys
import weakref
from contextlib import contextmanager

events = []


class Tracked:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        events.append('del ' + self.name)


def log(message):
    events.append(message)


class Failure(Exception):
    def __init__(self, payload):
        self.payload = payload


def raise_with(payload):
    local_ref = payload
    raise Failure(payload)


def handled_with_name():
    obj = Tracked('handled-as')
    ref = weakref.ref(obj)
    try:
        raise_with(obj)
    except Failure as e:
        log('inside handler, alive: %s' % (ref() is not None))
    obj = None
    log('after handler, alive: %s' % (ref() is not None))


def handled_without_name():
    obj = Tracked('handled-bare')
    ref = weakref.ref(obj)
    try:
        raise_with(obj)
    except Failure:
        pass
    obj = None
    log('after bare handler, alive: %s' % (ref() is not None))


def traceback_keeps_frame():
    ref = None

    def inner():
        nonlocal ref
        c = Tracked('frame-local')
        ref = weakref.ref(c)
        raise ValueError('boom')

    try:
        inner()
    except ValueError:
        log('frame local alive while handling: %s' % (ref() is not None))
    log('frame local alive after: %s' % (ref() is not None))


def closure_cells():
    def outer():
        x = Tracked('closure')

        def get():
            return x
        get()

    for _ in range(3):
        outer()
    log('closures done')


@contextmanager
def borrowing(a, b):
    a = weakref.ref(a)
    b = weakref.ref(b)
    log('arguments released in context manager: %s %s' % (a() is None, b() is None))
    yield


def exc_info_in_del():
    seen = []

    class Spy:
        def __del__(self):
            seen.append(sys.exc_info())

    try:
        raise Exception(Spy())
    except Exception:
        pass
    log('exc_info seen by __del__: %r' % (seen,))


def method_receiver():
    obj = Tracked('receiver')
    obj.__class__.__name__.upper()
    len(obj.name)
    obj = None
    log('after rebinding the receiver')


handled_with_name()
handled_without_name()
traceback_keeps_frame()
closure_cells()
with borrowing(Tracked('arg-a'), b=Tracked('arg-b')):
    pass
exc_info_in_del()
method_receiver()
for line in events:
    print(line)
