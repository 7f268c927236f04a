"""Invoice rendering: f-strings, format specs, str.format, %-formatting and alignment."""
import datetime
from decimal import Decimal

items = [('Widget', 3, Decimal('4.99')), ('Gadget with long name', 1, Decimal('120.00')),
         ('Nut', 250, Decimal('0.02'))]
date = datetime.date(2024, 2, 29)
print(f'Invoice date: {date:%Y-%m-%d} ({date:%A}), week {date.isocalendar()[1]}')
print(f"{'Item':<20}|{'Qty':>5}|{'Price':>9}|{'Total':>10}")
print('-' * 47)
grand = Decimal(0)
for name, qty, price in items:
    total = qty * price
    grand += total
    short = name if len(name) <= 20 else name[:17] + '...'
    print(f'{short:<20}|{qty:>5d}|{price:>9.2f}|{total:>10,.2f}')
print(f'{"TOTAL":>36}{grand:>11.2f}')
width = 12
value = 3.14159265
print(f'{value:{width}.{3}f}|{value:<{width}e}|{value:^{width}.2%}|')
print('{0:08.3f} {1:+d} {1: d} {2:x} {2:#o} {2:#b} {3!r} {3!s}'.format(value, 42, 255, 'hi'))
print('%5s|%-5s|%05d|%.3e|%c|%%' % ('ab', 'cd', 42, 12345.678, 65))
print('%(name)s is %(age)d' % {'name': 'Ann', 'age': 7})
print(f'{1e21:g} {1e-7:g} {123456789.0:.3g} {0.1 + 0.2!r} {2 ** 0.5:.15f}')
print(f'{-0.0} {float("inf")} {-float("inf"):>6} {1/3:.0%}')
nested = {'a': [1, {'b': 'c'}]}
print(f"{nested['a'][1]['b']!r:>5} {len(nested)=}" if False else f"{nested['a'][1]['b']!r:>5}")
print('{:,}'.format(1234567890), '{:_}'.format(1234567), format(1234.5, '=+12,.1f'))
print('{:*^20}'.format(' centred '), 'x'.center(7, '.'), 'tab\there'.expandtabs(4))
print(repr('quote\'s "double" \n\t\x00\u00e9\U0001f600'), ascii('caf\u00e9'))
print(str(12345678901234567890), int('-0012'), float('1_000.5'), round(2.675, 2), round(2.5), round(3.5))
