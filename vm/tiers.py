"""Which loop runs VM code: the tier, chosen at import (PIPELINE_TIER) and by set_tier().

0 is the plain loop (nothing quickened); 1 the adaptive loop (vm/specialize.py); 2 the
adaptive loop with hot loops compiled into host functions (vm/tier2.py). `counting` runs the
counting copy of the adaptive loop for --stats, and `report` prints its per-family table.
"""
import contextlib
import os
import sys
from typing import Any, Dict, Iterator, Optional

from . import adaptive_table_generated as tier1_forms, instrument, specialize, stack, tracing
from . import compat, hostbuiltins, rebound

hostbuiltins.bind(globals())   # the host's builtins, whatever a program rebinds

if rebound.ENABLED:   # PyPy: a module's rebound globals made cells at their first binding (every tier)
    rebound.enable()

HIGHEST_TIER = 2
# The tier when PIPELINE_TIER and --tier say nothing: 2 on every host. On CPython hosts every
# bench program runs faster at tier 2 than at tier 0 and 1 (bench/baseline.py --tiers 0,1,2);
# on PyPy the 21 programs' geometric mean is about 1.0x native 3.8 at tier 2 against 2.8x at
# tier 1 (bench/FINDINGS.md, "Session 19, lead"; it was 1 there till session 20). Start-up does
# not pay for it (set_tier(2) loads only vm/tier2_backedges.py; the translator comes with the
# first hot loop).
DEFAULT_TIER = 2

tier = 0


def _loop(stats: bool) -> Any:
    if stats:
        from .eval_adaptive_stats_generated import run_frame
    else:
        from .eval_adaptive_generated import run_frame
    stack.LOOP_CODES.add(run_frame.__code__)
    return run_frame


def set_tier(level: int) -> None:
    """Run VM code at this tier from now on: 0, the plain loop; 1, the adaptive one; 2, the
    adaptive one with hot loops compiled into host functions (vm/tier2.py)."""
    global tier
    if level not in range(HIGHEST_TIER + 1):
        raise ValueError('tier must be 0 to %d, not %r' % (HIGHEST_TIER, level))
    tier = level
    compat.set_opaque_namespaces(level)   # (bound by the loop when it is imported, next)
    tracing.install_untraced(tracing.loop_not_imported)   # (import_loop, when VM code first runs)
    if level >= 2:
        # (the back edges' counting only: the projector and translator are imported when the
        # first loop gets hot, vm/tier2_backedges.py)
        from . import tier2_backedges
        tier2_backedges.enable(_projector)
    else:
        loaded = sys.modules.get(__name__.rpartition('.')[0] + '.tier2_backedges')
        if loaded is not None and loaded.ENABLED:
            loaded.disable()


def _projector() -> Any:
    """vm/tier2.py, imported when tier 2's first loop or function gets hot (the projector and
    translator: start-up weight, vm/tier2_backedges.py)."""
    from . import tier2
    return tier2


stack.MACHINERY_CALLERS.add(_projector.__code__)   # (what arrives in the import is the program's loop's)


def import_loop() -> None:
    """Import the loop of the tier set_tier chose and install it (tracing.import_loop: when VM
    code first runs after set_tier, so that only the loop it runs is ever compiled)."""
    if tier:
        tracing.install_untraced(_loop(False))
    else:
        from . import eval as plain
        tracing.install_untraced(plain.run_frame)


tracing.import_loop[0] = import_loop


def tier_from_environment() -> int:
    """PIPELINE_TIER, or DEFAULT_TIER."""
    value = os.environ.get('PIPELINE_TIER', '')
    try:
        level = int(value) if value.strip() else DEFAULT_TIER
    except ValueError:
        level = DEFAULT_TIER
    return min(max(level, 0), HIGHEST_TIER)


@contextlib.contextmanager
def counting(counts: Optional[Dict[str, int]]) -> Iterator[Dict[str, int]]:
    """--stats at tier 1: run the counting copy of the adaptive loop; executed instructions by
    name (specialised forms under their own names) into `counts`."""
    print_counts = counts is None
    if counts is None:
        counts = {}
    per_opcode = [0] * 256
    previous = tracing._untraced[0]
    specialize.active_counts = per_opcode
    tracing.install_untraced(_loop(True))
    try:
        yield counts
    finally:
        tracing.install_untraced(previous)
        specialize.active_counts = None
        instrument.add_counts(counts, per_opcode, _stats_name)
        hits = specialize.hits
        for name, instruction in tier1_forms.INSTRUCTIONS.items():
            if not name.endswith('_ADAPTIVE') and counts.get(name):
                hits[instruction.family] = hits.get(instruction.family, 0) + counts[name]
        if print_counts:
            tracing._print_counts(counts)
            sys.stderr.write(report())


def _stats_name(opcode: int) -> str:
    """An opcode's name in the --stats table (PyPy's rebound forms under their own instruction's)."""
    return rebound.GENERIC_NAMES.get(opcode) or specialize.opname(opcode)


def report() -> str:
    """The --stats table of tier 1: per family, specialisation attempts, successes, failures,
    hits, misses and deopts (as CPython's pystats); then tier 2's translator failures, if any."""
    lines = ['specialization statistics (tier %d)' % tier,
             '%-16s %10s %10s %10s %12s %10s %8s' % ('family', 'attempts', 'success', 'failure',
                                                    'hits', 'misses', 'deopts')]
    for family in sorted(set(specialize.STATS) | set(specialize.hits)):
        attempts, successes, failures, misses, deopts = specialize.STATS.get(family, [0] * 5)
        lines.append('%-16s %10d %10d %10d %12d %10d %8d' % (
            family, attempts, successes, failures, specialize.hits.get(family, 0) - misses, misses, deopts))
    tier2 = sys.modules.get(__name__.rpartition('.')[0] + '.tier2')   # (imported at the first hot loop)
    if tier2 is not None and tier2.failures:
        lines.append('tier 2 translator failures (the code ran in the loop instead): %d' % len(tier2.failures))
        lines.extend('  ' + failure for failure in tier2.failures)
    return '\n'.join(lines) + '\n'
