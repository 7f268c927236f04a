"""Graphs: BFS shortest path, iterative DFS, connected components with union-find, Kruskal's MST."""
from collections import deque

EDGES = [('a', 'b', 4), ('a', 'h', 8), ('b', 'c', 8), ('b', 'h', 11), ('c', 'd', 7), ('c', 'f', 4),
         ('c', 'i', 2), ('d', 'e', 9), ('d', 'f', 14), ('e', 'f', 10), ('f', 'g', 2), ('g', 'h', 1),
         ('g', 'i', 6), ('h', 'i', 7), ('x', 'y', 1)]
graph = {}
for u, v, w in EDGES:
    graph.setdefault(u, []).append(v)
    graph.setdefault(v, []).append(u)


def bfs_path(start, goal):
    previous = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            path = []
            while node is not None:
                path.append(node)
                node = previous[node]
            return path[::-1]
        for nxt in sorted(graph[node]):
            if nxt not in previous:
                previous[nxt] = node
                queue.append(nxt)
    return None


def dfs_order(start):
    seen, order, stack = set(), [], [start]
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        order.append(node)
        stack.extend(sorted(graph[node], reverse=True))
    return order


class UnionFind:
    def __init__(self, items):
        self.parent = {item: item for item in items}
        self.rank = dict.fromkeys(items, 0)

    def find(self, item):
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        if self.rank[ra] < self.rank[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.rank[ra] += self.rank[ra] == self.rank[rb]
        return True


print(bfs_path('a', 'e'), bfs_path('a', 'x'))
print(dfs_order('a'))
uf = UnionFind(sorted(graph))
mst = [(u, v, w) for u, v, w in sorted(EDGES, key=lambda e: (e[2], e[0], e[1])) if uf.union(u, v)]
print(mst, sum(w for _, _, w in mst))
components = {}
for node in sorted(graph):
    components.setdefault(uf.find(node), []).append(node)
print(sorted(components.values()))
