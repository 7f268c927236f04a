"""Huffman coding: build the tree with heapq (deterministic tie-breaks), encode, decode, measure."""
import heapq
from collections import Counter


class Leaf:
    def __init__(self, symbol):
        self.symbol = symbol


class Branch:
    def __init__(self, left, right):
        self.left, self.right = left, right


def build(text):
    counts = Counter(text)
    heap = [(n, i, Leaf(sym)) for i, (sym, n) in enumerate(sorted(counts.items()))]
    heapq.heapify(heap)
    order = len(heap)
    while len(heap) > 1:
        n1, _, a = heapq.heappop(heap)
        n2, _, b = heapq.heappop(heap)
        heapq.heappush(heap, (n1 + n2, order, Branch(a, b)))
        order += 1
    return heap[0][2]


def codes(node, prefix='', table=None):
    table = {} if table is None else table
    if isinstance(node, Leaf):
        table[node.symbol] = prefix or '0'
    else:
        codes(node.left, prefix + '0', table)
        codes(node.right, prefix + '1', table)
    return table


def decode(tree, bits):
    out, node = [], tree
    for bit in bits:
        node = node.left if bit == '0' else node.right
        if isinstance(node, Leaf):
            out.append(node.symbol)
            node = tree
    return ''.join(out)


text = 'this is an example of a huffman tree built for a deterministic test'
tree = build(text)
table = codes(tree)
encoded = ''.join(table[c] for c in text)
for symbol in sorted(table, key=lambda s: (len(table[s]), s)):
    print(repr(symbol), table[symbol])
print(len(encoded), len(text) * 8, '%.3f' % (len(encoded) / (len(text) * 8)))
print(decode(tree, encoded) == text, codes(build('aaaa')))
