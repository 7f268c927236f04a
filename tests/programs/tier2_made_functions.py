"""Functions made inside hot loops (traced by tier 2, whose compiled code makes a genexpr's, a
lambda's or a closure's function from its stack names, not through the frame's stack): what
the made function knows (name, qualified name, module, globals, builtins, closure cells,
defaults) must be 3.8's, with a global rebound mid-loop, a closure cell rebound after the
function was made, and an exception raised inside a made function mid-loop."""

N = 3000
AT = 2000
SCALE = 1


def lambdas():
    global SCALE
    made = []
    total = 0
    for i in range(N):
        if i == AT:
            SCALE = 10
        f = lambda x: x * SCALE
        total += f(i)
        if i in (0, AT, N - 1):
            made.append((f.__name__, f.__qualname__, f.__module__, f.__defaults__, f.__kwdefaults__,
                         f.__closure__, f.__globals__ is globals(), f.__code__.co_name))
    SCALE = 1
    return total, made


def closures():
    total = 0
    made = []
    for i in range(N):
        base = i % 7

        def add(x):
            return x + base
        total += add(i)
        base = -1   # the cell is shared: the function made above sees it
        total += add(0)
        if i in (0, N - 1):
            made.append((add.__qualname__, len(add.__closure__), add.__closure__[0].cell_contents,
                         add.__code__.co_freevars))
    return total, made


def genexprs():
    total = 0
    for i in range(N):
        g = (x * i for x in range(3))
        if i == 0:
            first = (g.__name__, g.__qualname__, type(g).__name__, g.gi_frame.f_code.co_name)
        total += sum(g)
    return total, first


def raising():
    total = 0
    seen = []
    for i in range(N):
        f = lambda: 1 // (i - AT)
        try:
            total += f()
        except ZeroDivisionError as e:
            tb = e.__traceback__
            while tb.tb_next is not None:
                tb = tb.tb_next
            seen.append((str(e), tb.tb_frame.f_code.co_name, tb.tb_lineno, i))
    return total, seen


def builtins_seen():
    """A made function's builtins are its module's: a shadowing global is seen at once."""
    global len
    out = []
    for i in range(N):
        if i == AT:
            len = lambda s: 'shadow'
        f = lambda s: len(s)
        if i in (AT - 1, AT):
            out.append(f('abc'))
    del len
    return out


print(lambdas())
print(closures())
print(genexprs())
print(raising())
print(builtins_seen())
