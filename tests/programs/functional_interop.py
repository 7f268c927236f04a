"""Program functions handed to builtins and stdlib: map/filter/sorted/reduce/partial/lru_cache/itertools."""
import functools
import itertools
import operator


def is_prime(n):
    return n > 1 and all(n % d for d in range(2, int(n ** 0.5) + 1))


def collatz(n):
    return n // 2 if n % 2 == 0 else 3 * n + 1


class Multiplier:
    def __init__(self, k):
        self.k = k

    def __call__(self, x):
        return x * self.k


primes = list(filter(is_prime, range(50)))
print(primes)
print(list(map(Multiplier(3), primes[:5])), list(map(pow, [2, 3, 4], [5, 2, 1])))
print(functools.reduce(operator.mul, primes[:6]), functools.reduce(lambda a, b: a + [b * b], range(4), []))
print(sorted(range(-5, 6), key=abs), sorted(['bb', 'a', 'ccc'], key=len, reverse=True))
print(list(itertools.accumulate(range(1, 8), operator.mul)), list(itertools.starmap(divmod, [(7, 2), (9, 4)])))
print(list(itertools.islice(itertools.accumulate(itertools.repeat(27), lambda n, _: collatz(n)), 12)))


@functools.lru_cache(maxsize=None)
def partitions(n, largest=None):
    largest = n if largest is None else largest
    if n == 0:
        return 1
    return sum(partitions(n - k, k) for k in range(1, min(n, largest) + 1))


print(partitions(40), partitions.cache_info().hits > 0)
base_two = functools.partial(int, base=2)
print(base_two('101101'), functools.partial(Multiplier(2))(21))
print(any(map(is_prime, [4, 6, 7])), all(map(is_prime, [2, 3, 4])), min(map(collatz, range(1, 10))))
print(dict(zip('abc', map(is_prime, range(3)))), list(enumerate(filter(None, [0, 1, '', 'x']), 1)))
print(list(zip(*[iter(range(9))] * 3)), sum(map(len, ['ab', 'cde'])), max('hello', key='lol'.count))


class Temperature:
    def __init__(self, celsius):
        self._celsius = celsius

    celsius = property(operator.attrgetter('_celsius'))
    fahrenheit = property(lambda self: self._celsius * 9 / 5 + 32)


print([t.fahrenheit for t in sorted(map(Temperature, [30, -10, 0]), key=operator.attrgetter('celsius'))])
groups = itertools.groupby(sorted(range(20), key=lambda n: n % 3), key=lambda n: n % 3)
print({k: list(g) for k, g in groups})
print(list(itertools.chain.from_iterable(map(range, range(5)))))
