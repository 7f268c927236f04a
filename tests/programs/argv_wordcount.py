"""A wc-like tool driven by sys.argv: options, positional words, and counts."""
import sys
from collections import Counter

TEXT = """It was the best of times, it was the worst of times, it was the age of wisdom,
it was the age of foolishness, it was the epoch of belief, it was the epoch of incredulity"""


def parse(argv):
    options = {'top': 3, 'lower': False}
    words = []
    args = iter(argv)
    for arg in args:
        if arg == '--top':
            options['top'] = int(next(args))
        elif arg == '--lower':
            options['lower'] = True
        elif arg.startswith('--'):
            raise SystemExit('unknown option ' + arg)
        else:
            words.append(arg)
    return options, words


import os
print('program:', os.path.splitext(os.path.basename(sys.argv[0]))[0], 'argc:', len(sys.argv))
options, wanted = parse(sys.argv[1:])
text = TEXT.lower() if options['lower'] else TEXT
tokens = [t.strip(',.') for t in text.split()]
counts = Counter(tokens)
print('lines', len(TEXT.splitlines()), 'words', len(tokens), 'chars', len(TEXT))
for word, count in sorted(counts.most_common(), key=lambda kv: (-kv[1], kv[0]))[:options['top']]:
    print('%-8s %d' % (word, count))
for word in wanted:
    print('%s: %d' % (word, counts[word]))
