"""A toy stack machine: an assembler with labels, a dispatch table and a program computing primes."""


class VMError(Exception):
    pass


def assemble(source):
    labels, program = {}, []
    for line in source.strip().splitlines():
        line = line.split(';')[0].strip()
        if not line:
            continue
        if line.endswith(':'):
            labels[line[:-1]] = len(program)
            continue
        op, *args = line.split()
        program.append((op, args[0] if args else None))
    return [(op, labels.get(arg, int(arg) if arg and arg.lstrip('-').isdigit() else arg)) for op, arg in program]


class Machine:
    def __init__(self, program):
        self.program = program
        self.stack, self.vars, self.output = [], {}, []
        self.pc = 0
        self.steps = 0
        self.ops = {name[3:]: getattr(self, name) for name in dir(self) if name.startswith('op_')}

    def run(self, limit=100000):
        while self.pc < len(self.program):
            op, arg = self.program[self.pc]
            self.pc += 1
            self.steps += 1
            if self.steps > limit:
                raise VMError('step limit exceeded')
            try:
                handler = self.ops[op]
            except KeyError:
                raise VMError('unknown op %s at %d' % (op, self.pc - 1)) from None
            handler(arg)
        return self.output

    def op_push(self, arg):
        self.stack.append(arg)

    def op_load(self, arg):
        self.stack.append(self.vars[arg])

    def op_store(self, arg):
        self.vars[arg] = self.stack.pop()

    def op_add(self, _):
        b, a = self.stack.pop(), self.stack.pop()
        self.stack.append(a + b)

    def op_mod(self, _):
        b, a = self.stack.pop(), self.stack.pop()
        self.stack.append(a % b)

    def op_mul(self, _):
        b, a = self.stack.pop(), self.stack.pop()
        self.stack.append(a * b)

    def op_lt(self, _):
        b, a = self.stack.pop(), self.stack.pop()
        self.stack.append(int(a < b))

    def op_jmp(self, arg):
        self.pc = arg

    def op_jz(self, arg):
        if not self.stack.pop():
            self.pc = arg

    def op_print(self, _):
        self.output.append(self.stack.pop())


PRIMES = '''
    push 2
    store n
next:
    load n
    push 40
    lt
    jz done
    push 2
    store d
trial:
    load d
    load d
    mul
    load n
    push 1
    add
    lt
    jz prime        ; d*d > n
    load n
    load d
    mod
    jz composite
    load d
    push 1
    add
    store d
    jmp trial
prime:
    load n
    print
composite:
    load n
    push 1
    add
    store n
    jmp next
done:
'''
machine = Machine(assemble(PRIMES))
print(machine.run(), machine.steps)
for bad in ['push 1\nfrobnicate', 'loop:\njmp loop']:
    try:
        Machine(assemble(bad)).run(limit=1000)
    except VMError as exc:
        print('VMError:', exc)
