"""Sorting records: key functions, stability, reverse, itemgetter/attrgetter, cmp_to_key."""
import functools
import operator
from collections import namedtuple

Student = namedtuple('Student', 'name grade age')
students = [Student('dave', 'B', 10), Student('ann', 'A', 12), Student('carl', 'B', 9),
            Student('bea', 'A', 12), Student('eve', 'C', 11), Student('fred', 'A', 10)]
print([s.name for s in sorted(students)])
print([s.name for s in sorted(students, key=operator.attrgetter('grade', 'age'))])
print([s.name for s in sorted(students, key=lambda s: (-s.age, s.name))])
print([s.name for s in sorted(students, key=operator.itemgetter(1), reverse=True)])


def compare(a, b):
    if a.grade != b.grade:
        return -1 if a.grade < b.grade else 1
    return (a.name > b.name) - (a.name < b.name)


print([s.name for s in sorted(students, key=functools.cmp_to_key(compare))])
words = 'The quick brown Fox jumps over the lazy Dog again and AGAIN'.split()
print(sorted(words))
print(sorted(words, key=str.lower))
print(sorted(words, key=lambda w: (len(w), w.lower())))
data = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5]
data.sort(reverse=True)
print(data, sorted(data, key=lambda v: v % 3))
print(min(students, key=lambda s: s.age).name, max(students, key=lambda s: (s.grade, s.name)).name)


class Version:
    def __init__(self, text):
        self.parts = tuple(int(p) for p in text.split('.'))
        self.text = text

    def __lt__(self, other):
        return self.parts < other.parts

    def __repr__(self):
        return self.text


versions = [Version(v) for v in ['1.10.0', '1.2.0', '1.2.10', '0.9', '1.2.9', '10.0']]
print(sorted(versions), max(versions), min(versions))
print(sorted({'b': 2, 'a': 3, 'c': 1}.items(), key=operator.itemgetter(1)))
try:
    sorted([1, 'a', 2])
except TypeError as exc:
    print('TypeError', exc)
print(list(reversed(sorted(range(10), key=lambda n: (n % 2, n)))))
