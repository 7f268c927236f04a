"""PyPy: module globals the program binds again, given their final form at their first binding.

Why (bench/FINDINGS.md, "Session 14, s14pypy"): the whole tier-0/1 VM is one host loop
(`run_frame`), so every quasi-immutable fact any of its bridges relied on belongs to that loop
as a whole. PyPy's module dicts fold a lookup `glb[name]` into the compiled code and depend on
the dict's version, which goes up when a key is added and when a key is first bound again:
a key holding a plain value becomes a cell then (later bindings write the cell and leave the
version alone). So the first rebinding of a global after the loop has read the module (go's
`global clock; clock += 1`, spectral_norm's module-level `for _ in range(10): u = ...`)
throws away the compiled loop with all its bridges, and PyPy traces everything again.

What this does: at decode time (the hook decode.MARK_REBOUND, PyPy only), each STORE_NAME of a
module's code whose name the program will bind again (rebound_names) becomes STORE_NAME_REBOUND,
and every STORE_GLOBAL (a function's binding of a global, and the module body's binding of a
name its functions declare `global`, as 3.8's compiler emits it) STORE_GLOBAL_REBOUND. The first
binding of such a name writes it twice in one host call (a placeholder, then the value): PyPy
makes the key a cell at once, while the module body defines its names, before any loop has
read it, and no later rebinding changes the dict's version. Nothing else changes: the name gets
its value in that one call (no code runs in between, in this thread or another), and the dict
keeps its order. A new key still changes the version (a module-level `result = work()` after a
hot call still costs a recompilation). On CPython the writes would only cost, so the hook is
off there (PIPELINE_REBOUND=1 turns it on, for the tests).
"""
import importlib
import os
import sys
from typing import Any, Set

from ..compiler import opcodes as O
from ..compiler.code import CO_NEWLOCALS, CO_OPTIMIZED
from . import fused, hostbuiltins

hostbuiltins.bind(globals())   # the host's builtins, whatever a program rebinds

# whether decode marks rebound names: on PyPy (its module dicts' cells), or PIPELINE_REBOUND=1|0
ENABLED = {'1': True, '0': False}.get(os.environ.get('PIPELINE_REBOUND', ''),
                                      sys.implementation.name == 'pypy')

_BACKWARD = frozenset(O.hasjabs)   # (3.8's backward jumps are all absolute)

# what --stats calls them: the instructions they stand for (the table is the same on every host)
GENERIC_NAMES = {fused.STORE_NAME_REBOUND: 'STORE_NAME', fused.STORE_GLOBAL_REBOUND: 'STORE_GLOBAL'}


def rebound_names(dc: Any) -> Set[str]:
    """The names module code `dc` (decoded) binds with STORE_NAME that it is likely to bind
    again: those bound at two places or more, or inside a loop. (Names a function declares
    `global` the module body binds with STORE_GLOBAL, as 3.8's compiler does.)"""
    found: Set[str] = set()
    instrs = dc.plain_instrs
    loops_starting = [0] * (len(instrs) + 1)   # per index: loops beginning there, less those ended before
    for index, (opcode, target) in enumerate(instrs):
        if opcode in _BACKWARD and type(target) is int and target <= index:
            loops_starting[target] += 1
            loops_starting[index + 1] -= 1
    seen: Set[str] = set()
    loops = 0   # the loops the instruction at `index` is in
    for index, (opcode, name) in enumerate(instrs):
        loops += loops_starting[index]
        if opcode == O.STORE_NAME:
            if name in seen or loops:
                found.add(name)
            seen.add(name)
    return found


def mark_rebound(dc: Any) -> None:
    """Decode-time hook (decode.MARK_REBOUND): in the plain loop's stream, every STORE_GLOBAL
    becomes STORE_GLOBAL_REBOUND (a function's binding of a global is a rebinding by design,
    and a module body binds with STORE_GLOBAL the names its functions declare `global`), and
    in the code of a module body (no CO_NEWLOCALS: also a class body's, whose namespace is not
    the module's, which STORE_NAME_REBOUND tells at run time) the STORE_NAMEs of rebound_names
    become STORE_NAME_REBOUND."""
    module_level = not dc.code.co_flags & (CO_NEWLOCALS | CO_OPTIMIZED)
    rebound = None
    instrs = dc.instrs
    for index, (opcode, name) in enumerate(instrs):
        if opcode == O.STORE_GLOBAL:
            instrs[index] = (fused.STORE_GLOBAL_REBOUND, name)
        elif opcode == O.STORE_NAME and module_level:
            if rebound is None:
                rebound = rebound_names(dc)
            if name in rebound:
                instrs[index] = (fused.STORE_NAME_REBOUND, name)


def enable(on: bool = True) -> None:
    """Mark rebound names in code decoded from now on (or, `on` false, no longer)."""
    # (the module: the package's `decode` attribute is the function vm/__init__ exports)
    decode_module = importlib.import_module(__name__.rpartition('.')[0] + '.decode')
    setattr(decode_module, 'MARK_REBOUND', mark_rebound if on else None)
