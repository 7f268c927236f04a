"""sys.exit() with a message while every builtin the driver might use is rebound to a function that
raises: 3.8 prints the message and exits with status 1, runs the atexit functions, and calls
none of them (its exit is C)."""
import atexit
import builtins
import sys

BUILTINS = vars(builtins)
NAMES = ('abs all any bool bytes callable chr compile dict divmod enumerate eval exec filter '
         'float format frozenset getattr globals hasattr hash id int isinstance issubclass iter '
         'len list locals map max min next object open ord print range repr reversed round set '
         'setattr slice sorted str sum super tuple type vars zip __build_class__ __import__').split()
write = sys.stdout.write


class Broken(Exception):
    pass


def breaking(name):
    def wrapper(*args, **kwargs):
        raise Broken('the machinery called the program\'s %s' % name)
    return wrapper


def at_exit(tag):
    write('atexit %s\n' % tag)


atexit.register(at_exit, 'first')
atexit.register(at_exit, 'second')


def leave(message):
    try:
        sys.exit(message)
    finally:
        write('leaving\n')


BUILTINS.update({name: breaking(name) for name in NAMES})
leave('bye: exit status 1')
