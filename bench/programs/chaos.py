"""pyperformance's chaos: a chaos game over a figure of B-spline curves, rendered to a pixel grid."""
import math
import sys


class Random:
    """A small linear congruential generator: the same numbers on every host."""

    def __init__(self, seed):
        self.state = seed

    def random(self):
        self.state = (self.state * 1103515245 + 12345) & 0x7fffffff
        return self.state / 2147483648.0


class GVector:
    def __init__(self, x=0.0, y=0.0, z=0.0):
        self.x, self.y, self.z = x, y, z

    def mag(self):
        return math.sqrt(self.x ** 2 + self.y ** 2 + self.z ** 2)

    def dist(self, other):
        return math.sqrt((self.x - other.x) ** 2 + (self.y - other.y) ** 2 + (self.z - other.z) ** 2)

    def __add__(self, other):
        return GVector(self.x + other.x, self.y + other.y, self.z + other.z)

    def __sub__(self, other):
        return self + other * -1

    def __mul__(self, factor):
        return GVector(self.x * factor, self.y * factor, self.z * factor)

    def linear_combination(self, other, l1, l2=None):
        if l2 is None:
            l2 = 1 - l1
        return GVector(self.x * l1 + other.x * l2, self.y * l1 + other.y * l2, self.z * l1 + other.z * l2)


class Spline:
    """A clamped uniform B-spline of the given degree through control points."""

    def __init__(self, points, degree, knots):
        if len(points) > len(knots) - degree + 1:
            raise ValueError('too many control points')
        self.points, self.degree, self.knots = points, degree, knots

    def domain(self):
        return self.knots[self.degree - 1], self.knots[len(self.knots) - self.degree]

    def __call__(self, u):
        # de Boor's algorithm
        for interval in range(self.degree - 1, len(self.knots) - self.degree):
            if self.knots[interval] <= u <= self.knots[interval + 1]:
                break
        else:
            raise ValueError('%s not in domain' % u)
        d = [self.points[interval - self.degree + 1 + ii] for ii in range(self.degree + 1)]
        for ik in range(1, self.degree + 1):
            for ii in range(interval - self.degree + ik + 1, interval + 2):
                ua = self.knots[ii + self.degree - ik]
                ub = self.knots[ii - 1]
                co1 = (ua - u) / (ua - ub)
                co2 = (u - ub) / (ua - ub)
                index = ii - interval + self.degree - ik - 1
                d[index] = d[index].linear_combination(d[index + 1], co1, co2)
        return d[0]

    def __len__(self):
        return len(self.points)


def uniform_knots(count, degree):
    inner = count - degree + 1
    return [0] * (degree - 1) + list(range(inner)) + [inner - 1] * (degree - 1)


class Chaosgame:
    def __init__(self, splines, thickness, rng):
        self.splines, self.thickness, self.rng = splines, thickness, rng
        self.minx = min(p.x for s in splines for p in s.points)
        self.miny = min(p.y for s in splines for p in s.points)
        self.maxx = max(p.x for s in splines for p in s.points)
        self.maxy = max(p.y for s in splines for p in s.points)
        self.height, self.width = self.maxy - self.miny, self.maxx - self.minx
        self.num_trafos = []
        maxlength = thickness * self.width / self.height
        for spline in splines:
            length = 0
            curr = spline(0)
            for i in range(1, 1000):
                last, t = curr, 1 / 999 * i
                start, end = spline.domain()
                curr = spline(start + t * (end - start))
                length += curr.dist(last)
            self.num_trafos.append(max(1, int(length / maxlength * 1.5)))
        self.num_total = sum(self.num_trafos)

    def get_random_trafo(self):
        r = int(self.rng.random() * (self.num_total + 1))
        l = 0
        for i, count in enumerate(self.num_trafos):
            if l <= r < l + count:
                return i, int(self.rng.random() * count)
            l += count
        return len(self.num_trafos) - 1, int(self.rng.random() * self.num_trafos[-1])

    def transform_point(self, point):
        x = (point.x - self.minx) / self.width
        y = (point.y - self.miny) / self.height
        spline_index, segment = self.get_random_trafo()
        start, end = self.splines[spline_index].domain()
        length = end - start
        seg_length = length / self.num_trafos[spline_index]
        t = start + seg_length * segment + seg_length * x
        basepoint = self.splines[spline_index](t)
        if t + 1 / 50000 > end:
            neighbour = self.splines[spline_index](t - 1 / 50000)
            derivative = neighbour - basepoint
        else:
            neighbour = self.splines[spline_index](t + 1 / 50000)
            derivative = basepoint - neighbour
        if derivative.mag() != 0:
            basepoint.x += derivative.y / derivative.mag() * (y - 0.5) * self.thickness
            basepoint.y += -derivative.x / derivative.mag() * (y - 0.5) * self.thickness
        self.truncate(basepoint)
        return basepoint

    def truncate(self, point):
        point.x = min(max(point.x, self.minx), self.maxx)
        point.y = min(max(point.y, self.miny), self.maxy)

    def create_image(self, w, h, iterations):
        image = [[0] * h for _ in range(w)]
        point = GVector((self.maxx + self.minx) / 2, (self.maxy + self.miny) / 2, 0)
        for _ in range(iterations):
            point = self.transform_point(point)
            x = int((point.x - self.minx) / self.width * w)
            y = int((point.y - self.miny) / self.height * h)
            image[min(x, w - 1)][h - 1 - min(y, h - 1)] += 1
        return image


def main(iterations):
    figure = [
        [GVector(1.597, 3.304), GVector(1.576, 4.123), GVector(1.313, 5.288), GVector(1.619, 5.330),
         GVector(2.890, 5.503), GVector(2.373, 4.382), GVector(1.662, 4.360)],
        [GVector(2.805, 4.017), GVector(2.551, 3.525), GVector(1.979, 2.620), GVector(1.979, 2.620)],
        [GVector(2.002, 4.011), GVector(2.335, 3.313), GVector(2.367, 3.233), GVector(2.367, 3.233)],
    ]
    splines = [Spline(points, 3, uniform_knots(len(points), 3)) for points in figure]
    game = Chaosgame(splines, 0.25, Random(1234))
    image = game.create_image(64, 64, iterations)
    lit = sum(1 for column in image for cell in column if cell)
    checksum = sum((i * 64 + j) * cell for i, column in enumerate(image) for j, cell in enumerate(column))
    print(game.num_trafos, lit, checksum % 1000003)


main(int(sys.argv[1]) if len(sys.argv) > 1 else 6000)
