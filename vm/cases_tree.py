"""The tier-1 loops' dispatch: HEAD tested first, then an optimal tree of `op < K` tests.

A linear if/elif chain costs a comparison per instruction passed over (9.3 per executed
instruction on the benchmarks); the specialised forms of tier 1 would lengthen it. Here the
instructions after HEAD are leaves of a binary search tree over their opcodes, the tree with
the fewest comparisons per executed instruction under their weights (an optimal alphabetic
tree, by the dynamic programme of Knuth's optimal search trees): the measured share of each
instruction where it is known (vm/adaptive.py's MEASURED), else a small weight falling with
its dispatch rank. A leaf tests `op == X` only when other opcodes (rare ones, run through the
RARE table) share its range.
"""
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple

INDENT = '    '


def weights(names: Sequence[str], measured: Optional[Mapping[str, float]] = None) -> List[float]:
    """Zipf weights of instructions in dispatch order; with `measured` (shares in per mille), those,
    the Zipf weight scaled far below them breaking ties among the unmeasured."""
    zipf = [1.0 / (rank + 1) for rank in range(len(names))]
    if measured is None:
        return zipf
    return [measured.get(name, 0.0) + 1e-3 * weight for name, weight in zip(names, zipf)]


def optimal_splits(items: List[Tuple[int, float, str]], possible: Sequence[int]) -> Dict[Tuple[int, int], int]:
    """For each run items[a:b] (sorted by opcode) of two or more, the split k minimising the
    weighted comparisons of its subtree: each `op < K` test costs every item below it one, and
    a leaf's `op == X` test one more when rare opcodes share its range."""
    n = len(items)
    bounds = [0] + [opcode for opcode, _, _ in items[1:]] + [256]   # item a's range: bounds[a]..bounds[a+1]
    cost: Dict[Tuple[int, int], float] = {}
    split: Dict[Tuple[int, int], int] = {}
    prefix = [0.0]
    for _, weight, _ in items:
        prefix.append(prefix[-1] + weight)
    for a, (opcode, weight, _) in enumerate(items):
        shared = any(bounds[a] <= value < bounds[a + 1] and value != opcode for value in possible)
        cost[a, a + 1] = weight if shared else 0.0
    for size in range(2, n + 1):
        for a in range(0, n - size + 1):
            b = a + size
            best_k, best = a + 1, None
            for k in range(a + 1, b):
                total = cost[a, k] + cost[k, b]
                if best is None or total < best:
                    best_k, best = k, total
            split[a, b] = best_k
            cost[a, b] = (best or 0.0) + prefix[b] - prefix[a]
    return split


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
         indent: str, splits: Optional[Callable[[List[Tuple[int, float, str]]], int]] = None) -> List[str]:
    """Dispatch over `items` (opcode, weight, name), sorted by opcode, for `low <= op < high`
    (`splits`: where to split a run of items; by default where the two sides weigh the same)."""
    if len(items) == 1:
        opcode, _, name = items[0]
        others = [value for value in possible if low <= value < high and value != opcode]
        if not others:
            return _unconditional(branch, name, indent)
        lines = branch('if', name, indent)
        lines.append(indent + 'else:')
        lines.extend(fallback(indent + INDENT))
        return lines
    k = (splits or _split)(items)
    pivot = items[k][0]
    lines = [indent + 'if op < %d:' % pivot]
    lines.extend(tree(items[:k], low, pivot, possible, branch, fallback, indent + INDENT, splits))
    lines.append(indent + 'else:')
    lines.extend(tree(items[k:], pivot, high, possible, branch, fallback, indent + INDENT, splits))
    return lines


def _unconditional(branch: Callable[[str, str, str], List[str]], name: str, indent: str) -> List[str]:
    """The body of `name` without its `if op == ...:` line (the range holds no other opcode)."""
    lines = branch('if', name, indent)
    body = lines[1:]
    # the body was indented one level under the `if`: take that level off
    return [line[len(INDENT):] if line.startswith(indent + INDENT) else line for line in body] or [indent + 'pass']


def dispatch(generator: Any, head: Sequence[str], rest: Sequence[str], possible: Sequence[int],
             indent: str, measured: Optional[Mapping[str, float]] = None) -> List[str]:
    """HEAD as `if op == X` tests, then the optimal tree over `rest` (in dispatch order)."""
    lines: List[str] = []
    for index, name in enumerate(head):
        lines.extend(generator.branch('if' if index == 0 else 'elif', name, indent))
    items = sorted((generator.instruction(name).opcode, weight, name)
                   for name, weight in zip(rest, weights(rest, measured)))
    where = {opcode: index for index, (opcode, _, _) in enumerate(items)}
    table = optimal_splits(items, possible)
    def splits(run: List[Tuple[int, float, str]]) -> int:
        start = where[run[0][0]]
        return table[start, start + len(run)] - start
    inner = indent
    if head:
        lines.append(indent + 'else:   # a tree of `op < K` tests, frequent instructions near the root')
        inner = indent + INDENT
    else:
        lines.append(indent + '# a tree of `op < K` tests, frequent instructions near the root')
    lines.extend(tree(items, 0, 256, possible, generator.branch,
                      lambda inner_indent: generator.expand(generator.bodies['RARE_FALLBACK'], inner_indent),
                      inner, splits))
    return lines
