"""Golden dis text: CPython 3.8's code objects (marshalled) and `dis.dis` output for them."""
import json
import os
import subprocess

from tests.oracle import oracle_python

HERE = os.path.join(os.path.dirname(os.path.dirname(__file__)), 'golden', 'dis')

# Samples chosen to exercise every argument kind dis prints.
SAMPLES = {
    'kinds.py': '''
import os.path as p
from sys import argv, path as q
x = [1, 2, 3]
if x < [4] and not x is None or x in (1, 2):
    y = f"{x!r:>{10}} {x!s} {x!a} {x}"
def outer(a, b=2, *args, c, d=4, **kw) -> int:
    z = a
    def inner(e: int = 5):
        nonlocal z
        return z + e
    return inner
class K(object, metaclass=type):
    def m(self):
        return super().m(*self, **self)
for i in range(3):
    try:
        del x[i:i+1]
    except (IndexError, KeyError) as e:
        continue
    finally:
        pass
with open(p) as f, open(q) as g:
    pass
async def co(s):
    async for t in s:
        await t
    async with s as u:
        return [v async for v in u]
''',
    'long.py': '\n'.join('v%d = %d' % (i, i) for i in range(400)) + '\n' +
               '\n' * 1200 + 'w = (lambda: 0)()\n',
}

ORACLE = r'''
import dis, io, json, marshal, sys
result = {}
for name, source in json.loads(sys.stdin.read()).items():
    code = compile(source, name, 'exec')
    out = io.StringIO()
    dis.dis(code, file=out)
    result[name] = [marshal.dumps(code).hex(), out.getvalue()]
print(json.dumps(result))
'''


def oracle_dis(samples: dict, python: str) -> dict:
    out = subprocess.run([python, '-c', ORACLE], input=json.dumps(samples), capture_output=True,
                         text=True, check=True).stdout
    return json.loads(out)


def main() -> None:
    os.makedirs(HERE, exist_ok=True)
    with open(os.path.join(HERE, 'samples.json'), 'w') as out:
        json.dump(oracle_dis(SAMPLES, oracle_python()), out, indent=0, sort_keys=True)


if __name__ == '__main__':
    main()
