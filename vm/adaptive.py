"""Tier 1: the adaptive and specialised instructions of the quickened stream, written once.

As CPython 3.11's families (Python/specialize.c, bytecodes.c): vm/specialize.py rewrites
an instruction of a code object's quickened copy (`dc.quick`) into its family's ADAPTIVE
form, which counts down and then asks specialize.specialize() to pick a specialised form
from the operands it sees; a specialised form checks its guard and on a miss runs the
generic body (`GENERIC(NAME)` expands instruction NAME of vm/instructions.py in place)
after MISS() counted it; repeated misses put the ADAPTIVE form back, with exponential
backoff. vm/cases.py writes these into the tier-1 loops (vm/eval_adaptive_generated.py,
and vm/eval_adaptive_stats_generated.py, which counts every instruction for --stats);
the plain and traced loops never see them. Opcodes are pseudo-opcodes no 3.8 code uses.

An adaptive form's argument is its site (specialize.Site: the generic argument and the
counters); a specialised form's is the generic argument itself, so its fast path reads
no cache, and the site of instruction k is `dc.sites[k]` (read on misses only).
"""
from typing import Callable, Dict, List, NamedTuple, Optional

from .instructions import hook, macro
from . import hostbuiltins

hostbuiltins.bind(globals())   # the host's builtins, whatever a program rebinds


class Instruction(NamedTuple):
    """One tier-1 instruction: its pseudo-opcode, the generic instruction it stands for (whose
    argument and frame registers it reads) and its family (the --stats row)."""
    name: str
    opcode: int
    generic: str
    family: str
    body: Optional[str]        # None: the body is the text of the def of that name in this file


INSTRUCTIONS: Dict[str, Instruction] = {}


def define(name: str, opcode: int, generic: str, family: str, body: Optional[str] = None) -> None:
    """Register tier-1 instruction `name` (pseudo-opcode `opcode`), a form of `generic`."""
    if name in INSTRUCTIONS or any(existing.opcode == opcode for existing in INSTRUCTIONS.values()):
        raise ValueError('%s or pseudo-opcode %d defined twice' % (name, opcode))
    INSTRUCTIONS[name] = Instruction(name, opcode, generic, family, body)


def inst(opcode: int, generic: str, family: str) -> Callable[[Callable[[], None]], None]:
    """Decorator: the def's name is the instruction's, its body the instruction's body."""
    def register(function: Callable[[], None]) -> None:
        define(function.__name__, opcode, generic, family)
    return register


# The tier-1 loops: module, LOAD_CODE (the quickened copy, made on a code object's first
# run at tier 1), extra imports.
VARIANTS = {
    'adaptive': ('eval_adaptive_generated.py', 'code = f.dc.quick or quicken(f.dc)',
                 'from . import specialize, tier2_calls\nfrom .eval_rare_generated import RARE\n'
                 'from .specialize import quicken\n'),
    'adaptive_stats': ('eval_adaptive_stats_generated.py', 'code = f.dc.quick or quicken(f.dc)',
                       'from . import specialize, tier2_calls\nfrom .eval_rare_generated import RARE\n'
                       'from .specialize import quicken\n'),
}

# Dispatch order of the tier-1 chain (vm/instructions.py's, with each specialised form in
# the place of the generic instruction it mostly replaces, that generic instruction and the
# ADAPTIVE forms, rare once warm, at the end of their half).
HEAD: List[str] = []   # (none: one tree over all, vm/cases_tree.py, costs fewer comparisons)
BY_FREQUENCY = [
    'LOAD_FAST', 'LOAD_CONST', 'LOAD_FAST_LOAD_FAST',
    'LOAD_FAST_LOAD_ATTR', 'LOAD_ATTR', 'STORE_FAST', 'LOAD_FAST_LOAD_CONST', 'BINARY_ADD', 'BINARY_SUBSCR',
    'LOAD_GLOBAL_MODULE', 'BINARY_MULTIPLY', 'POP_TOP', 'JUMP_ABSOLUTE', 'RETURN_VALUE',
    'FOR_ITER_STORE_FAST', 'CALL_FUNCTION', 'LOAD_FAST_STORE_ATTR', 'STORE_ATTR', 'COMPARE_JUMP_IF_FALSE_LT',
    'CALL_METHOD', 'LOAD_FAST_LOAD_METHOD', 'LOAD_METHOD', 'LOAD_GLOBAL_BUILTIN', 'CALL_FUNCTION_HOST', 'CALL_METHOD_HOST', 'CALL_FUNCTION_CLASS_INIT',
    'COMPARE_JUMP_IF_FALSE_EQ', 'COMPARE_JUMP_IF_FALSE_NE', 'COMPARE_JUMP_IF_FALSE_GT',
    'COMPARE_JUMP_IF_FALSE_LE', 'COMPARE_JUMP_IF_FALSE_GE', 'COMPARE_JUMP_IF_FALSE_IN',
    'COMPARE_JUMP_IF_FALSE_IS',
    'YIELD_FROM', 'STORE_SUBSCR', 'INPLACE_ADD', 'YIELD_VALUE', 'LOAD_DEREF',
    'BINARY_SUBTRACT', 'DUP_TOP', 'ROT_THREE', 'ROT_TWO', 'POP_JUMP_IF_FALSE', 'BUILD_SLICE',
    'LOAD_NAME', 'DUP_TOP_TWO', 'BINARY_MODULO', 'SETUP_FINALLY', 'BINARY_FLOOR_DIVIDE',
    'UNPACK_SEQUENCE', 'INPLACE_SUBTRACT', 'FOR_ITER', 'JUMP_FORWARD', 'BINARY_TRUE_DIVIDE',
    'UNARY_NOT', 'COMPARE_OP_EQ', 'COMPARE_OP_LT', 'COMPARE_OP_IS', 'COMPARE_OP_IN', 'POP_BLOCK', 'STORE_NAME', 'CALL_FUNCTION_KW', 'END_FINALLY',
    'GET_ITER', 'JUMP_IF_FALSE_OR_POP', 'JUMP_IF_TRUE_OR_POP', 'BUILD_TUPLE', 'NOP',
    'WITH_CLEANUP_START', 'WITH_CLEANUP_FINISH', 'SETUP_WITH', 'STORE_FAST_LOAD_FAST', 'MAKE_FUNCTION', 'POP_EXCEPT',
    'BEGIN_FINALLY', 'RAISE_VARARGS', 'LIST_APPEND', 'BINARY_POWER', 'POP_JUMP_IF_TRUE',
    'STORE_DEREF', 'BUILD_LIST', 'LOAD_BUILD_CLASS', 'END_ASYNC_FOR', 'GET_AWAITABLE',
    'FELL_OFF_END', 'CALL_FUNCTION_EX', 'CALL_FINALLY', 'POP_FINALLY', 'SETUP_ASYNC_WITH',
    'COMPARE_OP_NE', 'COMPARE_OP_GT', 'COMPARE_OP_GE', 'COMPARE_OP_LE', 'COMPARE_OP_NOT_IN',
    'COMPARE_OP_IS_NOT', 'COMPARE_JUMP_IF_FALSE_NOT_IN', 'COMPARE_JUMP_IF_FALSE_IS_NOT',
    'COMPARE_JUMP_IF_FALSE', 'COMPARE_OP',
    'LOAD_GLOBAL', 'LOAD_GLOBAL_ADAPTIVE', 'CALL_FUNCTION_ADAPTIVE', 'CALL_METHOD_ADAPTIVE',
    'JUMP_BACKEDGE', 'POP_JUMP_IF_FALSE_BACKEDGE', 'POP_JUMP_IF_TRUE_BACKEDGE',   # tier 2's (vm/tier2.py)
    'COMPARE_JUMP_IF_FALSE_BACKEDGE',
]

# The tree's weights: each instruction's share of executed instructions, per mille, averaged over
# bench/programs (each weighing the same; `python -m pipeline.run --tier 1 --stats` on each, with
# the superinstructions and specialised forms of today). Expected `op` comparisons per executed
# instruction with them: 5.9, with HEAD's three tests before a tree of Zipf weights: 7.9.
MEASURED = {
    'STORE_FAST': 78.61, 'LOAD_FAST': 77.25, 'LOAD_CONST': 69.91, 'LOAD_FAST_LOAD_ATTR': 57.7,
    'LOAD_FAST_LOAD_FAST': 49.88, 'LOAD_FAST_LOAD_CONST': 41.14, 'BINARY_ADD': 33.77,
    'FOR_ITER_STORE_FAST': 33.66, 'BINARY_SUBSCR': 33.44, 'RETURN_VALUE': 33.16,
    'JUMP_ABSOLUTE': 30.09, 'BINARY_MULTIPLY': 25.58, 'POP_TOP': 25.48,
    'LOAD_GLOBAL_MODULE': 25.37, 'LOAD_FAST_LOAD_METHOD': 19.07, 'LOAD_ATTR': 18.78,
    'BINARY_SUBTRACT': 17.71, 'LOAD_DEREF': 17.15, 'CALL_METHOD': 14.64,
    'CALL_FUNCTION_HOST': 14.2, 'INPLACE_ADD': 14.05, 'COMPARE_JUMP_IF_FALSE_EQ': 13.75,
    'LOAD_GLOBAL_BUILTIN': 12.68, 'YIELD_VALUE': 12.35, 'STORE_SUBSCR': 12.04,
    'LOAD_FAST_STORE_ATTR': 11.63, 'ROT_TWO': 10.42, 'STORE_ATTR': 10.1, 'DUP_TOP': 9.31,
    'POP_JUMP_IF_FALSE': 8.25, 'LOAD_METHOD': 7.99, 'CALL_FUNCTION': 7.92,
    'CALL_METHOD_HOST': 7.84, 'ROT_THREE': 7.28, 'UNPACK_SEQUENCE': 6.69, 'BINARY_MODULO': 6.17,
    'YIELD_FROM': 6.0, 'BUILD_SLICE': 5.73, 'COMPARE_JUMP_IF_FALSE_LE': 4.96, 'DUP_TOP_TWO': 4.83,
    'CALL_METHOD_ADAPTIVE': 4.6, 'BINARY_TRUE_DIVIDE': 4.36, 'LOAD_NAME': 4.26,
    'GET_AWAITABLE': 4.15, 'FOR_ITER': 3.86, 'GET_ITER': 3.83, 'JUMP_FORWARD': 3.63,
    'COMPARE_JUMP_IF_FALSE_LT': 3.56, 'COMPARE_JUMP_IF_FALSE_GT': 3.26, 'NOP': 3.2,
    'SETUP_FINALLY': 3.14, 'UNARY_NOT': 3.04, 'INPLACE_SUBTRACT': 3.02,
    'BINARY_FLOOR_DIVIDE': 3.02, 'COMPARE_JUMP_IF_FALSE_IS_NOT': 2.7, 'POP_JUMP_IF_TRUE': 2.32,
    'BUILD_TUPLE': 2.04, 'CALL_FUNCTION_CLASS_INIT': 1.86, 'POP_BLOCK': 1.77,
    'COMPARE_JUMP_IF_FALSE_IN': 1.72, 'JUMP_IF_FALSE_OR_POP': 1.72, 'STORE_FAST_LOAD_FAST': 1.71,
    'END_FINALLY': 1.62, 'JUMP_IF_TRUE_OR_POP': 1.59, 'COMPARE_OP_EQ': 1.52,
    'CALL_FUNCTION_KW': 1.52, 'LIST_APPEND': 1.45, 'STORE_NAME': 1.43,
    'CALL_FUNCTION_ADAPTIVE': 1.39, 'COMPARE_OP_IS_NOT': 1.37, 'COMPARE_JUMP_IF_FALSE_NE': 1.27,
    'COMPARE_JUMP_IF_FALSE_IS': 1.21, 'COMPARE_JUMP_IF_FALSE': 1.12, 'MAKE_FUNCTION': 1.06,
    'STORE_DEREF': 0.91, 'COMPARE_OP_GT': 0.82, 'SETUP_WITH': 0.76, 'WITH_CLEANUP_START': 0.76, 'WITH_CLEANUP_FINISH': 0.76,
    'BINARY_POWER': 0.62, 'POP_EXCEPT': 0.61, 'BEGIN_FINALLY': 0.61, 'RAISE_VARARGS': 0.61,
    'COMPARE_OP_NE': 0.55, 'BUILD_LIST': 0.37, 'COMPARE_OP_LE': 0.36, 'COMPARE_OP_IS': 0.21,
    'COMPARE_OP_IN': 0.17, 'COMPARE_OP_LT': 0.08, 'LOAD_GLOBAL_ADAPTIVE': 0.03,
}

# Names the tier-1 loops bind as default arguments, besides vm/instructions.py's.
LOOP_CONSTANTS = ['specialize', 'tier2_calls']


# -- the --stats loop: counts every instruction it runs, by (pseudo-)opcode ----------------------

@hook('adaptive_stats')
def TRACE_SETUP():
    counts = specialize.active_counts


@hook('adaptive_stats')
def TRACE_INSTRUCTION():
    counts[op] += 1


# -- tier 2: a plain call of a function called often runs its compiled body (vm/tier2_calls.py) --
# (where the loop runs bodies: not on PyPy, tier2_calls.LOOP_RUNS_BODIES, but for some functions'
# calls of themselves there, Body.from_itself) nested on the host
# stack, its frame `callee` (of decoded code `dc`) pushed as PUSH_FRAME pushes it; not while a
# trace or profile function is set (the loop hands its frames to the instrumented one then),
# nor past MAX_CALL_DEPTH bodies running at once. Calls are counted here till then.

@hook('adaptive')
def CALL_BODY(callee, dc):
    body = dc.body
    if body is not None:
        if body.run is None:
            body.countdown -= 1
            if body.countdown <= 0:
                tier2_calls.compile_body(dc, body, callee)
        elif (body.from_loop is not None or body.from_itself is not None and callee.code is f.code) \
                and tier2_calls.BODIES_RUNNING[0] < tier2_calls.MAX_CALL_DEPTH and not TRACE_REQUESTED[0]:
            f.i = i
            v = body.run(f, callee, entry)
            body = nf = args = func = tf = None
            stack.append(v)
            v = None
            # the body called host code that set a trace or profile function: hand over
            TRACE_SWITCH()
            DISPATCH_NEXT()
        body = None


# -- tier 2: `await`/`yield from` of a VM coroutine or generator `it` (its frame `gf`, one the loop
# would resume inline) whose compiled step runs it from where it is suspended (vm/tier2_generators.py's
# delegated, nested on the host stack): the item it yields is yielded on by this frame, or its
# value is the result; NOT_HERE (not warmed up, no step, too deep): resumed inline as before.

@hook('adaptive')
def STEP_DELEGATED():
    if tier2_calls.DELEGATED[0] is not None:
        f.i = i - 1
        w = tier2_calls.DELEGATED[0](f, it, v)
        if w is not tier2_calls.NOT_HERE:
            it = gf = None
            if w is NULL:
                stack[-1] = tier2_calls.RETURNED[0]
                tier2_calls.RETURNED[0] = v = w = None
                DISPATCH_NEXT()
            v = w
            w = None
            f.i = i - 1   # (suspended at the YIELD_FROM, as the loop's own delegation leaves it: a walk of
            f.yielded = True   # the stack while the step ran wrote the loop's position, one past it)
            if f is entry:
                return v
            YIELD_TO_CONSUMER()
            DISPATCH_NEXT()
        w = None


# -- an __init__ called inline (CALL_FUNCTION_CLASS_INIT) returns: the instance is the call's value
# (RETURN_TO_CALLER, vm/instructions.py's FINISH_INLINE_CALL, in every loop: a frame handed over
# to the traced loop may return there) --

# -- the ADAPTIVE forms: count down, then specialise (re-running this instruction in its new form) --

# (one body, naming its generic instruction: specialize.quicken puts the form of each generic
# opcode of ADAPTIVE_FORMS in its place)
ADAPTIVE_BODY = """\
if arg.countdown:
    arg.countdown -= 1
    arg = arg.arg
    GENERIC(%s)
else:
    specialize.specialize(f, code, i - 1)
    i -= 1
"""
ADAPTIVE_FORMS = {'LOAD_GLOBAL': 205, 'CALL_FUNCTION': 206, 'CALL_METHOD': 207}
for _generic, _opcode in ADAPTIVE_FORMS.items():
    define(_generic + '_ADAPTIVE', _opcode, _generic, _generic, body=ADAPTIVE_BODY % _generic)


# -- specialised forms: guard, fast path; a miss runs the generic body ----------------------------

@inst(210, 'LOAD_GLOBAL', 'LOAD_GLOBAL')
def LOAD_GLOBAL_MODULE():
    # the name was a module global: one lookup (the generic form tests `in` first; on PyPy a
    # call its JIT does not trace into, compat.OPAQUE_NAMESPACES)
    if OPAQUE_NAMESPACES and type(glb) is dict:
        v = namespace_get(glb, arg, NULL)
    else:
        LOOKUP(glb)
    PUSH_OR_MISS()


@inst(211, 'LOAD_GLOBAL', 'LOAD_GLOBAL')
def LOAD_GLOBAL_BUILTIN():
    # the name was a builtin: absent from the module, one lookup in builtins
    if namespace_get(glb, arg, NULL) is not NULL if OPAQUE_NAMESPACES and type(glb) is dict else arg in glb:
        MISS()
        GENERIC(LOAD_GLOBAL)
    else:
        LOOKUP(bltn)
        PUSH_OR_MISS()


@macro
def LOOKUP(namespace):
    # v: the name's value in `namespace`, or NULL
    try:
        v = namespace[arg]
    except KeyError:
        v = NULL


@macro
def PUSH_OR_MISS():
    # v pushed; NULL (absent), a miss
    if v is NULL:
        MISS()
        GENERIC(LOAD_GLOBAL)
    else:
        stack.append(v)
        v = None


@inst(212, 'CALL_FUNCTION', 'CALL_FUNCTION')
def CALL_FUNCTION_HOST():
    # a builtin function or a class, not intercepted (one-argument type() is not: only the
    # three-argument form names the caller's module): called directly with the stack's items
    func = stack[-arg - 1]
    if (type(func) is BuiltinFunctionType or type(func) is type) and (func not in INTERCEPTS
                                                                        or func is type and arg == 1):
        f.i = i   # for f_lineno, seen from a callee
        CONSUME_GENERATOR_OPERANDS(arg + 1)
        if arg == 1:
            v = func(stack[-1])
            stack.pop()
        elif arg:
            v = func(*stack[-arg:])
            DROP(arg)
        else:
            v = func()
        stack[-1] = v
        func = v = None
    else:
        MISS()
        GENERIC(CALL_FUNCTION)


@inst(214, 'CALL_FUNCTION', 'CALL_FUNCTION')
def CALL_FUNCTION_CLASS_INIT():
    # a class of the program whose __init__ is a VM function (as 3.13's
    # CALL_ALLOC_AND_ENTER_INIT): the instance from its builtin __new__, __init__ run as a
    # frame of this loop (RETURN_TO_CALLER makes the instance the call's value); the argument
    # is the site: the class, its __init__ and __new__ when specialised, and whether the
    # call's arguments are exactly __init__'s plain parameters (else they are bound as a
    # call from host code would: defaults, cells, *args)
    func = stack[-arg.arg - 1]
    if (func is arg.cls and type(func) is type and func.__init__ is arg.init and func.__new__ is arg.new
            and arg.init._dc is arg.dc):
        f.i = i   # for f_lineno, seen from the callee
        if f.depth + 1 >= limit:   # 3.8's type_call is a level (before __new__), then __init__'s frame (PUSH_FRAME_AT)
            limits.exceeded(f, f.depth + 1, limit, limits.WHILE_CALLING)
        if arg.arg:
            args = stack[-arg.arg:]
            obj = arg.new(func, *args)
            args.insert(0, obj)
            DROP(arg.arg + 1)
        else:
            obj = arg.new(func)
            args = [obj]
            stack.pop()
        func = arg.init
        if arg.exact:
            args.extend(func._dc.local_tail)
            POOLED_FRAME(func, args)
        else:
            nf = func.make_frame(tuple(args), None)
        nf.init = obj
        obj = None
        PUSH_FRAME_AT(nf, 2)
    else:
        arg = arg.arg
        MISS()
        GENERIC(CALL_FUNCTION)


@inst(213, 'CALL_METHOD', 'CALL_METHOD')
def CALL_METHOD_HOST():
    # a method of a host object (LOAD_METHOD pushed NULL and the bound builtin method)
    func = stack[-arg - 1]
    if stack[-arg - 2] is NULL and type(func) is BuiltinFunctionType and func not in INTERCEPTS:
        f.i = i   # for f_lineno, seen from a callee
        CONSUME_GENERATOR_OPERANDS(arg + 2)
        if arg == 1:
            v = func(stack[-1])
            stack.pop()
            stack.pop()
        elif arg:
            v = func(*stack[-arg:])
            DROP(arg + 1)
        else:
            v = func()
            stack.pop()
        stack[-1] = v
        func = v = None
    else:
        MISS()
        GENERIC(CALL_METHOD)


# -- comparisons by operator: the host's own operator in place of a call of operator.lt & co. --------
# (quickened when the code object is, no guard: `a < b` is what operator.lt(a, b) does)

COMPARE_SYMBOLS = {'LT': '<', 'LE': '<=', 'EQ': '==', 'NE': '!=', 'GT': '>', 'GE': '>=',
                   'IN': 'in', 'NOT_IN': 'not in', 'IS': 'is', 'IS_NOT': 'is not'}
# the jump's truth test at the jump (`i` past it: a result's __bool__ may raise, or read f_lasti),
# as COMPARE_JUMP_IF_FALSE's; `in` and `is` give a bool, whose test runs no code
_COMPARE_JUMP_BODY = 'w = stack.pop()\nv = stack.pop() %s w\nw = None\ni += 1\nif not v:\n    i = arg[1]\nv = None\n'
_BOOL_COMPARE_JUMP_BODY = 'w = stack.pop()\nif stack.pop() %s w:\n    w = None\n    i += 1\nelse:\n    w = None\n    i = arg[1]\n'
for _index, (_name, _symbol) in enumerate(COMPARE_SYMBOLS.items()):
    define('COMPARE_OP_' + _name, 220 + _index, 'COMPARE_OP', 'COMPARE_OP',
           body='w = stack.pop()\nstack[-1] = stack[-1] %s w\nw = None\n' % _symbol)
    define('COMPARE_JUMP_IF_FALSE_' + _name, 230 + _index, 'COMPARE_JUMP_IF_FALSE', 'COMPARE_OP',
           body=(_BOOL_COMPARE_JUMP_BODY if _name in ('IN', 'NOT_IN', 'IS', 'IS_NOT') else _COMPARE_JUMP_BODY) % _symbol)


@macro
def MISS():
    specialize.miss(f, i - 1)
