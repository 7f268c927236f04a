"""Nested loops that attack a trace compiler running inner loops inside their outer loop's trace:
breaks, continues and else clauses, exceptions with their tracebacks, f_locals, settrace, a
rebound global and generators, all met inside the inner loop while the outer one is hot."""
import sys
import traceback

WEIGHT = 1


# 1. break, continue and else in inner `for` and `while` loops, three deep, empty inner loops
def shapes(n):
    total = 0
    for i in range(n):
        for j in range(i % 7):
            if j == 4:
                break
            if j % 2:
                continue
            total += j * WEIGHT
        else:
            total += 100
        k = i % 5
        while k:
            k -= 1
            if k == 3:
                break
            total += k
        else:
            total += 1000
        for a in ():
            total -= 1
        for row in ((i, i + 1), (i + 2,)):
            for cell in row:
                for bit in range(cell % 3):
                    total ^= bit << 2
    return total


def inner_while_last(n):
    # the inner loop is the outer body's last statement: its exit jumps straight to the head
    count = 0
    for i in range(n):
        j = i % 4
        while j:
            j -= 1
            count += 1
    return count


def returns_from_inner(rows):
    for index, row in enumerate(rows):
        for value in row:
            if value < 0:
                return index, value
    return None


print('shapes', shapes(400), shapes(3))
print('inner while last', inner_while_last(500))
print('return from inner', returns_from_inner([[k, k + 1, k + 2] for k in range(300)] + [[5, -7, 2]]))


# 2. an exception from the middle of an inner loop: uncaught there, and caught by the outer one
def divides(n, zero_at):
    total = 0
    for i in range(n):
        for j in range(1, 6):
            total += 100 // (i - zero_at + j - j)
    return total


def catches(n):
    caught = []
    for i in range(n):
        for key in ('a', 'b', 'c'):
            try:
                {'a': 1, 'b': 2}[key] + i
            except KeyError as error:
                if i % 97 == 0:
                    caught.append((i, repr(error)))
    return caught


try:
    divides(600, 450)
except ZeroDivisionError:
    traceback.print_exc(file=sys.stdout)
print('caught', catches(300))


# 3. f_locals and f_lineno of the frame read from inside an inner loop
def spy(frame):
    return dict(frame.f_locals)


def read_locals(n):
    seen = []
    for i in range(n):
        for j in range(3):
            if i in (150, 290) and j == 2:
                seen.append(sorted((k, v) for k, v in spy(sys._getframe()).items() if k != 'seen'))
                seen.append(sys._getframe().f_lineno)
    return seen


print('locals', read_locals(300))


# 4. sys.settrace switched on inside an inner loop while the outer one is hot, then off
def traced(n):
    events = []

    def tracer(frame, event, arg):
        if frame.f_code.co_name == 'traced':
            events.append((event, frame.f_lineno))
        return tracer

    total = 0
    for i in range(n):
        for j in range(4):
            total += i * j
            if i == 250 and j == 1:
                sys.settrace(tracer)
                sys._getframe().f_trace = tracer   # (this frame too, from its next line)
            if i == 251 and j == 2:
                sys.settrace(None)
    return total, events


print('settrace', traced(300))


# 5. a global rebound from inside an inner loop
def rebind():
    global WEIGHT
    WEIGHT = 3


def weighted(n):
    total = 0
    for i in range(n):
        for j in range(4):
            total += WEIGHT
            if i == 200 and j == 2:
                rebind()
    return total


print('weighted', weighted(300), WEIGHT)
WEIGHT = 1


# 6. generators: an inner loop over one, and one suspended inside its own inner loop
def pairs(n):
    for i in range(n):
        for j in range(i % 4):
            yield i, j


def consume(n):
    total = 0
    for i in range(n):
        for value in (x * 2 for x in range(i % 6)):
            total += value
    return total


source = pairs(400)
first = [next(source) for _ in range(250)]
print('suspended', first[-1], sum(a * b for a, b in source))
print('consume', consume(400))


# 7. an uncaught exception from an inner loop ends the program with 3.8's traceback
def last(n):
    table = {}
    for i in range(n):
        for name in ('x', 'y'):
            table[name, i] = i
            if i == 280 and name == 'y':
                table[name][0]
    return table


last(300)
