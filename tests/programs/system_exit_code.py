"""A command-line tool that validates arguments and exits with sys.exit(3)."""
import sys


def main(argv):
    print('args:', argv[1:])
    if len(argv) < 3:
        print('usage: tool NAME COUNT', file=sys.stderr)
        return 2
    name, count = argv[1], argv[2]
    try:
        count = int(count)
    except ValueError:
        print('COUNT must be an integer, got %r' % count, file=sys.stderr)
        return 3
    for i in range(count):
        print('%s #%d' % (name, i))
    return 0


try:
    sys.exit(0 if False else None)
except SystemExit as exc:
    print('caught SystemExit with code', exc.code)
sys.stdout.flush()
sys.exit(main(sys.argv))
