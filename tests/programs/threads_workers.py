"""Worker threads running program functions, with a lock, a queue and thread-local data."""
import queue
import threading

lock = threading.Lock()
totals = {}
local = threading.local()


def collatz_length(n):
    steps = 0
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        steps += 1
    return steps


def worker(name, tasks, results):
    local.name = name
    local.done = 0
    while True:
        n = tasks.get()
        if n is None:
            break
        results.put((n, collatz_length(n)))
        local.done += 1
        with lock:
            totals[local.name] = totals.get(local.name, 0) + 1


tasks, results = queue.Queue(), queue.Queue()
threads = [threading.Thread(target=worker, args=('t%d' % i, tasks, results), name='t%d' % i) for i in range(4)]
for thread in threads:
    thread.start()
for n in range(1, 201):
    tasks.put(n)
for _ in threads:
    tasks.put(None)
for thread in threads:
    thread.join()
collected = sorted(results.get() for _ in range(results.qsize()))
print(len(collected), max(collected, key=lambda item: item[1]), collected[:5])
print(sum(totals.values()), set(totals) <= {'t0', 't1', 't2', 't3'})


class Counter(threading.Thread):
    shared = 0

    def __init__(self, rounds):
        super().__init__()
        self.rounds = rounds

    def run(self):
        for _ in range(self.rounds):
            with lock:
                Counter.shared += 1


counters = [Counter(500) for _ in range(3)]
for c in counters:
    c.start()
for c in counters:
    c.join()
print('shared', Counter.shared, all(not c.is_alive() for c in counters))
event = threading.Event()
seen = []
waiter = threading.Thread(target=lambda: seen.append(event.wait(5)))
waiter.start()
event.set()
waiter.join()
print('event', seen, threading.current_thread().name)
