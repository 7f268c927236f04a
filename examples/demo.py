"""A tour in one file: run it with `python -m pipeline.run examples/demo.py`.

Everything here is compiled by pipeline's own compiler to CPython 3.8 bytecode and
executed by pipeline's VM; the output is the same as `python3.8 examples/demo.py`.
"""
import sys
from dataclasses import dataclass
from functools import lru_cache


@dataclass
class Planet:
    name: str
    distance_au: float
    moons: int

    @property
    def light_minutes(self) -> float:
        return self.distance_au * 8.317


PLANETS = [Planet('Mercury', 0.39, 0), Planet('Venus', 0.72, 0), Planet('Earth', 1.0, 1),
           Planet('Mars', 1.52, 2), Planet('Jupiter', 5.20, 95), Planet('Saturn', 9.58, 146)]


def primes():
    """An endless generator of primes."""
    found = []
    candidate = 2
    while True:
        if all(candidate % p for p in found if p * p <= candidate):
            found.append(candidate)
            yield candidate
        candidate += 1


@lru_cache(maxsize=None)
def ways_to_climb(steps: int) -> int:
    return 1 if steps <= 1 else ways_to_climb(steps - 1) + ways_to_climb(steps - 2)


def main() -> int:
    print('Hello from pipeline: Python 3.8 bytecode, compiled and run in Python.\n')
    print(f"{'planet':<8} {'AU':>5} {'light-min':>9} {'moons':>5}")
    for planet in sorted(PLANETS, key=lambda p: p.distance_au):
        print(f'{planet.name:<8} {planet.distance_au:>5.2f} {planet.light_minutes:>9.1f} {planet.moons:>5}')
    gen = primes()
    print('\nfirst primes:', [next(gen) for _ in range(12)])
    print('ways to climb 40 stairs:', ways_to_climb(40))
    squares = {n: n * n for n in range(1, 8) if n % 2}
    print('odd squares:', squares)
    try:
        {}['missing']
    except KeyError as exc:
        print('caught', type(exc).__name__, exc)
    print('\nrun me with --stats to see which opcodes ran most.')
    return 0


if __name__ == '__main__':
    sys.exit(main())
