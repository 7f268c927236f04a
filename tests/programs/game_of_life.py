"""Conway's Game of Life on a torus, with pattern detection of a glider's period."""


def step(cells, width, height):
    counts = {}
    for (x, y) in cells:
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                if dx or dy:
                    key = ((x + dx) % width, (y + dy) % height)
                    counts[key] = counts.get(key, 0) + 1
    return frozenset(cell for cell, n in counts.items() if n == 3 or (n == 2 and cell in cells))


def render(cells, width, height):
    return '\n'.join(''.join('#' if (x, y) in cells else '.' for x in range(width)) for y in range(height))


def normalise(cells):
    min_x = min(x for x, _ in cells)
    min_y = min(y for _, y in cells)
    return frozenset((x - min_x, y - min_y) for x, y in cells)


glider = frozenset([(1, 0), (2, 1), (0, 2), (1, 2), (2, 2)])
cells = glider
for generation in range(4):
    print('generation', generation)
    print(render(cells, 8, 6))
    cells = step(cells, 8, 6)
print('glider shape repeats after 4:', normalise(cells) == normalise(glider))
blinker = frozenset([(1, 0), (1, 1), (1, 2)])
history = [blinker]
for _ in range(4):
    history.append(step(history[-1], 5, 5))
print('blinker period 2:', history[0] == history[2] == history[4], history[1] != history[0])
seen = {}
state = frozenset([(0, 0), (1, 0), (2, 0), (1, 1), (5, 5), (6, 5), (5, 6), (6, 6)])
for gen in range(30):
    if state in seen:
        print('cycle: generation %d repeats %d' % (gen, seen[state]))
        break
    seen[state] = gen
    state = step(state, 10, 10)
print('population', len(state))
