import os.path
import collections.abc as cabc
from json import dumps, loads as ld
from os import path as p
print(os.path.join('a', 'b'), cabc.Mapping.__name__, dumps([1]), ld('2'), p.sep)
from math import *
print(floor(2.5), pi > 3)
try:
    from json import nonexistent
except ImportError as e:
    print(str(e).split(' (')[0], e.name)
try:
    import no_such_module_xyz
except ImportError as e:
    print(type(e).__name__, e)
