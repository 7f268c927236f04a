def a():
    b()
def b():
    return {}['missing']
a()
