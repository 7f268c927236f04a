"""A program that installs its own sys.excepthook, which formats the uncaught error itself."""
import sys


def hook(exc_type, exc, tb):
    frames = []
    while tb is not None:
        frames.append(tb.tb_frame.f_code.co_name)
        tb = tb.tb_next
    print('custom hook: %s(%s) via %s' % (exc_type.__name__, exc, ' > '.join(frames)), file=sys.stderr)


sys.excepthook = hook


def validate(age):
    if age < 0:
        raise ValueError('age must be >= 0, got %d' % age)
    return age


print(validate(5))
validate(-1)
