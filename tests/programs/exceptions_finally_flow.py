"""Control flow through try/except/else/finally: break, continue, return, nested handlers and re-raise."""
trace = []


def classify(value):
    try:
        trace.append('try %r' % (value,))
        result = 10 // value
    except ZeroDivisionError:
        trace.append('zero')
        return 'zero'
    except TypeError as exc:
        trace.append('type')
        return 'type: ' + str(exc)
    else:
        trace.append('else')
        return 'ok %d' % result
    finally:
        trace.append('finally %r' % (value,))


def loop_control():
    out = []
    for i in range(6):
        try:
            if i == 1:
                continue
            if i == 4:
                break
            out.append(i)
        finally:
            out.append('f%d' % i)
    return out


def reraise():
    try:
        try:
            raise ValueError('original')
        except ValueError:
            trace.append('handling')
            raise
    except ValueError as exc:
        return 'reraised %s' % exc


def while_else(limit):
    n = 0
    while n < limit:
        n += 1
        if n == 10:
            break
    else:
        return 'no break at %d' % n
    return 'broke at %d' % n


print([classify(v) for v in (2, 0, 'x')])
print(trace)
print(loop_control(), reraise(), while_else(3), while_else(20))
for attempt in range(3):
    try:
        if attempt < 2:
            raise ConnectionError('attempt %d' % attempt)
    except ConnectionError as exc:
        print('retry after', exc)
        continue
    else:
        print('succeeded on attempt', attempt)
        break
try:
    raise OSError(2, 'No such file or directory', 'missing.txt')
except OSError as exc:
    print(type(exc).__name__, exc.errno, exc.strerror, exc.filename, exc)
try:
    assert 1 + 1 == 3, 'math is broken'
except AssertionError as exc:
    print('AssertionError:', exc)
e = None
try:
    raise KeyError('k')
except KeyError as e:
    pass
try:
    e
except NameError as exc:
    print('NameError:', exc)
