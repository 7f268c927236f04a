total = 0
for i in range(10):
    if i % 2:
        continue
    if i > 7:
        break
    total += i
else:
    print('no else')
print(total)
n = 0
while n < 5:
    n += 1
else:
    print('while else', n)
for k, v in {'a': 1, 'b': 2}.items():
    print(k, v)
for a, (b, c) in [(1, (2, 3))]:
    print(a, b, c)
for x in []:
    pass
else:
    print('empty else')
it = iter([1, 2, 3])
for x in it:
    if x == 2:
        break
print(list(it))
out = []
for i in range(3):
    for j in range(3):
        if j == 2:
            break
        out.append((i, j))
print(out)
i = 0
while True:
    i += 1
    try:
        if i == 3:
            break
    finally:
        pass
print(i)
