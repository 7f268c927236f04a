"""Dictionary and string heavy work: word counting, joins, formatting, slicing."""
import sys

WORDS = ('lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor '
         'incididunt ut labore et dolore magna aliqua').split()


def build_text(n):
    return ' '.join(WORDS[(i * 7 + i // 3) % len(WORDS)] for i in range(n))


def count(text):
    counts = {}
    for word in text.split():
        counts[word] = counts.get(word, 0) + 1
    return counts


def transform(text):
    out = []
    for word in text.split()[:100000]:
        if len(word) > 4:
            out.append(word[::-1].upper())
        else:
            out.append('%s-%d' % (word, len(word)))
    return '|'.join(out)


n = int(sys.argv[1]) if len(sys.argv) > 1 else 250000
text = build_text(n)
counts = count(text)
print(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:3])
result = transform(text)
print(len(result), result[:60])
