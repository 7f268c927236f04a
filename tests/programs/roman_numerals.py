"""Roman numeral conversion both ways with validation, round-trip checks and arithmetic."""
import re

NUMERALS = [(1000, 'M'), (900, 'CM'), (500, 'D'), (400, 'CD'), (100, 'C'), (90, 'XC'),
            (50, 'L'), (40, 'XL'), (10, 'X'), (9, 'IX'), (5, 'V'), (4, 'IV'), (1, 'I')]
VALID = re.compile(r'^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$')


def to_roman(number):
    if not 0 < number < 4000:
        raise ValueError('number out of range (must be 1..3999): %d' % number)
    out = []
    for value, symbol in NUMERALS:
        count, number = divmod(number, value)
        out.append(symbol * count)
    return ''.join(out)


def from_roman(text):
    if not text or not VALID.match(text):
        raise ValueError('invalid Roman numeral: %r' % text)
    total, index = 0, 0
    for value, symbol in NUMERALS:
        while text[index:index + len(symbol)] == symbol:
            total += value
            index += len(symbol)
    return total


class Roman(int):
    def __new__(cls, value):
        if isinstance(value, str):
            value = from_roman(value)
        to_roman(value)
        return super().__new__(cls, value)

    def __repr__(self):
        return "Roman('%s')" % to_roman(self)

    def __add__(self, other):
        return Roman(int(self) + int(other))


print([to_roman(n) for n in (1, 4, 9, 14, 40, 90, 400, 1994, 2024, 3999)])
print(all(from_roman(to_roman(n)) == n for n in range(1, 4000)))
for bad in ['IIII', 'VX', '', 'MMMM', 'abc']:
    try:
        from_roman(bad)
    except ValueError as exc:
        print(exc)
print(Roman('XIV') + Roman(6), Roman('MM') + 24, int(Roman('IX')) * 2, isinstance(Roman(5), int))
try:
    Roman(0)
except ValueError as exc:
    print(exc)
