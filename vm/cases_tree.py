"""The tier-1 loops' dispatch: HEAD tested first, then a weight-balanced tree of `op < K` tests.

A linear if/elif chain costs a comparison per instruction passed over (9.3 per executed
instruction on the benchmarks); the specialised forms of tier 1 would lengthen it. Here the
instructions after HEAD are leaves of a binary search tree over their opcodes, each split
chosen so the two sides weigh about the same (weights from the dispatch order, rank r
weighing 1/(r+1), as the measured counts fall off), so a frequent instruction sits near the
root. A leaf tests `op == X` only when other opcodes (rare ones, run through the RARE table)
share its range.
"""
from typing import Any, Callable, List, Sequence, Tuple

INDENT = '    '


def weights(names: Sequence[str]) -> List[float]:
    """Zipf weights of instructions in dispatch order."""
    return [1.0 / (rank + 1) for rank in range(len(names))]


def _split(items: List[Tuple[int, float, str]]) -> int:
    """The index k (1..len-1) that best balances the weights of items[:k] and items[k:]."""
    total = sum(weight for _, weight, _ in items)
    best, best_gap, left = 1, None, 0.0
    for k in range(1, len(items)):
        left += items[k - 1][1]
        gap = abs(total - 2 * left)
        if best_gap is None or gap < best_gap:
            best, best_gap = k, gap
    return best


def tree(items: List[Tuple[int, float, str]], low: int, high: int, possible: Sequence[int],
         branch: Callable[[str, str, str], List[str]], fallback: Callable[[str], List[str]],
         indent: str) -> List[str]:
    """Dispatch over `items` (opcode, weight, name), sorted by opcode, for `low <= op < high`."""
    if len(items) == 1:
        opcode, _, name = items[0]
        others = [value for value in possible if low <= value < high and value != opcode]
        if not others:
            return _unconditional(branch, name, indent)
        lines = branch('if', name, indent)
        lines.append(indent + 'else:')
        lines.extend(fallback(indent + INDENT))
        return lines
    k = _split(items)
    pivot = items[k][0]
    lines = [indent + 'if op < %d:' % pivot]
    lines.extend(tree(items[:k], low, pivot, possible, branch, fallback, indent + INDENT))
    lines.append(indent + 'else:')
    lines.extend(tree(items[k:], pivot, high, possible, branch, fallback, indent + INDENT))
    return lines


def _unconditional(branch: Callable[[str, str, str], List[str]], name: str, indent: str) -> List[str]:
    """The body of `name` without its `if op == ...:` line (the range holds no other opcode)."""
    lines = branch('if', name, indent)
    body = lines[1:]
    # the body was indented one level under the `if`: take that level off
    return [line[len(INDENT):] if line.startswith(indent + INDENT) else line for line in body] or [indent + 'pass']


def dispatch(generator: Any, head: Sequence[str], rest: Sequence[str], possible: Sequence[int],
             indent: str) -> List[str]:
    """HEAD as `if op == X` tests, then the tree over `rest` (in dispatch order)."""
    lines: List[str] = []
    for index, name in enumerate(head):
        lines.extend(generator.branch('if' if index == 0 else 'elif', name, indent))
    items = sorted((generator.instruction(name).opcode, weight, name)
                   for name, weight in zip(rest, weights(rest)))
    lines.append(indent + 'else:   # a tree of `op < K` tests, frequent instructions near the root')
    lines.extend(tree(items, 0, 256, possible, generator.branch,
                      lambda inner: generator.expand(generator.bodies['RARE_FALLBACK'], inner),
                      indent + INDENT))
    return lines
