"""Sales report built with list/dict/set comprehensions, zip, enumerate and nested loops."""
SALES = [
    ('2023-01', 'north', 'widget', 12, 2.5), ('2023-01', 'south', 'gadget', 3, 10.0),
    ('2023-02', 'north', 'gadget', 7, 10.0), ('2023-02', 'east', 'widget', 30, 2.4),
    ('2023-03', 'south', 'widget', 9, 2.5), ('2023-03', 'north', 'gizmo', 1, 99.0),
    ('2023-03', 'east', 'gadget', 4, 9.5), ('2023-04', 'west', 'widget', 0, 2.5),
]
rows = [dict(zip(('month', 'region', 'product', 'qty', 'price'), sale)) for sale in SALES]
revenue = {(r['month'], r['region']): r['qty'] * r['price'] for r in rows if r['qty']}
by_region = {region: sum(v for (m, reg), v in revenue.items() if reg == region)
             for region in sorted({r['region'] for r in rows})}
products = sorted({r['product'] for r in rows})
matrix = [[sum(r['qty'] for r in rows if r['product'] == p and r['month'] == m)
           for m in sorted({r['month'] for r in rows})] for p in products]
print(by_region)
for product, line in zip(products, matrix):
    print('%-7s' % product, ' '.join('%3d' % q for q in line))
best = max(revenue.items(), key=lambda item: (item[1], item[0]))
print('best', best)
flat = [cell for line in matrix for cell in line if cell]
print(flat, sum(flat), len(flat))
pairs = [(a, b) for a in range(1, 6) for b in range(a, 6) if (a * b) % 3 == 0]
print(pairs)
ranked = {name: rank for rank, (name, total) in enumerate(sorted(by_region.items(), key=lambda kv: -kv[1]), 1)}
print(ranked)
nested = {p: {r['region']: r['qty'] for r in rows if r['product'] == p} for p in products}
print(nested)
print(sorted(set(word for text in ['a b c', 'b c d', 'e'] for word in text.split())))
grid = [[(i * j) % 4 for j in range(5)] for i in range(4)]
transposed = [list(col) for col in zip(*grid)]
print(grid)
print(transposed)
print(all(any(c == 0 for c in row) for row in grid), [i for i, row in enumerate(grid) if sum(row) > 6])
