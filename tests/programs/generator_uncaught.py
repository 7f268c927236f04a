"""An exception escaping a generator through a for loop and a helper: the traceback includes the generator frame."""


def records(rows):
    for number, row in enumerate(rows, 1):
        if ',' not in row:
            raise ValueError('row %d has no comma: %r' % (number, row))
        yield tuple(row.split(','))


def total(rows):
    return sum(int(b) for a, b in records(rows))


print(total(['a,1', 'b,2']))
print(total(['a,1', 'oops', 'c,3']))
