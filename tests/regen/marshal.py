"""Golden marshal data: CPython 3.8's marshal.dumps of compiled samples (tests/golden/marshal/)."""
import os

from tests.oracle import run_oracle

HERE = os.path.join(os.path.dirname(os.path.dirname(__file__)), 'golden', 'marshal')

SAMPLE = r'''
import math
x = (1, 2.5, -0.0, 3j, 10**30, -(10**30), b'bytes', 'text', 'caf\xe9', "\U0001f600", None, True, ...)
s = frozenset({'a', 'b'})
def f(a, /, b=1, *args, c, d=2, **kw):
    def g():
        return a + b
    return g
class C:
    """doc"""
    def m(self):
        return super().m()
async def co():
    async with x as y:
        await y
'''

ORACLE = r'''
import marshal, sys
sys.stdout.buffer.write(marshal.dumps(compile(sys.stdin.read(), "sample.py", "exec")))
'''

DUMP_FIELDS = r'''
import marshal, sys, json
def fields(c):
    return {k: (repr(getattr(c, k)) if k != 'co_consts' else
                [fields(x) if hasattr(x, 'co_code') else repr(x) for x in c.co_consts])
            for k in dir(c) if k.startswith('co_')}
print(json.dumps(fields(marshal.loads(sys.stdin.buffer.read()))))
'''


def main() -> None:
    import subprocess
    from tests.oracle import oracle_python
    os.makedirs(HERE, exist_ok=True)
    data = subprocess.run([oracle_python(), '-c', ORACLE], input=SAMPLE.encode(),
                          capture_output=True, check=True).stdout
    with open(os.path.join(HERE, 'sample.bin'), 'wb') as out:
        out.write(data)
    with open(os.path.join(HERE, 'sample.py'), 'w') as out:
        out.write(SAMPLE)


if __name__ == '__main__':
    main()
