"""Tier 2: one instruction's body from vm/instructions.py as host code whose value stack is host locals.

The bodies are the loop's own text (macros expanded as vm/cases.py expands them), so a trace
has no second definition of any opcode. A body is read as a tree of statements; every use of
`stack` is rewritten over a symbolic stack of names (`stack.pop()` becomes the name on top,
`stack.append(x)` an assignment to the next one...), `arg` becomes the constant, `i` the next
instruction's index. An assignment to `i` is a jump: the projector (vm/tier2.py) says what code
follows it. A branch that leaves what a trace can express (a frame switch, a return, a loop
register) becomes a guard that exits *before* the instruction, allowed only where nothing
observable has happened yet in the instruction; anything else ends the trace there.
"""
import keyword
import operator
import re as _host_re
from typing import Any, Callable, Dict, List, Optional, Tuple

from . import cases, instructions as I
from .decode import COMPARE_FUNCTIONS
from .tier2_calls import NESTED_CALLS   # (chosen per host)
from . import hostbuiltins

hostbuiltins.bind(globals())   # the host's builtins, whatever a program rebinds


class _CachedPatterns:
    """re's functions over compiled patterns kept by their text: a trace's translation asks for
    the same few patterns thousands of times, and re's own cache lookup (re._compile, Python
    code) costs more than the match on PyPy."""

    def __init__(self) -> None:
        self.compiled: Dict[str, Any] = {}
        self.escape = _host_re.escape
        self.compile = _host_re.compile

    def pattern(self, text: str) -> Any:
        compiled = self.compiled.get(text)
        if compiled is None:
            compiled = self.compiled[text] = _host_re.compile(text)
        return compiled

    def sub(self, pattern: str, repl: Any, string: str) -> str:
        return self.pattern(pattern).sub(repl, string)

    def match(self, pattern: str, string: str) -> Any:
        return self.pattern(pattern).match(string)

    def search(self, pattern: str, string: str) -> Any:
        return self.pattern(pattern).search(string)

    def findall(self, pattern: str, string: str) -> List[Any]:
        return self.pattern(pattern).findall(string)


re = _CachedPatterns()


class Untranslatable(Exception):
    """The instruction (or this branch of it) cannot run inside a trace."""


# registers of the loop a trace does not have (using one ends the trace, or is a guarded exit)
_ESCAPES = re.compile(r'\b(code|entry|pending|tb_here|thread|throw|op|RELOAD_FRAME)\b|^\s*(f|stack|fast|glb|bltn)\s*[,=]')
_ESCAPE_STATEMENTS = re.compile(r'^(break|return\b)')
_STACK_WORD = re.compile(r'\bstack\b')
# a way of an if/elif chain compiled code never takes (_taken_ways)
_NEVER_IN_COMPILED_CODE = re.compile(r'^(?:el)?if OPAQUE_NAMES(?:PACES)?(?: and\b|$)')
_INLINE_COMPARE = {operator.lt: '<', operator.le: '<=', operator.eq: '==', operator.ne: '!=',
                   operator.gt: '>', operator.ge: '>=', operator.is_: 'is', operator.is_not: 'is not'}
_INLINE_CONTAINS = {COMPARE_FUNCTIONS[6]: 'in', COMPARE_FUNCTIONS[7]: 'not in'}
# instructions never put in a trace: they change which locals are bound (the entry check relies on it)
# (DELETE_FAST is translated: a local it deletes is checked where it is read, not at the trace's
# entry, unless stored earlier on the path; Projector.deletable, Context.deletable)
NEVER: frozenset = frozenset()

# In a trace the two macros that switch the loop to another frame do not. A plain call's frame
# runs nested on the host stack (vm/tier2_calls.py: its compiled body, else a loop of its own),
# its value pushed, and the trace goes on after the call; on PyPy (whose JIT does better with
# the callee in the same loop as its caller) and for a call two levels deep it is handed to the
# loop (the trace exits at the instruction after the call, returning the callee, and
# JUMP_BACKEDGE pushes it as the call would have). A VM generator that FOR_ITER iterates is left
# to the loop (vm/tier2.py exits before it, see iteration_tree); one that YIELD_FROM delegates to
# runs through its send (the generic path).
TRACE_MACROS = {
    'PUSH_FRAME': ['CALL_NESTED(callee)', 'continue'] if NESTED_CALLS else ['CALL_EXIT(callee)'],
    'PUSH_FRAME_AT': ['CALL_EXIT(callee)'],   # (a callee two levels deep is pushed one deep from a trace)
    'RESUME_GENERATOR': ['pass'],
    'MISS': ['return'],   # a tier-1 form's guard failing: an exit before it (the loop counts the miss)
    'EXCEPTION_PATH': ['return'],   # (an exception's way through WITH_CLEANUP_*: an exit before it)
    # (SETUP_WITH's __enter__, nested, then its block: _simple writes the call, whose `entry`,
    # the loop's registration every trace, body and step is given, is not the loop's register)
    'ENTER_FRAME': ['ENTER_NESTED()'],
}
# The one hook point a trace has. After a call into host code that set a trace or profile
# function (sys.settrace inside a hot loop, directly or not) the loop hands its frame over to
# the traced loop (TRACE_SWITCH); a trace exits after the call instead, and the loop it returns
# to hands over. (Setting one also drops every trace, tracing.WHEN_TRACED, so none is entered
# again; before this exit, a trace that went on reported no events until it next exited.)
# (one host line, `if TRACE_REQUESTED[0]: ...exit`: calls have several ways to a host call each,
# and a trace's size is bounded in lines)
TRACE_HOOKS = {'TRACE_SWITCH': ['EXIT_AFTER_IF_TRACED()']}
# how that exit's line starts (vm/tier2.py leaves such lines out of a trace's size)
TRACED_EXIT = 'if TRACE_REQUESTED[0]: '
# tier 1's specialised forms a trace follows where the quickened stream has them (vm/adaptive.py's
# bodies; a guard's miss is an exit before the instruction, which the loop then runs as tier 1 does)
TRACE_FORMS = frozenset(['CALL_FUNCTION_HOST', 'CALL_METHOD_HOST'])
_expander: Optional[Any] = None
_trees: Dict[str, Any] = {}


class Stmt:
    """A statement: its text, and for a compound statement (`if x:`) its block."""
    __slots__ = ('text', 'block')

    def __init__(self, text: str, block: Optional[List['Stmt']]) -> None:
        self.text = text
        self.block = block

    def __repr__(self) -> str:
        return 'Stmt(%r, %r)' % (self.text, self.block)

    @property
    def body(self) -> List['Stmt']:
        """The block of a compound statement."""
        assert self.block is not None, self
        return self.block


def _strip_comment(line: str) -> str:
    quote = None
    for index, char in enumerate(line):
        if quote:
            if char == quote:
                quote = None
        elif char in '\'"':
            quote = char
        elif char == '#':
            return line[:index].rstrip()
    return line.rstrip()


def _logical_lines(lines: List[str]) -> List[Tuple[int, str]]:
    """(indent, text) of each logical line (continuation lines joined, comments dropped)."""
    out: List[Tuple[int, str]] = []
    pending = ''
    indent = 0
    for raw in lines:
        line = _strip_comment(raw)
        if not line.strip():
            continue
        if not pending:
            indent = len(line) - len(line.lstrip())
            pending = line.strip()
        else:
            pending += ' ' + line.strip()
        depth = sum(pending.count(c) for c in '([{') - sum(pending.count(c) for c in ')]}')
        if depth == 0:
            out.append((indent, pending))
            pending = ''
    return out


def _tree(lines: List[Tuple[int, str]], start: int, indent: int) -> Tuple[List[Stmt], int]:
    block: List[Stmt] = []
    index = start
    while index < len(lines) and lines[index][0] == indent:
        text = lines[index][1]
        index += 1
        if text.endswith(':'):
            inner_indent = lines[index][0] if index < len(lines) else indent
            if inner_indent <= indent:
                raise Untranslatable('empty block')
            inner, index = _tree(lines, index, inner_indent)
            block.append(Stmt(text[:-1], inner))
        else:
            block.append(Stmt(text, None))
    if index < len(lines) and lines[index][0] > indent:
        raise Untranslatable('bad indentation')
    return block, index


def _trace_expander() -> Any:
    """The expander of the plain loop's bodies as traces read them, built once. It is built whole
    before it is published: threads that translate at once may each build one, never see half of one."""
    global _expander
    expander = _expander
    if expander is None:
        with open(cases.SOURCE, encoding='utf-8') as stream:
            bodies = cases.def_bodies(stream.read())
        with open(cases.ADAPTIVE_SOURCE, encoding='utf-8') as stream:
            bodies.update(cases.def_bodies(stream.read()))   # (as the tier-1 loops read them)
        bodies.update(TRACE_MACROS)
        bodies.update(TRACE_HOOKS)
        expander = cases.Generator('plain', bodies)
        expander.hooks = {name: [] for name in TRACE_HOOKS}
        _expander = expander
    return expander


def body_tree(name: str) -> List[Stmt]:
    """The statements of instruction `name`'s body, macros expanded (the plain loop's text)."""
    tree = _trees.get(name)
    if tree is None:
        expander = _trace_expander()
        lines = _logical_lines(expander.expand(expander.body(name)))
        tree, _ = _tree(lines, 0, lines[0][0] if lines else 0)
        _trees[name] = tree
    return tree


# -- static values ---------------------------------------------------------------------------------

def _static_int(text: str) -> int:
    """The value of a constant integer expression of +, - and parentheses (no host eval)."""
    tokens = re.findall(r'\d+|[-+()]|\S', text)
    position = [0]

    def atom() -> int:
        token = tokens[position[0]] if position[0] < len(tokens) else ''
        position[0] += 1
        if token == '-':
            return -atom()
        if token == '+':
            return atom()
        if token == '(':
            value = expression()
            if position[0] >= len(tokens) or tokens[position[0]] != ')':
                raise Untranslatable('not a static integer: %s' % text)
            position[0] += 1
            return value
        if token.isdigit():
            return int(token)
        raise Untranslatable('not a static integer: %s' % text)

    def expression() -> int:
        value = atom()
        while position[0] < len(tokens) and tokens[position[0]] in '+-':
            sign = tokens[position[0]]
            position[0] += 1
            value = value + atom() if sign == '+' else value - atom()
        return value

    result = expression()
    if position[0] != len(tokens):
        raise Untranslatable('not a static integer: %s' % text)
    return result


def _matching(text: str, open_index: int) -> int:
    """Index of the bracket closing the one at open_index."""
    depth = 0
    quote = None
    for index in range(open_index, len(text)):
        char = text[index]
        if quote:
            if char == quote:
                quote = None
            continue
        if char in '\'"':
            quote = char
        elif char in '([{':
            depth += 1
        elif char in ')]}':
            depth -= 1
            if depth == 0:
                return index
    raise Untranslatable('unbalanced: %s' % text)


# -- the symbolic stack ------------------------------------------------------------------------------

class State:
    """What a trace knows at one point of an instruction: the names standing for the value
    stack (bottom first), the argument, and whether anything observable happened yet."""
    __slots__ = ('names', 'arg', 'effects', 'entry_names', 'fresh', 'held')

    def __init__(self, names: List[str], arg: Any) -> None:
        self.names = list(names)
        self.arg = arg
        self.effects = False
        self.entry_names = frozenset(names)
        self.fresh = [0]
        self.held: set = set()    # operands popped into a temporary (which keeps them alive, as the loop's)

    def copy(self) -> 'State':
        other = State.__new__(State)
        other.names = list(self.names)
        other.arg = self.arg
        other.effects = self.effects
        other.entry_names = self.entry_names
        other.fresh = self.fresh
        other.held = set(self.held)
        return other

    def push_name(self) -> str:
        name = 's%d' % len(self.names)
        if name in self.names:
            self.fresh[0] += 1
            name = 't%d' % self.fresh[0]
        self.names.append(name)
        return name

    def assigned(self, name: str) -> None:
        if name in self.entry_names:
            self.effects = True   # an operand of the instruction is overwritten: no exit before it now


class Context:
    """One instruction being translated: where it is, and the projector's callbacks."""

    def __init__(self, index: int, constant: Callable[[Any], str],
                 goto: Callable[[int, List[str], int], List[str]],
                 exit_before: Callable[[int], List[str]], effect: int,
                 stored: set, entry_checks: set) -> None:
        self.index = index            # the instruction's index (i is index + 1 in its body)
        self.constant = constant      # value -> expression naming it in the trace
        self.goto = goto              # (target, stack names, indent) -> the code that follows a jump
        self.exit_before = exit_before   # indent -> the guard exit re-running this instruction in the loop
        self.effect = effect          # net stack effect when it falls through
        self.stored = stored          # locals stored earlier on this path (bound from there on)
        self.entry_checks = entry_checks   # locals the trace checks are bound when it is entered
        self.call_exit: Callable[[Optional[str], List[str], int], List[str]] = lambda *_: []   # set by
        # the projector: (callee frame or None, stack names, indent) -> the exit to the next
        # instruction, handing a call's frame to the loop
        self.call_nested: Callable[[str, List[str], int], List[str]] = lambda *_: []   # set by the
        # projector: (callee frame, stack names with its value on top, indent) -> the nested call
        self.loaded: Dict[str, int] = {}   # temporary -> the local it was read from in this instruction
        self.deletable: frozenset = frozenset()   # locals some DELETE_FAST of the code unbinds: a
        # read of one not stored earlier on the path keeps its own check (the entry's may be stale)
        self.start = 0
        self.skipping = 0   # chains being written whose rest is skipped once the instruction is
        # done (_joined_chain): a DISPATCH_NEXT inside one sets DISPATCHED
        self.opaque = False   # compiled code reading the program's namespaces as the loop does
        # where they are opaque (its OPAQUE_NAMESPACES ways: tier2.opaque_reads)


def _literal(value: Any, ctx: Context) -> str:
    if value is None or type(value) in (bool, int):
        return repr(value)
    if type(value) is str:
        return repr(value)
    if type(value) is float and value == value and value not in (float('inf'), float('-inf')):
        return repr(value)
    return ctx.constant(value)


def _substitute_registers(text: str, st: State, ctx: Context) -> str:
    text = re.sub(r'(?<![.\w])limit\b', 'hostcalls.recursion_limit()', text)
    text = re.sub(r'(?<![.\w])i\b', str(ctx.index + 1), text)
    return re.sub(r'(?<![.\w])arg\b', lambda _: _literal(st.arg, ctx), text)


def _static_arg_text(text: str, st: State, ctx: Context) -> str:
    """`text` (an index expression) with arg and i as numbers."""
    text = re.sub(r'(?<![.\w])i\b', str(ctx.index + 1), text)
    if re.search(r'\barg\b', text):
        if type(st.arg) is not int:
            raise Untranslatable('stack index needs an integer argument')
        text = re.sub(r'\barg\b', str(st.arg), text)
    return text


def _rewrite_stack(text: str, st: State, ctx: Context) -> str:
    """`text` with every read of the stack replaced by names (pops applied to st)."""
    out = ''
    position = 0
    while True:
        match = _STACK_WORD.search(text, position)
        if match is None:
            return out + text[position:]
        out += text[position:match.start()]
        rest = text[match.end():]
        if rest.startswith('.pop()'):
            if not st.names:
                raise Untranslatable('pop below the trace')
            out += st.names.pop()
            position = match.end() + len('.pop()')
            continue
        if rest.startswith('['):
            close = _matching(text, match.end())
            inside = text[match.end() + 1:close]
            items = _stack_subscript(inside, st, ctx)
            if items.startswith('[') and text[close + 1:close + 2] == ')':
                # a call's arguments from a stack slice: the names themselves, no list made
                # (`func(*stack[-2:])` -> `func(s3, s4)`, `tuple(stack[-2:])` -> `(s3, s4,)`)
                if out.endswith('(*'):
                    out, items = out[:-1], items[1:-1]
                elif re.search(r'(?<![.\w])tuple\($', out):
                    out, items = out[:-len('tuple(')], '(%s)' % ''.join(name + ', ' for name in items[1:-1].split(', ') if name).rstrip(' ')
                    position = close + 2
                    out += items
                    continue
            out += items
            position = close + 1
            continue
        if text[max(0, match.start() - 4):match.start()] == 'len(' and rest.startswith(')'):
            out = out[:-4] + str(len(st.names))
            position = match.end() + 1
            continue
        raise Untranslatable('stack used as a value: %s' % text)


def _stack_subscript(inside: str, st: State, ctx: Context) -> str:
    if ':' in inside:
        start_text, _, stop_text = inside.partition(':')
        start = _static_int(_static_arg_text(start_text, st, ctx)) if start_text.strip() else None
        stop = _static_int(_static_arg_text(stop_text, st, ctx)) if stop_text.strip() else None
        return '[%s]' % ', '.join(st.names[start:stop])
    position = _static_int(_static_arg_text(inside, st, ctx))
    try:
        return st.names[position]
    except IndexError:
        raise Untranslatable('stack index below the trace') from None


def _inline_calls(text: str, st: State, ctx: Context) -> str:
    """`arg(a, b)` of COMPARE_OP as the operator itself; getattr/setattr with a constant name."""
    function = st.arg
    symbol = None
    try:
        symbol = _INLINE_COMPARE.get(function) or _INLINE_CONTAINS.get(function)
    except TypeError:   # an unhashable argument
        pass
    if symbol is not None:
        match = re.search(r'(?<![.\w])arg\(', text)
        if match:
            close = _matching(text, match.end() - 1)
            parts = cases.split_arguments(text[match.end():close])
            if len(parts) == 2:
                text = text[:match.start()] + '(%s %s %s)' % (parts[0], symbol, parts[1]) + text[close + 1:]
    if type(function) is str and function.isidentifier() and not keyword.iskeyword(function) \
            and not function.startswith('__'):
        match = re.match(r'^(\w+ = )?getattr\(([\w.]+|stack\[-?\d+\]), arg\)$', text)
        if match:   # (`v = getattr(obj, arg)`; LOAD_ATTR's value `getattr(stack[-1], arg)`)
            return '%s%s.%s' % (match.group(1) or '', match.group(2), function)
        match = re.match(r'^setattr\((\w+), arg, (.+)\)$', text)
        if match:
            return '%s.%s = %s' % (match.group(1), function, match.group(2))
    return text


def _expression(text: str, st: State, ctx: Context) -> str:
    return _substitute_registers(_rewrite_stack(_inline_calls(text, st, ctx), st, ctx), st, ctx)


# statements and conditions that observe nothing and change nothing outside the trace's locals
_PURE_CALLS = re.compile(r'(?<![.\w])(type|tuple|len)\(')
_IMPURE = re.compile(r'\(|\bin\b|[-+*/%@<>=!&|^~]')


_PURE: Dict[str, bool] = {}   # the answers so far, by text (bodies repeat in every trace)


def _pure_expression(text: str) -> bool:
    answer = _PURE.get(text)
    if answer is None:
        answer = _PURE[text] = _pure_expression_uncached(text)
    return answer


def _pure_expression_uncached(text: str) -> bool:
    text = _PURE_CALLS.sub('', text)
    text = re.sub(r'\bstack\[[^\]]*\]', 'S', text)
    text = re.sub(r'\bstack\.pop\(\)', 'S', text)
    text = re.sub(r'^\(([^()]*),\) \+ (\w+)$', r'\1', text)     # (x,) + args: a tuple of tuples
    text = re.sub(r'\b\w+ in INTERCEPTS\b', 'X', text)          # a dict keyed by builtins
    text = re.sub(r'\barg == dc\.\w+', 'X', text)                 # a count against a Decoded's
    text = re.sub(r'\barg == \d+\b', 'X', text)                   # the argument against a number
    text = re.sub(r'\bis not\b|\bis\b|\bnot\b|\band\b|\bor\b|\bif\b|\belse\b', ' ', text)
    text = text.replace('(', ' ').replace(')', ' ')
    return not _IMPURE.search(text)


_PURE_STATEMENTS: Dict[str, bool] = {}


def _pure_statement(text: str) -> bool:
    answer = _PURE_STATEMENTS.get(text)
    if answer is None:
        answer = _PURE_STATEMENTS[text] = _pure_statement_uncached(text)
    return answer


def _pure_statement_uncached(text: str) -> bool:
    if text == 'f.i = i' or re.match(r'^del stack\[[^\]]*\]$', text):
        return True
    match = re.match(r'^(\w+(?: = \w+)*) = (.+)$', text)
    return match is not None and _pure_expression(match.group(2))


def _has_escape(block: List[Stmt]) -> bool:
    for stmt in block:
        if stmt.block is not None:
            if _has_escape(stmt.block):
                return True
        elif _ESCAPE_STATEMENTS.match(stmt.text) or _ESCAPES.search(stmt.text):
            return True
    return False


# -- translation -----------------------------------------------------------------------------------

class Result:
    """Translated lines, the states in which control falls out of the end, and those in which
    the instruction is done (DISPATCH_NEXT: what follows in the body is skipped)."""
    __slots__ = ('lines', 'falls', 'dones')

    def __init__(self) -> None:
        self.lines: List[str] = []
        self.falls: List[State] = []
        self.dones: List[State] = []

    def add(self, other: 'Result') -> None:
        """Take in `other`, a block translated to follow what this one holds."""
        self.lines.extend(other.lines)
        self.falls.extend(other.falls)
        self.dones.extend(other.dones)


def translate_block(block: List[Stmt], st: State, ctx: Context, indent: str) -> Result:
    """`block` as host code at `indent`, starting in state `st`."""
    result = Result()
    for position, stmt in enumerate(block):
        if stmt.block is None:
            if stmt.text == 'continue':    # DISPATCH_NEXT: the instruction is complete
                if ctx.skipping:
                    result.lines.append(indent + DISPATCHED + ' = True')
                result.dones.append(st)
                return result
            done = _simple(stmt.text, st, ctx, indent, result.lines)
            if done:
                return result     # a jump or a raise: what follows is dead
            continue
        header = stmt.text.split()[0]
        if header == 'if':
            chain = [stmt]
            rest = position + 1
            while rest < len(block) and block[rest].block is not None \
                    and block[rest].text.split()[0] in ('elif', 'else'):
                chain.append(block[rest])
                rest += 1
            _if_chain(chain, block[rest:], st, ctx, indent, result)
            return result
        if header == 'try':
            handlers = []
            rest = position + 1
            while rest < len(block) and block[rest].block is not None \
                    and block[rest].text.split()[0] in ('except', 'finally', 'else'):
                handlers.append(block[rest])
                rest += 1
            _try(stmt, handlers, block[rest:], st, ctx, indent, result)
            return result
        if header in ('elif', 'else', 'except', 'finally'):
            raise Untranslatable('stray %s' % header)
        raise Untranslatable('%s in a body' % header)
    result.falls.append(st)
    return result


def _simple(text: str, st: State, ctx: Context, indent: str, lines: List[str]) -> bool:
    """Translate one simple statement into lines; True when control does not go on after it."""
    if _ESCAPE_STATEMENTS.match(text) or _ESCAPES.search(text):
        raise Untranslatable('leaves the trace: %s' % text)
    if text.startswith('limit = '):
        return False   # the loop's cached recursion limit: a trace reads it where it is needed
    text = _static_conditional(text, st)
    if not _pure_statement(text) and not re.match(r'^arg [-+]= \d+$', text):
        st.effects = True
    if text.startswith('raise'):
        lines.append(indent + _expression(text, st, ctx))
        return True
    match = re.match(r'^CALL_EXIT\((\w+)\)$', text)
    if match:
        lines.extend(ctx.call_exit(match.group(1), st.names, len(indent)))
        return True
    if text == 'EXIT_AFTER_IF_TRACED()':   # (TRACE_HOOKS: to the next instruction, the value pushed)
        exit_lines = [line.strip() for line in ctx.call_exit(None, st.names, 0)]
        lines.append(indent + TRACED_EXIT + '; '.join(exit_lines))
        return False
    if text == 'ENTER_NESTED()':   # (TRACE_MACROS' ENTER_FRAME)
        st.effects = True
        lines.append(indent + 'res = CALL_FRAME(f, nf, entry)')
        return False
    match = re.match(r'^CALL_NESTED\((\w+)\)$', text)
    if match:   # (its value pushed; the `continue` after it ends the instruction)
        st.push_name()
        st.effects = True
        lines.extend(ctx.call_nested(match.group(1), st.names, len(indent)))
        return False
    match = re.match(r'^i = (.+)$', text)
    if match:
        target = _static_int(_static_arg_text(match.group(1), st, ctx))
        lines.extend(ctx.goto(target, st.names, len(indent)))
        return True
    if text == 'i += 1':
        lines.extend(ctx.goto(ctx.index + 2, st.names, len(indent)))
        return True
    match = re.match(r'^arg ([-+])= (\d+)$', text)
    if match:
        st.arg = st.arg + int(match.group(2)) if match.group(1) == '+' else st.arg - int(match.group(2))
        return False
    if text == 'stack.pop()':   # dropped (as the loop drops its reference)
        if not st.names:
            raise Untranslatable('pop below the trace')
        lines.append(indent + '%s = None' % st.names.pop())
        return False
    match = re.match(r'^(\w+) = stack\.pop\(\)$', text)
    if match and st.names:
        st.held.add(st.names[-1])
    match = re.match(r'^stack\.append\((.*)\)$', text)
    if match:
        value = _expression(match.group(1), st, ctx)
        name = st.push_name()
        lines.append(indent + '%s = %s' % (name, value))
        return False
    match = re.match(r'^stack\.extend\((.*)\)$', text)
    if match:
        source = match.group(1)
        slice_match = re.match(r'^stack\[([^\]]*)\]$', source)
        if slice_match:
            names = _stack_subscript(slice_match.group(1), st, ctx)[1:-1]
            count = len([n for n in names.split(', ') if n])
            value = names
        else:
            value = _expression(source, st, ctx)
            count = ctx.effect - (len(st.names) - ctx.start)   # what the instruction pushes in all
        targets = [st.push_name() for _ in range(count)]
        reversed_value = re.match(r'^(\w+)\[::-1\]$', value)
        starred = re.match(r'^ops\.unpack_iterable\((\w+), (\d+) & 0xFF, (\d+) >> 8\)$', value)
        if not targets:
            lines.append(indent + value)   # evaluated for its effects (nothing is pushed)
        elif reversed_value and count > 1:
            # (UNPACK_SEQUENCE of an exact tuple or list: its items straight into the names in
            # reverse order, with no reversed copy made; host locals, so the order of the
            # stores is not observable)
            lines.append(indent + '%s = %s' % (', '.join(reversed(targets)), reversed_value.group(1)))
        elif starred and count > 1:
            # (UNPACK_EX of an exact tuple or list long enough: the host's own starred
            # assignment, the rest a list as 3.8's; anything else as the instruction does)
            sequence, before, after = starred.group(1), int(starred.group(2)) & 0xFF, int(starred.group(3)) >> 8
            starred_targets = list(reversed(targets))
            starred_targets[before] = '*' + starred_targets[before]
            lines.append(indent + 'if (type(%s) is tuple or type(%s) is list) and len(%s) >= %d:'
                         % (sequence, sequence, sequence, before + after))
            lines.append(indent + '    %s = %s' % (', '.join(starred_targets), sequence))
            lines.append(indent + 'else:')
            lines.append(indent + '    %s = %s' % (', '.join(targets), value))
        else:
            lines.append(indent + '%s, = %s' % (', '.join(targets), value) if count == 1 else
                         indent + '%s = %s' % (', '.join(targets), value))
        return False
    match = re.match(r'^del stack\[([^\]]*)\]$', text)
    if match:
        inside = match.group(1)
        if ':' in inside:
            start_text, _, stop_text = inside.partition(':')
            if stop_text.strip():
                raise Untranslatable('del of a stack slice with an end')
            start = _static_int(_static_arg_text(start_text, st, ctx))
            del st.names[start:]
        else:
            del st.names[_static_int(_static_arg_text(inside, st, ctx))]
        return False
    if re.match(r'^stack\[[^\]]*\](, stack\[[^\]]*\])* = ', text):
        # stores into stack slots: `stack[-1] = x`, `stack[-1], stack[-2] = a, b`
        target_text, _, value_text = text.partition(' = ')
        stored = _expression(value_text, st, ctx)
        targets = []
        for slot_text in cases.split_arguments(target_text):
            slot = re.match(r'^stack\[([^\]:]*)\]$', slot_text)
            if slot is None:
                raise Untranslatable('store to %s' % slot_text)
            position = _static_int(_static_arg_text(slot.group(1), st, ctx))
            try:
                name = st.names[position]
            except IndexError:
                raise Untranslatable('store below the trace') from None
            st.assigned(name)
            targets.append(name)
        lines.append(indent + '%s = %s' % (', '.join(targets), stored))
        return False
    out = _expression(text, st, ctx)
    match = re.match(r'^fast\[(\d+)\] = ', out)
    if match:
        if out.endswith(' = NULL'):   # (DELETE_FAST: unbound from here on)
            ctx.stored.discard(int(match.group(1)))
        else:
            ctx.stored.add(int(match.group(1)))
    match = re.match(r'^(\w+) = fast\[(\d+)\]$', out)
    if match:
        ctx.loaded[match.group(1)] = int(match.group(2))
    lines.append(indent + out)
    return False


_ARG_CONDITIONAL = re.compile(r'^(\w+(?: = \w+)*) = (.+) if arg(?: & (\d+))? else (.+)$')


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += (char in '([{') - (char in ')]}')
        if depth < 0:
            return False
    return depth == 0


def _static_conditional(text: str, st: State) -> str:
    """An assignment of a conditional expression on the argument alone (`x = a if arg & 1 else
    b`) as the assignment of the way the argument takes: the way not taken is not evaluated, and
    its stack.pop() must not pop (CALL_FUNCTION_EX without keywords: the trace took the callable
    as the keywords and the arguments' iterable as the callable)."""
    match = _ARG_CONDITIONAL.match(text)
    if match is None or type(st.arg) is not int:
        return text
    targets, taken, mask, other = match.groups()
    if not (_balanced(taken) and _balanced(other)):
        return text
    value = st.arg & int(mask) if mask else st.arg
    return '%s = %s' % (targets, taken if value else other)


def _branch(stmt: Stmt, base: State, ctx: Context, pure_conditions: bool) -> Tuple[str, State]:
    """The host header of one way of an if/elif/else chain (its condition read in `base`, the
    state before the chain) and the state its block starts in (effects noted when a condition
    may run code)."""
    keyword_ = stmt.text.split()[0]
    if keyword_ == 'else':
        header = 'else:'
    else:
        header = '%s %s:' % (keyword_, _condition(stmt.text[len(keyword_) + 1:], base, ctx))
    branch_state = base.copy()
    if not pure_conditions:
        branch_state.effects = True
    return header, branch_state


def _condition(text: str, st: State, ctx: Context) -> str:
    return _expression(text, st, ctx)


def _if_chain(chain: List[Stmt], rest: List[Stmt], st: State, ctx: Context, indent: str,
              result: Result) -> None:
    """if/elif/else, then `rest` (the statements after it in the enclosing block)."""
    ways = _taken_ways(chain, ctx.opaque)
    if ways is not chain:   # (a way compiled code never takes: the others, or the one left alone)
        if ways and ways[0].text != 'else':
            _if_chain(ways, rest, st, ctx, indent, result)
            return
        result.add(translate_block((ways[0].body if ways else []) + rest, st, ctx, indent))
        return
    # a branch leaving what a trace can do: exit before the instruction, if nothing happened yet
    first = chain[0]
    unbound = re.match(r'^if (\w+) is NULL(?: or (\w+) is NULL)?$', first.text)
    if unbound and len(chain) == 1 and all(v in ctx.loaded for v in unbound.groups() if v) and not any(
            v and ctx.loaded[v] in ctx.deletable and ctx.loaded[v] not in ctx.stored for v in unbound.groups()):
        # a local's unbound check: the trace checks at entry the locals it reads before storing
        for variable in unbound.groups():
            if variable and ctx.loaded[variable] not in ctx.stored:
                ctx.entry_checks.add(ctx.loaded[variable])
        result.add(translate_block(rest, st, ctx, indent))
        return
    if len(chain) == 2 and chain[1].text == 'else' and _has_escape(chain[1].body) \
            and not _has_escape(first.body):
        # `if guard: fast path / else: leave` (a tier-1 form's miss): as `if not guard: leave`
        chain = [Stmt('if not (%s)' % first.text[3:], chain[1].block), Stmt('else', first.block)]
        first = chain[0]
    if _has_escape(first.body):
        condition_text = first.text[3:]
        if st.effects or not _pure_expression(condition_text):
            raise Untranslatable('a rare path after an observable effect: %s' % first.text)
        probe = st.copy()
        condition = _condition(condition_text, probe, ctx)
        if probe.names != st.names:
            raise Untranslatable('a guard that pops')
        result.lines.append(indent + 'if %s:' % condition)
        result.lines.extend(ctx.exit_before(len(indent) + 4))
        remaining = chain[1:]
        if not remaining:
            inner = translate_block(rest, st, ctx, indent)
        elif remaining[0].text.split()[0] == 'else':
            inner = translate_block(remaining[0].body + rest, st, ctx, indent)
        else:   # elif -> a new if
            head = Stmt('if' + remaining[0].text[4:], remaining[0].block)
            inner = Result()
            _if_chain([head] + remaining[1:], rest, st, ctx, indent, inner)
        result.add(inner)
        return
    static = _static_choice(chain, st, ctx)
    if static is not None:   # a condition on the argument alone (BUILD_SLICE's arg == 3): one branch
        result.add(translate_block(static + rest, st, ctx, indent))
        return
    pure_conditions = all(_pure_expression(s.text.partition(' ')[2]) for s in chain if s.text != 'else')
    if rest and _joined_chain(chain, rest, st, ctx, indent, result, pure_conditions):
        return
    # each branch goes on with the rest of the body (copied into it): branches may leave
    # different stacks or arguments (CALL_METHOD's `arg += 1`) or be done (DISPATCH_NEXT)
    has_else = False
    base = st
    for stmt in chain:
        header, branch_state = _branch(stmt, base, ctx, pure_conditions)
        has_else = has_else or header == 'else:'
        inner = translate_block(stmt.body + rest, branch_state, ctx, indent + '    ')
        result.lines.append(indent + header)
        result.lines.extend(inner.lines or [indent + '    pass'])
        result.falls.extend(inner.falls)
        result.dones.extend(inner.dones)
    if not has_else:
        after = base.copy()
        if not pure_conditions:
            after.effects = True
        inner = translate_block(rest, after, ctx, indent + '    ')
        if inner.lines:
            result.lines.append(indent + 'else:')
            result.lines.extend(inner.lines)
        result.falls.extend(inner.falls)
        result.dones.extend(inner.dones)


def _taken_ways(chain: List[Stmt], opaque: bool = False) -> List[Stmt]:
    """`chain` without its ways whose condition is false in compiled code, whose namespace binds
    OPAQUE_NAMESPACES to False (vm/tier2.py: it reads the program's namespaces inline); `chain`
    itself when it has none. On CPython the loop's bodies test that flag first, and the test and
    the way it guards were written into every trace: LOAD_GLOBAL's, LOAD_NAME's, STORE_NAME's.
    `opaque` (Context.opaque): the flag is true instead, those ways kept without it."""
    ways: List[Stmt] = []
    for stmt in chain:
        flag = _NEVER_IN_COMPILED_CODE.match(stmt.text)
        if flag is None:
            ways.append(stmt)
        elif opaque and flag.end() == len(stmt.text):   # (the way always taken: the last one)
            ways.append(Stmt('else', stmt.block))
            break
        elif opaque:
            ways.append(Stmt('elif' + stmt.text[flag.end():], stmt.block))
    if all(new is old for new, old in zip(ways, chain)) and len(ways) == len(chain):
        return chain
    if ways and ways[0].text.startswith('elif '):
        ways[0] = Stmt(ways[0].text[2:], ways[0].block)
    return ways


def _moves_arg(block: List[Stmt]) -> bool:
    """Whether some way through `block` changes the argument (CALL_METHOD's `arg += 1`): the
    stack indexes after it differ from another way's, so the ways cannot meet again."""
    for stmt in block:
        if stmt.block is not None:
            if _moves_arg(stmt.block):
                return True
        elif stmt.text.startswith(('arg +=', 'arg -=', 'arg = ')):
            return True
    return False


def _dispatches(block: List[Stmt]) -> bool:
    """Whether some way through `block` is done with the instruction (DISPATCH_NEXT's `continue`)."""
    for stmt in block:
        if stmt.block is not None:
            if _dispatches(stmt.block):
                return True
        elif stmt.text == 'continue':
            return True
    return False


_ENDS_A_WAY = re.compile(r'^(continue$|raise\b|i = |i \+= 1$|CALL_EXIT\()')


def _may_fall(block: List[Stmt]) -> bool:
    """Whether control may fall out of the end of `block` (False only when every way through it
    ends in a jump, a raise or a DISPATCH_NEXT; a guess on the safe side)."""
    if not block:
        return True
    last = block[-1]
    if last.block is None:
        return not _ENDS_A_WAY.match(last.text)
    if last.text != 'else':
        return True
    # the end of an if/elif/else chain: it falls if any of its blocks does
    position = len(block) - 1
    while position > 0 and block[position].text.split()[0] in ('elif', 'else'):
        if _may_fall(block[position].body):
            return True
        position -= 1
    first = block[position]
    return first.block is None or first.text.split()[0] != 'if' or _may_fall(first.body)


# the host local that says a way of a joined chain is done with the instruction (_joined_chain)
DISPATCHED = 'dispatched'


def _joined_chain(chain: List[Stmt], rest: List[Stmt], st: State, ctx: Context, indent: str,
                  result: Result, pure_conditions: bool) -> bool:
    """An if/elif/else chain whose ways all meet again after it, with `rest` written once there
    (False, nothing written, when they cannot or copying is as short: the caller copies `rest`).

    The same idea as the trace's Join (vm/tier2.py), inside one instruction's body: a call's body
    tests the callee's kind several times over, and copying the rest of the body into each way
    made a call site hundreds of host lines (CALL_METHOD: 8 copies of its host-call tail). Each
    way is written up to the end of its block; a way that ends there (neither a jump nor a raise)
    leaves its operands in names, made the same as the first way's by a parallel assignment at
    the end of its block. The rest then starts in a state every way agrees with: the stack of
    those names, effects if any way had some (no exit before the instruction after that), and
    only the operands every way still holds in a temporary counted as held.

    A way done with the instruction (DISPATCH_NEXT, after a call of a VM function) must not run
    the rest: it sets the host local DISPATCHED, and the rest runs under `if not DISPATCHED:`
    (3 host instructions, against copies of the rest: CALL_FUNCTION's host-call tail after its
    `if type(func) is Function:` block, which ends done on its fast way and falls on the other).
    That only where at least two ways may fall into the rest; with one, `if c: <done> else:
    <rest>` (the caller's copy) writes the rest once already."""
    if any(_moves_arg(stmt.body) for stmt in chain):
        return False
    has_else = chain[-1].text == 'else'
    dispatching = any(_dispatches(stmt.body) for stmt in chain)
    if dispatching and sum(1 for stmt in chain if _may_fall(stmt.body)) + (0 if has_else else 1) < 2:
        return False
    lines: List[str] = []
    if dispatching:
        lines.append(indent + DISPATCHED + ' = False')
        ctx.skipping += 1
    ends: List[Tuple[int, State]] = []   # (the end of its block in `lines`, the state there)
    dones: List[State] = []
    base = st
    try:
        for stmt in chain:
            header, branch_state = _branch(stmt, base, ctx, pure_conditions)
            inner = translate_block(stmt.body, branch_state, ctx, indent + '    ')
            lines.append(indent + header)
            lines.extend(inner.lines or [indent + '    pass'])
            for fall in inner.falls:
                if fall.names != inner.falls[0].names or fall.arg != inner.falls[0].arg:
                    raise Untranslatable('the ways of a block end with different stacks')
            if inner.falls:
                ends.append((len(lines), inner.falls[0]))
            dones.extend(inner.dones)
    finally:
        if dispatching:
            ctx.skipping -= 1
    result.dones.extend(dones)
    if not has_else:
        after = base.copy()
        if not pure_conditions:
            after.effects = True
        lines.append(indent + 'else:')
        ends.append((len(lines), after))
    if not ends:   # (every way jumps, raises or is done: the rest is never reached)
        result.lines.extend(lines)
        return True
    target = ends[0][1]
    if any(len(state.names) != len(target.names) or state.arg != target.arg for _, state in ends):
        raise Untranslatable('ways meeting with different stacks in a body')
    # the renames, from the last way back (each insertion leaves the earlier positions in place)
    for position, state in reversed(ends[1:]):
        if state.names != target.names:
            lines.insert(position, indent + '    %s = %s' % (', '.join(target.names), ', '.join(state.names))
                         + (',' if len(target.names) == 1 else ''))
    if lines[-1] == indent + 'else:':   # (an implicit `else` that needs no rename)
        lines.pop()
    joined = target.copy()
    joined.effects = any(state.effects for _, state in ends)
    joined.held = set.intersection(*[state.held for _, state in ends])
    result.lines.extend(lines)
    rest_indent = indent
    if dones:
        result.lines.append(indent + 'if not %s:' % DISPATCHED)
        rest_indent = indent + '    '
    inner = translate_block(rest, joined, ctx, rest_indent)
    result.lines.extend(inner.lines or [rest_indent + 'pass'])
    result.falls.extend(inner.falls)
    result.dones.extend(inner.dones)
    return True


def _static_choice(chain: List[Stmt], st: State, ctx: Context) -> Optional[List[Stmt]]:
    """The block an if/elif/else chain takes when its conditions depend only on arg (None if not)."""
    for stmt in chain:
        keyword_ = stmt.text.split()[0]
        if keyword_ == 'else':
            return stmt.block
        text = stmt.text[len(keyword_) + 1:]
        if not re.search(r'(?<![.\w])arg\b', text) or type(st.arg) is not int:
            return None
        text = _static_arg_text(text, st, ctx)
        # (each side a constant expression: DROP(arg + 1)'s `arg + 1 == 2`)
        match = re.match(r'^(not )?([-+()\d ]+?)(?: (==|!=|<|>|<=|>=) ([-+()\d ]+))?$', text.strip())
        if match is None:
            return None
        left = _static_int(match.group(2))
        if match.group(3):
            right = _static_int(match.group(4))
            value = {'==': left == right, '!=': left != right, '<': left < right, '>': left > right,
                     '<=': left <= right, '>=': left >= right}[match.group(3)]
        else:
            value = bool(left)
        if match.group(1):
            value = not value
        if value:
            return stmt.block
    return []


def _try(stmt: Stmt, handlers: List[Stmt], rest: List[Stmt], st: State, ctx: Context,
         indent: str, result: Result) -> None:
    """try/except inside a body: every handler must end in a raise (as LOAD_DEREF's)."""
    body = translate_block(stmt.body, st, ctx, indent + '    ')
    result.lines.append(indent + 'try:')
    result.lines.extend(body.lines or [indent + '    pass'])
    for handler in handlers:
        if not handler.text.startswith('except'):
            raise Untranslatable('try with %s' % handler.text)
        inner = translate_block(handler.body, st.copy(), ctx, indent + '    ')
        if inner.falls or inner.dones:
            raise Untranslatable('an except clause that goes on')
        result.lines.append(indent + handler.text + ':')
        result.lines.extend(inner.lines)
    if len(body.falls) > 1 or body.dones:
        raise Untranslatable('a try body with several ends')
    for state in body.falls:
        result.add(translate_block(rest, state, ctx, indent))


def _on_the_real_stack(text: str, st: State, ctx: Context, indent: str) -> Result:
    """A body of one statement handing the stack to a helper (`ops.build_map(f, stack, arg)`):
    the stack goes back to the frame's list for it, then into names again."""
    if _ESCAPE_STATEMENTS.match(text) or _ESCAPES.search(text):
        raise Untranslatable('leaves the trace: %s' % text)
    result = Result()
    names = st.names
    if names:
        result.lines.append(indent + 'stack.extend((%s,))' % ', '.join(names))
    result.lines.append(indent + _substitute_registers(text, st, ctx))
    depth = len(names) + ctx.effect
    if depth < 0:
        raise Untranslatable('pop below the trace')
    after = State(['s%d' % k for k in range(depth)], st.arg)
    if depth:
        result.lines.append(indent + '%s, = stack' % ', '.join(after.names))
    result.lines.append(indent + 'del stack[:]')
    result.falls.append(after)
    return result


def _make_function(st: State, indent: str) -> Result:
    """MAKE_FUNCTION without defaults, keyword defaults or annotations (flags 0, or 8 with a
    closure: a genexpr's, a lambda's): the Function made from the stack names as
    ops.make_function makes it, not through the frame's stack."""
    result = Result()
    qualname, code = st.names.pop(), st.names.pop()
    closure = st.names.pop() if st.arg else 'None'
    target = st.push_name()
    st.effects = True
    result.lines.append(indent + '%s = Function(%s, f.globals, %s, None, None, None, %s, f.builtins)'
                        % (target, code, qualname, closure))
    result.lines.append(indent + '%s = None' % ' = '.join(
        name for name in (closure, code, qualname) if name not in (target, 'None')))
    result.falls.append(st)
    return result


def iteration_tree() -> List[Stmt]:
    """FOR_ITER's statements after its first, the resumption of a VM generator in the loop (a
    trace tests the iterator's type before, exiting to the loop for a VM generator: in a
    function's body, following the resumption would copy the rest of the function twice)."""
    tree = body_tree('FOR_ITER')
    first = tree[0]
    if not (first.block is not None and first.text.startswith('if type(') and 'Generator' in first.text):
        raise Untranslatable('FOR_ITER does not start with the generator test')
    return tree[1:]


def translate(name: str, arg: Any, names: List[str], ctx: Context, indent: str,
              tree: Optional[List[Stmt]] = None) -> Result:
    """Instruction `name` with argument `arg`, its operands in `names`, as host lines at `indent`
    (from the statements `tree` when given, else its body)."""
    if name in NEVER or (name not in I.INSTRUCTIONS and name not in TRACE_FORMS):
        raise Untranslatable(name)
    st = State(names, arg)
    ctx.start = len(names)
    if name == 'MAKE_FUNCTION' and arg in (0, 8) and len(names) >= (3 if arg else 2):
        return _make_function(st, indent)
    if tree is None:
        tree = body_tree(name)
    try:
        result = translate_block(tree, st, ctx, indent)
    except Untranslatable as why:
        if not (str(why).startswith('stack used as a value') and len(tree) == 1 and tree[0].block is None):
            raise
        result = _on_the_real_stack(tree[0].text, State(names, arg), ctx, indent)
    result.falls.extend(result.dones)   # both go on at the next instruction
    result.dones = []
    if any(len(state.names) != len(result.falls[0].names) for state in result.falls):
        raise Untranslatable('%s leaves stacks of different depths' % name)
    return result
