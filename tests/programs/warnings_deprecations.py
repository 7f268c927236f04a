"""A library shim emitting DeprecationWarnings with stacklevel, filtered and recorded by the caller."""
import warnings


def old_api(value):
    warnings.warn('old_api() is deprecated; use new_api()', DeprecationWarning, stacklevel=2)
    return new_api(value)


def new_api(value):
    if value < 0:
        warnings.warn('negative value %d clamped' % value, RuntimeWarning)
        value = 0
    return value * 2


warnings.simplefilter('always')
print(old_api(3))
print(new_api(-5))
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter('always')
    old_api(1)
    new_api(-1)
print([(w.category.__name__, str(w.message), w.lineno) for w in caught])
warnings.simplefilter('error', RuntimeWarning)
try:
    new_api(-2)
except RuntimeWarning as exc:
    print('raised:', exc)
warnings.simplefilter('ignore')
print(old_api(4))
