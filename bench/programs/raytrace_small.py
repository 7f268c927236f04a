"""A tiny ray tracer: vectors as classes, spheres, a plane, diffuse lighting and shadows."""
import math
import sys


class Vec:
    __slots__ = ('x', 'y', 'z')

    def __init__(self, x, y, z):
        self.x, self.y, self.z = x, y, z

    def __add__(self, o):
        return Vec(self.x + o.x, self.y + o.y, self.z + o.z)

    def __sub__(self, o):
        return Vec(self.x - o.x, self.y - o.y, self.z - o.z)

    def scale(self, k):
        return Vec(self.x * k, self.y * k, self.z * k)

    def dot(self, o):
        return self.x * o.x + self.y * o.y + self.z * o.z

    def norm(self):
        return self.scale(1.0 / math.sqrt(self.dot(self)))


class Sphere:
    def __init__(self, centre, radius, shade):
        self.centre, self.radius, self.shade = centre, radius, shade

    def intersect(self, origin, direction):
        oc = origin - self.centre
        b = oc.dot(direction)
        c = oc.dot(oc) - self.radius * self.radius
        disc = b * b - c
        if disc < 0:
            return None
        t = -b - math.sqrt(disc)
        return t if t > 1e-6 else None

    def normal(self, point):
        return (point - self.centre).norm()


class Plane:
    def __init__(self, y, shade):
        self.y, self.shade = y, shade

    def intersect(self, origin, direction):
        if abs(direction.y) < 1e-9:
            return None
        t = (self.y - origin.y) / direction.y
        return t if t > 1e-6 else None

    def normal(self, point):
        return Vec(0.0, 1.0, 0.0)


SCENE = [Sphere(Vec(0, 1, 5), 1, 0.9), Sphere(Vec(-2, 0.5, 6), 0.5, 0.6), Sphere(Vec(2, 0.7, 4), 0.7, 0.8),
         Plane(0, 0.4)]
LIGHT = Vec(-3, 5, 0)


def trace(origin, direction):
    best, hit = None, None
    for obj in SCENE:
        t = obj.intersect(origin, direction)
        if t is not None and (best is None or t < best):
            best, hit = t, obj
    if hit is None:
        return 0.1
    point = origin + direction.scale(best)
    normal = hit.normal(point)
    to_light = (LIGHT - point).norm()
    for obj in SCENE:
        if obj is not hit and obj.intersect(point, to_light) is not None:
            return hit.shade * 0.1
    return hit.shade * max(0.0, normal.dot(to_light))


def render(size):
    eye = Vec(0, 1, 0)
    total = 0.0
    rows = []
    for j in range(size):
        row = []
        for i in range(size):
            direction = Vec((i - size / 2) / size, (size / 2 - j) / size, 1).norm()
            value = trace(eye, direction)
            total += value
            row.append(' .:-=+*#%@'[min(9, int(value * 10))])
        rows.append(''.join(row))
    return total, rows


size = int(sys.argv[1]) if len(sys.argv) > 1 else 140
total, rows = render(size)
print('%.6f' % total)
print(rows[size // 2])
