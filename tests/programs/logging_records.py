"""logging from a program: records name the program's file, line and function, also via callbacks."""
import io
import logging
import sys

stream = io.StringIO()
handler = logging.StreamHandler(stream)
handler.setFormatter(logging.Formatter('%(levelname)s %(module)s %(funcName)s:%(lineno)d %(message)s'))
log = logging.getLogger('inventory')
log.addHandler(handler)
log.setLevel(logging.DEBUG)
log.propagate = False


class Store:
    def __init__(self):
        self.items = {}
        log.debug('store created')

    def add(self, name, count):
        self.items[name] = self.items.get(name, 0) + count
        log.info('added %d %s', count, name)

    def remove(self, name, count):
        if self.items.get(name, 0) < count:
            log.warning('cannot remove %d %s', count, name)
            return False
        self.items[name] -= count
        return True


def restock(store, names):
    list(map(lambda name: store.add(name, 5), names))


store = Store()
store.add('apples', 3)
restock(store, ['pears', 'plums'])
store.remove('kiwis', 1)
try:
    {}['missing']
except KeyError:
    log.exception('lookup failed')
log.info('stack follows', stack_info=True)
logging.basicConfig(stream=sys.stdout, format='root %(funcName)s:%(lineno)d %(message)s')
logging.warning('module-level helper')
for line in stream.getvalue().splitlines():
    print(line)
