"""Unbounded recursion left uncaught: RecursionError with a collapsed "[Previous line repeated]" traceback."""
import sys


def countdown(n):
    return countdown(n - 1)


sys.setrecursionlimit(100)
print('recursing')
countdown(10)
