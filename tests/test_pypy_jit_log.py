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


# --roots: run 1 compiles a loop and a bridge; run 2 a bridge out of run 1's bridge (a root) and
# one out of that (its descendant), a loop compiled again and a bridge out of it
ROOTS_LOG = '''[100] {%(m)s
run
[100] %(m)s}
[110] {jit-log-opt-loop
# Loop 1 (run_frame;/x/eval.py:31-89~#330 LOAD_FAST) : loop with 9 ops
debug_merge_point(0, 0, 'run_frame;/x/eval.py:31-89~#330 LOAD_FAST')
+10: guard_true(i5, descr=<Guard0x1>) [p0]
[111] jit-log-opt-loop}
[112] {jit-log-opt-bridge
# bridge out of Guard 0x1 with 3 ops
debug_merge_point(0, 0, 'run_frame;/x/eval.py:31-90~#340 LOAD_ATTR')
debug_merge_point(1, 1, 'body;/x/tier2.py:1-7~#12 LOAD_ATTR')
+20: guard_value(p7, ConstPtr(ptr8), descr=<Guard0x2>) [p0, p7]
[113] jit-log-opt-bridge}
[164] {%(m)s
run
[164] %(m)s}
[170] {jit-log-opt-bridge
# bridge out of Guard 0x2 with 3 ops
debug_merge_point(0, 0, 'run_frame;/x/eval.py:31-91~#350 COMPARE_OP')
+30: guard_false(i9, descr=<Guard0x3>) [p0]
[171] jit-log-opt-bridge}
[172] {jit-log-opt-bridge
# bridge out of Guard 0x3 with 1 ops
[173] jit-log-opt-bridge}
[174] {jit-log-opt-loop
# Loop 2 (body;/x/tier2.py:1-3~#0 LOAD_GLOBAL) : entry bridge with 5 ops
+40: guard_class(p1, 12345, descr=<Guard0x4>) [p1]
[175] jit-log-opt-loop}
[176] {jit-log-opt-bridge
# bridge out of Guard 0x4 with 1 ops
[177] jit-log-opt-bridge}
''' % {'m': MARK}


def test_roots_read_from_the_log():
    first, second = pypy_jit.read_roots(ROOTS_LOG)
    # (a bridge out of a loop of the same run: the loop's)
    assert first == [{'root': (('run_frame;/x/eval.py:31-89~#330 LOAD_FAST',), 'new loop'), 'bridges': 1}]
    # a guard of an earlier run's bridge: the merge points open at its place, outermost first; registers
    # shown as `v`; its descendant counted with it
    assert second == [
        {'root': (('run_frame;/x/eval.py:31-90~#340 LOAD_ATTR', 'body;/x/tier2.py:1-7~#12 LOAD_ATTR'),
                  'guard_value(v, ConstPtr(ptr8))'), 'bridges': 2},
        {'root': (('body;/x/tier2.py:1-3~#0 LOAD_GLOBAL',), 'new loop'), 'bridges': 1}]


def test_roots_places_read_back_to_source_lines(tmp_path):
    loop = tmp_path / 'eval.py'
    loop.write_text('def run_frame():\n    a = 1\n    b = getattr(a, "x")\n')
    sources = {'run_frame': [str(loop), [[0, 2], [4, 3]]],
               'made': [['body', 'f (p.py:3)', 'def body(f):\n    x = f.x\n', [[0, 2]]],
                        ['body', 'g (p.py:9)', 'def body(g):\n    y = 1\n    z = g.z\n', [[0, 2], [6, 3]]]]}
    where = pypy_jit.where
    assert where('run_frame;%s:1-77~#6 CALL_FUNCTION' % loop, sources) == 'run_frame line 3: b = getattr(a, "x")'
    assert where('body;/x/tier2.py:1-2~#2 LOAD_ATTR', sources) == 'body f (p.py:3) or g (p.py:9) line 2: x = f.x'
    assert where('body;/x/tier2.py:1-3~#8 LOAD_ATTR', sources) == 'body g (p.py:9) line 3: z = g.z'
    assert where('re Match [1, 2]', sources) == 're Match [1, 2]'
