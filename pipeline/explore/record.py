"""Records one run of a program in our VM, a snapshot before every instruction (the stepper's history).

Runs in its own process (`python -m pipeline.explore.record REQUEST.json RESULT.json`), so
the program cannot disturb the server: its output, sys.exit, endless loops and crashes stay
here. Each snapshot holds the call stack (per frame: value stack, block stack, locals,
cells, frees, next instruction and line) and how much stdout/stderr had been written.
A limit on instructions or seconds ends the run where it is, and the result says so.
"""
import io
import json
import os
import reprlib
import sys
import time
from typing import Any, Dict, List, Optional

from ..compiler.opcodes import YIELD_FROM, YIELD_VALUE

BLOCK_NAMES = {0: 'SETUP_FINALLY', 1: 'EXCEPT_HANDLER'}
MODULE_DUNDERS = frozenset(('__builtins__', '__loader__', '__spec__', '__package__', '__file__',
                            '__cached__', '__name__', '__doc__'))
MAX_FRAMES_SHOWN = 40

_repr = reprlib.Repr()
_repr.maxstring = 80
_repr.maxother = 80
_repr.maxlist = _repr.maxtuple = _repr.maxset = _repr.maxdict = 8
_repr.maxlevel = 3


def code_objects(code: Any) -> List[Any]:
    """`code` and every code object nested in its constants, in the order dis shows them."""
    found, pending = [], [code]
    while pending:
        current = pending.pop()
        found.append(current)
        pending.extend(reversed([c for c in current.co_consts if hasattr(c, 'co_code')]))
    return found


class Capture(io.StringIO):
    """sys.stdout/sys.stderr of the program: everything written, kept in order."""

    def isatty(self) -> bool:
        return False


class Recorder:
    """The step hook: turns each (frame, next instruction) into a snapshot in `steps`."""

    def __init__(self, main_code: Any, max_instructions: int, max_seconds: float,
                 stdout: Capture, stderr: Capture, finish: Any) -> None:
        self.code_index = {id(code): index for index, code in enumerate(code_objects(main_code))}
        self.codes = code_objects(main_code)     # keeps the ids above valid
        self.max_instructions = max_instructions
        self.deadline = time.monotonic() + max_seconds
        self.stdout, self.stderr = stdout, stderr
        self.finish = finish
        self.steps: List[list] = []
        self.frame_table: List[dict] = []
        self._frame_ids: Dict[str, int] = {}
        self._serials: Dict[int, int] = {}       # id(frame) -> serial, frames of the last step
        self._next_serial = 0
        self._busy = False                       # a program __repr__ runs VM code: not steps
        self._suspended: set = set()             # (id(frame), index) of generators that yielded

    def __call__(self, frame: Any, index: int) -> None:
        if self._busy:
            return
        if len(self.steps) >= self.max_instructions:
            self.finish('instructions')
        if self.steps and time.monotonic() > self.deadline:
            # the first step is always kept: a history never ends before it starts (a loaded
            # machine can spend the whole time limit before the program's first instruction)
            self.finish('seconds')
        self._busy = True
        try:
            self.steps.append(self.snapshot(frame, index))
        except Exception as exc:   # a fault of the recorder, not of the program: end the run, say so
            self.finish('internal error: %s: %s' % (type(exc).__name__, exc))
        finally:
            self._busy = False

    def snapshot(self, frame: Any, index: int) -> list:
        """[frame ids (outermost first), stdout length, stderr length]."""
        from ..vm import stack as vm_stack
        frames = list(vm_stack.logical_frames(vm_stack.host_getframe(2)))
        if not frames or frames[0] is not frame:
            frames.insert(0, frame)
        frames = frames[:MAX_FRAMES_SHOWN]
        serials = {}
        described = []
        for depth, each in enumerate(frames):
            key = id(each)
            serial = self._serials.get(key)
            if serial is None:
                serial = self._next_serial
                self._next_serial += 1
            serials[key] = serial
            described.append(self.describe(each, index if depth == 0 else None, serial))
        self._serials = serials
        ids = []
        for data in reversed(described):
            text = json.dumps(data, sort_keys=True)
            frame_id = self._frame_ids.get(text)
            if frame_id is None:
                frame_id = self._frame_ids[text] = len(self.frame_table)
                self.frame_table.append(data)
            ids.append(frame_id)
        return [ids, self.stdout.tell(), self.stderr.tell()]

    def describe(self, frame: Any, index: Optional[int], serial: int) -> dict:
        """One frame as plain data; `index` is the next instruction of the innermost frame."""
        from ..vm.frame import Frame
        if type(frame) is not Frame:   # host code between VM frames (a library's Python function)
            code = frame.f_code
            return {'serial': serial, 'host': True, 'name': code.co_name,
                    'file': code.co_filename, 'line': frame.f_lineno}
        dc = frame.dc
        code = frame.code
        count = len(dc.raw)
        state = 'running'
        if index is None:       # a caller: frame.i is past the call instruction it is in
            index = max(frame.i - 1, 0)
            state = 'calling'
        elif index >= count:
            state = 'returning'
        elif frame.yielded and (index and dc.raw[index - 1][0] == YIELD_VALUE
                                or dc.raw[index][0] == YIELD_FROM):
            # the same position is reported when the generator leaves and when it resumes
            where = (id(frame), index)
            state = 'resumed' if where in self._suspended else 'yielded'
            (self._suspended.discard if state == 'resumed' else self._suspended.add)(where)
        line = dc.line_of(min(index, count - 1))
        data = {'serial': serial, 'name': code.co_name, 'file': code.co_filename,
                'code': self.code_index.get(id(code), -1), 'index': index, 'offset': 2 * index,
                'line': line, 'state': state,
                'stack': [self.show(item) for item in frame.stack],
                'blocks': [{'type': BLOCK_NAMES.get(kind, str(kind)), 'handler': 2 * handler,
                            'level': level} for kind, handler, level in frame.blocks]}
        data.update(self.variables(frame))
        return data

    def variables(self, frame: Any) -> dict:
        """locals, cells and frees of a frame, each [name, repr] (unbound ones left out)."""
        from ..vm.decode import NULL
        dc = frame.dc
        code = frame.code
        fast = frame.fast
        if code.co_flags & 0x1:   # CO_OPTIMIZED: fast locals
            names = [[name, self.show(fast[slot])] for slot, name in enumerate(code.co_varnames)
                     if fast[slot] is not NULL]
        else:                     # module or class body: its namespace
            namespace = frame.locals if isinstance(frame.locals, dict) else {}
            hide = MODULE_DUNDERS if namespace is frame.globals else ()
            names = [[name, self.show(value)] for name, value in list(namespace.items())
                     if name not in hide]
        cells, frees = [], []
        for offset, name in enumerate(dc.cell_names):
            cell = fast[dc.nlocals + offset] if fast is not None else NULL
            try:
                shown = self.show(cell.cell_contents)
            except (ValueError, AttributeError):
                shown = '<empty>'
            (cells if offset < dc.ncells else frees).append([name, shown])
        return {'locals': names, 'cells': cells, 'frees': frees}

    def show(self, value: Any) -> str:
        """A short repr; never raises (a program's __repr__ may)."""
        if value.__class__.__name__ == '_Null':
            return '<NULL>'
        try:
            return _repr.repr(value)
        except BaseException as exc:   # the program's own __repr__ failed or exited
            return '<repr failed: %s>' % type(exc).__name__


def record(source: str, filename: str, max_instructions: int, max_seconds: float,
           output: str) -> None:
    """Run `source` in the VM, writing the history as JSON to `output`; exits the process."""
    from .. import run as pipeline_run
    from ..vm import stack as vm_stack
    directory = os.getcwd()
    with open(filename, 'w', encoding='utf-8') as stream:
        stream.write(source)
    real_stdout = sys.stdout
    stdout, stderr = Capture(), Capture()
    started = time.monotonic()
    state: Dict[str, Any] = {'recorder': None}

    def finish(limit: Optional[str], status: Optional[int] = None) -> None:
        sys.stdout, sys.stderr = real_stdout, sys.__stderr__
        recorder = state['recorder']
        steps = recorder.steps if recorder else []
        if limit is None:   # the program has ended: a last step with no frames
            steps.append([[], stdout.tell(), stderr.tell()])
        result = {'limit': limit, 'status': status, 'stdout': stdout.getvalue(),
                  'stderr': stderr.getvalue(), 'seconds': round(time.monotonic() - started, 3),
                  'steps': steps, 'frames': recorder.frame_table if recorder else []}
        with open(output, 'w', encoding='utf-8') as stream:
            json.dump(result, stream)
        os._exit(0)

    options = pipeline_run.Options()
    options.filename = filename
    options.args = [filename]
    runner = pipeline_run.Runner(options)
    vm_stack.end_stack_at([os.path.abspath(__file__)])
    sys.argv[:] = [filename]
    sys.path[0:1] = [directory]
    sys.stdout, sys.stderr = stdout, stderr
    code = runner.compile_main(source, filename)
    if code is None:
        finish(None, 1)
    recorder = state['recorder'] = Recorder(code, max_instructions, max_seconds, stdout,
                                            stderr, finish)
    runner.install_importer([directory])
    main = runner.make_main(filename)
    namespace = main.__dict__

    def run_with_tools(code: Any, namespace: dict) -> None:
        with runner.vm.hooks(step=recorder):
            runner.vm.run_code(code, namespace)

    runner.run_with_tools = run_with_tools
    finish(None, runner.execute(code, namespace))


def main() -> None:
    request_path, output = sys.argv[1:3]
    with open(request_path, encoding='utf-8') as stream:
        request = json.load(stream)
    sys.stdin = io.StringIO('')
    record(request['source'], request['filename'], request['max_instructions'],
           request['max_seconds'], output)


if __name__ == '__main__':
    main()
