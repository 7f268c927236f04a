"""pyperformance's hexiom: solve Hexiom boards (place numbered tiles on a hexagon so that each
number counts its occupied neighbours) by constraint propagation and search."""
import sys

EMPTY = 7
LIMIT = 1   # solutions looked for per puzzle
DIRECTIONS = ((1, 0), (-1, 0), (0, 1), (0, -1), (1, -1), (-1, 1))


class Board:
    """The cells of a hexagon of the given radius (axial coordinates) and their neighbours."""

    def __init__(self, radius):
        self.cells = [(q, r) for q in range(-radius, radius + 1) for r in range(-radius, radius + 1)
                      if abs(q + r) <= radius]
        index = {cell: i for i, cell in enumerate(self.cells)}
        self.neighbours = [[index[(q + dq, r + dr)] for dq, dr in DIRECTIONS if (q + dq, r + dr) in index]
                           for q, r in self.cells]


class Done:
    """The values each cell may still take; a value of EMPTY means no tile."""

    def __init__(self, count, cells=None):
        self.count = count
        self.cells = cells if cells is not None else [list(range(8)) for _ in range(count)]

    def clone(self):
        return Done(self.count, [c[:] for c in self.cells])

    def fixed(self, i):
        return len(self.cells[i]) == 1

    def remove(self, i, value):
        cell = self.cells[i]
        if value in cell:
            cell.remove(value)
            return True
        return False

    def next_cell(self):
        best, best_len = -1, 9
        for i, cell in enumerate(self.cells):
            if 1 < len(cell) < best_len:
                best, best_len = i, len(cell)
        return best


def propagate(board, done, tiles):
    """Narrow `done` until nothing changes; False when some cell has no value left."""
    changed = True
    while changed:
        changed = False
        used = [0] * 8
        for cell in done.cells:
            if not cell:
                return False
            if len(cell) == 1:
                used[cell[0]] += 1
        for value in range(8):
            if used[value] > tiles[value]:
                return False
            if used[value] == tiles[value]:
                for i in range(done.count):
                    if not done.fixed(i) and done.remove(i, value):
                        changed = True
            possible = [i for i in range(done.count) if value in done.cells[i]]
            if len(possible) < tiles[value]:
                return False
            if len(possible) == tiles[value]:
                for i in possible:
                    if not done.fixed(i):
                        done.cells[i] = [value]
                        changed = True
        for i in range(done.count):
            neighbours = board.neighbours[i]
            occupied = sum(1 for n in neighbours if done.fixed(n) and done.cells[n][0] != EMPTY)
            free = sum(1 for n in neighbours if not done.fixed(n))
            for value in done.cells[i][:]:
                if value != EMPTY and not occupied <= value <= occupied + free:
                    done.remove(i, value)
                    changed = True
            if done.fixed(i) and done.cells[i][0] != EMPTY:
                value = done.cells[i][0]
                if occupied == value and free:
                    for n in neighbours:
                        if not done.fixed(n):
                            done.cells[n] = [EMPTY] if EMPTY in done.cells[n] else []
                    changed = True
                elif occupied + free == value and free:
                    for n in neighbours:
                        if not done.fixed(n) and done.remove(n, EMPTY):
                            changed = True
    return True


def solve(board, done, tiles, solutions):
    if not propagate(board, done, tiles):
        return 0
    i = done.next_cell()
    if i < 0:
        solutions.append([cell[0] for cell in done.cells])
        return 1
    found = 0
    for value in done.cells[i]:
        if len(solutions) >= LIMIT:
            break
        attempt = done.clone()
        attempt.cells[i] = [value]
        found += solve(board, attempt, tiles, solutions)
    return found


def make_puzzle(board, seed, density):
    """Tiles of a random solved board: a deterministic generator picks the occupied cells."""
    state = seed
    occupied = set()
    for i in range(len(board.cells)):
        state = (state * 1103515245 + 12345) & 0x7fffffff
        if state % 100 < density:
            occupied.add(i)
    tiles = [0] * 8
    for i in range(len(board.cells)):
        if i in occupied:
            tiles[sum(1 for n in board.neighbours[i] if n in occupied)] += 1
        else:
            tiles[EMPTY] += 1
    return tiles


def main(puzzles):
    board = Board(2)
    total = 0
    for seed in range(puzzles):
        tiles = make_puzzle(board, seed, 80)
        solutions = []
        count = solve(board, Done(len(board.cells)), tiles, solutions)
        total += count
        first = ''.join('.' if v == EMPTY else str(v) for v in solutions[0]) if solutions else '-'
        print(seed, tiles, count, first)
    print('solutions', total)


main(int(sys.argv[1]) if len(sys.argv) > 1 else 4)
