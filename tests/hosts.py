"""What a host Python cannot provide to the VM, for the tests that check exactly that."""
import platform

ON_PYPY = platform.python_implementation() == 'PyPy'

# CPython 3.8 finalizes an object when its last reference goes; PyPy at a later collection
NO_REFCOUNT = 'PyPy has no reference counting: __del__ and generator finalization run at a later GC, not when the last reference goes'

# Programs whose 3.8 output depends on what the host cannot give, by name: skipped in the VM
# modes on that host (the cross mode, our bytecode run by CPython 3.8, still runs them).
PYPY_VM_LIMITS = {
    'generator_states': NO_REFCOUNT + ' (and sys.getrefcount does not exist)',
    'object_lifetimes': NO_REFCOUNT,
    'operand_lifetimes': NO_REFCOUNT,
    'tier2_unpack_slots': NO_REFCOUNT + ' (its finalizer_order: the old values die at their stores)',
    'introspection_inspect': "PyPy's object methods (object.__eq__, ...) are plain functions, "
                             'so inspect.getmembers(C, inspect.isfunction) lists them',
    'rebound_builtins': "PyPy's own library code is Python too (its len() message and the parts of "
                        'its builtins and stdlib written in Python): it calls the rebound builtins '
                        'that CPython 3.8\'s C code never sees',
    'generator_consumers': NO_REFCOUNT + "; and PyPy's builtins raise their own messages "
                           "(sorted, max, dict, str.join) where CPython 3.8's differ",
    'traceback_frames': "PyPy's traceback type takes no other tb_frame, so a traceback's frames are "
                        "the host frames standing for the VM's (their f_back is not the caller)",
    'traceback_stand_ins': "PyPy's traceback type takes no other tb_frame (the f_back of an entry's frame "
                           'is the stand-in\'s, None)',
    'traceback_lasti': "PyPy's traceback type takes no other tb_frame or tb_lasti, so an entry's tb_lasti is the "
                       "VM's mark (a negative number: compat.VM_TB_LASTI) and its frame the stand-in",
    'tier2_kept_tracebacks': NO_REFCOUNT + "; and PyPy's traceback type takes no other tb_frame "
                             '(the f_back and f_lineno of kept entries are the stand-ins\')',
    'tier2_reraise_held': NO_REFCOUNT + ' (an iterator\'s __del__ reports the handled exception when the '
                          'unwinding drops it)',
    'tier2_settrace_in_body': NO_REFCOUNT + " (importlib's module-lock weakref callbacks, Python code "
                              'on every host, run at a later GC inside the traced stretch and are '
                              "reported as 'call' events: 3.8 ran them during the imports)",
    'tier2_known_callee_defaults': "PyPy's JIT keeps alive what its machine code holds as constants (a module "
                                   "global's value, the function and its defaults) till that code is freed, past "
                                   'the global\'s deletion and gc.collect(): native PyPy prints the same',
    'tier2_awaited_callee_locals': "PyPy's JIT keeps a function's locals alive past its return when its machine "
                                   'code left the function at a guard in code reached through a recursive call: '
                                   'the caller goes on (blackholed) while the JIT frame of that guard lives; native '
                                   'PyPy does the same (tests/test_pypy_dead_locals.py)',
    'awaited_coroutines_seen_by_gc': "PyPy's gc.get_objects() lists the objects it reaches from its roots "
                                     '(not yet a new coroutine a running frame has), and its gc.get_referrers() '
                                     "walks the heap: minutes for this program's looks",
    # tests/golden/vm/programs/
    'finalization': NO_REFCOUNT,
    'gen_inline': NO_REFCOUNT + ' (a generator abandoned by `break` runs its finally later)',
}


def vm_limit(name: str):
    """Why this host cannot run program `name` as CPython 3.8 does, or None."""
    return PYPY_VM_LIMITS.get(name) if ON_PYPY else None
