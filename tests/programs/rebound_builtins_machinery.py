"""A program that rebinds builtins (to counting wrappers, then to functions that raise) while the
machinery works for it: exec()/compile()/eval() of strings and their SyntaxErrors, tracebacks of
exec'd code, a hot loop, and at the end the uncaught exception's report and the exit's atexit
functions. 3.8 does all of that in C: only the program's own code calls what it rebound, and
nothing breaks (a rebound __import__ is called once per source line of the report, where
_Py_DisplaySourceLine imports io: raising there, it hides the lines)."""
import atexit
import builtins
import sys
import threading

COUNTS = {}
NAMES = ('abs all any bool bytes callable chr compile dict divmod enumerate eval exec filter '
         'float format frozenset getattr globals hasattr hash id int isinstance issubclass iter '
         'len list locals map max min next object open ord print range repr reversed round set '
         'setattr slice sorted str sum super tuple type vars zip __build_class__ __import__').split()
BUILTINS = vars(builtins)
SAVED = {name: BUILTINS[name] for name in NAMES}
# (not super among the counted: PyPy's type() calls it, Python code there)
COUNTED = [name for name in NAMES if name != 'super']
write = sys.stdout.write


def counting(name, real):
    def wrapper(*args, **kwargs):
        COUNTS[name] = COUNTS.get(name, 0) + 1
        return real(*args, **kwargs)
    return wrapper


class Broken(Exception):
    pass


def breaking(name):
    def wrapper(*args, **kwargs):
        raise Broken('the machinery called the program\'s %s' % name)
    return wrapper


def machinery_work(tag):
    """Only exec/compile/eval (the saved ones: a rebound exec is the program's) and what 3.8 runs in C."""
    run_exec, run_compile, run_eval = SAVED['exec'], SAVED['compile'], SAVED['eval']
    out = []
    space = {}
    run_exec('y = [1, 2, 3]\nz = y[1] * 5\n', space)
    out.append(space['z'])
    code = run_compile('a = 1\nb = a + 2\n', '<%s>' % tag, 'exec')
    run_exec(code, space)
    out.append(space['b'])
    out.append(run_eval('3 * 7'))
    out.append(run_eval(run_compile('(1, 2)[0]', '<e>', 'eval')))
    for source in ('x = (', 'def f(:\n    pass\n', 'x = 1 +\n', 'return 5\n', "b'\\xff' 'text'"):
        try:
            run_compile(source, '<bad-%s>' % tag, 'exec')
        except SyntaxError as error:
            out.append((error.msg, error.filename, error.lineno, error.offset, error.text))
    try:
        run_exec('def inner():\n    return 1 // 0\ninner()\n', {})
    except ZeroDivisionError as error:
        depth = 0
        tb = error.__traceback__
        while tb is not None:
            depth += 1
            tb = tb.tb_next
        out.append(('caught', depth, error.args))
    try:
        run_eval('undefined_name + 1', {})
    except NameError as error:
        out.append(error.args)
    return out


# 1. counting wrappers: the program's own calls only
BUILTINS.update({name: counting(name, SAVED[name]) for name in COUNTED})
try:
    first = machinery_work('counted')
    exec('class Made:\n    pass\nmade = len([Made(), Made()])\n')   # (the program's: counted)
finally:
    BUILTINS.update(SAVED)
for item in first:
    print(item)
print(sorted(COUNTS.items()))
COUNTS.clear()

# 2. functions that raise: the machinery must not call them
BUILTINS.update({name: breaking(name) for name in NAMES})
try:
    second = machinery_work('broken')
finally:
    BUILTINS.update(SAVED)
for item in second:
    print(item)

# 3. a hot loop while builtins are rebound (tier 2 compiles hot loops)
BUILTINS.update({name: counting(name, real) for name, real in SAVED.items()
                       if name not in ('range', 'len')})
try:
    total = 0
    for step in range(30000):
        total += step % 7
        if step % 10000 == 0:
            total += len(str(step))
finally:
    BUILTINS.update(SAVED)
print(total, sorted(COUNTS.items()))
COUNTS.clear()

# 4. the end: a thread that has finished, an atexit function, and an uncaught chained exception
# whose __str__ calls a counting len (3.8 calls it from its report), everything else raising
worker = threading.Thread(target=lambda: COUNTS.setdefault('thread', 1))
worker.start()
worker.join()


def at_exit():
    write('atexit: %s\n' % (SAVED['sorted'](COUNTS.items()),))


atexit.register(at_exit)


class Oops(Exception):
    def __str__(self):
        return 'oops with %d args' % len(self.args)


def fail(value):
    try:
        {}[value]
    except KeyError:
        raise Oops(value, 2)


# (3.8's threading._shutdown, Python code, calls list() before the atexit functions run)
BUILTINS.update({name: breaking(name) for name in NAMES if name not in ('list', 'reversed')})
builtins.len = counting('len', SAVED['len'])
builtins.__import__ = counting('__import__', SAVED['__import__'])
fail('key')
