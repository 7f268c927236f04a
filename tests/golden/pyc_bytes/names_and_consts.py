import os
from os.path import join as _join, sep
x = 1000
y = (1, 2, 'a b')
def f(a, b=1000, *, c=(1, 2, 'a b')):
    "doc"
    return a + b + 1000 + 2.5, 'a b', (1, 2, 'a b'), '', ' ', b'', b'x', b'xy'
class C:
    def m(self, unusual_parameter_name):
        return lambda: unusual_parameter_name
s = b'' + b'x' + b'xy'
z = '\xe9' + ' ' + '.' + "\u0394\u03b4"
