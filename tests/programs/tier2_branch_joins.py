"""Loop bodies whose branches meet again, which a tier-2 trace writes as host if/else blocks
joining where the ways meet (the code after them written once): values left on the value stack
across the join, locals bound on one way only, continue/break/return/raise on one way, inner
loops inside a branch, `and`/`or` values, exceptions and settrace after a join, all while the
loop is hot."""
import sys
import traceback


# 1. if/elif/else chains, nested, meeting at one point; a conditional expression inside a sum
def classify(n):
    counts = [0, 0, 0, 0]
    total = 0
    for i in range(n):
        if i % 3 == 0:
            kind = 0
            if i % 2:
                total += 1
            else:
                total -= 1
        elif i % 3 == 1:
            kind = 1
        else:
            kind = 2 if i % 5 else 3
        counts[kind] += 1
        total += i * (2 if kind == 1 else -1) + (kind or 7) + (i % 4 and 5)
    return counts, total


print('classify', classify(3000))


# 2. a value on the stack across the join (conditional expression in a call's arguments)
def joined_args(n):
    out = []
    for i in range(n):
        out.append(max(i, (i * 3 if i % 2 else i // 2), -i if i % 7 == 0 else 0))
    return sum(out), out[-5:]


print('joined_args', joined_args(2000))


# 3. a local bound on one way only, read after the join: UnboundLocalError at the right place
def one_way(n):
    hits = 0
    for i in range(n):
        if i < n - 1:
            seen = i
        else:
            del seen
        if i % 2:
            hits += 1
        try:
            hits += seen % 3
        except UnboundLocalError as error:
            return hits, 'unbound at', i, str(error)
    return hits


print('one_way', one_way(1500))


# 4. continue, break and return on one way of a branch, the code after the join shared
def early(n, stop):
    total = 0
    for i in range(n):
        if i % 4 == 0:
            continue
        elif i % 4 == 1:
            total += 2
        else:
            if i == stop:
                break
            total += 3
        if i % 9 == 0:
            total -= 1
        total += 1
    else:
        return 'no break', total
    return 'break', total


print('early', early(3000, 2998), early(3000, -1))


def finder(values, wanted):
    for position, value in enumerate(values):
        if value == wanted:
            return position
        elif value > wanted:
            if value > 2 * wanted:
                return -position
        else:
            value = -value
        wanted += (value < -100) * (value % 2)
    return None


print('finder', [finder(list(range(k, 200)), 150) for k in range(0, 40, 7)])
print('finder hot', sum(finder(list(range(k % 30, 120)), 90) or 0 for k in range(300)))


# 5. an inner loop inside one way, another after the join
def inner(n):
    total = 0
    for i in range(n):
        if i % 3:
            for j in range(i % 5):
                if j == 3:
                    break
                total += j
            else:
                total += 100
        else:
            k = i % 4
            while k:
                k -= 1
                total += k
        for j in range(2):
            total += j * i if total % 2 else -j
    return total


print('inner', inner(2500))


# 6. an exception raised after a join: traceback and line numbers as the loop's
def failing(n):
    total = 0
    for i in range(n):
        if i % 2:
            divisor = i
        else:
            divisor = i + 1
        if i == n - 1:
            divisor = 0
        total += 1000 // divisor
    return total


try:
    failing(2000)
except ZeroDivisionError:
    traceback.print_exc(file=sys.stdout)


# 7. settrace switched on in one way of a branch, the trace function seeing every line after it
def traced(n):
    events = []

    def tracer(frame, event, arg):
        if frame.f_code.co_name == 'traced':
            events.append((event, frame.f_lineno))
        return tracer

    total = 0
    for i in range(n):
        if i == n - 3:
            sys.settrace(tracer)
            sys._getframe().f_trace = tracer
        else:
            total += i
        if i % 2:
            total -= 1
        total += 2
    sys.settrace(None)
    return total, events


print('traced', traced(2000))


# 8. f_locals after a join, and a hot function whose body has joins (a compiled body)
def pick(i):
    if i % 3 == 0:
        r = 'a'
    elif i % 3 == 1:
        r = 'b'
    else:
        return None
    if i % 2:
        r += 'x'
    return r + str(i % 4)


def locals_after(n):
    last = None
    for i in range(n):
        if i % 2:
            odd = i
        else:
            even = i
        if i == n - 1:
            last = sorted(k for k in sys._getframe().f_locals if k != 'last')
        picked = pick(i)
    return last, picked, [pick(i) for i in range(6)]


print('locals_after', locals_after(3000))
