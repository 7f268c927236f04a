"""An LRU cache built from a doubly linked list and a dict, checked against functools.lru_cache."""
import functools


class Node:
    __slots__ = ('key', 'value', 'prev', 'next')

    def __init__(self, key=None, value=None):
        self.key, self.value = key, value
        self.prev = self.next = None


class LRUCache:
    def __init__(self, capacity):
        self.capacity = capacity
        self.map = {}
        self.head, self.tail = Node(), Node()
        self.head.next, self.tail.prev = self.tail, self.head
        self.hits = self.misses = 0

    def _unlink(self, node):
        node.prev.next, node.next.prev = node.next, node.prev

    def _push_front(self, node):
        node.next, node.prev = self.head.next, self.head
        self.head.next.prev = node
        self.head.next = node

    def get(self, key, default=None):
        node = self.map.get(key)
        if node is None:
            self.misses += 1
            return default
        self.hits += 1
        self._unlink(node)
        self._push_front(node)
        return node.value

    def put(self, key, value):
        node = self.map.get(key)
        if node is not None:
            node.value = value
            self._unlink(node)
        else:
            if len(self.map) >= self.capacity:
                victim = self.tail.prev
                self._unlink(victim)
                del self.map[victim.key]
            node = Node(key, value)
            self.map[key] = node
        self._push_front(node)

    def keys(self):
        node, out = self.head.next, []
        while node is not self.tail:
            out.append(node.key)
            node = node.next
        return out


def cached(cache):
    def decorate(func):
        @functools.wraps(func)
        def wrapper(n):
            value = cache.get(n)
            if value is None:
                value = func(n)
                cache.put(n, value)
            return value
        return wrapper
    return decorate


cache = LRUCache(50)


@cached(cache)
def fib(n):
    """Fibonacci, memoised in our cache."""
    return n if n < 2 else fib(n - 1) + fib(n - 2)


@functools.lru_cache(maxsize=32)
def fib2(n):
    return n if n < 2 else fib2(n - 1) + fib2(n - 2)


print(fib(80), fib2(80), fib.__name__, fib.__doc__)
print('hits', cache.hits, 'misses', cache.misses)
print(fib2.cache_info())
small = LRUCache(3)
for key in 'abcadeb':
    if small.get(key) is None:
        small.put(key, key.upper())
    print(key, small.keys())
