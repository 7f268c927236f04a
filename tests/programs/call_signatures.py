"""Function signatures: defaults, *args/**kwargs, keyword-only, positional-only and call errors."""


def describe(name, greeting='hello', *extra, sep=', ', upper=False, **options):
    text = sep.join([greeting + ' ' + name] + list(extra) + ['%s=%s' % kv for kv in sorted(options.items())])
    return text.upper() if upper else text


def divide(a, b, /, *, round_to=None):
    result = a / b
    return round(result, round_to) if round_to is not None else result


def append_to(item, target=[]):
    target.append(item)
    return target


def unpacker(first, *rest, last):
    return first, rest, last


print(describe('ann'))
print(describe('bob', 'hi', 'x', 'y', sep='; ', mood='happy', age=3))
print(describe(*['carl', 'hey'], **{'upper': True, 'k': 1}))
print(divide(7, 2), divide(22, 7, round_to=3))
print(append_to(1), append_to(2), append_to(3, []))
print(unpacker(*range(5), last='end'), unpacker(1, last=2))
calls = [
    lambda: describe(),
    lambda: describe('a', 'b', greeting='c'),
    lambda: divide(a=1, b=2),
    lambda: divide(1, 2, 3),
    lambda: unpacker(1, 2),
    lambda: describe('a', name='b'),
    lambda: describe(**{'name': 'x', 'greeting': 'y', 'extra': 1}),
    lambda: (lambda x, y=1, *, z: x)(1, 2, 3),
    lambda: (lambda: None)(1),
    lambda: (lambda a, b, c, d: None)(1),
]
for call in calls:
    try:
        print('ok', call())
    except TypeError as exc:
        print('TypeError:', exc)
print(describe.__defaults__, describe.__kwdefaults__, describe.__code__.co_argcount,
      describe.__code__.co_kwonlyargcount, divide.__code__.co_posonlyargcount)
print(sorted(describe.__code__.co_varnames), describe.__name__, describe.__qualname__)
