"""JSON-like string work without regular expressions: a hand-written encoder and a recursive
descent parser round-tripping generated documents (str methods, dicts, recursion)."""
import sys

ESCAPES = {'"': '\\"', '\\': '\\\\', '\n': '\\n', '\t': '\\t'}
UNESCAPES = {'"': '"', '\\': '\\', 'n': '\n', 't': '\t'}


def encode(value):
    if isinstance(value, str):
        return '"' + ''.join(ESCAPES.get(ch, ch) for ch in value) + '"'
    if value is None:
        return 'null'
    if value is True or value is False:
        return 'true' if value else 'false'
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        return '[' + ', '.join(encode(item) for item in value) + ']'
    return '{' + ', '.join('%s: %s' % (encode(k), encode(v)) for k, v in sorted(value.items())) + '}'


class Parser:
    def __init__(self, text):
        self.text, self.pos = text, 0

    def skip(self):
        text, pos = self.text, self.pos
        while pos < len(text) and text[pos] in ' \n\t':
            pos += 1
        self.pos = pos

    def value(self):
        self.skip()
        ch = self.text[self.pos]
        if ch == '{':
            return self.obj()
        if ch == '[':
            return self.array()
        if ch == '"':
            return self.string()
        for word, result in (('null', None), ('true', True), ('false', False)):
            if self.text.startswith(word, self.pos):
                self.pos += len(word)
                return result
        return self.number()

    def obj(self):
        self.pos += 1
        result = {}
        self.skip()
        if self.text[self.pos] == '}':
            self.pos += 1
            return result
        while True:
            self.skip()
            key = self.string()
            self.skip()
            if self.text[self.pos] != ':':
                raise ValueError('expected : at %d' % self.pos)
            self.pos += 1
            result[key] = self.value()
            self.skip()
            ch = self.text[self.pos]
            self.pos += 1
            if ch == '}':
                return result
            if ch != ',':
                raise ValueError('expected , or } at %d' % self.pos)

    def array(self):
        self.pos += 1
        result = []
        self.skip()
        if self.text[self.pos] == ']':
            self.pos += 1
            return result
        while True:
            result.append(self.value())
            self.skip()
            ch = self.text[self.pos]
            self.pos += 1
            if ch == ']':
                return result
            if ch != ',':
                raise ValueError('expected , or ] at %d' % self.pos)

    def string(self):
        self.pos += 1
        parts = []
        text = self.text
        while True:
            end = text.find('"', self.pos)
            slash = text.find('\\', self.pos, end)
            if slash < 0:
                parts.append(text[self.pos:end])
                self.pos = end + 1
                return ''.join(parts)
            parts.append(text[self.pos:slash])
            parts.append(UNESCAPES[text[slash + 1]])
            self.pos = slash + 2

    def number(self):
        start = self.pos
        while self.pos < len(self.text) and self.text[self.pos] in '+-0123456789.eE':
            self.pos += 1
        token = self.text[start:self.pos]
        return float(token) if '.' in token or 'e' in token or 'E' in token else int(token)


def make_document(seed, depth):
    state = seed

    def rand(n):
        nonlocal state
        state = (state * 1103515245 + 12345) & 0x7fffffff
        return state % n

    def build(level):
        kind = rand(6) if level < depth else rand(4)
        if kind == 0:
            return 'word%d "q"\t%s' % (rand(1000), 'x' * rand(5))
        if kind == 1:
            return rand(100000) - 50000
        if kind == 2:
            return rand(1000) / 8.0
        if kind == 3:
            return (None, True, False)[rand(3)]
        if kind == 4:
            return [build(level + 1) for _ in range(rand(5) + 1)]
        return {'key%d' % rand(50): build(level + 1) for _ in range(rand(5) + 1)}

    return {'id': seed, 'items': [build(0) for _ in range(8)]}


def main(documents):
    total_chars = checksum = 0
    for seed in range(documents):
        document = make_document(seed, 4)
        text = encode(document)
        parsed = Parser(text).value()
        if parsed != document or encode(parsed) != text:
            print('round trip failed for', seed)
        total_chars += len(text)
        checksum = (checksum * 31 + sum(map(ord, text))) % 1000000007
    print(documents, total_chars, checksum)


main(int(sys.argv[1]) if len(sys.argv) > 1 else 400)
