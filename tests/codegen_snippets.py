"""Snippets covering every construct and compile-time error of the code generator."""

SNIPPETS = [
    # expressions
    "x = 1\ny = x + 2 * 3 - -x\n",
    "a = b @ c; a @= d; e = f ** g // h % i << j >> k | l ^ m & ~n\n",
    "x = not a\ny = +b\n",
    "x = a and b or c and not d\n",
    "x = a if b else c\n",
    "x = a < b < c\ny = a == b != c is d is not e in f not in g\n",
    "x = [1, 2, a]\ny = (a, b)\nz = {a, b}\nw = {}\nv = {a: b, **c}\nu = {'a': 1, 'b': 2}\n",
    "x = [*a, b, *c]\ny = (*a, b)\nz = {*a, b}\nw = {**a, **b}\n",
    "f(a, b, *c, d, e=1, **g)\nf(*a)\nf(**k)\nf(a=1, b=2)\nf(a, *b, c=1)\nf(a, k=1, **m, n=2)\n",
    "o.m(a, b)\no.m(*a)\no.m(k=1)\no.a.b.c(1)\n",
    "x = a[1]\ny = a[1:2]\nz = a[::3]\nw = a[1:2, 3]\na[1] = 2\ndel a[1], a[2:3]\n",
    "x = f'{a}{b!r}{c!s:>{w}}{d!a}'\ny = f'{a=}'\nz = f'x{a}'\n",
    "x = lambda a, b=1, *c, d, e=2, **f: a\ny = lambda: (yield)\n",
    "x = [i for i in a if i]\ny = {i for i in a for j in i}\nz = {k: v for k, v in a}\nw = (i for i in a)\n",
    "def f():\n    return [(x, y) for x in a if x for y in b if y if x]\n",
    "x = (y := 1)\nif (n := len(a)) > 10: pass\n",
    "a, *b, c = d\n[x, y] = z\n(a, b), c = d\n",
    "x += 1\na.b += 2\na[c] -= 3\na[1:2] *= 4\n",
    "x = ...\ny = None\nz = True\nw = b'abc'\nv = 1.5j\n",
    "import a\nimport a.b.c\nimport a.b.c as d\nimport a as b, c\nfrom . import x\nfrom ..a import b as c, d\nfrom a import *\n",
    # statements
    "if a:\n    b\nelif c:\n    d\nelse:\n    e\n",
    "if 0:\n    x = y\nif 1:\n    z\nelse:\n    w\nwhile 0:\n    q\nwhile 1:\n    break\n",
    "while a:\n    if b: continue\n    if c: break\nelse:\n    d\n",
    "for x in a:\n    if x: continue\n    break\nelse:\n    y\n",
    "try:\n    a\nexcept E as e:\n    b\nexcept (F, G):\n    c\nexcept:\n    d\nelse:\n    f\nfinally:\n    g\n",
    "def f():\n    try:\n        return a\n    finally:\n        b\n",
    "def f():\n    for x in y:\n        try:\n            continue\n        finally:\n            break\n",
    "def f():\n    with a as b, c as (d, e):\n        return 1\n",
    "def f():\n    for x in y:\n        with a:\n            try:\n                return x\n            except E as e:\n                return e\n",
    "async def f():\n    async with a as b:\n        await c\n    async for x in y:\n        break\n    else:\n        return\n",
    "async def f():\n    return [x async for x in a], [await x for x in b]\n",
    "async def f():\n    yield 1\n    await x\n",
    "def g():\n    yield 1\n    x = yield\n    yield from y\n    return 2\n",
    "raise\nraise E\nraise E from F\n",
    "assert a\nassert a, 'msg'\n",
    "global x\ndel x\nx: int = 1\ny: int\na.b: str\nc[1]: str = 2\n",
    "class A:\n    x: int\n    def f(self): return __class__\n    def g(self): super().g()\n",
    "@d1\n@d2(1)\ndef f(a, /, b: int = 1, *c: str, d, e=2, **f) -> None:\n    'doc'\n    return a\n",
    "@deco\nclass C(B, metaclass=M, **kw):\n    '''doc'''\n    __private = 1\n    def __m(self, __a): return self.__private + __a\n",
    "def outer():\n    x = 1\n    def inner():\n        nonlocal x\n        x += 1\n        return x\n    class K:\n        y = x\n    return inner, K\n",
    "def f(*, a=1, b): pass\ndef g(a, b=1, *args, c, d=2, **kw): return locals()\n",
    "class C:\n    def f(self):\n        def g(): return __class__\n        return g\n",
    "def f():\n    global g\n    def g(): pass\n    class h: pass\n",
    "x = [[1, 2], (3, 4), {5: 6}]\ny = (1, 2, (3, 4))\nz = -1\nw = 2 ** 100\n",
    "def f(a):\n    if a and (b or c):\n        return 1\n    if not (a < b < c):\n        return 2\n    return 3 if a else 4\n",
    "x = {1: a, 2: b}\ny = {'a': 1, **b, 'c': 2}\n",
    "print(1,\n      2,\n      3)\nx = (a +\n     b)\n",
    "from __future__ import annotations\ndef f(a: int, b: 'str' = 1) -> List[int]: pass\nx: Dict[str, int] = {}\n",
    "'''Docstring.'''\nimport os\n",
    "\n\n\nx = 1\n",
    "for i in [a, b]: pass\nif x in [a, b]: pass\nif y in {1, 2}: pass\n",
    "a[1]: int\na[1:2]: int\na[1:2:f, 3]: int\na.b: int\n(x): int\ndef f():\n    a[1]: int\n"
    "    a.b: int\n    x: int\n    (y): int = 3\nclass C:\n    a[1]: int\n    z: int\n",
    "from __future__ import annotations\na[1]: int\na.b: int\n(x): int\nclass C:\n    z: int\n",
    "x = await_ = 1\nif 0:\n    import q.r\n    y = z.w\n    def f(): return g\n",
    "def f():\n    return dict((k, v) for k, v in a) == dict(\n        (k, v) for k, v in a)\n",
    "if (x := (1, 2)):\n    y = (z := 1 + 2)\n",
    # every expression kind through the annotation unparser (ast_unparse.c)
    'from __future__ import annotations\nx: a + b * c ** d ** e - (f - g) = 1\ny: not a and (b or c) or d if e else f\nz: lambda a, *b, c=1, **d: a\nz2: lambda *a: 1\nz3: lambda: 0\nw: [a, *b] = 2\nv: (a, b)\nu: (a,)\nt: ()\ns: {a: b, **c}\nr: {a, b}\nq: [x for x in y if z]\np: {k: v async for k in y}\no: (x for x in y)\nn: f(x for x in y)\nm: f(a, *b, c=d, **e)\nl: a[1:2, ::3]\nk: a[b, *c]\nj: a[1]\ni: 1 .real\nh: f"a{b!r:>{c}}d{{e}}" + f\'{ {1}}\'\ng: await x\nff: (yield)\nee: -a ** -b\ndd: ~a < b <= c is not d not in e\ncc: \'str\' + "q\'uote"\nbb: b\'bytes\'\naa: 1e400 + 1j * 1e400\nab: ...\nac: (x := 1)\nad: a.b.c\nae: a[1:2,]\naf: -(-1)\nag: (a, b)[0]\ndef fn(a: int, /, b: \'q\' = 1, *c: d, e: f = g, **h: i) -> j: pass\nclass C:\n    m: List[int]\n',
    # errors
    "return 1\n",
    "def f():\n    class A:\n        return 1\n",
    "break\n",
    "continue\n",
    "def f():\n    for x in y:\n        def g():\n            break\n",
    "yield 1\n",
    "class A:\n    yield 1\n",
    "await x\n",
    "def f():\n    await x\n",
    "async def f():\n    yield from x\n",
    "async def f():\n    yield 1\n    return 2\n",
    "async with a: pass\n",
    "def f():\n    async for x in y: pass\n",
    "def f():\n    return [x async for x in y]\n",
    "try:\n    a\nexcept:\n    b\nexcept E:\n    c\n",
    "*a = b\n",
    "a, *b, *c = d\n",
    "print(*a)\nx = *a\n",
    "if 0:\n    return 1\n",
    "while 0:\n    def f():\n        yield 1\n    break\n",
    "x = 1\nfrom __future__ import division\n",
    "def f():\n" + "".join("    " * (i + 1) + "for x%d in y:\n" % i for i in range(21)) + "    " * 22 + "pass\n",
    'def f():\n    class A:\n        yield 1\n',
    'async def f():\n    g = lambda: await x\n',
    'async def f():\n    def g():\n        async with a: pass\n',
    'for *a in b: pass\n',
    'del *a\n',
    '*a, = b\n[*a] = b\n',
    'x = 1\ntry:\n    pass\nexcept:\n    pass\nexcept E:\n    pass\n',
    'while x:\n    try:\n        pass\n    finally:\n        continue\n',
    'if 0:\n    break\n',
    'if 1:\n    pass\nelse:\n    continue\n',
    'while 0:\n    continue\n',
    'class C:\n    await x\n',
    'lambda: (yield from x)\n',
    'async def f():\n    lambda: (yield from x)\n',
    'def f():\n    x = [(yield from y) for z in w]\n',
    'x = {**a for b in c}\n',
    'f(**a, *b)\n',
    'a, *b, c, *d = e\n',
    '[a, *b] += c\n',
    'def f():\n    return\n    yield\n',
    'async def f():\n    return\n    yield\n',
    'def f():\n    try:\n        pass\n    finally:\n        return 1\n',
    'def f():\n    with a:\n        yield\n    async with b: pass\n',
    'x = [1 for a in b if (c := 1)]\n',
    'class A:\n    [x := 1 for a in b]\n',
    "x = f'{yield}'\n",
    'def f(a, a): pass\n',
    'nonlocal x\n',
    'def f():\n    global x\n    x: int = 1\n',
    'from __future__ import nested_scopes, braces\n',
    'import a; from __future__ import division\n',
    "'doc'\nfrom __future__ import division\nfrom __future__ import annotations\nx: int\n",
    'def f():\n    x = 1\n    del x\n    def g(): return x\n',
    "assert (a, 'msg')\n",
    "x = a is 1\n",
    "x = (1, 2)(3)\n",
    "x = [1, 2][a, b]\n",
    "x = {1, 2}[0]\n",
]

MODES = [
    ("x + 1", 'eval'),
    ("lambda: x", 'eval'),
    ("x = 1\nx\n", 'single'),
    ("if a:\n    b\n", 'single'),
    ("y: int = 2\n", 'single'),
]

OPTIMIZED = [
    ("'''doc'''\nassert x, 'm'\nif __debug__:\n    y\ndef f():\n    'doc'\n    return 1\n", 1),
    ("'''doc'''\nassert x, 'm'\nif __debug__:\n    y\ndef f():\n    'doc'\n    return 1\n"
     "class C:\n    'doc'\n", 2),
    ("'''doc'''\nassert x\n", 0),
]


# {body} is replaced by the statement, indented to the context's depth.
CONTEXTS = [
    '{body}',
    'def f():\n{body}',
    'async def f():\n{body}',
    'class C:\n{body}',
    'for x in y:\n{body}',
    'while x:\n{body}\nelse:\n    pass',
    'def f():\n    for x in y:\n        try:\n{body}\n        finally:\n            z',
    'def f():\n    while x:\n        try:\n            a\n        finally:\n{body}',
    'def f():\n    for x in y:\n        try:\n            a\n        except E as e:\n{body}',
    'def f():\n    for x in y:\n        with a as b:\n{body}',
    'async def f():\n    async for x in y:\n        async with a:\n{body}',
    'if 0:\n{body}',
    'def f():\n    while 0:\n{body}',
    'def f():\n    if 1:\n        pass\n    else:\n{body}',
    'def f():\n    for x in y:\n        def g():\n{body}',
]
STATEMENTS = [
    'return', 'return x', 'return 1', 'break', 'continue', 'yield', 'x = yield y',
    'yield from z', 'await w', 'async with a: pass', 'async for i in j: pass',
    'x = [i async for i in j]', 'x = [await i for i in j]', 'x = (await i for i in j)',
    'x = lambda: (yield)', 'del x', 'nonlocal q', 'global q',
]


def context_sources():
    """Every statement in every context (compile.c's placement errors and unwinding)."""
    result = []
    for context in CONTEXTS:
        for statement in STATEMENTS:
            source = _source(context, statement)
            result.append(source)
    return result


def _source(context: str, statement: str) -> str:
    """The context with the statement put where {body} is, at the right indentation."""
    head, tail = context.split('{body}')
    lines = head.splitlines()
    depth = 0
    for line in lines:
        if line.rstrip().endswith(':'):
            depth = len(line) - len(line.lstrip()) + 4
    return head + ' ' * depth + statement + tail + '\n'
