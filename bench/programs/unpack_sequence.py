"""pyperformance's unpack_sequence: many tuple and list unpackings (UNPACK_SEQUENCE, UNPACK_EX)."""
import sys


def unpack_tuples(items, loops):
    total = 0
    for _ in range(loops):
        for t in items:
            a, b, c, d, e, f, g, h, i, j = t
            a, b, c, d, e, f, g, h, i, j = t
            a, b, c, d, e, f, g, h, i, j = t
            a, b, c, d, e, f, g, h, i, j = t
            a, b, c, d, e, f, g, h, i, j = t
            total += a + j
    return total


def unpack_lists(items, loops):
    total = 0
    for _ in range(loops):
        for t in items:
            a, b, c, d, e, f, g, h, i, j = t
            a, b, c, d, e, f, g, h, i, j = t
            a, b, c, d, e, f, g, h, i, j = t
            a, b, c, d, e, f, g, h, i, j = t
            a, b, c, d, e, f, g, h, i, j = t
            total += b + i
    return total


def unpack_star_and_swap(items, loops):
    total = 0
    for _ in range(loops):
        for t in items:
            first, *middle, last = t
            x, y = first, last
            x, y = y, x
            x, y, z = y, x, len(middle)
            total += x - y + z
    return total


def main(loops):
    tuples = [tuple(range(k, k + 10)) for k in range(100)]
    lists = [list(t) for t in tuples]
    print(unpack_tuples(tuples, loops), unpack_lists(lists, loops), unpack_star_and_swap(tuples, loops))


main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
