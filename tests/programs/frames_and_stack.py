"""Frames as programs see them: sys._getframe, inspect, tracebacks, and host code asking for its caller."""
import collections
import enum
import inspect
import pickle
import sys
import threading
import traceback
import typing

# host library code reading its caller's module (sys._getframe(1).f_globals['__name__'])
Point = collections.namedtuple('Point', 'x y')
print(Point.__module__, Point(1, 2), pickle.loads(pickle.dumps(Point(3, 4))))
Color = enum.Enum('Color', 'RED GREEN')
print(Color.__module__, Color.GREEN, pickle.loads(pickle.dumps(Color.RED)))
T = typing.TypeVar('T')
print(T.__module__)
Pair = typing.NamedTuple('Pair', [('left', int), ('right', int)])
print(Pair.__module__, Pair(1, 2))


def names_on_stack():
    return [record.function for record in inspect.stack()]


def caller_chain(depth):
    frame = sys._getframe(depth)
    names = []
    while frame is not None:
        names.append((frame.f_code.co_name, frame.f_lineno))
        frame = frame.f_back
    return names


print(names_on_stack())
print(list(map(lambda _: names_on_stack(), [0])))
print(sorted([3, 1, 2], key=lambda value: (len(caller_chain(0)), value)))
print(caller_chain(0))
print([caller_chain(1) for _ in range(1)])
print(isinstance(sys._getframe(), type(inspect.currentframe())), inspect.isframe(sys._getframe()))
try:
    sys._getframe(50)
except ValueError as exc:
    print('ValueError:', exc)


def summarize_stack():
    return [(entry.name, entry.lineno) for entry in traceback.extract_stack()]


print(list(map(lambda _: summarize_stack(), [0])))


class Account:
    def __init__(self, balance):
        self.balance = balance

    def withdraw(self, amount):
        remaining = self.balance - amount
        if remaining < 0:
            raise ValueError('insufficient funds: %d' % remaining)
        self.balance = remaining


def pay(account, amounts):
    for amount in amounts:
        account.withdraw(amount)


try:
    pay(Account(10), [4, 5, 6])
except ValueError as exc:
    tb = exc.__traceback__
    while tb is not None:
        frame = tb.tb_frame
        shown = {name: value for name, value in frame.f_locals.items()
                 if isinstance(value, (int, str, list)) and name != '__file__'}
        print(frame.f_code.co_name, tb.tb_lineno, sorted(shown.items()))
        tb = tb.tb_next
    report = traceback.TracebackException(type(exc), exc, exc.__traceback__, capture_locals=True)
    for line in report.format():
        if ' object at 0x' not in line:
            print(line, end='')


# except clauses match by the class hierarchy only, never through a metaclass hook
class Strict(type):
    def __subclasscheck__(cls, subclass):
        raise RuntimeError('not consulted')


class Special(Exception, metaclass=Strict):
    pass


try:
    raise KeyError('k')
except Special:
    print('wrong handler')
except KeyError as exc:
    print('caught', repr(exc))


def frame_api():
    frame = sys._getframe()
    print(frame.f_trace, frame.f_trace_lines, frame.f_trace_opcodes, frame.f_lasti > 0)
    try:
        frame.clear()
    except RuntimeError as exc:
        print('RuntimeError:', exc)
    print(repr(frame).startswith('<frame at 0x'), repr(frame).rsplit(', ', 2)[1:])
    return frame


finished = frame_api()
finished.clear()
print(sorted(finished.f_locals))


# another thread's innermost frame, as sys._current_frames() shows it
entered = threading.Event()
leave = threading.Event()


def blocked_worker():
    wait_here()


def wait_here():
    entered.set()
    leave.wait()


worker = threading.Thread(target=blocked_worker)
worker.start()
entered.wait()
frames = sys._current_frames()
print(frames[threading.get_ident()] is sys._getframe())
print([(entry.name, entry.line) for entry in traceback.extract_stack(frames[worker.ident])
       if entry.name in ('blocked_worker', 'wait_here')])
leave.set()
worker.join()
