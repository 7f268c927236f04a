"""Log processing with chained generators, send(), throw(), close() and yield from."""
import itertools

LOG = """\
2024-01-01 10:00:01 INFO user=alice action=login
2024-01-01 10:00:05 WARN user=bob action=login failed=1
2024-01-01 10:01:00 INFO user=alice action=view page=home
2024-01-01 10:02:30 ERROR user=carol action=pay amount=30
2024-01-01 10:03:00 INFO user=bob action=login
2024-01-01 10:04:10 INFO user=bob action=pay amount=12
2024-01-01 10:05:00 ERROR user=alice action=pay amount=99
"""


def lines(text):
    for line in text.splitlines():
        if line.strip():
            yield line


def parse(records):
    for record in records:
        date, time, level, *fields = record.split()
        entry = {'time': time, 'level': level}
        entry.update(field.split('=', 1) for field in fields)
        yield entry


def where(entries, **conditions):
    return (e for e in entries if all(e.get(k) == v for k, v in conditions.items()))


def running_total():
    total = 0
    while True:
        amount = yield total
        if amount is None:
            break
        total += amount
    return total


def delegate():
    result = yield from running_total()
    yield 'final %d' % result


def chunks(iterable, size):
    iterator = iter(iterable)
    while True:
        chunk = list(itertools.islice(iterator, size))
        if not chunk:
            return
        yield chunk


entries = list(parse(lines(LOG)))
print([e['user'] for e in where(entries, action='login')])
print([(e['user'], e['amount']) for e in where(entries, level='ERROR')])
counter = delegate()
next(counter)
for e in where(entries, action='pay'):
    print('total', counter.send(int(e['amount'])))
print(counter.send(None))
print(list(chunks(range(7), 3)))


def guarded():
    try:
        while True:
            try:
                value = yield
                print('got', value)
            except ValueError as exc:
                print('recovered from', exc)
    finally:
        print('generator closed')


g = guarded()
next(g)
g.send(1)
g.throw(ValueError('bad value'))
g.send(2)
g.close()
by_level = {level: len(list(group)) for level, group in itertools.groupby(sorted(e['level'] for e in entries))}
print(by_level)
squares = (n * n for n in itertools.count(1))
print(list(itertools.takewhile(lambda n: n < 60, squares)), next(squares))
