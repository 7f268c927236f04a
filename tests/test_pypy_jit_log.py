"""bench/pypy_jit.py's reading of a PYPYLOG: per run, run_frame's new loops and the bridges, the
loops each quasi-immutable field's change invalidated, and the share of the run spent tracing."""
from bench import pypy_jit

MARK = pypy_jit.MARKER
# two runs, as PyPy 7.3.11 writes them (ticks in hex; the two forms of an invalidated field)
LOG = '''[100] {%(m)s
run
[100] %(m)s}
[110] {jit-tracing
[112] {jit-log-opt-loop
# Loop 7 (run_frame;/x/eval_adaptive_generated.py:31-89~#330 LOAD_FAST) : loop with 351 ops
[118] jit-log-opt-loop}
[130] jit-tracing}
[140] {jit-invalidate-quasi-immutable
fieldname <FieldP pypy.objspace.std.celldict.ModuleDictStrategy.mutate_version 24> invalidated 0
[141] jit-invalidate-quasi-immutable}
[142] {jit-invalidate-quasi-immutable
fieldname FieldDescr(GcStruct pypy.objspace.std.celldict.ModuleDictStrategy { super, inst_caches, \
inst_version, mutate_version }, 'mutate_version') invalidated 14
[143] jit-invalidate-quasi-immutable}
[164] {%(m)s
run
[164] %(m)s}
[170] {jit-tracing
# bridge out of Guard 0x7f with 20 ops
# bridge out of Guard 0x80 with 20 ops
[178] jit-tracing}
[180] {jit-invalidate-quasi-immutable
fieldname FieldDescr(GcStruct pypy.objspace.std.mapdict.Terminator { super, inst_w_cls, \
inst_allow_unboxing, mutate_allow_unboxing }, 'mutate_allow_unboxing') invalidated 12
[181] jit-invalidate-quasi-immutable}
[184] {jit-summary
Tracing:      \t1399\t1.632810
[185] jit-summary}
''' % {'m': MARK}


def test_runs_read_from_the_log():
    found = pypy_jit.read_log(LOG)
    first, second = found['runs']
    assert (first['run_frame loops'], first['bridges']) == (1, 0)
    assert (second['run_frame loops'], second['bridges']) == (0, 2)
    # tracing 0x110-0x130 of the run's 0x100-0x164; 0x170-0x178 of 0x164-0x185 (the log's end)
    assert first['jit'] == 0x20 / 0x64
    assert second['jit'] == 8 / 0x21
    assert first['invalidated'] == {'ModuleDictStrategy.version': 14}   # (nothing for "invalidated 0")
    assert second['invalidated'] == {'Terminator.allow_unboxing': 12}
    assert found['summary']['Tracing'] == ['1399', '1.632810']
    assert pypy_jit.describe_run(second) == '0/2 jit 24% [Terminator.allow_unboxing x12]'
    assert pypy_jit.describe_run(first) == '1/0 jit 32% [ModuleDictStrategy.version x14]'
