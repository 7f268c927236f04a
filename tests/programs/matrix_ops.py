"""Matrix arithmetic with operator overloading, Gaussian elimination and exact fractions."""
from fractions import Fraction


class Matrix:
    def __init__(self, rows):
        self.rows = [list(row) for row in rows]
        self.n, self.m = len(self.rows), len(self.rows[0])

    @classmethod
    def identity(cls, n):
        return cls([[1 if i == j else 0 for j in range(n)] for i in range(n)])

    def __matmul__(self, other):
        if self.m != other.n:
            raise ValueError('shape mismatch %dx%d @ %dx%d' % (self.n, self.m, other.n, other.m))
        cols = list(zip(*other.rows))
        return Matrix([[sum(a * b for a, b in zip(row, col)) for col in cols] for row in self.rows])

    def __add__(self, other):
        return Matrix([[a + b for a, b in zip(r1, r2)] for r1, r2 in zip(self.rows, other.rows)])

    def __eq__(self, other):
        return self.rows == other.rows

    def transpose(self):
        return Matrix(zip(*self.rows))

    def __pow__(self, k):
        result, base = Matrix.identity(self.n), self
        while k:
            if k & 1:
                result = result @ base
            base = base @ base
            k >>= 1
        return result

    def determinant(self):
        rows = [[Fraction(x) for x in row] for row in self.rows]
        det = Fraction(1)
        for col in range(self.n):
            pivot = next((r for r in range(col, self.n) if rows[r][col] != 0), None)
            if pivot is None:
                return Fraction(0)
            if pivot != col:
                rows[col], rows[pivot] = rows[pivot], rows[col]
                det = -det
            det *= rows[col][col]
            for r in range(col + 1, self.n):
                factor = rows[r][col] / rows[col][col]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[col])]
        return det

    def __str__(self):
        width = max(len(str(x)) for row in self.rows for x in row)
        return '\n'.join(' '.join(str(x).rjust(width) for x in row) for row in self.rows)


a = Matrix([[1, 2], [3, 4]])
b = Matrix([[0, 1], [1, 0]])
print(a @ b)
print(a + b)
print((a ** 10))
print(Matrix([[1, 1], [1, 0]]) ** 30 == Matrix([[1346269, 832040], [832040, 514229]]))
print(a.transpose())
m = Matrix([[2, -1, 0], [-1, 2, -1], [0, -1, 2]])
print('det', m.determinant(), Matrix([[1, 2], [2, 4]]).determinant())
try:
    a @ Matrix([[1, 2, 3]])
except ValueError as exc:
    print('error:', exc)
