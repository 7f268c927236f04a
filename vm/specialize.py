"""Tier 1, the adaptive interpreter: quickening, specialisation, misses and deoptimisation.

As CPython 3.11/3.12's Python/specialize.c: a code object's first run at tier 1 makes its
quickened copy (`dc.quick`, the fused instructions of decode.py with each instruction of a
specialisable family replaced by its ADAPTIVE form, vm/adaptive.py); that form counts down
a warm-up, then specialize() looks at its operands and writes a specialised form over it
(or, when nothing fits, the ADAPTIVE form again with an exponentially longer count, and
after BACKOFF_LIMIT failures the generic instruction for good). A specialised form's guard
failing is a miss (miss()); MISS_LIMIT misses put the ADAPTIVE form back (a deopt) with
backoff. Index k of the quickened copy is still code unit k, so tracebacks, f_lasti and
f_lineno are unchanged; the traced loop (--trace, settrace) runs the unquickened copy.

Which loop runs (the tier) is vm/tiers.py's.
"""
from types import BuiltinFunctionType
from typing import Any, Dict, List, Optional

from ..compiler import opcodes as O
from . import adaptive_table_generated as tier1_forms, fused, hostcalls
from .decode import COMPARE_FUNCTIONS, NULL
from .function import Function
from . import hostbuiltins

hostbuiltins.bind(globals())   # the host's builtins, whatever a program rebinds

WARMUP = 1            # executions of an ADAPTIVE form before its first specialisation
BACKOFF_LIMIT = 12    # a site failing this often stays generic (countdown 2**12 before)
MISS_LIMIT = 52       # misses of a specialised form before it deoptimises (CPython's cooldown)

# tier 2 (vm/tier2_calls.py, while on): makes the call counter of a function quickened from then on
NEW_BODY: Any = None
active_counts: Optional[List[int]] = None   # per-(pseudo-)opcode counts while --stats runs at tier 1

# generic opcode -> its ADAPTIVE form's opcode
ADAPTIVE = {O.opmap[generic]: opcode for generic, opcode in tier1_forms.ADAPTIVE_FORMS.items()}
# comparisons, quickened at once by operator: (generic opcode, comparison function) -> opcode
_FUSED_COMPARE = fused.COMPARE_JUMP_IF_FALSE
STATIC = {}
for _index, _symbol in enumerate(tier1_forms.COMPARE_SYMBOLS):
    STATIC[O.COMPARE_OP, COMPARE_FUNCTIONS[_index]] = tier1_forms.INSTRUCTIONS['COMPARE_OP_' + _symbol].opcode
    STATIC[_FUSED_COMPARE, COMPARE_FUNCTIONS[_index]] = tier1_forms.INSTRUCTIONS[
        'COMPARE_JUMP_IF_FALSE_' + _symbol].opcode
OPCODES = {name: instruction.opcode for name, instruction in tier1_forms.INSTRUCTIONS.items()}
NAMES = {instruction.opcode: name for name, instruction in tier1_forms.INSTRUCTIONS.items()}
FAMILY = {instruction.opcode: instruction.family for instruction in tier1_forms.INSTRUCTIONS.values()}

# per family: [attempts, successes, failures, misses, deopts] (hits: from the --stats loop's counts)
STATS: Dict[str, List[int]] = {}


class Site:
    """One quickened instruction's state: its generic argument and counters."""
    __slots__ = ('arg', 'generic', 'adaptive', 'countdown', 'backoff', 'misses', 'cls', 'init', 'new', 'dc', 'exact')

    def __init__(self, arg: Any, generic: int) -> None:
        self.arg = arg
        self.generic = generic
        self.adaptive = ADAPTIVE[generic]
        self.countdown = WARMUP
        self.backoff = 0
        self.misses = 0
        self.cls: Any = None    # CALL_FUNCTION_CLASS_INIT's cache: the class, its __init__, its __new__,
        self.init: Any = None   # and the decoded code of that __init__ (a new __code__ is a miss)
        self.new: Any = None
        self.dc: Any = None
        self.exact = False      # the call passes exactly __init__'s plain parameters


def _stats(family: str) -> List[int]:
    row = STATS.get(family)
    if row is None:
        row = STATS[family] = [0, 0, 0, 0, 0]
    return row


def quicken(dc: Any) -> list:
    """The quickened copy of a decoded code object (made once, kept on dc.quick)."""
    quick = list(dc.instrs)
    sites: List[Optional[Site]] = [None] * len(quick)
    for index, (opcode, arg) in enumerate(quick):
        if opcode in ADAPTIVE:
            site = sites[index] = Site(arg, opcode)
            quick[index] = (site.adaptive, site)
        elif opcode == O.COMPARE_OP:
            quick[index] = (STATIC.get((opcode, arg), opcode), arg)
        elif opcode == _FUSED_COMPARE:
            quick[index] = (STATIC.get((opcode, arg[0]), opcode), arg)
    dc.sites = sites
    dc.body = NEW_BODY() if NEW_BODY is not None and not dc.is_generator else None
    dc.quick = quick
    return quick


# -- specialisers: each looks at the operands and returns the specialised opcode, or None ------------

def _load_global(f: Any, site: Site) -> Optional[int]:
    if type(f.globals) is not dict or type(f.builtins) is not dict:
        return None
    if site.arg in f.globals:
        return OPCODES['LOAD_GLOBAL_MODULE']
    if site.arg in f.builtins:
        return OPCODES['LOAD_GLOBAL_BUILTIN']
    return None


def _host_callable(func: Any, nargs: int) -> bool:
    # (one-argument type() is called directly: hostcalls.call_type only changes the 3-argument form)
    return ((type(func) is BuiltinFunctionType or type(func) is type)
            and (func not in hostcalls.INTERCEPTS or func is type and nargs == 1))


def _call_function(f: Any, site: Site) -> Optional[int]:
    func = f.stack[-site.arg - 1]
    if type(func) is type and func not in hostcalls.INTERCEPTS:
        init = hostcalls.class_init(func)
        if init is not None:
            site.cls, site.init, site.new, site.dc = func, init, func.__new__, init._dc
            site.exact = init._dc.simple and init._dc.argcount == site.arg + 1
            return OPCODES['CALL_FUNCTION_CLASS_INIT']
    if _host_callable(func, site.arg):
        return OPCODES['CALL_FUNCTION_HOST']
    return GENERIC if type(func) is Function else None


def _call_method(f: Any, site: Site) -> Optional[int]:
    stack = f.stack
    func = stack[-site.arg - 1]
    if stack[-site.arg - 2] is NULL and type(func) is BuiltinFunctionType and _host_callable(func, site.arg):
        return OPCODES['CALL_METHOD_HOST']
    # (a VM method: LOAD_METHOD pushed the function, then the instance)
    callee = func if stack[-site.arg - 2] is NULL else stack[-site.arg - 2]
    return GENERIC if type(callee) is Function else None


# A specialiser's answer for operands the generic instruction already serves best (a call of a VM
# function: CALL_POSITIONAL's own fast path): a site's first attempt makes it generic at once, not
# after BACKOFF_LIMIT failures (their ADAPTIVE runs, ~2**13 per site, cost more than they find)
GENERIC = -1
SITE_ARGUMENT = {OPCODES['CALL_FUNCTION_CLASS_INIT']}   # forms whose argument is the site (their cache)
SPECIALISERS = {O.LOAD_GLOBAL: _load_global, O.CALL_FUNCTION: _call_function, O.CALL_METHOD: _call_method}


def specialize(f: Any, code: list, index: int) -> None:
    """Rewrite instruction `index` of the quickened list `code` from what frame `f` holds now
    (as _Py_Specialize_*): a specialised form, or the ADAPTIVE one with backoff, or the generic one."""
    site = f.dc.sites[index]
    row = _stats(FAMILY[site.adaptive])
    row[0] += 1
    try:
        specialised = SPECIALISERS[site.generic](f, site)
    except Exception:   # an operand's type or __eq__ misbehaving: leave the site generic
        specialised = None
    if specialised == GENERIC:
        if site.backoff == 0:   # (a site that was specialised once and deopted is polymorphic: it
            row[2] += 1         # backs off as usual, to specialise again when it fits)
            code[index] = (site.generic, site.arg)
            return
        specialised = None
    if specialised is not None:
        row[1] += 1
        site.misses = 0
        code[index] = (specialised, site if specialised in SITE_ARGUMENT else site.arg)
        return
    row[2] += 1
    _back_off(code, index, site)


def _back_off(code: list, index: int, site: Site) -> None:
    site.backoff += 1
    if site.backoff > BACKOFF_LIMIT:
        code[index] = (site.generic, site.arg)
    else:
        site.countdown = (1 << site.backoff) - 1
        code[index] = (site.adaptive, site)


def miss(f: Any, index: int) -> None:
    """A specialised form's guard failed at instruction `index` of f's quickened code; deopt
    after MISS_LIMIT misses (as the DEOPT_IF counters of 3.11's specialised instructions)."""
    dc = f.dc
    site = dc.sites[index]
    row = _stats(FAMILY[site.adaptive])
    row[3] += 1
    site.misses += 1
    if site.misses >= MISS_LIMIT:
        row[4] += 1
        site.misses = 0
        _back_off(dc.quick, index, site)


def opname(opcode: int) -> str:
    """The name of a generic opcode, superinstruction or tier-1 pseudo-opcode."""
    if opcode in NAMES:
        return NAMES[opcode]
    from . import instructions
    for name, instruction in instructions.INSTRUCTIONS.items():
        if instruction.opcode == opcode:
            return name
    return O.opname[opcode]


hits: Dict[str, int] = {}   # executions of specialised forms, per family (misses included)
