"""A small helper package used by the pkg_* programs."""
from .text import slugify, title_case
from . import mathx

VERSION = (1, 2, 0)
__all__ = ['slugify', 'title_case', 'mathx', 'describe']


def describe():
    return 'toolkit %s with %s' % ('.'.join(map(str, VERSION)), ', '.join(sorted(mathx.__all__)))
