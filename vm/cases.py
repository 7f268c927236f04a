"""Writes the eval loops from vm/instructions.py (as CPython's Tools/cases_generator).

    python -m pipeline.vm.cases            regenerate vm/*_generated.py
    python -m pipeline.vm.cases --check    exit 1 if a generated file is stale

Each variant of vm/instructions.VARIANTS becomes one module: the instructions of HEAD and
BY_FREQUENCY as one if/elif chain inside the loop skeleton (LOOP), opcodes as literals and
a few constants as default arguments; the other instructions become functions in the RARE
table (its own module, eval_rare_generated.py, which every loop imports).
Macros and the variant's hooks are expanded in place, so the written-once source reads
as the hand-written loop used to, without repeating itself. (Running this imports
pipeline.vm, which imports the generated loop: should an edit leave that unimportable,
restore the generated file from git, regenerate, then redo the edit.)
"""
import os
import re
import sys
from typing import Any, Dict, List, Optional

from ..compiler import opcodes as O
from . import adaptive as A
from . import cases_tree
from . import instructions as I

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.join(HERE, 'instructions.py')
ADAPTIVE_SOURCE = os.path.join(HERE, 'adaptive.py')   # tier 1's instructions (its own variants)
VARIANTS = dict(I.VARIANTS, **A.VARIANTS)
RARE_MODULE = 'eval_rare_generated.py'   # the RARE table, which every variant imports
TIER1_TABLE_MODULE = 'adaptive_table_generated.py'   # tier 1's instructions as data (run time)
INDENT = '    '
_STATEMENT = re.compile(r'^(\s*)([A-Z][A-Z0-9_]*)\((.*)\)\s*(#.*)?$')
# registers of the loop a rare instruction (a function of f, stack, arg) cannot see or change
_LOOP_ONLY = re.compile(r'\b(i|code|entry|limit|pending|tb_here|break|continue|return)\b')
DIRECTIVES = {'DISPATCH_NEXT': 'continue', 'UNWIND_PENDING': 'break'}
_FRAME_REGISTERS = {'fast': ('locals', 'fast = f.fast'), 'glb': ('globals', 'glb = f.globals'),
                    'bltn': ('builtins', 'bltn = f.builtins')}


def def_bodies(text: str) -> Dict[str, List[str]]:
    """The body lines (dedented) of every top-level def of instructions.py, by name."""
    bodies: Dict[str, List[str]] = {}
    name: Optional[str] = None
    for line in text.splitlines():
        match = re.match(r'def ([A-Z][A-Z0-9_]*)\(', line)
        if match:
            name = match.group(1)
            bodies[name] = []
        elif name is not None and (line.startswith(INDENT) or not line.strip()):
            bodies[name].append(line[len(INDENT):])
        else:
            name = None
    for lines in bodies.values():
        while lines and not lines[-1].strip():
            lines.pop()
    return bodies


def split_arguments(text: str) -> List[str]:
    """`a, f(b, c), d` -> ['a', 'f(b, c)', 'd']."""
    parts, depth, current = [], 0, ''
    for char in text:
        if char == ',' and depth == 0:
            parts.append(current.strip())
            current = ''
            continue
        depth += char in '([{'
        depth -= char in ')]}'
        current += char
    if current.strip():
        parts.append(current.strip())
    return parts


class Generator:
    """Expands bodies for one variant of the loop."""

    def __init__(self, variant: str, bodies: Dict[str, List[str]]) -> None:
        self.variant = variant
        self.bodies = bodies
        self.load_code = VARIANTS[variant][1]
        self.tier1 = variant in A.VARIANTS
        # tier 1's loops stand where the plain one does: they hand over to the traced loop too
        self.hooks = dict(I.HOOKS.get('plain', {}), **I.HOOKS.get(variant, {})) if self.tier1 \
            else I.HOOKS.get(variant, {})

    def instruction(self, name: str) -> Any:
        return A.INSTRUCTIONS[name] if name in A.INSTRUCTIONS else I.INSTRUCTIONS[name]

    def body(self, name: str) -> List[str]:
        instruction = self.instruction(name)
        if instruction is not None and instruction.body is not None:
            return instruction.body.splitlines()
        return self.bodies[name]

    def expand(self, lines: List[str], indent: str = '') -> List[str]:
        out: List[str] = []
        for line in lines:
            match = _STATEMENT.match(line)
            if not match:
                out.append(indent + line if line.strip() else '')
                continue
            space, name, arguments = match.group(1), match.group(2), match.group(3)
            inner = indent + space
            if name == 'LOAD_CODE':
                out.append(inner + self.load_code)
            elif name in DIRECTIVES:
                out.append(inner + DIRECTIVES[name])
            elif name == 'DISPATCH':
                out.extend(self.dispatch(inner))
            elif name == 'GENERIC':   # a tier-1 form's fallback: the generic instruction's body
                out.extend(self.expand(self.body(arguments.strip()), inner))
            elif name in I.MACROS:
                out.extend(self.expand(self.substitute(name, I.MACROS[name], arguments), inner))
            elif name in I.HOOK_POINTS:
                if name in self.hooks:
                    out.extend(self.expand(self.substitute(name, self.hooks[name], arguments), inner))
            else:
                out.append(indent + line)
        return out

    def substitute(self, name: str, parameters: List[str], arguments: str) -> List[str]:
        values = split_arguments(arguments)
        if len(values) != len(parameters):
            raise ValueError('%s takes %d arguments, given %r' % (name, len(parameters), arguments))
        lines = self.bodies[name]
        for parameter, value in zip(parameters, values):
            pattern = re.compile(r'(?<![.\w])%s\b' % parameter)   # (a name, not an attribute: `f.dc` stays)
            lines = [pattern.sub(lambda _: value, line) for line in lines]
        return lines

    def chain(self) -> List[str]:
        if self.tier1:
            return A.HEAD + A.BY_FREQUENCY
        skip_fused = self.variant != 'plain'
        return [name for name in I.HEAD + I.BY_FREQUENCY
                if not (skip_fused and I.INSTRUCTIONS[name].superinstruction)]

    def branch(self, keyword: str, name: str, indent: str) -> List[str]:
        # the opcode as a literal (a constant of the loop's code), not a name: every name the
        # loop reads as a fast local is a default argument that each entry of run_frame copies
        lines = [indent + '%s op == %d:   # %s' % (keyword, self.instruction(name).opcode, name)]
        lines.extend(self.expand(self.body(name), indent + INDENT))
        return lines

    def dispatch(self, indent: str) -> List[str]:
        """The if/elif chain: HEAD, then the rest in two halves split at opcode 100 (tier 1: a tree)."""
        names = self.chain()
        if self.tier1:   # HEAD (if any), then a tree (vm/cases_tree.py)
            possible = ({0} | set(O.opmap.values()) | {I.INSTRUCTIONS[name].opcode for name in I.INSTRUCTIONS}
                        | {instruction.opcode for instruction in A.INSTRUCTIONS.values()})
            return cases_tree.dispatch(self, A.HEAD, [name for name in names if name not in A.HEAD],
                                       sorted(possible), indent, A.MEASURED)
        head = [name for name in names if name in I.HEAD]
        low = [name for name in names if name not in I.HEAD and I.INSTRUCTIONS[name].opcode < 100]
        high = [name for name in names if name not in I.HEAD and I.INSTRUCTIONS[name].opcode >= 100]
        lines: List[str] = []
        for index, name in enumerate(head):
            lines.extend(self.branch('if' if index == 0 else 'elif', name, indent))
        for keyword, half in (('elif op < 100:', low), ('else:', high)):
            lines.append(indent + keyword + '   # the rest by frequency, in two halves')
            inner = indent + INDENT
            for index, name in enumerate(half):
                lines.extend(self.branch('if' if index == 0 else 'elif', name, inner))
            lines.append(inner + 'else:')
            lines.extend(self.expand(self.bodies['RARE_FALLBACK'], inner + INDENT))
        return lines

    def loop(self) -> List[str]:
        names = sorted(set(self.chain()), key=lambda name: self.instruction(name).opcode)
        for first, second in zip(names, names[1:]):
            if self.instruction(first).opcode == self.instruction(second).opcode:
                raise ValueError('%s and %s share opcode %d' % (first, second, self.instruction(first).opcode))
        defaults = ['%s=%s' % (name, name) for name in I.LOOP_CONSTANTS
                     + (A.LOOP_CONSTANTS if self.tier1 else [])]
        lines = ['def run_frame(f: Frame, throw: Optional[BaseException] = None, '
                 '_entry: Optional[Frame] = None,',
                 INDENT * 3 + '# constants as default arguments: read as fast locals (opcodes are '
                 'literals)']
        row = INDENT * 3
        for index, default in enumerate(defaults):
            piece = default + (', ' if index < len(defaults) - 1 else ') -> Any:')
            if len(row) + len(piece) > 100:
                lines.append(row.rstrip())
                row = INDENT * 3
            row += piece
        lines.append(row)
        lines.append(INDENT + '"""Run frame `f` (and the frames it calls) until it returns or yields; '
                     'the value."""')
        lines.extend(self.expand(self.bodies['LOOP'], INDENT))
        return lines


def rare_names() -> List[str]:
    chain = set(I.HEAD + I.BY_FREQUENCY)
    return [name for name in I.INSTRUCTIONS if name not in chain]


def rare_function(generator: Generator, name: str) -> List[str]:
    """A rare instruction as a function of (f, stack, arg), its frame registers loaded first."""
    instruction = I.INSTRUCTIONS[name]
    body = generator.expand(generator.body(name), INDENT)
    text = '\n'.join(body)
    found = _LOOP_ONLY.search(re.sub(r'#.*', '', text))
    if found:
        raise ValueError('rare instruction %s uses the loop register %r: put it in the chain'
                         % (name, found.group(1)))
    prologue = [INDENT + load for register, (what, load) in _FRAME_REGISTERS.items()
                if re.search(r'(?<![.\w])%s\b' % register, text)]
    return ['def %s(f, stack, arg):' % name] + prologue + body + ['', '', '']


def check_reads(bodies: Dict[str, List[str]]) -> None:
    """Every frame register a body uses (macros aside, which switch frames) is declared in `reads`."""
    generator = Generator('plain', bodies)
    for name, instruction in I.INSTRUCTIONS.items():
        text = '\n'.join(generator.body(name))
        for register, (what, _) in _FRAME_REGISTERS.items():
            if re.search(r'(?<![.\w])%s\b' % register, text) and what not in instruction.reads.split():
                raise ValueError('%s uses %s but does not declare %r in reads' % (name, register, what))


def header(variant: str) -> str:
    kind = {'plain': 'plain', 'traced': 'instrumented (--trace, --stats)', 'adaptive': 'tier-1 adaptive',
            'adaptive_stats': 'tier-1 adaptive, counting (--stats)'}[variant]
    return ('"""GENERATED by vm/cases.py from vm/instructions.py%s: the %s eval loop. Do not edit.\n\n'
            'Edit vm/instructions.py and run `python -m pipeline.vm.cases`.\n"""\n'
            % (' and vm/adaptive.py' if variant in A.VARIANTS else '', kind))


def generate(variant: str, bodies: Dict[str, List[str]]) -> str:
    generator = Generator(variant, bodies)
    parts = [header(variant), I.PRELUDE, VARIANTS[variant][2]]
    parts.append('\n\n' + '\n'.join(generator.loop()) + '\n')
    parts.append(jumping(generator))
    return ''.join(parts)


_JUMPS = re.compile(r'(?m)^\s*i = arg\b(?!\.trace)')


def jumping(generator: Generator) -> str:
    """JUMPING: the opcodes of the chain that move `i` to their argument's target (stack.after_jump);
    CALLING: every call instruction's opcode, of any loop."""
    numbers = sorted(generator.instruction(name).opcode for name in set(generator.chain())
                     if _JUMPS.search('\n'.join(generator.expand(generator.body(name)))))
    calls = sorted(instruction.opcode for name, instruction in list(I.INSTRUCTIONS.items()) + list(A.INSTRUCTIONS.items())
                   if name.startswith(('CALL_FUNCTION', 'CALL_METHOD')))
    return ('\n\n# the instructions that jump to a target of their argument\nJUMPING = frozenset(%r)\n'
            '# the calls, in every loop (a frame entered from host code asks what its caller runs)\n'
            'CALLING = frozenset(%r)\n' % (numbers, calls))


def generate_rare(bodies: Dict[str, List[str]]) -> str:
    """RARE_MODULE: the rare instructions and their table, apart from every loop, so that
    a loop's module is the loop alone and start-up compiles only the loop its tier runs."""
    generator = Generator('plain', bodies)
    parts = ['"""GENERATED by vm/cases.py from vm/instructions.py: the rare instructions (the RARE\n'
             'table every loop calls for the opcodes outside its chain). Do not edit.\n\n'
             'Edit vm/instructions.py and run `python -m pipeline.vm.cases`.\n"""\n', I.PRELUDE,
             '\n\n# -- rare instructions: out of the chain, called through RARE[op] --\n\n']
    for name in rare_names():
        parts.append('\n'.join(rare_function(generator, name)))
    parts.append('\n# -- macros host code runs too (instructions.MACRO_FUNCTIONS) --\n\n')
    for macro, (function, parameters, result) in I.MACRO_FUNCTIONS.items():
        lines = ['def %s(%s) -> %s:' % (function, ', '.join('%s: Any' % name for name in parameters),
                                      'Any' if result else 'None')]
        lines += generator.expand(generator.substitute(macro, I.MACROS[macro], ', '.join(parameters)), INDENT)
        if result:
            lines.append(INDENT + 'return ' + result)
        parts.append('\n'.join(lines + ['', '', '']))
    parts.append('def unsupported(f, stack, arg):\n    raise SystemError(\'unknown opcode\')\n\n\n')
    parts.append('RARE = [unsupported] * 256\n')
    for name in rare_names():
        parts.append('RARE[%d] = %s\n' % (I.INSTRUCTIONS[name].opcode, name))
    return ''.join(parts)


def generate_tier1_table() -> str:
    """TIER1_TABLE_MODULE: what vm/specialize.py and vm/tiers.py read of vm/adaptive.py at run
    time (each form's pseudo-opcode, generic instruction and family), so that running tier 1
    imports neither the definitions nor vm/instructions.py under them."""
    lines = ['"""GENERATED by vm/cases.py from vm/adaptive.py: tier 1\'s instructions as data, what',
             'vm/specialize.py and vm/tiers.py read at run time. Do not edit.',
             '',
             'Edit vm/adaptive.py and run `python -m pipeline.vm.cases`.',
             '"""',
             'from typing import Dict, NamedTuple',
             '', '',
             'class Instruction(NamedTuple):',
             '    """A tier-1 form: its pseudo-opcode, the generic instruction it stands for, its family."""',
             '    opcode: int',
             '    generic: str',
             '    family: str',
             '', '',
             'INSTRUCTIONS: Dict[str, Instruction] = {']
    for name, instruction in A.INSTRUCTIONS.items():
        lines.append('    %r: Instruction(%d, %r, %r),' % (name, instruction.opcode, instruction.generic,
                                                          instruction.family))
    lines.append('}')
    lines.append('ADAPTIVE_FORMS = %r' % (A.ADAPTIVE_FORMS,))
    lines.append('COMPARE_SYMBOLS = %r   # in the order of decode.COMPARE_FUNCTIONS'
                 % (tuple(A.COMPARE_SYMBOLS),))
    return '\n'.join(lines) + '\n'


def outputs() -> Dict[str, str]:
    """Generated file path -> its text."""
    with open(SOURCE) as stream:
        bodies = def_bodies(stream.read())
    check_reads(bodies)
    with open(ADAPTIVE_SOURCE) as stream:
        tier1_bodies = dict(bodies, **def_bodies(stream.read()))   # its hook bodies are its own
    written = {os.path.join(HERE, module):
               generate(variant, tier1_bodies if variant in A.VARIANTS else bodies)
               for variant, (module, _, _) in VARIANTS.items()}
    written[os.path.join(HERE, RARE_MODULE)] = generate_rare(bodies)
    written[os.path.join(HERE, TIER1_TABLE_MODULE)] = generate_tier1_table()
    return written


def main(argv: Optional[List[str]] = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    check = '--check' in argv
    stale = []
    for path, text in outputs().items():
        current = None
        if os.path.exists(path):
            with open(path) as stream:
                current = stream.read()
        if current == text:
            continue
        stale.append(path)
        if not check:
            with open(path, 'w') as stream:
                stream.write(text)
    for path in stale:
        print('%s %s' % ('stale:' if check else 'wrote', os.path.relpath(path)))
    return 1 if check and stale else 0


if __name__ == '__main__':
    sys.exit(main())
