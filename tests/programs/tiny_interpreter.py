"""A tokenizer, parser and evaluator for a small arithmetic language with variables and functions."""
import operator
import re

TOKEN = re.compile(r'\s*(?:(\d+\.?\d*)|([A-Za-z_]\w*)|(\*\*|[-+*/%(),=]))')
BINARY = {'+': (1, operator.add), '-': (1, operator.sub), '*': (2, operator.mul),
          '/': (2, operator.truediv), '%': (2, operator.mod), '**': (3, operator.pow)}


def tokenize(text):
    pos, tokens = 0, []
    text = text.rstrip()
    while pos < len(text):
        match = TOKEN.match(text, pos)
        if not match:
            raise SyntaxError('bad character %r at %d' % (text[pos], pos))
        number, name, op = match.groups()
        tokens.append(('num', float(number)) if number else ('name', name) if name else ('op', op))
        pos = match.end()
    tokens.append(('end', None))
    return tokens


class Parser:
    def __init__(self, tokens):
        self.tokens, self.i = tokens, 0

    def next(self):
        token = self.tokens[self.i]
        self.i += 1
        return token

    def peek(self):
        return self.tokens[self.i]

    def expression(self, min_prec=1):
        left = self.atom()
        while True:
            kind, value = self.peek()
            if kind != 'op' or value not in BINARY or BINARY[value][0] < min_prec:
                return left
            self.next()
            prec = BINARY[value][0]
            right = self.expression(prec if value == '**' else prec + 1)
            left = ('bin', value, left, right)

    def atom(self):
        kind, value = self.next()
        if kind == 'num':
            return ('num', value)
        if kind == 'op' and value == '-':
            return ('neg', self.atom())
        if kind == 'op' and value == '(':
            inner = self.expression()
            self.expect(')')
            return inner
        if kind == 'name':
            if self.peek() == ('op', '('):
                self.next()
                args = []
                if self.peek() != ('op', ')'):
                    args.append(self.expression())
                    while self.peek() == ('op', ','):
                        self.next()
                        args.append(self.expression())
                self.expect(')')
                return ('call', value, args)
            return ('var', value)
        raise SyntaxError('unexpected %s %r' % (kind, value))

    def expect(self, op):
        if self.next() != ('op', op):
            raise SyntaxError('expected %r' % op)


class Interpreter:
    def __init__(self):
        self.env = {'pi': 3.141592653589793}
        self.functions = {'max': max, 'min': min, 'abs': abs, 'sq': lambda x: x * x}

    def run(self, line):
        tokens = tokenize(line)
        if len(tokens) > 2 and tokens[0][0] == 'name' and tokens[1] == ('op', '='):
            value = self.eval(Parser(tokens[2:]).expression())
            self.env[tokens[0][1]] = value
            return '%s = %g' % (tokens[0][1], value)
        parser = Parser(tokens)
        tree = parser.expression()
        if parser.peek()[0] != 'end':
            raise SyntaxError('trailing input')
        return '%g' % self.eval(tree)

    def eval(self, node):
        kind = node[0]
        if kind == 'num':
            return node[1]
        if kind == 'var':
            try:
                return self.env[node[1]]
            except KeyError:
                raise NameError('undefined variable %s' % node[1]) from None
        if kind == 'neg':
            return -self.eval(node[1])
        if kind == 'bin':
            return BINARY[node[1]][1](self.eval(node[2]), self.eval(node[3]))
        if kind == 'call':
            return self.functions[node[1]](*[self.eval(arg) for arg in node[2]])
        raise AssertionError(kind)


interp = Interpreter()
program = ['x = 3', 'y = x ** 2 ** 2', 'y - 1', '2 * (x + 4) % 5', 'max(x, y, sq(9))',
           '-x + -(-2)', 'z + 1', '1 / 0', '3 $ 4', '(1 + 2', 'r = 2', 'pi * r ** 2']
for line in program:
    try:
        print(line, '=>', interp.run(line))
    except (SyntaxError, NameError, ZeroDivisionError) as exc:
        print(line, '=> error:', type(exc).__name__, exc)
