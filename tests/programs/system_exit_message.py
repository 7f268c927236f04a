"""sys.exit with a message string: printed to stderr, exit status 1; finally blocks still run."""
import atexit
import sys

atexit.register(lambda: print('atexit handler ran'))


def shutdown(reason):
    try:
        print('shutting down')
        sys.exit('fatal: ' + reason)
    finally:
        print('cleanup in finally')


shutdown('disk full')
print('never printed')
