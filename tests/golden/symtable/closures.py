x = 1
def outer(a, b=2, *args, c, d=3, **kw):
    y = a
    def inner():
        nonlocal y
        y += x
        return lambda q: q + y + b
    return inner
class C(object):
    attr = x
    def method(self):
        return __class__, attr, super().method()
    def __private(self, __arg):
        self.__z = __arg
        return [__w for __w in self.__q]
