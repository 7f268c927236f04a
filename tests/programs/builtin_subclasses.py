"""Subclassing builtins (dict, list, str, int, Exception) and handing instances to stdlib code."""
import collections
import json


class DefaultCounter(dict):
    def __missing__(self, key):
        return 0

    def add(self, items):
        for item in items:
            self[item] += 1
        return self


class History(list):
    def append(self, item):
        super().append((len(self), item))

    def latest(self):
        return self[-1][1] if self else None


class Tag(str):
    def __new__(cls, value):
        return super().__new__(cls, value.strip().lower())

    @property
    def hashtag(self):
        return '#' + self


class Cents(int):
    def __str__(self):
        return '%d.%02d' % divmod(int(self), 100)

    def __add__(self, other):
        return Cents(int(self) + int(other))


class AppError(Exception):
    def __init__(self, code, detail):
        super().__init__(code, detail)
        self.code = code

    def __str__(self):
        return '[%d] %s' % self.args


counts = DefaultCounter().add('abracadabra')
print(sorted(counts.items()), counts['z'], json.dumps(counts, sort_keys=True), isinstance(counts, dict))
history = History()
for event in ('start', 'load', 'stop'):
    history.append(event)
print(history, history.latest(), len(history), history[1:], sorted(history, reverse=True)[0])
tags = [Tag('  Python '), Tag('VM'), Tag('python')]
print(tags, [t.hashtag for t in tags], len(set(tags)), Tag('A') == 'a', ', '.join(tags), type(tags[0].upper()).__name__)
price = Cents(1999) + Cents(1)
print(price, repr(price), type(price).__name__, price * 2, '{:>8}'.format(str(price)))
try:
    raise AppError(404, 'not found')
except AppError as exc:
    print(exc, exc.code, exc.args, repr(exc))
ordered = collections.OrderedDict.fromkeys('cab')
ordered.move_to_end('c')
print(list(ordered), json.loads('{"b": 1, "a": [2]}', object_pairs_hook=DefaultCounter)['missing'])


class Registry(collections.UserDict):
    def __setitem__(self, key, value):
        super().__setitem__(key.upper(), value)


registry = Registry(a=1)
registry['b'] = 2
print(dict(registry), 'A' in registry, registry.get('c', 'none'))
