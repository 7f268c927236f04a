"""A small Go player: Monte-Carlo tree search (UCT) over a 9x9 board of Square objects.

    go.py [LOOPS]    LOOPS outer iterations (default 1, or $GO_LOOPS), each a fresh search

Union-find groups with liberty counts, Zobrist hashing for the positional-superko check,
random playouts; written in the style of pyperformance's bm_go (lots of small method calls
over many short-lived objects), for the VM's speed and memory benchmarks.
"""
import math
import os
import random
import sys

SIZE = 9
PLAYOUTS = 60
KOMI = 7.5
EMPTY, WHITE, BLACK = 0, 1, 2
SHOW = {EMPTY: '.', WHITE: 'o', BLACK: 'x'}
PASS = -1
MAXMOVES = SIZE * SIZE * 3
clock = 0


def tick():
    global clock
    clock += 1
    return clock


class Square:
    """One point of the board; `root` links it into its group (union-find)."""

    def __init__(self, board, pos):
        self.board = board
        self.pos = pos
        self.seen = 0
        self.removed = 0
        self.keys = [random.randrange(1 << 62) for _ in range(3)]
        self.color = EMPTY
        self.root = self
        self.liberties = 0
        self.used = False
        self.neighbours = []

    def link_neighbours(self):
        x, y = self.pos % SIZE, self.pos // SIZE
        for dx, dy in ((-1, 0), (1, 0), (0, -1), (0, 1)):
            nx, ny = x + dx, y + dy
            if 0 <= nx < SIZE and 0 <= ny < SIZE:
                self.neighbours.append(self.board.squares[ny * SIZE + nx])

    def play(self, color):
        self.board.zobrist.toggle(self, color)
        self.color = color
        self.root = self
        self.liberties = 0
        self.used = True
        for neighbour in self.neighbours:
            other = neighbour.color
            if other == EMPTY:
                self.liberties += 1
                continue
            group = neighbour.find(compress=True)
            if other == color:
                if group.root.pos != self.pos:
                    self.liberties += group.liberties
                    group.root = self
                self.liberties -= 1
            else:
                group.liberties -= 1
                if group.liberties == 0:
                    neighbour.capture(other)
        self.board.zobrist.commit()

    def capture(self, color):
        stamp = tick()
        self.board.zobrist.toggle(self, EMPTY)
        self.removed = stamp
        self.color = EMPTY
        self.board.empties.add(self.pos)
        for neighbour in self.neighbours:
            if neighbour.color == EMPTY:
                continue
            if neighbour.color == color:
                if neighbour.removed != stamp:
                    neighbour.capture(color)
            else:
                group = neighbour.find(compress=True)
                group.liberties += 1

    def find(self, compress=False):
        root = self.root
        if root.root is not root:
            root = root.find(compress)
            if compress:
                self.root = root
        return root


class EmptySet:
    """The empty points, with O(1) add, remove and random choice."""

    def __init__(self, board):
        self.board = board
        self.items = list(range(SIZE * SIZE))
        self.where = list(range(SIZE * SIZE))

    def random_choice(self):
        count = len(self.items)
        start = random.randrange(count)
        for offset in range(count):
            pos = self.items[(start + offset) % count]
            if self.board.useful(pos):
                return pos
        return PASS

    def add(self, pos):
        self.where[pos] = len(self.items)
        self.items.append(pos)

    def remove(self, pos):
        index = self.where[pos]
        last = self.items.pop()
        if index < len(self.items):
            self.items[index] = last
            self.where[last] = index


class Zobrist:
    """Incremental position hash; the history of hashes forbids repeating a position."""

    def __init__(self, board):
        self.board = board
        for square in board.squares:
            square.keys = [random.randrange(1 << 62) for _ in range(3)]
        self.value = 0
        for square in board.squares:
            self.value ^= square.keys[EMPTY]
        self.history = {self.value}

    def toggle(self, square, color):
        self.value ^= square.keys[square.color]
        self.value ^= square.keys[color]

    def commit(self):
        self.history.add(self.value)

    def undo(self):
        self.history.discard(self.value)

    def repeats(self):
        return self.value in self.history


class Board:
    def __init__(self):
        self.squares = [Square(self, pos) for pos in range(SIZE * SIZE)]
        for square in self.squares:
            square.link_neighbours()
        self.reset()

    def reset(self):
        for square in self.squares:
            square.color = EMPTY
            square.used = False
            square.root = square
        self.empties = EmptySet(self)
        self.zobrist = Zobrist(self)
        self.color = BLACK
        self.finished = False
        self.lastmove = -2
        self.history = []
        self.white_dead = 0
        self.black_dead = 0

    def move(self, pos):
        if pos != PASS:
            self.squares[pos].play(self.color)
            self.empties.remove(pos)
        elif self.lastmove == PASS:
            self.finished = True
        self.color = BLACK if self.color == WHITE else WHITE
        self.lastmove = pos
        self.history.append(pos)

    def random_move(self):
        return self.empties.random_choice()

    def useful_fast(self, square):
        if not square.used:
            for neighbour in square.neighbours:
                if neighbour.color == EMPTY:
                    return True
        return False

    def useful(self, pos):
        square = self.squares[pos]
        if self.useful_fast(square):
            return True
        old_hash = self.zobrist.value
        self.zobrist.toggle(square, self.color)
        empties = opps = weak_opps = neighs = weak_neighs = 0
        for neighbour in square.neighbours:
            color = neighbour.color
            if color == EMPTY:
                empties += 1
                continue
            group = neighbour.find()
            if color == self.color:
                neighs += 1
                if group.liberties == 1:
                    weak_neighs += 1
            else:
                opps += 1
                if group.liberties == 1:
                    weak_opps += 1
                    self.zobrist.toggle(neighbour, EMPTY)
        repeats = self.zobrist.repeats()
        self.zobrist.value = old_hash
        strong_neighs = neighs - weak_neighs
        strong_opps = opps - weak_opps
        return not repeats and (
            (empties and not (strong_opps or weak_neighs))
            or (strong_neighs and (empties or weak_opps))
            or (weak_opps and (empties or not strong_neighs)))

    def useful_moves(self):
        return [pos for pos in self.empties.items if self.useful(pos)]

    def replay(self, history):
        for pos in history:
            self.move(pos)

    def score(self, color):
        count = KOMI if color == WHITE else 0
        for square in self.squares:
            if square.color == color:
                count += 1
            elif square.color == EMPTY:
                surround = 0
                for neighbour in square.neighbours:
                    if neighbour.color == color:
                        surround += 1
                if surround == len(square.neighbours):
                    count += 1
        return count

    def __repr__(self):
        rows = []
        for y in range(SIZE):
            rows.append(' '.join(SHOW[self.squares[y * SIZE + x].color] for x in range(SIZE)))
        return '\n'.join(rows)


class Node:
    """A node of the search tree: win/loss counts per move, and children."""

    def __init__(self):
        self.bestchild = None
        self.pos = -1
        self.wins = 0
        self.losses = 0
        self.pos_child = [None] * (SIZE * SIZE)
        self.parent = None
        self.unexplored = None

    def play(self, board):
        color = board.color
        node = self
        path = [node]
        while True:
            pos = node.select(board)
            if pos == PASS:
                break
            board.move(pos)
            child = node.pos_child[pos]
            if not child:
                child = node.pos_child[pos] = Node()
                child.unexplored = board.useful_moves()
                child.pos = pos
                child.parent = node
                path.append(child)
                break
            path.append(child)
            node = child
        self.random_playout(board)
        self.update_path(board, color, path)

    def select(self, board):
        if self.unexplored:
            index = random.randrange(len(self.unexplored))
            pos = self.unexplored[index]
            self.unexplored[index] = self.unexplored[-1]
            self.unexplored.pop()
            return pos
        if self.bestchild:
            return self.bestchild.pos
        return PASS

    def random_playout(self, board):
        for _ in range(MAXMOVES):
            if board.finished:
                break
            board.move(board.random_move())

    def update_path(self, board, color, path):
        wins = board.score(BLACK) >= board.score(WHITE)
        for node in path:
            if color == BLACK:
                color = WHITE
            else:
                color = BLACK
            if wins == (color == BLACK):
                node.wins += 1
            else:
                node.losses += 1
            if node.parent:
                node.parent.bestchild = node.parent.best_child()

    def score(self):
        winrate = self.wins / float(self.wins + self.losses)
        parentvisits = self.parent.wins + self.parent.losses
        if not parentvisits:
            return winrate
        nodevisits = self.wins + self.losses
        return winrate + math.sqrt((math.log(parentvisits)) / (5 * nodevisits))

    def best_child(self):
        maxscore = -1
        maxchild = None
        for child in self.pos_child:
            if child and child.score() > maxscore:
                maxchild = child
                maxscore = child.score()
        return maxchild

    def best_visited(self):
        maxvisits = -1
        maxchild = None
        for child in self.pos_child:
            if child and (child.wins + child.losses) > maxvisits:
                maxvisits, maxchild = (child.wins + child.losses), child
        return maxchild


def computer_move(board):
    pos = board.random_move()
    if pos == PASS:
        return PASS
    tree = Node()
    tree.unexplored = board.useful_moves()
    nboard = Board()
    for _ in range(PLAYOUTS):
        node = tree
        nboard.reset()
        nboard.replay(board.history)
        node.play(nboard)
    best = tree.best_visited()
    return best.pos if best is not None else PASS


def versus_cpu():
    random.seed(1)
    board = Board()
    for _ in range(2):
        board.move(computer_move(board))
    return board


def main():
    loops = int(sys.argv[1]) if len(sys.argv) > 1 else int(os.environ.get('GO_LOOPS', '1'))
    for _ in range(loops):
        board = versus_cpu()
    print(board)
    print(board.history)


main()
