def gen():
    yield 1
    raise ValueError('from generator')
for v in gen():
    print(v)
