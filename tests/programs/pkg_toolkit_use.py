"""Uses the sibling package `toolkit` (package __init__, submodules, relative imports)."""
import toolkit
from toolkit import mathx
from toolkit.mathx import Vector, stats
from toolkit.text import slugify
import toolkit.mathx.vector as vector_module

print(toolkit.describe())
print(slugify('Hello, World! 2024'), toolkit.title_case('the lord of the rings'))
v = Vector(3, 4)
print(v + Vector(1, 1), 2 * v, abs(v), v == Vector(3, 4))
print(mathx.summary(['3', '1', '4', '1', '5']))
print(stats.median([5, 1, 3, 2]))
print(toolkit.__name__, mathx.__name__, stats.__name__, stats.__package__, mathx.__package__)
print(vector_module.Vector is Vector, type(v).__module__)
print(sorted(name for name in vars(toolkit) if not name.startswith('_')))
print(hasattr(toolkit, '__path__'), hasattr(stats, '__path__'), toolkit.__spec__.name, stats.__spec__.parent)
try:
    mathx.summary(['1', 'two'])
except ValueError as exc:
    print('ValueError:', exc, exc.__suppress_context__)
import importlib
again = importlib.import_module('toolkit.mathx.stats')
print(again is stats, importlib.import_module('.text', 'toolkit').slugify('A B'))
