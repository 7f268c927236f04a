"""pyperformance's scimark: SOR, Monte Carlo, sparse matrix multiply, LU factorisation and FFT."""
import math
import sys


class Random:
    """SciMark's lagged-Fibonacci generator (subtractive, m = 2**31 - 1)."""
    M = 2147483647

    def __init__(self, seed):
        jseed = min(abs(seed), self.M)
        if jseed % 2 == 0:
            jseed -= 1
        k0, k1 = 9069 % 65536, 9069 // 65536
        j0, j1 = jseed % 65536, jseed // 65536
        self.m = [0] * 17
        for i in range(17):
            jseed = j0 * k0
            j1 = (jseed // 65536 + j0 * k1 + j1 * k0) % 32768
            j0 = jseed % 65536
            self.m[i] = j0 + 65536 * j1
        self.i, self.j = 4, 16

    def next(self):
        k = self.m[self.i] - self.m[self.j]
        if k < 0:
            k += self.M
        self.m[self.j] = k
        self.i = 16 if self.i == 0 else self.i - 1
        self.j = 16 if self.j == 0 else self.j - 1
        return k / self.M

    def matrix(self, rows, cols):
        return [[self.next() for _ in range(cols)] for _ in range(rows)]


def sor(n, cycles, omega=1.25):
    grid = Random(7).matrix(n, n)
    factor, other = omega * 0.25, 1.0 - omega
    for _ in range(cycles):
        for y in range(1, n - 1):
            above, row, below = grid[y - 1], grid[y], grid[y + 1]
            for x in range(1, n - 1):
                row[x] = factor * (above[x] + below[x] + row[x - 1] + row[x + 1]) + other * row[x]
    return sum(map(sum, grid))


def monte_carlo(samples):
    rng = Random(113)
    under = 0
    for _ in range(samples):
        x, y = rng.next(), rng.next()
        if x * x + y * y <= 1.0:
            under += 1
    return under / samples * 4.0


def sparse_matmult(n, nonzeros, cycles):
    rng = Random(17)
    per_row = nonzeros // n
    row_start = [r * per_row for r in range(n + 1)]
    columns, values = [], []
    for r in range(n):
        step = max(r // per_row, 1)
        for i in range(per_row):
            columns.append(i * step)
            values.append(rng.next())
    x = [rng.next() for _ in range(n)]
    y = [0.0] * n
    for _ in range(cycles):
        for r in range(n):
            total = 0.0
            for i in range(row_start[r], row_start[r + 1]):
                total += x[columns[i]] * values[i]
            y[r] = total
    return sum(y)


def lu_factor(a, pivot):
    n = len(a)
    for j in range(n):
        jp = max(range(j, n), key=lambda i: abs(a[i][j]))
        pivot[j] = jp
        if jp != j:
            a[j], a[jp] = a[jp], a[j]
        if j < n - 1:
            recp = 1.0 / a[j][j]
            for k in range(j + 1, n):
                a[k][j] *= recp
        for ii in range(j + 1, n):
            row, aii_j, pivot_row = a[ii], a[ii][j], a[j]
            for jj in range(j + 1, n):
                row[jj] -= aii_j * pivot_row[jj]


def lu(n, cycles):
    source = Random(7).matrix(n, n)
    checksum = 0.0
    for _ in range(cycles):
        a = [row[:] for row in source]
        pivot = [0] * n
        lu_factor(a, pivot)
        checksum += sum(a[i][i] for i in range(n)) + sum(pivot)
    return checksum


def fft_transform(data, direction):
    n = len(data) // 2
    if n <= 1:
        return
    logn = n.bit_length() - 1
    # bit reversal
    j = 0
    for i in range(n - 1):
        ii, jj = 2 * i, 2 * j
        if i < j:
            data[ii], data[jj] = data[jj], data[ii]
            data[ii + 1], data[jj + 1] = data[jj + 1], data[ii + 1]
        k = n >> 1
        while k <= j:
            j -= k
            k >>= 1
        j += k
    dual = 1
    for _ in range(logn):
        w_real, w_imag = 1.0, 0.0
        theta = 2.0 * direction * math.pi / (2.0 * dual)
        s = math.sin(theta)
        t = math.sin(theta / 2.0)
        s2 = 2.0 * t * t
        for a in range(dual):
            for b in range(0, n, 2 * dual):
                i, j = 2 * (b + a), 2 * (b + a + dual)
                z1_real, z1_imag = data[j], data[j + 1]
                wd_real = w_real * z1_real - w_imag * z1_imag
                wd_imag = w_real * z1_imag + w_imag * z1_real
                data[j], data[j + 1] = data[i] - wd_real, data[i + 1] - wd_imag
                data[i] += wd_real
                data[i + 1] += wd_imag
            w_real, w_imag = w_real - s * w_imag - s2 * w_real, w_imag + s * w_real - s2 * w_imag
        dual *= 2


def fft(n, cycles):
    rng = Random(7)
    data = [rng.next() for _ in range(2 * n)]
    original = data[:]
    for _ in range(cycles):
        fft_transform(data, -1)
        fft_transform(data, 1)
        data = [v / n for v in data]
    return max(abs(a - b) for a, b in zip(data, original)) < 1e-9, sum(data)


def main(scale):
    print('sor %.6f' % sor(40, 2 * scale))
    print('monte_carlo %.6f' % monte_carlo(20000 * scale))
    print('sparse %.6f' % sparse_matmult(200, 1000, 10 * scale))
    print('lu %.6f' % lu(24, 2 * scale))
    ok, total = fft(256, 2 * scale)
    print('fft', ok, '%.6f' % total)


main(int(sys.argv[1]) if len(sys.argv) > 1 else 4)
