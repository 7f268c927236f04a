def ratio(total, count):
    share = total / count
    return share


def report(counts):
    return [ratio(10, n) for n in counts]


report([5, 2, 0])
