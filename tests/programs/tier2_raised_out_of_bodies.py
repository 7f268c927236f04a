"""Exceptions raised out of compiled bodies (tier 2: hot functions called from hot loops) and
caught by their callers' compiled code, by the loop, by host code: every traceback entry is the
program's (the host's entry of each body it left is dropped unread), also where the same
exception is raised again, re-raised with a traceback of its own choosing, or caught midway
down a recursion and raised on."""
import copy
import sys
import traceback


class Missing(Exception):
    pass


def lookup(table, key):
    try:
        return table[key]
    except KeyError:
        raise Missing(key)


def fetch(table, key):
    return lookup(table, key) + 1


def deep(level, key):
    if level == 0:
        raise Missing(key)
    return deep(level - 1, key) + 1


def middle(level, key, way):
    """deep()'s exception caught halfway and raised on in one of four ways."""
    try:
        return deep(level, key)
    except Missing as exc:
        if way == 0:
            raise
        if way == 1:
            raise exc from None
        if way == 2:
            raise exc.with_traceback(exc.__traceback__.tb_next)
        raise ValueError(key)


def again(exc, key):
    """An exception caught before, raised again from here (its traceback grows)."""
    if key >= 0:
        raise exc
    return key


def keyed(value):
    if value % 11 == 3:
        raise Missing(value)
    return -value


class Copied:
    """Copied by the host's copy.deepcopy (a library function in Python, whose frame comes
    between the loop and the __deepcopy__ it calls)."""

    def __init__(self, value):
        self.value = value

    def __deepcopy__(self, memo):
        if self.value % 13 == 5:
            raise Missing(self.value)
        return Copied(self.value + 1)


def entries(exc):
    """The traceback's entries: the function's name, and the line where it is the program's (a
    host library's lines are its version's)."""
    tb = exc.__traceback__
    own_file = entries.__code__.co_filename
    parts = []
    while tb is not None:
        code = tb.tb_frame.f_code
        parts.append('%s@%d' % (code.co_name, tb.tb_lineno) if code.co_filename == own_file else code.co_name)
        tb = tb.tb_next
    return ' '.join(parts)


def run(n):
    table = {i: i for i in range(0, n, 3)}
    shown = []
    total = failed = 0
    for i in range(n):
        try:
            total += fetch(table, i)
        except Missing as exc:
            if i % 4999 == 1:
                shown.append('fetch %d: %s; context %s' % (i, entries(exc), entries(exc.__context__)))
                try:
                    again(exc, i)
                except Missing as exc2:
                    shown.append('again %d: %s' % (i, entries(exc2)))
        if i % 9 == 0:
            try:
                total += middle(i % 5, i, i % 4)
            except (Missing, ValueError) as exc:
                if i % 3001 < 9:
                    shown.append('middle %d way %d: %s' % (i, i % 4, entries(exc)))
                    if i % 3001 < 2:
                        shown.append(''.join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
        if i % 97 == 0:
            try:
                total += sorted(range(i % 13, i % 13 + 5), key=keyed)[0]
            except Missing as exc:
                if i % 4001 < 97:
                    shown.append('sorted %d: %s' % (i, entries(exc)))
        if i % 5 == 0:
            try:
                total += copy.deepcopy(Copied(i)).value
            except Missing as exc:
                failed += 1
                if failed % 97 == 1:
                    shown.append('deepcopy %d: %s' % (i, entries(exc)))
    return total, shown


total, shown = run(int(sys.argv[1]) if len(sys.argv) > 1 else 60000)
print(total)
for line in shown:
    print(line)
