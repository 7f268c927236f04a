"""A call of a global VM function with a default that is an object, from hot code: compiled code
guards such a call on the function (tests/programs/tier2_known_callees.py) and must not keep the
default alive (vm/tier2.py's _known_call takes as constants only defaults with nothing inside):
once the function is gone, so is the default, as in 3.8 (checked after a collection)."""
import gc
import weakref


class Default:
    pass


def make_user():
    marker = Default()

    def use(v, d=marker):
        return v + (d is not None)
    return use, weakref.ref(marker)


def use_loop(n):
    total = 0
    for v in range(n):
        total += user(v)
    return total


user, alive = make_user()
print('default object', use_loop(5000))
del user
gc.collect()
print('default object gone', alive() is None)
