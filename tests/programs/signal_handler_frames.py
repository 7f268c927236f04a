# A signal handler's frame argument is the program's frame that was running when the signal
# arrived (as the eval loop runs it): its code, line, locals and callers, at every tier, in a
# hot loop (compiled code at tier 2) and in a function it calls; getsignal and signal give back
# the program's handler; a handler's exception leaves at the interrupted line.
import os
import signal
import sys
import traceback

seen = []


def handler(signum, frame):
    caller = sys._getframe(1)
    seen.append((signum == signal.SIGUSR1, frame.f_code.co_name, frame.f_lineno,
                 frame.f_locals.get('i'), frame.f_back.f_code.co_name, frame is caller))


def step(i):
    if i % 250 == 7:
        os.kill(os.getpid(), signal.SIGUSR1)
    return i * 2


def loop(n):
    total = 0
    for i in range(n):
        total += step(i)
        if i % 300 == 11:
            os.kill(os.getpid(), signal.SIGUSR1)
        total -= 1
    return total


print(signal.signal(signal.SIGUSR1, handler) is signal.SIG_DFL)
print(signal.getsignal(signal.SIGUSR1) is handler)
print(loop(1000))
for entry in seen:
    print(entry)


class Counter:
    def __init__(self):
        self.count = 0

    def on_signal(self, signum, frame):
        self.count += 1
        print('method', self.count, frame.f_code.co_name, frame.f_lineno)


counter = Counter()
previous = signal.signal(signal.SIGUSR1, counter.on_signal)
print(previous is handler, signal.getsignal(signal.SIGUSR1) == counter.on_signal)
loop(400)


def failing(signum, frame):
    raise ValueError('from the handler at line %d of %s' % (frame.f_lineno, frame.f_code.co_name))


signal.signal(signal.SIGUSR1, failing)
try:
    loop(1000)
except ValueError:
    traceback.print_exc(file=sys.stdout)
print(signal.signal(signal.SIGUSR1, signal.SIG_IGN) is failing)
loop(100)
print(signal.getsignal(signal.SIGUSR1) is signal.SIG_IGN)
# (set first: a process started in the background inherits SIGINT ignored)
previous = signal.signal(signal.SIGINT, signal.default_int_handler)
print(signal.getsignal(signal.SIGINT) is signal.default_int_handler)
signal.signal(signal.SIGINT, previous)
