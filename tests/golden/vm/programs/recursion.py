import sys
def r(n):
    return r(n + 1)
try:
    r(0)
except RecursionError as e:
    print(e)
def depth(n):
    return n if n == 0 else depth(n - 1)
print(depth(900))
