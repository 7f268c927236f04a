"""A singly linked list and a binary search tree with iteration protocols and dunder methods."""


class LinkedList:
    class _Node:
        __slots__ = ('value', 'next')

        def __init__(self, value, next=None):
            self.value, self.next = value, next

    def __init__(self, values=()):
        self.head = None
        self.size = 0
        for value in reversed(list(values)):
            self.push(value)

    def push(self, value):
        self.head = self._Node(value, self.head)
        self.size += 1

    def __iter__(self):
        node = self.head
        while node:
            yield node.value
            node = node.next

    def __len__(self):
        return self.size

    def __getitem__(self, index):
        if index < 0:
            index += self.size
        for i, value in enumerate(self):
            if i == index:
                return value
        raise IndexError('list index out of range')

    def __contains__(self, value):
        return any(v == value for v in self)

    def reverse(self):
        previous, node = None, self.head
        while node:
            node.next, previous, node = previous, node, node.next
        self.head = previous

    def __repr__(self):
        return 'LinkedList([%s])' % ', '.join(map(repr, self))


class BST:
    def __init__(self):
        self.root = None

    def insert(self, key):
        if self.root is None:
            self.root = [key, None, None]
            return
        node = self.root
        while True:
            side = 1 if key < node[0] else 2
            if node[side] is None:
                node[side] = [key, None, None]
                return
            node = node[side]

    def inorder(self):
        stack, node = [], self.root
        while stack or node:
            while node:
                stack.append(node)
                node = node[1]
            node = stack.pop()
            yield node[0]
            node = node[2]

    def height(self, node='root'):
        node = self.root if node == 'root' else node
        return 0 if node is None else 1 + max(self.height(node[1]), self.height(node[2]))


items = LinkedList([3, 1, 4, 1, 5])
print(items, len(items), items[2], items[-1], 4 in items, 9 in items)
items.reverse()
print(list(items), sorted(items), sum(items))
try:
    items[10]
except IndexError as exc:
    print('IndexError:', exc)
tree = BST()
for key in [50, 30, 70, 20, 40, 60, 80, 35, 45, 65]:
    tree.insert(key)
print(list(tree.inorder()), tree.height())
it = iter(items)
print(next(it), next(it), list(it))
