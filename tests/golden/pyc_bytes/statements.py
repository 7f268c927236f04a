import sys as system, collections.abc
from . import sibling
try:
    import missing_module_name
except ImportError as error:
    missing_module_name = None
finally:
    pass
for index, value in enumerate(system.argv):
    if index and value.startswith('-'):
        continue
    while False:
        break
with open(__file__) as handle, open(__file__) as other:
    data = handle.read()
assert data, 'no data'
del data
global_value: int = 3
print(*system.argv, sep=', ', end='\n', file=system.stderr)
