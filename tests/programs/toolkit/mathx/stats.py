from ..text import parse_number


def mean(values):
    values = list(values)
    if not values:
        raise ValueError('mean of empty data')
    return sum(values) / len(values)


def median(values):
    ordered = sorted(values)
    n = len(ordered)
    mid = n // 2
    return ordered[mid] if n % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def summary(texts):
    numbers = [parse_number(t) for t in texts]
    return {'n': len(numbers), 'mean': mean(numbers), 'median': median(numbers),
            'min': min(numbers), 'max': max(numbers)}
