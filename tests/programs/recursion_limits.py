"""Recursive algorithms: permutations, Ackermann, tree depth, and a caught RecursionError."""
import sys


def permutations(items):
    if len(items) <= 1:
        return [items]
    out = []
    for index, item in enumerate(items):
        for rest in permutations(items[:index] + items[index + 1:]):
            out.append([item] + rest)
    return out


def ackermann(m, n):
    if m == 0:
        return n + 1
    if n == 0:
        return ackermann(m - 1, 1)
    return ackermann(m - 1, ackermann(m, n - 1))


def hanoi(n, source, target, spare, moves):
    if n:
        hanoi(n - 1, source, spare, target, moves)
        moves.append((source, target))
        hanoi(n - 1, spare, target, source, moves)
    return moves


def build_tree(depth):
    return None if depth == 0 else (build_tree(depth - 1), build_tree(depth - 1))


def tree_depth(tree):
    return 0 if tree is None else 1 + max(tree_depth(tree[0]), tree_depth(tree[1]))


def forever(n):
    return forever(n + 1) + 1


def flatten(value):
    if isinstance(value, list):
        for item in value:
            yield from flatten(item)
    else:
        yield value


print(len(permutations(list('abcd'))), permutations([1, 2, 3]))
print(ackermann(2, 3), ackermann(3, 3))
print(len(hanoi(10, 'A', 'C', 'B', [])), hanoi(2, 'A', 'C', 'B', []))
print(tree_depth(build_tree(10)))
print(list(flatten([1, [2, [3, [4, [5]]]], 6])))
sys.setrecursionlimit(300)
try:
    forever(0)
except RecursionError as exc:
    print('caught RecursionError:', str(exc).startswith('maximum recursion depth exceeded'))
sys.setrecursionlimit(1000)
print(ackermann(2, 50))
