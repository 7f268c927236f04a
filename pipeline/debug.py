"""A bytecode-level debugger for programs run in the VM: pdb plus instruction commands.

usage: python -m pipeline.debug [--no-cache] [-c COMMAND ...] prog.py [arg ...]

Every pdb command works as in `python -m pdb`; added:
  stepi (si)       run one instruction, stepping into calls
  nexti (ni)       run one instruction of this frame (calls run through)
  stack            the current frame's value stack, bottom first
  blocks           the current frame's block stack (SETUP_FINALLY, EXCEPT_HANDLER)
  dis [all]        the current code object's instructions, `-->` at the current one
                   (`dis all`: nested code objects too)
  where (w, bt)    pdb's stack trace, each frame with its instruction offset and opcode
The instruction commands use 3.8's 'opcode' trace events (frame.f_trace_opcodes).
"""
import io
import os
import pdb
import sys
import traceback
from typing import Any, List, Optional

from . import dis as pipeline_dis
from .vm.frame import Frame

USAGE = __doc__.split('\n', 2)[2]
BLOCK_KINDS = {0: 'SETUP_FINALLY', 1: 'EXCEPT_HANDLER'}   # vm/ops.py's PyTryBlock kinds


def _short(value: Any, limit: int = 70) -> str:
    try:
        text = repr(value)
    except Exception as exc:   # the program's __repr__ failing is shown, not raised
        text = '<repr failed: %s>' % type(exc).__name__
    return text if len(text) <= limit else text[:limit - 3] + '...'


def current_instruction(frame: Any) -> Optional[Any]:
    """The instruction at the frame's f_lasti (the next one to run at a stop), or None."""
    lasti = frame.f_lasti
    for instruction in pipeline_dis.get_instructions(frame.f_code):
        if instruction.offset == max(lasti, 0):
            return instruction
    return None


class Debugger(pdb.Pdb):
    """pdb for VM frames, stopping at single instructions on request."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instruction_mode = False   # a stepi/nexti is under way: stop at an 'opcode' event
        self.at_opcode_stop = False     # stopped by an 'opcode' event (its instruction is next)
        self.skip_opcode: Optional[tuple] = None   # (frame, f_lasti) whose opcode event is no step
        self.prompt = '(Pdb) '

    # -- events -------------------------------------------------------------------------

    def trace_dispatch(self, frame: Any, event: str, arg: Any) -> Any:
        if event == 'opcode':
            if self.quitting:
                return None
            if self.skip_opcode is not None:
                skip, self.skip_opcode = self.skip_opcode, None
                if skip[0] is frame and skip[1] == frame.f_lasti:
                    return self.trace_dispatch   # the instruction a line stop showed starts
            if self.instruction_mode and self.stop_here(frame):
                self.instruction_mode = False
                self.user_opcode(frame)
                if self.quitting:
                    raise pdb.bdb.BdbQuit
            return self.trace_dispatch
        if event == 'call' and self.instruction_mode:
            if type(frame) is Frame:
                frame.f_trace_opcodes = True
            if self.stop_here(frame):
                # a stepi into a call stops at its first instruction, not at '--Call--'
                return self.trace_dispatch
        if event == 'line' and self.instruction_mode:
            if self.break_here(frame):   # breakpoints still stop (a line stop)
                self.instruction_mode = False
                self.user_line(frame)
                if self.quitting:
                    raise pdb.bdb.BdbQuit
            return self.trace_dispatch
        return super().trace_dispatch(frame, event, arg)

    def user_opcode(self, frame: Any) -> None:
        """Stopped before one instruction: pdb's location line, then the instruction."""
        self.at_opcode_stop = True
        try:
            self.interaction(frame, None)
        finally:
            self.at_opcode_stop = False

    def print_stack_entry(self, frame_lineno: Any, prompt_prefix: str = pdb.line_prefix) -> None:
        super().print_stack_entry(frame_lineno, prompt_prefix)
        frame, _ = frame_lineno
        if frame is self.curframe and type(frame) is Frame:
            instruction = current_instruction(frame)
            if instruction is not None:
                self.message(instruction.format(0, True).rstrip())

    def _start_instruction_step(self) -> None:
        """Opcode events on for the VM frames from the stopped one outwards (a step may return)."""
        self.instruction_mode = True
        frame = self.stack[-1][0] if self.stack else self.curframe
        # stopped by a line (or call) event, the instruction shown has its opcode event to come
        self.skip_opcode = None if self.at_opcode_stop else (frame, frame.f_lasti)
        while frame is not None:
            if type(frame) is Frame:
                frame.f_trace_opcodes = True
                if frame.f_trace is None:
                    frame.f_trace = self.trace_dispatch
            frame = frame.f_back

    def _leave_instruction_mode(self) -> None:
        self.instruction_mode = False

    # -- commands -----------------------------------------------------------------------

    def do_stepi(self, arg: str) -> int:
        """si(tepi)
        Execute one instruction; stop at the next one, in a called function if the
        instruction calls one."""
        self._start_instruction_step()
        self.set_step()
        return 1
    do_si = do_stepi

    def do_nexti(self, arg: str) -> int:
        """ni, nexti
        Execute one instruction of the current frame (a call runs to its end)."""
        self._start_instruction_step()
        self.set_next(self.curframe)
        return 1
    do_ni = do_nexti

    def do_step(self, arg: str) -> Any:
        self._leave_instruction_mode()
        return super().do_step(arg)
    do_s = do_step
    do_step.__doc__ = pdb.Pdb.do_step.__doc__

    def do_next(self, arg: str) -> Any:
        self._leave_instruction_mode()
        return super().do_next(arg)
    do_n = do_next
    do_next.__doc__ = pdb.Pdb.do_next.__doc__

    def do_continue(self, arg: str) -> Any:
        self._leave_instruction_mode()
        return super().do_continue(arg)
    do_c = do_cont = do_continue
    do_continue.__doc__ = pdb.Pdb.do_continue.__doc__

    def do_return(self, arg: str) -> Any:
        self._leave_instruction_mode()
        return super().do_return(arg)
    do_r = do_return
    do_return.__doc__ = pdb.Pdb.do_return.__doc__

    def do_until(self, arg: str) -> Any:
        self._leave_instruction_mode()
        return super().do_until(arg)
    do_unt = do_until
    do_until.__doc__ = pdb.Pdb.do_until.__doc__

    def _vm_frame(self) -> Optional[Any]:
        frame = self.curframe
        if type(frame) is not Frame:
            self.error('%s() runs natively: the VM has no value or block stack for it'
                       % frame.f_code.co_name)
            return None
        return frame

    def do_stack(self, arg: str) -> None:
        """stack
        Print the current frame's value stack, bottom first (the last entry is the top)."""
        frame = self._vm_frame()
        if frame is None:
            return
        values = list(frame.stack)
        if not values:
            self.message('(empty)')
        for depth, value in enumerate(values):
            self.message('%3d: %s' % (depth, _short(value)))

    def do_blocks(self, arg: str) -> None:
        """blocks
        Print the current frame's block stack, outermost first: kind, handler offset and
        the value-stack level it restores."""
        frame = self._vm_frame()
        if frame is None:
            return
        blocks = list(frame.blocks)
        if not blocks:
            self.message('(no blocks)')
        for kind, handler, level in blocks:
            self.message('%-15s handler %d, stack level %d' % (
                BLOCK_KINDS.get(kind, str(kind)), 2 * handler, level))

    def do_dis(self, arg: str) -> None:
        """dis [all]
        Disassemble the current frame's code object as dis does, `-->` marking the
        current instruction; `dis all` adds the code objects nested in it."""
        frame = self.curframe
        code = frame.f_code
        out = io.StringIO()
        if type(frame) is not Frame:
            self.error('%s() runs natively: no 3.8 bytecode to show' % code.co_name)
            return
        pipeline_dis.disassemble(code, max(frame.f_lasti, 0), file=out)
        if arg.strip() == 'all':
            for const in code.co_consts:
                if hasattr(const, 'co_code'):
                    out.write('\nDisassembly of %r:\n' % (const,))
                    pipeline_dis.dis(const, file=out)
        self.message(out.getvalue().rstrip('\n'))

    def format_stack_entry(self, frame_lineno: Any, lprefix: str = ': ') -> str:
        text = super().format_stack_entry(frame_lineno, lprefix)
        if not getattr(self, '_with_offsets', False):
            return text
        frame, _ = frame_lineno
        if type(frame) is Frame:
            instruction = current_instruction(frame)
            if instruction is not None:
                head, sep, rest = text.partition('\n')
                where = ' @%d %s' % (instruction.offset, instruction.opname)
                return head + where + sep + rest
        return text

    def do_where(self, arg: str) -> None:
        self._with_offsets = True
        try:
            super().do_where(arg)
        finally:
            self._with_offsets = False
    do_w = do_bt = do_where
    do_where.__doc__ = ((pdb.Pdb.do_where.__doc__ or '').rstrip() +
                        '\n        Each VM frame shows its instruction offset and opcode.')

    # -- running a script (as pdb's _runscript) -------------------------------------------

    def run_script(self, filename: str) -> None:
        import __main__
        __main__.__dict__.clear()
        __main__.__dict__.update({'__name__': '__main__', '__file__': filename,
                                  '__builtins__': __builtins__})
        self._wait_for_mainpyfile = True
        self.mainpyfile = self.canonic(filename)
        self._user_requested_quit = False
        with io.open_code(filename) as stream:
            source = stream.read()
        # inside the VM's host-patch scope, bdb.run's exec compiles this with our compiler
        # (bdb is a tool module: vm/hostcalls.py), so the program runs in the VM
        from .vm import host_patches
        host_patches.enter()
        try:
            self.run("exec(compile(%r, %r, 'exec'))" % (source, self.mainpyfile))
        finally:
            host_patches.leave()


def parse(argv: List[str]) -> tuple:
    """(options for pipeline.run, pdb commands, script and its arguments)."""
    run_options: List[str] = []
    commands: List[str] = []
    index = 0
    while index < len(argv) and argv[index].startswith('-'):
        arg = argv[index]
        if arg in ('-c', '--command') and index + 1 < len(argv):
            commands.append(argv[index + 1])
            index += 2
        elif arg == '--no-cache':
            run_options.append(arg)
            index += 1
        else:
            raise SystemExit(USAGE)
    if index >= len(argv):
        raise SystemExit(USAGE)
    return run_options, commands, argv[index:]


def main(argv: Optional[List[str]] = None) -> int:
    from . import run
    run_options, commands, args = parse(sys.argv[1:] if argv is None else argv)
    filename = args[0]
    if not os.path.exists(filename):
        print('Error:', filename, 'does not exist')
        return 1
    options = run.parse_args(run_options + args)
    runner = run.Runner(options)
    from .vm import stack
    # the debugger's own frames stand between a trace event and the VM frame it is about:
    # the logical stack (f_back) must be walked through them (bdb.run is pdb's bottom frame)
    stack.DRIVER_FILES.discard(os.path.abspath(__file__))
    directory = os.path.dirname(os.path.realpath(filename))
    sys.argv[:] = args
    sys.path[0:1] = [directory]
    runner.install_importer([directory])
    runner.make_main(filename)
    debugger = Debugger()
    debugger.rcLines.extend(commands)
    while True:
        try:
            debugger.run_script(filename)
            if debugger._user_requested_quit:
                break
            print('The program finished and will be restarted')
        except pdb.Restart:
            print('Restarting', filename, 'with arguments:')
            print('\t' + ' '.join(sys.argv[1:]))
        except SystemExit:
            print('The program exited via sys.exit(). Exit status:', end=' ')
            print(sys.exc_info()[1])
        except SyntaxError:
            traceback.print_exc()
            return 1
        except BaseException:
            traceback.print_exc()
            print('Uncaught exception. Entering post mortem debugging')
            print("Running 'cont' or 'step' will restart the program")
            debugger.interaction(None, sys.exc_info()[2])
            print('Post mortem debugger finished. The ' + filename + ' will be restarted')
    return 0


if __name__ == '__main__':
    sys.exit(main())
