"""Operand lifetimes: a garbage cycle is collected by the next gc.collect(), whichever
instructions its objects passed through on the way (a local load, an operand of a
comparison, a subscript, a build, an unpacking, a call, a return, a with-block, a yield).

CPython 3.8's eval loop keeps no reference to an instruction's operands once it is done; an
interpreter whose registers keep the last operand keeps the cycle alive. Each case is a loop
over `collecting(2)`, whose every next() is a gc.collect() run by host code (no instruction
of the program between the cycle's last reference going and the collection): the first
iteration makes the cycle, the second says whether it was collected. Each case runs three
times, so that an adaptive interpreter has specialised its instructions by the last run.
"""
import gc
import weakref
from itertools import islice

events = []


class Tracked:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        events.append('  del ' + self.name)

    def method(self):
        return len(self.name)


class Manager:
    def __init__(self, name):
        self.name = name

    def __enter__(self):
        return cycle(self.name)

    def __exit__(self, *exc_info):
        return False


def identity(value):
    return value


def make_pair(name):
    return cycle(name), 1


def produce(name):
    yield cycle(name)


def describe(*args, **kwargs):
    return len(args) + len(kwargs)


def collecting(count):
    """An iterator of `count` items, each next() a gc.collect() (its result, never -1)."""
    return islice(iter(gc.collect, -1), count)


def cycle(name):
    t = Tracked(name)
    t.me = t
    return t


def report(name, alive):
    events.append('%s collected: %s' % (name, alive() is None))


def local_load(tag):
    alive = None
    for _ in collecting(2):
        if alive is None:
            t = cycle('local load ' + tag)
            alive = weakref.ref(t)
            t.name
            t = None
    report('local load ' + tag, alive)


def local_copy(tag):
    alive = None
    for _ in collecting(2):
        if alive is None:
            t = cycle('local copy ' + tag)
            alive = weakref.ref(t)
            u = t
            u = None
            t = None
    report('local copy ' + tag, alive)


def comparison(tag):
    alive = None
    for _ in collecting(2):
        if alive is None:
            t = cycle('comparison ' + tag)
            alive = weakref.ref(t)
            flag = None is t
            t = None
    report('comparison ' + tag, alive)


def comparison_jump(tag):
    alive = None
    for _ in collecting(2):
        if alive is None:
            t = cycle('comparison jump ' + tag)
            alive = weakref.ref(t)
            if None is not t:
                flag = True
            t = None
    report('comparison jump ' + tag, alive)


def binary_operand(tag):
    alive = None
    for _ in collecting(2):
        if alive is None:
            t = cycle('binary operand ' + tag)
            alive = weakref.ref(t)
            pair = [0] + [t]
            pair = None
            t = None
    report('binary operand ' + tag, alive)


def inplace_operand(tag):
    alive = None
    for _ in collecting(2):
        if alive is None:
            t = cycle('inplace operand ' + tag)
            alive = weakref.ref(t)
            acc = []
            acc += [t]
            acc = None
            t = None
    report('inplace operand ' + tag, alive)


def subscript_key(tag):
    alive = None
    for _ in collecting(2):
        if alive is None:
            t = cycle('subscript key ' + tag)
            alive = weakref.ref(t)
            table = {t: 1}
            found = table[t]
            table = None
            t = None
    report('subscript key ' + tag, alive)


def stored_key(tag):
    alive = None
    for _ in collecting(2):
        if alive is None:
            t = cycle('stored key ' + tag)
            alive = weakref.ref(t)
            table = {}
            table[t] = 1
            table = None
            t = None
    report('stored key ' + tag, alive)


def attribute_store(tag):
    alive = None
    for _ in collecting(2):
        if alive is None:
            t = cycle('attribute store ' + tag)
            alive = weakref.ref(t)
            t.item = 1
            t = None
    report('attribute store ' + tag, alive)


def built_tuple(tag):
    alive = None
    for _ in collecting(2):
        if alive is None:
            t = cycle('built tuple ' + tag)
            alive = weakref.ref(t)
            pair = (t, tag)
            pair = None
            t = None
    report('built tuple ' + tag, alive)


def built_list(tag):
    alive = None
    for _ in collecting(2):
        if alive is None:
            t = cycle('built list ' + tag)
            alive = weakref.ref(t)
            items = [t, tag]
            items = None
            t = None
    report('built list ' + tag, alive)


def built_map(tag):
    alive = None
    for _ in collecting(2):
        if alive is None:
            t = cycle('built map ' + tag)
            alive = weakref.ref(t)
            mapping = {'a': t, 'b': tag}
            mapping = None
            t = None
    report('built map ' + tag, alive)


def builtin_call(tag):
    alive = None
    for _ in collecting(2):
        if alive is None:
            t = cycle('builtin call ' + tag)
            alive = weakref.ref(t)
            flag = isinstance(t, Tracked)
            t = None
    report('builtin call ' + tag, alive)


def method_call(tag):
    alive = None
    for _ in collecting(2):
        if alive is None:
            t = cycle('method call ' + tag)
            alive = weakref.ref(t)
            size = t.method()
            t = None
    report('method call ' + tag, alive)


def function_call(tag):
    alive = None
    for _ in collecting(2):
        if alive is None:
            t = cycle('function call ' + tag)
            alive = weakref.ref(t)
            t = identity(t)
            t = None
    report('function call ' + tag, alive)


def keyword_call(tag):
    alive = None
    for _ in collecting(2):
        if alive is None:
            t = cycle('keyword call ' + tag)
            alive = weakref.ref(t)
            count = describe(1, item=t)
            t = None
    report('keyword call ' + tag, alive)


def star_call(tag):
    alive = None
    for _ in collecting(2):
        if alive is None:
            t = cycle('star call ' + tag)
            alive = weakref.ref(t)
            count = describe(*[t])
            t = None
    report('star call ' + tag, alive)


def unpacked(tag):
    alive = None
    for _ in collecting(2):
        if alive is None:
            first, second = make_pair('unpacked ' + tag)
            alive = weakref.ref(first)
            first = None
    report('unpacked ' + tag, alive)


def comprehension(tag):
    alive = None
    for _ in collecting(2):
        if alive is None:
            items = [cycle('comprehension %s %d' % (tag, n)) for n in range(2)]
            alive = weakref.ref(items[-1])
            items = None
    report('comprehension ' + tag, alive)


def with_block(tag):
    alive = None
    for _ in collecting(2):
        if alive is None:
            with Manager('with block ' + tag) as t:
                alive = weakref.ref(t)
            t = None
    report('with block ' + tag, alive)


def generator_item(tag):
    alive = None
    for _ in collecting(2):
        if alive is None:
            for t in produce('generator item ' + tag):
                alive = weakref.ref(t)
            t = None
    report('generator item ' + tag, alive)


CASES = [local_load, local_copy, comparison, comparison_jump, binary_operand,
         inplace_operand, subscript_key, stored_key, attribute_store, built_tuple,
         built_list, built_map, builtin_call, method_call, function_call,
         keyword_call, star_call, unpacked, comprehension, with_block,
         generator_item]

for case in CASES:
    for run in ('1', '2', '3'):
        case(run)
for line in events:
    print(line)
