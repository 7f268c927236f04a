"""What runs when a program ends: threads finish, atexit functions, then module cleanup with finalizers."""
import atexit
import threading


class Resource:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print('closing', self.name)


def reader():
    try:
        for index in range(10):
            yield index
    finally:
        print('reader finalized')


def late_worker(results):
    results.append(sum(range(1000)))


results = []
worker = threading.Thread(target=late_worker, args=(results,))
atexit.register(lambda: print('atexit sees results', results))
atexit.register(print, 'atexit registered last runs first')
connection = Resource('connection')
_private = Resource('private cache')
stream = reader()
print('first item', next(stream))
worker.start()
print('main body done')
