"""VM frames (plain data) and argument binding with CPython 3.8's error messages."""
import collections.abc
import operator
import sys
import types
from typing import TYPE_CHECKING, Any, Dict, Iterable, List, Literal, Optional, Protocol, Tuple

if TYPE_CHECKING:
    from typing_extensions import TypeAlias

from ..compiler.code import CO_OPTIMIZED, CO_VARARGS, CO_VARKEYWORDS, CodeType
from ..compiler.opcodes import YIELD_FROM
from .compat import UNHEARD, CellType
from .decode import NULL, Decoded, Instruction
from . import hostbuiltins

hostbuiltins.bind(globals())   # the host's builtins, whatever a program rebinds

# The frame's introspection views (f_back, f_trace, f_lineno = ..., clear()) ask the modules
# above this one; they fill these in when imported, so that this module imports neither.
walker: Any = None   # vm/stack.py: escape, logical_back, view, is_executing, sync_position
tracer: Any = None   # vm/settrace.py: frame_trace, set_lineno
finalize_generator_of: Any = None   # vm/generators.py: closes the generator of a suspended frame

_YIELD_FROM_BYTE = bytes([YIELD_FROM])   # (f_lasti)

# A block of the block stack (3.8's PyTryBlock): (kind, handler index, stack level), kind
# SETUP_FINALLY_BLOCK (0) or EXCEPT_HANDLER_BLOCK (1) of vm/unwind.py
Block: 'TypeAlias' = Tuple[Literal[0, 1], int, int]


class LoopFrame(Protocol):
    """What the eval loop needs of a frame: the registers it loads (vm/instructions.py's
    RELOAD_FRAME) and the fields it keeps while the frame is suspended or calls out."""
    code: CodeType
    dc: Decoded
    instrs: List[Instruction]        # dc.instrs (the plain loop) or dc.plain_instrs
    fast: List[Any]                  # locals, then cells and free variables (NULL: unbound)
    stack: List[Any]                 # the value stack
    blocks: List[Block]
    i: int                           # the next instruction (stored whenever the loop calls out)
    back: Optional['Frame']          # the caller inside the same loop
    globals: Dict[str, Any]
    builtins: Dict[str, Any]
    locals: Any                      # the mapping of a module or class body, else None
    func: Any                        # the Function whose call made the frame (None: module code)
    depth: int                       # VM frames below it (RecursionError at the limit)
    yielded: bool                    # after run_frame: a yield (True) or a return
    gen: Any                         # the generator running it, while it runs
    resume_target: int               # a resumed generator's consumer: FOR_ITER's target or DELEGATED
    host: Any                        # None: never seen outside the loop (reusable); its stand-in
    loop_frame: Optional['Frame']    # an entry frame's loop: the frame it runs now (vm/stack.py)
    loop_outer: Optional['Frame']    # an entry frame's loop: the entry of the loop it runs inside
    loop_nesting: int                # an entry frame's loop: how many loops it runs inside, on this host stack


# mypy reads Frame as implementing LoopFrame; at run time Frame has no base (Protocol's
# machinery on 3.8 would slow every Frame())
_FrameBase: Any = LoopFrame if TYPE_CHECKING else object


class Frame(_FrameBase):
    """One activation of a code object: a collection of attributes with no methods."""
    __slots__ = ('code', 'dc', 'instrs', 'fast', 'stack', 'blocks', 'i', 'back', 'globals',
                 'builtins', 'locals', 'func', 'depth', 'yielded', 'gen', 'resume_target',
                 'host', 'trace', 'trace_state', 'loop_frame', 'loop_outer', 'loop_nesting', 'init',
                 'caller', 'caller_host', '__weakref__')
    trace: Any                       # f_trace (sys.settrace), and vm/settrace.py's FrameTrace
    trace_state: Any
    caller: Any                      # set once seen outside the loop: its VM caller (vm/stack.py's escape)
    # while host code's call of its function runs a compiled body (vm/tier2_calls.py's host_call):
    # the host frame running its caller, which has that caller's position (vm/stack.py's sync_caller)
    caller_host: Any

    def __repr__(self) -> str:
        return '<frame at %#x, file %r, line %d, code %s>' % (
            id(self), self.code.co_filename, self.f_lineno, self.code.co_name)

    # tracing state (sys.settrace; vm/settrace.py keeps the rest in trace_state)
    @property
    def f_trace(self) -> Any:
        return getattr(self, 'trace', None)

    @f_trace.setter
    def f_trace(self, value: Any) -> None:
        # as frame_settrace: f_lineno is kept accurate while f_trace is set
        tracer.frame_trace(self).lineno = self.f_lineno
        self.trace = None if value is None else value

    @f_trace.deleter
    def f_trace(self) -> None:
        self.trace = None

    f_trace_lines = property(lambda self: _trace_flag(self, 'lines', True),
                             lambda self, value: _set_trace_flag(self, 'lines', value))
    f_trace_opcodes = property(lambda self: _trace_flag(self, 'opcodes', False),
                               lambda self, value: _set_trace_flag(self, 'opcodes', value))

    def clear(self) -> None:
        """Drop the locals of a frame that is not executing (as frame.clear(); an executing one
        raises): a suspended generator's frame is its generator's, which is finalized (closed)
        first, as _PyGen_Finalize."""
        if walker.is_executing(self):
            raise RuntimeError('cannot clear an executing frame')
        if self.yielded:
            finalize_generator_of(self)
            if self.yielded:   # (no generator found, or it yielded again: it must stay resumable)
                return
        self.trace = None
        fast = self.fast
        if fast is not None:
            fast[:] = [NULL] * len(fast)
        del self.stack[:]

    # read-only views with the names of host frame attributes, for introspection
    # (inspect.getgeneratorstate, gi_frame.f_lineno, ...)
    # (C getters: a trace function reading frame.f_code makes no call event of its own)
    f_code = property(operator.attrgetter('code'))
    f_globals = property(operator.attrgetter('globals'))
    f_builtins = property(lambda self: self.builtins.mapping if type(self.builtins) is MappingBuiltins
                          else self.builtins)
    # isinstance(frame, types.FrameType) is True (isinstance consults __class__), as
    # inspect.isframe, getframeinfo and traceback.walk_stack ask; type() is still Frame
    __class__ = property(lambda self: types.FrameType)   # type: ignore[assignment]

    @property
    def f_back(self) -> Any:
        """The caller, across host code and other eval loops (the logical stack)."""
        if self.back is not None and getattr(self, 'caller_host', None) is None:
            return walker.escape(self.back)
        return walker.view(walker.logical_back(self))

    @property
    def f_lasti(self) -> int:
        """The offset of the instruction running (`i` is stored in a running frame whenever it
        calls out, one past it: vm/instructions.py). But a frame whose YIELD_FROM runs a
        generator in the loop (or its compiled step) is left at the YIELD_FROM itself, to go on
        from there when the generator yields: while it runs (the frame's generator running),
        that is 3.8's f_lasti; once suspended, 3.8's is the instruction before, as 2 * i - 2.
        (During a trace event of the frame, its hook has set i to show 3.8's position.)"""
        if self._in_event():
            return 2 * self.i - 2 if self.i else -1
        walker.sync_position(self)
        i = self.i
        if not i:
            return -1
        if self.gen is not None and self.code.co_code[2 * i:2 * i + 1] == _YIELD_FROM_BYTE:
            return 2 * i
        return 2 * i - 2

    def _in_event(self) -> bool:
        """Whether a trace or profile function handles an event of this frame (vm/settrace.py)."""
        state = getattr(self, 'trace_state', None)
        return state is not None and state.in_event

    def _current_line(self) -> int:
        return self.dc.line_of(self.i - 1)

    @property
    def f_lineno(self) -> int:
        # as PyFrame_GetLineNumber: while traced, the line of the last 'line' event
        if getattr(self, 'trace', None) is not None:
            state = getattr(self, 'trace_state', None)
            return self.code.co_firstlineno if state is None else state.lineno
        if not self._in_event():
            walker.sync_position(self)
        return self._current_line()

    @f_lineno.setter
    def f_lineno(self, value: Any) -> None:
        tracer.set_lineno(self, value)

    def walked_lineno(self) -> int:
        """f_lineno for a reader that walked the stack to this frame (vm/stack.py's walks set
        the position of each frame they pass): without f_lineno's own look for a running frame."""
        if getattr(self, 'trace', None) is not None:
            return self.f_lineno
        return self._current_line()

    f_locals = property(lambda self: frame_locals(self))


def _audited_code(frame: Frame) -> Any:
    # (what the VM's machinery reads, compat.unheard, is unheard)
    if not UNHEARD.depth:
        sys.audit('object.__getattr__', frame, 'f_code')
    return frame.code


def audit_code_reads() -> None:
    """Once a program has an audit hook: reading f_code is heard, as 3.8's READ_RESTRICTED
    member (until then the C getter, which costs a trace function no call event)."""
    Frame.f_code = property(_audited_code)   # type: ignore[assignment]


Frame.__name__ = Frame.__qualname__ = 'frame'   # as type(frame).__name__ in CPython
Frame.__module__ = 'builtins'


def _trace_flag(frame: Frame, name: str, default: bool) -> bool:
    """f_trace_lines / f_trace_opcodes: the frame's setting, `default` until one is made."""
    state = getattr(frame, 'trace_state', None)
    return default if state is None else getattr(state, name)


def _set_trace_flag(frame: Frame, name: str, value: Any) -> None:
    if type(value) is not bool:
        raise TypeError('attribute value type must be bool')
    setattr(tracer.frame_trace(frame), name, value)


class StandInLocals(collections.abc.Mapping):
    """The f_locals of a VM frame's traceback stand-in (vm/tracebacks.py): a live read-only view
    of the frame's locals, which a traceback keeps alive as CPython's keeps its frame's, and the
    link to the frame itself, so that `tb.tb_frame` can be the frame.

    `frame`: a weak reference to it (it holds its stand-in, which must not hold it back: every
    frame an exception passed through would then be freed by the cycle collector only, late for
    its locals' finalizers), None where the host cannot show it (PyPy); `caller`: its logical
    caller (f_back once it has finished); `index`: its instruction at its latest traceback entry;
    `revived`: its finished copy, made once it is gone (tracebacks.tb_frame_of)."""
    __slots__ = ('dc', 'frame', 'caller', 'index', 'revived')
    dc: Decoded
    frame: Any
    caller: Any
    index: int
    revived: Any


class FastLocals(StandInLocals):
    """An optimized frame's locals (its fast slots and cells), by name."""
    __slots__ = ('fast',)

    def __init__(self, dc: Decoded, fast: List[Any], frame: Any = None, caller: Any = None,
                 index: int = -1) -> None:
        self.dc = dc
        self.fast = fast
        self.frame = frame
        self.caller = caller
        self.index = index
        self.revived = None

    def _slots(self) -> Any:
        """(name, index, is_cell) of every local, cell and free variable."""
        dc = self.dc
        for index, name in enumerate(dc.code.co_varnames[:dc.nlocals]):   # (as PyFrame_FastToLocals)
            yield name, index, False
        for offset in range(dc.ncells + len(dc.code.co_freevars)):
            yield dc.cell_names[offset], dc.nlocals + offset, True

    def _value(self, index: int, is_cell: bool) -> Any:
        value = self.fast[index]
        if is_cell and value is not NULL:
            try:
                return value.cell_contents
            except ValueError:
                return NULL
        return value

    def __getitem__(self, name: str) -> Any:
        found = NULL
        for slot_name, index, is_cell in self._slots():
            if slot_name == name:
                found = self._value(index, is_cell)
        if found is NULL:
            raise KeyError(name)
        return found

    def __iter__(self) -> Any:
        seen = set()
        for name, index, is_cell in self._slots():
            if name not in seen and self._value(index, is_cell) is not NULL:
                seen.add(name)
                yield name

    def __len__(self) -> int:
        count = 0   # (not sum(): PyPy's finds isinstance in the builtins module; not list(self),
        for _ in self:   # which asks this __len__ for its length)
            count += 1
        return count

    def copy(self) -> dict:
        return dict(self)

    def __repr__(self) -> str:
        return repr(dict(self))


class NamespaceLocals(StandInLocals):
    """A module or class body frame's namespace."""
    __slots__ = ('namespace',)

    def __init__(self, dc: Decoded, namespace: Any, frame: Any, caller: Any, index: int) -> None:
        self.dc = dc
        self.namespace = namespace
        self.frame = frame
        self.caller = caller
        self.index = index
        self.revived = None

    def __getitem__(self, name: Any) -> Any:
        return self.namespace[name]

    def __iter__(self) -> Any:
        return iter(self.namespace)

    def __len__(self) -> int:
        return len(self.namespace)

    def __repr__(self) -> str:
        return repr(self.namespace)


def frame_locals(f: Any) -> Any:
    """locals() of a VM frame: the namespace, or a dict snapshot of the fast locals (PyFrame_FastToLocals)."""
    code = f.code
    if not code.co_flags & CO_OPTIMIZED:
        return f.locals
    snapshot = f.locals
    if snapshot is None:
        snapshot = f.locals = {}
    dc = f.dc
    fast = f.fast
    for index, name in enumerate(code.co_varnames):
        value = fast[index]
        if value is NULL:
            snapshot.pop(name, None)
        else:
            snapshot[name] = value
    count = dc.ncells + len(code.co_freevars)
    for offset in range(count):
        name = dc.cell_names[offset]
        cell = fast[dc.nlocals + offset]
        try:
            if cell is NULL:   # (cleared: frame.clear())
                raise ValueError
            snapshot[name] = cell.cell_contents
        except ValueError:
            snapshot.pop(name, None)
    return snapshot


class MappingBuiltins(dict):
    """A frame's builtins that are not a dict (exec(code, {'__builtins__': obj})): looked up
    with obj[name] as 3.8's LOAD_GLOBAL and LOAD_NAME do (PyObject_GetItem), a KeyError
    meaning absent, any other error the lookup's (123 gives "'int' object is not subscriptable")."""
    __slots__ = ('mapping',)
    mapping: Any

    def __init__(self, mapping: Any) -> None:
        self.mapping = mapping

    def __contains__(self, name: object) -> bool:
        try:
            self.mapping[name]
        except KeyError:
            return False
        return True

    def __getitem__(self, name: Any) -> Any:
        return self.mapping[name]

    def get(self, name: Any, default: Any = None) -> Any:
        try:
            return self.mapping[name]
        except KeyError:
            return default


def builtins_of(globals_dict: dict) -> dict:
    """The builtins dict a frame with these globals uses (as 3.8's PyFrame_New)."""
    value = globals_dict.get('__builtins__', NULL) if type(globals_dict) is dict else NULL
    if value is NULL:
        try:
            value = globals_dict['__builtins__']
        except (KeyError, TypeError):
            return {'None': None}
    if isinstance(value, dict):
        return value
    if isinstance(value, types.ModuleType):
        return value.__dict__
    return MappingBuiltins(value)


def new_frame(dc: Decoded, fast: List[Any], globals_dict: dict, builtins_dict: dict,
              locals_map: Any, func: Any) -> Frame:
    """A frame ready to run from its first instruction."""
    frame = Frame()
    frame.code = dc.code
    frame.dc = dc
    frame.instrs = dc.instrs
    frame.fast = fast
    frame.stack = []
    frame.blocks = []
    frame.i = 0
    frame.back = None
    frame.globals = globals_dict
    frame.builtins = builtins_dict
    frame.locals = locals_map
    frame.func = func
    frame.depth = 0
    frame.yielded = False
    frame.gen = None
    frame.host = None
    frame.init = None   # the instance, in an __init__ frame tier 1 called inline (vm/adaptive.py)
    frame.trace = None  # (an unset slot's getattr(frame, 'trace', None) raises and catches inside)
    return frame


def _format_missing(name: str, kind: str, missing: List[str]) -> TypeError:
    """as format_missing in ceval.c."""
    reprs = [repr(item) for item in missing]
    if len(reprs) == 1:
        names = reprs[0]
    elif len(reprs) == 2:
        names = '%s and %s' % (reprs[0], reprs[1])
    else:
        names = ', '.join(reprs[:-2]) + ', %s, and %s' % (reprs[-2], reprs[-1])
    return TypeError('%s() missing %d required %s argument%s: %s' % (
        name, len(reprs), kind, '' if len(reprs) == 1 else 's', names))


def _too_many_positional(code: Any, given: int, defcount: int, fast: List[Any]) -> TypeError:
    """as too_many_positional in ceval.c."""
    argcount = code.co_argcount
    kwonly_given = len([k for k in range(argcount, argcount + code.co_kwonlyargcount)
                        if fast[k] is not NULL])   # (not sum(): PyPy's is Python code)
    if defcount:
        plural = True
        sig = 'from %d to %d' % (argcount - defcount, argcount)
    else:
        plural = argcount != 1
        sig = '%d' % argcount
    kwonly_sig = ''
    if kwonly_given:
        kwonly_sig = ' positional argument%s (and %d keyword-only argument%s)' % (
            's' if given != 1 else '', kwonly_given, 's' if kwonly_given != 1 else '')
    return TypeError('%s() takes %s positional argument%s but %d%s %s given' % (
        code.co_name, sig, 's' if plural else '', given, kwonly_sig,
        'was' if given == 1 and not kwonly_given else 'were'))


def bind_arguments(dc: Decoded, defaults: Optional[tuple], kwdefaults: Optional[dict],
                   closure: Optional[tuple], args: Tuple[Any, ...],
                   kwargs: Optional[Dict[Any, Any]]) -> List[Any]:
    """The frame's fast locals (arguments, then locals, cells, free variables), as _PyEval_EvalCodeWithName."""
    code = dc.code
    name = code.co_name
    argcount = code.co_argcount
    kwonly = code.co_kwonlyargcount
    total_args = argcount + kwonly
    flags = code.co_flags
    varnames = code.co_varnames
    fast: List[Any] = [NULL] * (dc.nlocals + len(dc.cell_names))
    kwdict: Optional[Dict[str, Any]] = None
    if flags & CO_VARKEYWORDS:
        kwdict = {}
        fast[total_args + (1 if flags & CO_VARARGS else 0)] = kwdict
    given = len(args)
    count = argcount if given > argcount else given
    fast[:count] = args[:count]
    if flags & CO_VARARGS:
        fast[total_args] = tuple(args[count:])
    if kwargs:
        posonly = code.co_posonlyargcount
        # (over a copy of the items, as the call's keyword array in 3.8: a key's __eq__
        # may change the caller's dict, f(**d))
        for keyword, value in tuple(kwargs.items()):
            if type(keyword) is not str and not isinstance(keyword, str):
                raise TypeError('%s() keywords must be strings' % name)
            for index in range(posonly, total_args):
                if varnames[index] == keyword:
                    break
            else:
                if kwdict is None:
                    if posonly:
                        passed = [varnames[k] for k in range(posonly) for kw in kwargs if kw == varnames[k]]
                        if passed:
                            raise TypeError('%s() got some positional-only arguments passed as keyword '
                                            'arguments: \'%s\'' % (name, ', '.join(passed)))
                    raise TypeError("%s() got an unexpected keyword argument '%s'" % (name, keyword))
                kwdict[keyword] = value
                continue
            if fast[index] is not NULL:
                raise TypeError("%s() got multiple values for argument '%s'" % (name, keyword))
            fast[index] = value
    if given > argcount and not flags & CO_VARARGS:
        raise _too_many_positional(code, given, len(defaults) if defaults else 0, fast)
    if given < argcount:
        defcount = len(defaults) if defaults else 0
        first_default = argcount - defcount
        missing = [varnames[k] for k in range(given, first_default) if fast[k] is NULL]
        if missing:
            raise _format_missing(name, 'positional', missing)
        for k in range(max(given, first_default), argcount):
            if fast[k] is NULL:
                fast[k] = (defaults or ())[k - first_default]
    if kwonly:
        missing = []
        for k in range(argcount, total_args):
            if fast[k] is not NULL:
                continue
            if kwdefaults is not None and varnames[k] in kwdefaults:
                fast[k] = kwdefaults[varnames[k]]
                continue
            missing.append(varnames[k])
        if missing:
            raise _format_missing(name, 'keyword-only', missing)
    setup_cells(dc, fast, closure)
    return fast


# Plans kept per code object: its call shapes are few (a call site's keywords are constants)
MAX_PLANS = 16


def bind_planned(dc: Decoded, defaults: Optional[tuple], kwdefaults: Optional[dict],
                 closure: Optional[tuple], args: Tuple[Any, ...],
                 kwargs: Optional[Dict[Any, Any]]) -> List[Any]:
    """bind_arguments, with where each value goes worked out once per call shape (the number of
    positional arguments and the keywords, in order) and kept on the decoded code: a call
    binds by the plan with no name lookups; a call that would fail (a missing argument, a
    default gone since) or a shape with no plan (an unknown or repeated keyword, **kwargs to
    collect, a keyword that is no exact str) is bound by bind_arguments, so every error is its own."""
    try:
        plan = _planned(dc, len(args), tuple(kwargs) if kwargs else ())
    except TypeError:   # (an unhashable keyword: bind_arguments says what is wrong)
        plan = None
    fast = None if plan is None else _bind_by_plan(dc, plan, defaults, kwdefaults, closure, args,
                                                   kwargs.values() if kwargs else ())
    if fast is None:
        return bind_arguments(dc, defaults, kwdefaults, closure, args, kwargs)
    return fast


def bind_keywords(dc: Decoded, defaults: Optional[tuple], kwdefaults: Optional[dict],
                  closure: Optional[tuple], values: List[Any], names: Tuple[Any, ...]) -> Optional[List[Any]]:
    """bind_planned for a keyword call's operands as the stack holds them (CALL_FUNCTION_KW): the
    positional arguments, then the values of the keywords `names` (the call's constant tuple),
    with no keyword dict made. The plan of the last names tuple and positional count is kept on
    the decoded code, found again by identity (no key built or hashed); None where bind_planned
    must bind from a keyword dict (no plan, or a call that fails)."""
    given = len(values) - len(names)
    kept = dc.keywords
    if kept is None or kept[0] is not names or kept[1] != given:
        plan = _planned(dc, given, names) if all(type(name) is str for name in names) else None
        kept = dc.keywords = (names, given, plan)
    if kept[2] is None:
        return None
    return _bind_by_plan(dc, kept[2], defaults, kwdefaults, closure, values[:given], values[given:])


def _planned(dc: Decoded, given: int, keywords: Tuple[Any, ...]) -> Any:
    """The plan of a call with `given` positional arguments and these keywords, kept per shape."""
    plans = dc.bindings
    if plans is None:
        plans = dc.bindings = {}
    key: Any = (given,) + keywords if keywords else given
    try:
        return plans[key]
    except KeyError:
        plan = _plan(dc, given, keywords)
        if len(plans) < MAX_PLANS:
            plans[key] = plan
        return plan


def _bind_by_plan(dc: Decoded, plan: Any, defaults: Optional[tuple], kwdefaults: Optional[dict],
                  closure: Optional[tuple], args: Any, keyword_values: Any) -> Optional[List[Any]]:
    """The fast locals of a call bound by `plan`: `args` the positional arguments (a tuple or a
    list), `keyword_values` the keywords' values in the plan's order; None where the call fails
    (bind_arguments raises its error)."""
    count, keyword_slots, from_defaults, from_kwdefaults, tail, varargs = plan
    fast: List[Any] = list(args[:count]) if len(args) != count else list(args)
    fast.extend(tail)   # (NULL for every other local, cell and free variable)
    if varargs >= 0:
        fast[varargs] = tuple(args[count:])
    for slot, value in zip(keyword_slots, keyword_values):
        fast[slot] = value
    if from_defaults:
        first_default = dc.argcount - (len(defaults) if defaults else 0)
        if from_defaults[0] < first_default:   # (a required argument missing)
            return None
        for slot in from_defaults:
            fast[slot] = defaults[slot - first_default]   # type: ignore[index]
    for slot, name in from_kwdefaults:
        if kwdefaults is None or name not in kwdefaults:
            return None
        fast[slot] = kwdefaults[name]
    if dc.ncells:
        setup_cells(dc, fast, closure)
    elif closure:   # (setup_cells' copy of the closure, inlined: no cells of its own)
        start = dc.nlocals
        fast[start:start + len(closure)] = closure
    return fast


def _plan(dc: Decoded, given: int, keywords: Iterable[Any]) -> Any:
    """The plan of a call with `given` positional arguments and these keywords: (how
    many positional arguments fill parameters, the parameter slot of each keyword, the
    positional parameters that take their defaults, (slot, name) of the keyword-only ones that
    take theirs, the NULLs that follow the positional arguments in the frame's locals, the slot
    of *args or -1); None where bind_arguments must bind (it raises, or collects **kwargs)."""
    code = dc.code
    argcount = code.co_argcount
    flags = code.co_flags
    if flags & CO_VARKEYWORDS or (given > argcount and not flags & CO_VARARGS):
        return None
    varnames = code.co_varnames
    named = argcount + code.co_kwonlyargcount   # (the parameters a keyword may name)
    count = min(given, argcount)
    slots = []
    for keyword in keywords:
        if type(keyword) is not str:
            return None
        for index in range(code.co_posonlyargcount, named):
            if varnames[index] == keyword:
                break
        else:
            return None
        if index < count or index in slots:   # (multiple values for it)
            return None
        slots.append(index)
    taken = set(slots)
    from_defaults = tuple(k for k in range(count, argcount) if k not in taken)
    from_kwdefaults = tuple((k, varnames[k]) for k in range(argcount, named) if k not in taken)
    # the NULLs after the positional arguments, and the slot of *args (-1: none)
    tail = [NULL] * (dc.nlocals + len(dc.cell_names) - count)
    varargs = named if flags & CO_VARARGS else -1
    return count, tuple(slots), from_defaults, from_kwdefaults, tail, varargs


def setup_cells(dc: Decoded, fast: List[Any], closure: Optional[tuple]) -> None:
    """Create the frame's cells (moving arguments that are cells into them) and copy the closure."""
    nlocals = dc.nlocals
    ncells = dc.ncells
    if ncells:
        for k in range(ncells):
            fast[nlocals + k] = CellType()
        for cell_index, arg_index in dc.cell2arg:
            fast[nlocals + cell_index].cell_contents = fast[arg_index]
            fast[arg_index] = NULL
    if closure:
        start = nlocals + ncells
        fast[start:start + len(closure)] = closure
