"""`python -m pipeline.explore [FILE] [--port N] [--no-browser]`: serve the explorer and open it."""
import argparse
import sys
import webbrowser
from typing import List, Optional

from .server import DEFAULT_FILENAME, ExplorerServer

EXAMPLE = '''\
class Counter:
    def __init__(self, start):
        self.count = start

    def bump(self):
        self.count += 1
        return self.count


def evens(limit):
    for n in range(limit):
        if n % 2 == 0:
            yield n


def make_adder(step):
    def add(value):
        return value + step
    return add


counter = Counter(10)
add_two = make_adder(2)
try:
    for value in evens(5):
        print(add_two(value), counter.bump())
finally:
    print('done')
'''


def main(argv: Optional[List[str]] = None) -> int:
    """The command line; serves until interrupted."""
    parser = argparse.ArgumentParser(prog='python -m pipeline.explore',
                                     description='Every stage of the pipeline and every step '
                                                 'of the VM, in a local web page.')
    parser.add_argument('file', nargs='?', help='a Python 3.8 source file to open')
    parser.add_argument('--port', type=int, default=8038,
                        help='port on 127.0.0.1 (default 8038; 0 picks a free one)')
    parser.add_argument('--no-browser', action='store_true', help='do not open a browser')
    args = parser.parse_args(argv)
    source, filename = EXAMPLE, DEFAULT_FILENAME
    if args.file:
        from ..tokenizer.source import decode_source
        try:
            with open(args.file, 'rb') as stream:
                source = decode_source(stream.read())
        except (OSError, SyntaxError, UnicodeDecodeError) as error:
            parser.error("can't read %s: %s" % (args.file, error))
        filename = args.file
    try:
        server = ExplorerServer(args.port, source, filename)
    except OSError as error:
        parser.error('cannot listen on 127.0.0.1:%d: %s (try --port 0)' % (args.port, error))
    print('pipeline explorer on %s (Ctrl-C stops it)' % server.url, flush=True)
    if not args.no_browser:
        webbrowser.open(server.url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == '__main__':
    sys.exit(main())
