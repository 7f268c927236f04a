"""Closures, nonlocal state, late binding and function factories."""


def make_counter(start=0, step=1):
    count = start

    def increment():
        nonlocal count
        count += step
        return count

    def reset():
        nonlocal count
        count = start

    increment.reset = reset
    return increment


def make_accumulators():
    total = []

    def add(x):
        total.append(x)
        return sum(total)

    def history():
        return list(total)
    return add, history


def late_binding():
    return [lambda: i for i in range(3)], [lambda i=i: i for i in range(3)]


def outer():
    x = 'outer'

    def middle():
        def inner():
            return x
        return inner
    x = 'changed'
    return middle()()


def compose(*functions):
    def composed(value):
        for function in reversed(functions):
            value = function(value)
        return value
    return composed


c = make_counter(10, 5)
print(c(), c(), c())
c.reset()
print(c(), c.__closure__ is not None, len(c.__closure__))
add, history = make_accumulators()
print(add(1), add(2), add(10), history())
late, bound = late_binding()
print([f() for f in late], [f() for f in bound])
print(outer())
inc_then_double = compose(lambda v: v * 2, lambda v: v + 1)
print(inc_then_double(5), compose()(7))
counters = {name: make_counter() for name in ('a', 'b')}
counters['a']()
counters['a']()
counters['b']()
print({name: counter() for name, counter in counters.items()})


def generator_closure():
    state = {'calls': 0}

    def gen():
        while state['calls'] < 3:
            state['calls'] += 1
            yield state['calls']
    return gen


print(list(generator_closure()()))
x = 'global'


def shadow():
    x = 'local'

    def read():
        return x

    def read_global():
        return globals()['x']
    return read(), read_global()


print(shadow())
