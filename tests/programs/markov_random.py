"""A seeded Markov-chain text generator and Monte Carlo estimates with the random module."""
import random
from collections import defaultdict

CORPUS = """the cat sat on the mat the dog sat on the log the cat saw the dog
and the dog saw the cat on the mat and the log"""

random.seed(12345)
chain = defaultdict(list)
words = CORPUS.split()
for current, following in zip(words, words[1:]):
    chain[current].append(following)


def generate(start, length, rng):
    out = [start]
    for _ in range(length - 1):
        options = chain.get(out[-1])
        if not options:
            break
        out.append(options[rng.randrange(len(options))])
    return ' '.join(out)


rng = random.Random(2024)
for _ in range(3):
    print(generate('the', 10, rng))
inside = sum(1 for _ in range(20000) if random.random() ** 2 + random.random() ** 2 <= 1)
print('pi ~ %.3f' % (4 * inside / 20000))
deck = [rank + suit for suit in 'SHDC' for rank in 'A23456789TJQK']
random.shuffle(deck)
print(deck[:5], random.choice(deck), sorted(random.sample(range(100), 5)))
print([random.randint(1, 6) for _ in range(10)], round(random.uniform(1, 2), 6), random.getrandbits(16))
state = random.getstate()
first = [random.random() for _ in range(3)]
random.setstate(state)
print(first == [random.random() for _ in range(3)])
print(sorted(chain)[:5], {k: len(v) for k, v in sorted(chain.items())})
