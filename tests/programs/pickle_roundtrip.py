"""Pickling instances of program classes (custom __getstate__/__reduce__) and copying them."""
import copy
import pickle


class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y

    def __eq__(self, other):
        return (self.x, self.y) == (other.x, other.y)

    def __repr__(self):
        return 'Point(%r, %r)' % (self.x, self.y)


class Connection:
    def __init__(self, host):
        self.host = host
        self.socket = object()

    def __getstate__(self):
        state = self.__dict__.copy()
        del state['socket']
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        self.socket = 'reconnected'


class Money:
    def __init__(self, cents):
        self.cents = cents

    def __reduce__(self):
        return (Money.from_text, ('%d.%02d' % divmod(self.cents, 100),))

    @classmethod
    def from_text(cls, text):
        units, cents = text.split('.')
        return cls(int(units) * 100 + int(cents))

    def __repr__(self):
        return 'Money(%d)' % self.cents


class Tree:
    def __init__(self, value, children=()):
        self.value, self.children = value, list(children)

    def total(self):
        return self.value + sum(child.total() for child in self.children)


def square(x):
    return x * x


data = {'points': [Point(1, 2), Point(3, 4)], 'conn': Connection('example.org'),
        'money': Money(1234), 'func': square, 'tree': Tree(1, [Tree(2), Tree(3, [Tree(4)])])}
data['self'] = data['points']
for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
    restored = pickle.loads(pickle.dumps(data, protocol))
    assert restored['self'] is restored['points']
print(restored['points'], restored['points'] == data['points'])
print(restored['conn'].host, restored['conn'].socket, restored['money'], restored['func'](7))
print(restored['tree'].total(), type(restored['tree']).__module__)
shallow = copy.copy(data['tree'])
deep = copy.deepcopy(data['tree'])
data['tree'].children[0].value = 100
print(shallow.total(), deep.total())
try:
    pickle.dumps(lambda: 1)
except (pickle.PicklingError, AttributeError) as exc:
    print('cannot pickle lambda:', type(exc).__name__)
