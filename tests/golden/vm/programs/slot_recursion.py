class R:
    def __repr__(self):
        return repr(self)
try:
    repr(R())
except RecursionError as e:
    print('RecursionError from __repr__')
class Node:
    def __init__(self, items):
        self.items = items
    def __eq__(self, other):
        return self.items == other.items
    def __hash__(self):
        return hash(tuple(self.items))
    def __len__(self):
        return len(self.items)
    def __getitem__(self, i):
        return self.items[i]
    def __contains__(self, v):
        return v in self.items
    def __iter__(self):
        return iter(self.items)
    def __bool__(self):
        return bool(self.items)
    def __call__(self, x):
        return x * 2
n = Node([1, 2])
print(n == Node([1, 2]), hash(n) == hash((1, 2)), len(n), n[1], 2 in n, list(n), bool(n), n(4))
print(type(Node.__dict__['__len__']).__name__ in ('function', 'instancemethod'), Node.__len__(n), Node.__eq__.__name__)
print(sorted([Node([2]), Node([1])], key=len)[0].items, {n: 1}[Node([1, 2])])
