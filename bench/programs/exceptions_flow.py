"""Exception-heavy control flow: raise/catch in loops, nested handlers, finally blocks, with."""
import sys


class Missing(Exception):
    pass


class Guard:
    entered = 0

    def __enter__(self):
        Guard.entered += 1
        return self

    def __exit__(self, *exc):
        return False


def lookup(table, key):
    try:
        return table[key]
    except KeyError:
        raise Missing(key)


def work(n):
    table = {i: i * i for i in range(0, n, 3)}
    found = missing = cleaned = 0
    for i in range(n):
        try:
            with Guard():
                try:
                    found += lookup(table, i) & 1
                finally:
                    cleaned += 1
        except Missing:
            missing += 1
        try:
            if i % 7 == 0:
                raise ValueError(i)
        except (TypeError, ValueError) as exc:
            missing += exc.args[0] % 2
    return found, missing, cleaned


n = int(sys.argv[1]) if len(sys.argv) > 1 else 200000
print(work(n), Guard.entered)
