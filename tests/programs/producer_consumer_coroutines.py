"""Generator-based coroutines (send-driven): a broadcast pipeline of filters and sinks."""
import functools


def coroutine(function):
    @functools.wraps(function)
    def start(*args, **kwargs):
        gen = function(*args, **kwargs)
        next(gen)
        return gen
    return start


@coroutine
def grep(pattern, target):
    while True:
        line = yield
        if pattern in line:
            target.send(line)


@coroutine
def count(sink_name, results):
    n = 0
    try:
        while True:
            yield
            n += 1
    except GeneratorExit:
        results[sink_name] = n


@coroutine
def collect(results, key):
    results[key] = []
    while True:
        item = yield
        results[key].append(item.upper())


@coroutine
def broadcast(targets):
    while True:
        item = yield
        for target in targets:
            target.send(item)


def averager():
    total = count_ = 0
    average = None
    while True:
        value = yield average
        if value is None:
            return total, count_
        total += value
        count_ += 1
        average = total / count_


results = {}
counters = [count('python', results), count('all', results)]
pipeline = broadcast([grep('python', counters[0]), counters[1], grep('error', collect(results, 'errors'))])
for line in ['python is fun', 'error: disk', 'hello', 'python error', 'bye']:
    pipeline.send(line)
for c in counters:
    c.close()
print(sorted(results.items()))
avg = averager()
next(avg)
print([avg.send(v) for v in (10, 20, 60)])
try:
    avg.send(None)
except StopIteration as stop:
    print('returned', stop.value)
print(grep.__name__, pipeline.gi_running, counters[0].gi_frame is None)
