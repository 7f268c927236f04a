"""This script does not compile: CPython prints the SyntaxError with a caret and exits 1."""
def ok():
    return 1

print('never runs')
def broken(:
    pass
