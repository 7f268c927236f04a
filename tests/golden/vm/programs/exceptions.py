import sys
def fails():
    raise ValueError('bad')
try:
    fails()
except ValueError as e:
    print('caught', repr(e), type(e.__traceback__).__name__)
    print(sys.exc_info()[0].__name__)
print(sys.exc_info())
try:
    try:
        1 / 0
    except ZeroDivisionError:
        raise KeyError('k')
except KeyError as e:
    print(repr(e.__context__), e.__cause__, e.__suppress_context__)
try:
    try:
        1 / 0
    except ZeroDivisionError as z:
        raise KeyError('k') from z
except KeyError as e:
    print(repr(e.__cause__), e.__suppress_context__)
try:
    raise KeyError('x') from None
except KeyError as e:
    print(e.__cause__, e.__suppress_context__)
def reraiser():
    try:
        raise IndexError('i')
    except IndexError:
        raise
try:
    reraiser()
except IndexError as e:
    print('reraised', e)
try:
    raise TypeError
except TypeError as e:
    print(repr(e))
for exc in (ValueError, (KeyError, IndexError)):
    try:
        raise IndexError(3)
    except exc as e:
        print('matched', exc)
    except Exception as e:
        print('generic', type(e).__name__)
def fin():
    try:
        return 'try'
    finally:
        print('finally runs')
print(fin())
def fin_override():
    try:
        return 1
    finally:
        return 2
print(fin_override())
def loop_fin():
    out = []
    for i in range(4):
        try:
            if i == 1:
                continue
            if i == 3:
                break
            out.append(i)
        finally:
            out.append('f%d' % i)
    return out
print(loop_fin())
def exc_in_finally():
    try:
        try:
            raise ValueError(1)
        finally:
            print('inner finally', sys.exc_info()[0].__name__)
    except ValueError:
        return 'ok'
print(exc_in_finally())
try:
    try:
        raise ValueError('a')
    finally:
        print('cleanup')
except ValueError as e:
    print('after', e)
def nested_handlers():
    try:
        raise KeyError(1)
    except KeyError:
        try:
            raise ValueError(2)
        except ValueError:
            print(sys.exc_info()[0].__name__)
        print(sys.exc_info()[0].__name__)
    print(sys.exc_info()[0])
nested_handlers()
try:
    raise 5
except TypeError as e:
    print(e)
try:
    try:
        pass
    except 5:
        pass
    raise ValueError
except TypeError as e:
    print('tt', e)
except ValueError:
    print('value error, except clause not evaluated')
try:
    try:
        raise ValueError
    except 5:
        pass
except TypeError as e:
    print(e)
class MyErr(Exception):
    def __init__(self, a, b):
        super().__init__(a)
        self.b = b
try:
    raise MyErr(1, 2)
except MyErr as e:
    print(e.args, e.b)
e = None
try:
    raise ValueError
except ValueError as e:
    pass
try:
    print(e)
except NameError as ne:
    print(ne)
try:
    raise
except RuntimeError as e:
    print(e)
def gen_exc():
    try:
        yield 1
    except ValueError:
        yield 'handled'
g = gen_exc(); next(g)
print(g.throw(ValueError))
import traceback
def deep():
    raise OSError(2, 'nope')
try:
    deep()
except OSError:
    print(''.join(traceback.format_exc().splitlines(True)[-1:]).strip())
    print([f.name for f in traceback.extract_tb(sys.exc_info()[2])])
