"""`python -m pipeline.tokenize [-e] [FILE]`: prints what `python3.8 -m tokenize` prints.

Also callable: `pipeline.tokenize(source)` is `pipeline.tokenizer.tokenize(source)`.
"""
import argparse
import sys
from typing import List, Optional

from pipeline._callable import make_callable
from pipeline.tokenizer import TokenError, generate_tokens, tok_name, tokenize


def main(argv: Optional[List[str]] = None, stdout=None, stderr=None) -> int:
    """As Lib/tokenize.py's main() of 3.8; returns the exit status."""
    stdout = sys.stdout if stdout is None else stdout
    stderr = sys.stderr if stderr is None else stderr

    def error(message, filename=None, location=None):
        if location:
            message = '%s:%d:%d: error: %s' % ((filename,) + location + (message,))
        elif filename:
            message = '%s: error: %s' % (filename, message)
        else:
            message = 'error: %s' % message
        stderr.write(message + '\n')
        return 1

    parser = argparse.ArgumentParser(prog='python -m pipeline.tokenize')
    parser.add_argument(dest='filename', nargs='?', metavar='filename.py',
                        help='the file to tokenize; defaults to stdin')
    parser.add_argument('-e', '--exact', dest='exact', action='store_true',
                        help='display token names using the exact type')
    args = parser.parse_args(argv)
    try:
        if args.filename:
            filename = args.filename
            with open(filename, 'rb') as source:
                data = source.read()
            tokens = list(tokenize(data, filename))
        else:
            filename = '<stdin>'
            tokens = generate_tokens(sys.stdin.read())
        for token in tokens:
            token_type = token.exact_type if args.exact else token.type
            token_range = '%d,%d-%d,%d:' % (token.start + token.end)
            stdout.write('%-20s%-15s%-15r\n' % (token_range, tok_name[token_type], token.string))
    except IndentationError as err:
        line, column = err.args[1][1:3]
        return error(err.args[0], filename, (line, column))
    except TokenError as err:
        line, column = err.args[1]
        return error(err.args[0], filename, (line, column))
    except SyntaxError as err:
        return error(err, filename)
    except OSError as err:
        return error(err)
    except KeyboardInterrupt:
        stdout.write('interrupted\n\n')
    return 0


make_callable(__name__, tokenize)

if __name__ == '__main__':
    sys.exit(main())
