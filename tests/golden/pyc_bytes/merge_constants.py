f1, f2 = lambda: "not a name", lambda: ("not a name",)
f3 = lambda x: x in {("not a name",)}
def g():
    return 1.5, -0.0, 0.0, 10**20, 3j, (1.5, 10**20), "not a name"
def h():
    return 1.5, -0.0, 10**20, (1.5, 10**20), frozenset({1, 2, 3}), 7 in {1, 2, 3}
