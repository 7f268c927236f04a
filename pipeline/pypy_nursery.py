"""On PyPy, the command-line tools re-execute themselves once with a bigger GC nursery
and set their JIT parameters.

PyPy sizes its young-object nursery from the L2 cache (1 MB on the machines measured). The
front end allocates at a rate that fills that every few hundred tokens: PyPy's sre alone
allocates ~1.1-1.7 KB per match, and every minor collection then promotes the batch and the
tree built so far. With a 32 MB nursery the whole compile of the benchmark files takes ~0.78 of
the time (bench/FINDINGS.md, "Session 13, s13parse" and "Session 14, s14front"); the tools
that compile many files take 256 MB (MANY_FILES_NURSERY_SIZE).

PyPy reads PYPY_GC_NURSERY only when the process starts, so no library code can change it.
`relaunch_with_big_nursery()`, called first thing by a tool's `__main__` block, replaces the
process (`execve`, same pid, same open files: stdin is not read before) by the same command
line with the variable set, plus a marker saying that the variable is ours. The re-executed
process sees the marker and removes both from its environment before anything else runs, so
the program, and any process it starts, sees the environment 3.8 would have been given.

Nothing happens:
- on any host other than PyPy (CPython's allocator has no nursery to size);
- when PYPY_GC_NURSERY is already set: the user's value stands (setting it is the way to opt
  out, e.g. PYPY_GC_NURSERY=1MB);
- where the exact command line cannot be recovered. PyPy 3.9 has no `sys.orig_argv`, and
  `sys.argv` has lost the interpreter's own options (-u, -O, -X, -W, ...), so the command line
  is read from /proc/self/cmdline (Linux) and used only if its tail matches sys.argv[1:];
- when the exec itself fails: the tool then runs in this process, with PyPy's default nursery.

Then, in the process that runs the tool, `tune_jit()` sets the tool's JIT parameters
(JIT_PARAMS for pipeline.run: bridges compiled sooner; COMPILE_JIT_PARAMS for the compile
tools, which also start tracing sooner), unless the interpreter's command line has a `--jit`
option (the user's settings stand; `--jit trace_eagerness=200` gives PyPy's default) or
cannot be read. Like the nursery, they change how fast the tool runs, never what it does.
"""
import os
import sys

NURSERY_SIZE = b'32MB'
# The nursery of the tools that compile many files in one process (pipeline.compileall,
# bench.compile). A compile keeps its file's tree alive to its end, and each minor collection
# copies out whatever of that is alive at that moment (~1.3 MB on average over the benchmark's
# 172 files, whatever the nursery's size), so the minors' time goes with their number: 32 MB
# makes ~128 minors per round of those files (~100 MB promoted), 128 MB ~32, 256 MB ~16 (the
# trees of the files finished in between die young). Pages are touched only as the process
# allocates: compileall of the 172 files peaks at ~420 MB RSS (~310 MB with 128 MB, ~670 MB
# with 512 MB, which halves the minors again). pipeline.compile (one file) keeps 32 MB: its
# start and compile allocate ~250 MB, so a bigger nursery only adds RSS (102 MB with 32 MB,
# 195 MB with 128 MB) (bench/FINDINGS.md, "Session 20, s20pycomp", "Session 21, s21pycomp").
MANY_FILES_NURSERY_SIZE = b'256MB'
_NURSERY = b'PYPY_GC_NURSERY'
# set together with _NURSERY by the launch, removed (with it) by the re-executed process
_MARKER = b'PIPELINE_PYPY_GC_NURSERY_SET'
# The tools' JIT parameters (tune_jit). trace_eagerness is how many times a guard fails
# before the JIT compiles a bridge from it (PyPy's default: 200). The compiler's passes
# are one large polymorphic program whose paths keep diverging from the traces made in its
# first rounds: bridges made after 50 failures instead of 200 give ~1.1x the compile
# throughput after the benchmark's warm-up (bench/FINDINGS.md, "Session 15, s15pypyc").
JIT_PARAMS = 'trace_eagerness=50'
# The compile tools' (pipeline.compile, pipeline.compileall, bench.compile): also loops and
# functions traced after 500 and 800 runs instead of 1039 and 1619. The compiler reaches its
# steady state sooner; the VM's programs run 0-18% slower with these, so pipeline.run keeps
# JIT_PARAMS (bench/FINDINGS.md, "Session 16, s16pypyc"; s17pycomp's disable_unrolling=50 lost
# 4 of 5 alternated pairs on a quiet machine, "Session 17, lead").
COMPILE_JIT_PARAMS = 'trace_eagerness=50,threshold=500,function_threshold=800'


def relaunch_with_big_nursery(jit_params: str = JIT_PARAMS,
                              nursery: bytes = NURSERY_SIZE) -> None:
    """Re-execute this PyPy process with PYPY_GC_NURSERY set to `nursery`, or, in the
    re-executed process, remove what the relaunch added to the environment; then set the
    tool's JIT parameters (tune_jit). Returns only when no exec happens."""
    if sys.implementation.name != 'pypy' or os.name != 'posix':
        return
    _relaunch(nursery)
    tune_jit(jit_params)


def _relaunch(nursery: bytes) -> None:
    environ = os.environb
    if _MARKER in environ:
        # the second start: put the environment back as the user gave it (unsetenv as well,
        # so that children of the program do not inherit either variable)
        del environ[_MARKER]
        environ.pop(_NURSERY, None)
        return
    if _NURSERY in environ:
        return
    argv = _own_command_line()
    if argv is None:
        return
    env = dict(environ)
    env[_NURSERY] = nursery
    env[_MARKER] = b'1'
    try:
        os.execve(sys.executable, argv, env)
    except OSError:
        return


def tune_jit(jit_params: str = JIT_PARAMS) -> None:
    """On PyPy, set jit_params for this process, unless the interpreter's command line has a
    --jit option of its own (the user's settings stand) or cannot be read."""
    try:
        import pypyjit
    except ImportError:
        return
    argv = _own_command_line()
    if argv is None:
        return
    options = argv[:len(argv) - (len(sys.argv) - 1)]     # up to the script (or -m, -c)
    if any(option.startswith(b'--jit') for option in options):
        return
    pypyjit.set_param(jit_params)


def _own_command_line():
    """This process's argv as the kernel has it (interpreter options included), or None when it
    cannot be read or does not end with sys.argv[1:] (then re-running it could differ)."""
    try:
        with open('/proc/self/cmdline', 'rb') as cmdline:
            argv = cmdline.read().split(b'\0')
    except OSError:
        return None
    if not argv or argv[-1] != b'':
        return None
    del argv[-1]
    tail = [os.fsencode(arg) for arg in sys.argv[1:]]
    if not argv or not sys.executable or (tail and argv[-len(tail):] != tail):
        return None
    return argv
