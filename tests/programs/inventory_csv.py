"""CSV in, aggregated report out: csv module with StringIO, DictReader/DictWriter, validation."""
import csv
import io

DATA = '''sku,name,qty,unit_price,warehouse
A100,bolt,120,0.15,north
A101,nut,300,0.05,north
B200,"hinge, brass",15,2.40,south
B201,handle,,3.10,south
C300,"rail ""long""",4,12.00,east
A100,bolt,30,0.15,south
'''


class RowError(Exception):
    pass


def validate(row, line):
    try:
        qty = int(row['qty'])
        price = float(row['unit_price'])
    except ValueError:
        raise RowError('line %d: bad number in %r' % (line, row['sku']))
    return dict(row, qty=qty, unit_price=price)


reader = csv.DictReader(io.StringIO(DATA))
good, errors = [], []
for line, row in enumerate(reader, start=2):
    try:
        good.append(validate(row, line))
    except RowError as exc:
        errors.append(str(exc))
print('fields:', reader.fieldnames)
print('errors:', errors)
totals = {}
for row in good:
    key = (row['sku'], row['name'])
    qty, value = totals.get(key, (0, 0.0))
    totals[key] = (qty + row['qty'], value + row['qty'] * row['unit_price'])
out = io.StringIO()
writer = csv.writer(out, lineterminator='\n')
writer.writerow(['sku', 'name', 'qty', 'value'])
for (sku, name), (qty, value) in sorted(totals.items()):
    writer.writerow([sku, name, qty, '%.2f' % value])
print(out.getvalue(), end='')
by_house = {}
for row in good:
    by_house.setdefault(row['warehouse'], []).append(row['sku'])
print(sorted(by_house.items()))
rows = list(csv.reader(['a;b;"c;d"', '1;2;3'], delimiter=';'))
print(rows)
