"""A recursive-descent JSON parser with precise error positions."""


class ParseError(Exception):
    def __init__(self, message, pos):
        super().__init__('%s at position %d' % (message, pos))
        self.pos = pos


class Parser:
    WS = ' \t\n\r'

    def __init__(self, text):
        self.text = text
        self.pos = 0

    def skip(self):
        while self.pos < len(self.text) and self.text[self.pos] in self.WS:
            self.pos += 1

    def peek(self):
        self.skip()
        return self.text[self.pos] if self.pos < len(self.text) else ''

    def expect(self, char):
        if self.peek() != char:
            raise ParseError('expected %r' % char, self.pos)
        self.pos += 1

    def parse(self):
        value = self.value()
        if self.peek():
            raise ParseError('trailing data', self.pos)
        return value

    def value(self):
        char = self.peek()
        if char == '{':
            return self.object()
        if char == '[':
            return self.array()
        if char == '"':
            return self.string()
        for word, result in (('true', True), ('false', False), ('null', None)):
            if self.text.startswith(word, self.pos):
                self.pos += len(word)
                return result
        return self.number()

    def object(self):
        self.expect('{')
        result = {}
        if self.peek() == '}':
            self.pos += 1
            return result
        while True:
            key = self.string()
            self.expect(':')
            result[key] = self.value()
            if self.peek() == ',':
                self.pos += 1
                continue
            self.expect('}')
            return result

    def array(self):
        self.expect('[')
        items = []
        if self.peek() == ']':
            self.pos += 1
            return items
        while True:
            items.append(self.value())
            if self.peek() == ',':
                self.pos += 1
            else:
                self.expect(']')
                return items

    def string(self):
        self.expect('"')
        out = []
        escapes = {'n': '\n', 't': '\t', '"': '"', '\\': '\\', '/': '/'}
        while True:
            if self.pos >= len(self.text):
                raise ParseError('unterminated string', self.pos)
            char = self.text[self.pos]
            self.pos += 1
            if char == '"':
                return ''.join(out)
            if char == '\\':
                esc = self.text[self.pos]
                self.pos += 1
                if esc == 'u':
                    out.append(chr(int(self.text[self.pos:self.pos + 4], 16)))
                    self.pos += 4
                else:
                    out.append(escapes[esc])
            else:
                out.append(char)

    def number(self):
        start = self.pos
        while self.pos < len(self.text) and self.text[self.pos] in '+-0123456789.eE':
            self.pos += 1
        token = self.text[start:self.pos]
        if not token:
            raise ParseError('unexpected character %r' % self.text[start:start + 1], start)
        return float(token) if any(c in token for c in '.eE') else int(token)


def dump(value, indent=0):
    pad = '  ' * indent
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, (dict, list)):
                print('%s%s:' % (pad, key))
                dump(item, indent + 1)
            else:
                print('%s%s = %r' % (pad, key, item))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            print('%s[%d] %r' % (pad, index, item))
    else:
        print(pad + repr(value))


doc = '{"name": "widget", "tags": ["a", "b\\u00e9"], "size": {"w": 2.5, "h": -3e2}, "ok": true, "none": null}'
dump(Parser(doc).parse())
for bad in ['[1, 2', '{"a" 1}', '"abc', '[1] x', '@']:
    try:
        Parser(bad).parse()
    except ParseError as exc:
        print('error:', exc)
print(Parser('[[[[[]]]], {"deep": [{"x": [1, 2, {"y": null}]}]}]').parse())
