"""A task planner: topological sort, heapq priorities and Dijkstra shortest paths."""
import heapq
from collections import defaultdict, deque

TASKS = {'deploy': ['test', 'build'], 'test': ['build'], 'build': ['fetch'], 'fetch': [],
         'docs': ['fetch'], 'release': ['deploy', 'docs']}


def topological(tasks):
    indegree = {task: len(deps) for task, deps in tasks.items()}
    dependents = defaultdict(list)
    for task, deps in tasks.items():
        for dep in deps:
            dependents[dep].append(task)
    ready = deque(sorted(task for task, n in indegree.items() if n == 0))
    order = []
    while ready:
        task = ready.popleft()
        order.append(task)
        for nxt in sorted(dependents[task]):
            indegree[nxt] -= 1
            if indegree[nxt] == 0:
                ready.append(nxt)
    if len(order) != len(tasks):
        raise ValueError('cycle detected')
    return order


def dijkstra(graph, start):
    dist = {start: 0}
    heap = [(0, start)]
    previous = {}
    while heap:
        d, node = heapq.heappop(heap)
        if d > dist.get(node, float('inf')):
            continue
        for neighbour, weight in graph.get(node, ()):
            nd = d + weight
            if nd < dist.get(neighbour, float('inf')):
                dist[neighbour] = nd
                previous[neighbour] = node
                heapq.heappush(heap, (nd, neighbour))
    return dist, previous


print(topological(TASKS))
try:
    topological({'a': ['b'], 'b': ['a']})
except ValueError as exc:
    print(exc)
graph = {'A': [('B', 4), ('C', 1)], 'C': [('B', 2), ('D', 7)], 'B': [('D', 1)], 'D': [('E', 3)]}
dist, previous = dijkstra(graph, 'A')
print(sorted(dist.items()))
path, node = [], 'E'
while node != 'A':
    path.append(node)
    node = previous[node]
print('->'.join(['A'] + path[::-1]))
queue = []
for priority, name in [(3, 'low'), (1, 'urgent'), (2, 'normal'), (1, 'also urgent')]:
    heapq.heappush(queue, (priority, name))
print([heapq.heappop(queue)[1] for _ in range(len(queue))])
print(heapq.nlargest(3, [5, 1, 8, 3, 9, 2]), heapq.nsmallest(2, ['pear', 'fig', 'apple'], key=len))
print(list(heapq.merge([1, 4, 9], [2, 3, 10], [0])))
