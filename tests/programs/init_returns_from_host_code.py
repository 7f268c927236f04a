"""An __init__ returning a value, run by type's call where host code makes the instance: map,
sorted's key, a defaultdict's factory, a builtin given the class, and a call site of compiled code
meeting several classes (its generic class call hands the class to the host's type call). 3.8's
type_call raises `__init__() should return None, not 'int'` (PyPy's own type call words it
without the type: the VM completes it), with no entry for __init__ in the traceback; host code
calling an `__init__` itself gets its value."""
import collections
import traceback


class Returns:
    def __init__(self, value):
        self.value = value
        if value == 'ret' or value == 13:
            return value


class Child(Returns):
    pass


class Other:
    def __init__(self, value):
        self.value = value
        if value == 17:
            return [value]


class Zero:
    def __init__(self):
        return 0


def attempt(label, call):
    try:
        result = call()
    except TypeError as exc:
        entries = [(entry.name, entry.lineno) for entry in traceback.extract_tb(exc.__traceback__)]
        print(label, exc, entries)
    else:
        print(label, 'made', result)


attempt('map', lambda: [made.value for made in map(Returns, [1, 'ret'])])
attempt('sorted key', lambda: sorted([2, 13], key=Child))
attempt('factory', lambda: collections.defaultdict(lambda: Returns(13))['missing'])
attempt('defaultdict class', lambda: collections.defaultdict(Zero)['missing'])
attempt('called by host code', lambda: list(map(Returns.__init__, [Returns(0)], ['ret'])))
attempt('method by host code', lambda: list(map(lambda made: made.__init__(13), [Returns(0)])))


def hot(classes, n):
    """One call site meeting several classes: not specialised for one, compiled at tier 2."""
    seen = []
    for k in range(n):
        cls = classes[k % len(classes)]
        try:
            made = cls(k % 50)
        except TypeError as exc:
            seen.append((k, cls.__name__, str(exc)))
        else:
            made.value += 1
    return seen


print('hot', hot([Returns, Child, Other], 3000)[:6])


def hot_map(n):
    """Host code making instances inside a hot loop."""
    failures = 0
    message = None
    for k in range(n):
        try:
            list(map(Returns, [k % 20]))
        except TypeError as exc:
            failures += 1
            message = str(exc)
    return failures, message


print('hot map', hot_map(3000))
