"""Tracing and profiling cases run natively (CPython 3.8, the oracle) and in our VM: prints one
JSON line per case with the events its trace or profile function saw, for tests/test_settrace.py.

Only events of this file's frames are kept (the VM does not trace host frames); object
addresses are blanked. Modelled on Lib/test/test_sys_settrace.py and test_sys_setprofile.py.
"""
import json
import re
import sys
import threading

CASES = []
HERE = __file__


def case(kind):
    def register(function):
        CASES.append((function.__name__, kind, function))
        return function
    return register


def shown(value):
    return re.sub(r' at 0x[0-9a-f]+', ' at 0x?', repr(value))[:80]


def describe(event, arg):
    if event == 'exception':
        return [arg[0].__name__, str(arg[1])[:60], arg[2] is None]
    if event.startswith('c_'):
        owner = getattr(arg, '__self__', None)
        return [arg.__name__, type(owner).__name__ if owner is not None else None]
    if event == 'return':
        return shown(arg)
    return None


class Recorder:
    """A trace function recording (function, event, line, arg) for this file's frames."""

    def __init__(self, opcodes=False, lines=True, local=True):
        self.events = []
        self.opcodes = opcodes
        self.lines = lines
        self.local = local

    def __call__(self, frame, event, arg):
        if frame.f_code.co_filename != HERE:
            return None
        if self.opcodes:
            frame.f_trace_opcodes = True
        if not self.lines:
            frame.f_trace_lines = False
        self.events.append([frame.f_code.co_name, event, frame.f_lineno, describe(event, arg)])
        return self if self.local else None


def traced(function, recorder=None):
    recorder = recorder or Recorder()
    sys.settrace(recorder)
    try:
        function()
    except Exception as exc:
        recorder.events.append(['<raised>', type(exc).__name__, str(exc)])
    finally:
        sys.settrace(None)
    return recorder.events


def profiled(function):
    events = []

    def profiler(frame, event, arg):
        if frame.f_code.co_filename == HERE:
            events.append([frame.f_code.co_name, event, frame.f_lineno, describe(event, arg)])
    sys.setprofile(profiler)
    try:
        function()
    except Exception as exc:
        events.append(['<raised>', type(exc).__name__, str(exc)])
    finally:
        sys.setprofile(None)
    return events


# ---- trace cases ----------------------------------------------------------------------

def basic():
    return 1


@case('trace')
def t_basic():
    basic()


def arigo_example():
    x = 1
    del x
    while 0:
        pass
    x = 1


@case('trace')
def t_arigo():
    arigo_example()


def one_instr_line():
    x = 1
    del x
    x = 1


@case('trace')
def t_one_instr_line():
    one_instr_line()


def no_pop_blocks():
    y = 1
    while not y:
        bla
    x = 1


@case('trace')
def t_no_pop_blocks():
    no_pop_blocks()


def called():
    x = 1


def call():
    called()


@case('trace')
def t_call():
    call()


def raises():
    raise Exception


def test_raise():
    try:
        raises()
    except Exception:
        pass


@case('trace')
def t_raise():
    test_raise()


def loop_in_loop():
    for i in range(3):
        for j in range(2):
            pass
    return i


@case('trace')
def t_loop_in_loop():
    loop_in_loop()


def generator_function():
    try:
        yield True
        "continued"
    finally:
        "finally"


def generator_example():
    x = any(generator_function())
    for x in range(10):
        pass


@case('trace')
def t_generator():
    generator_example()


def gen_with_return():
    yield 1
    y = yield 2
    return y


def consumer():
    for v in gen_with_return():
        pass
    return [i * 2 for i in range(2)]


@case('trace')
def t_consumer():
    consumer()


def try_finally():
    try:
        x = 1
    finally:
        x = 2
    try:
        1 / 0
    except ZeroDivisionError as exc:
        x = 3
    else:
        x = 4
    finally:
        x = 5
    return x


@case('trace')
def t_try_finally():
    try_finally()


class Manager:
    def __enter__(self):
        return self

    def __exit__(self, *info):
        return True


def with_statement():
    with Manager() as m:
        x = 1
        raise KeyError(x)
    return m


@case('trace')
def t_with():
    with_statement()


def comprehension_lines():
    data = [
        x * 2
        for x in range(3)
        if x
    ]
    return {k: v for k, v in zip(data, data)}


@case('trace')
def t_comprehension():
    comprehension_lines()


def while_loop():
    n = 0
    while n < 3:
        n += 1
        if n == 2:
            continue
    else:
        n = -n
    return n


@case('trace')
def t_while():
    while_loop()


def propagate_inner():
    return {}['missing']


def propagate_middle():
    return propagate_inner()


def propagate_outer():
    try:
        propagate_middle()
    except KeyError:
        return 'caught'


@case('trace')
def t_propagate():
    propagate_outer()


class Klass:
    attribute = 1

    def method(self):
        return self.attribute


@case('trace')
def t_class_body():
    class Inner:
        x = 1
        y = x + 1
    Klass().method()


@case('trace')
def t_opcodes():
    traced_opcodes = Recorder(opcodes=True)
    sys.settrace(traced_opcodes)
    try:
        x = [1, 2]
        for y in x:
            z = y < 2
        one_instr_line()
    finally:
        sys.settrace(None)
    return traced_opcodes.events


def opcode_loops():
    total = 0
    for a, b in [(1, 2), (3, 4)]:
        if a < b:
            total += a
    with Manager():
        total = [x for x in range(2)]
    return total


@case('trace')
def t_opcodes_loops():
    recorder = Recorder(opcodes=True)
    sys.settrace(recorder)
    try:
        opcode_loops()
    finally:
        sys.settrace(None)
    return recorder.events


@case('trace')
def t_no_lines():
    recorder = Recorder(lines=False)
    sys.settrace(recorder)
    try:
        loop_in_loop()
    finally:
        sys.settrace(None)
    return recorder.events


@case('trace')
def t_global_only():
    recorder = Recorder(local=False)
    sys.settrace(recorder)
    try:
        call()
        test_raise()
    finally:
        sys.settrace(None)
    return recorder.events


def lineno_reader():
    frame = sys._getframe()
    first = frame.f_lineno
    second = frame.f_lineno
    return first, second


@case('trace')
def t_lineno_while_traced():
    lineno_reader()


def set_trace_midway():
    events = []

    def local(frame, event, arg):
        events.append([frame.f_code.co_name, event, frame.f_lineno, describe(event, arg)])
        return local

    frame = sys._getframe()
    frame.f_trace = local
    sys.settrace(lambda *args: None)
    x = 1
    y = x + 1
    sys.settrace(None)
    return events


@case('trace')
def t_set_trace_midway():
    return set_trace_midway()


def tracer_raises():
    def bad(frame, event, arg):
        if event == 'line':
            raise ValueError('from tracer')
        return bad
    sys.settrace(bad)
    try:
        basic()
    except ValueError as exc:
        return ['caught', str(exc), sys.gettrace()]
    finally:
        sys.settrace(None)


@case('trace')
def t_tracer_raises():
    return [shown(item) for item in tracer_raises()]


@case('trace')
def t_gettrace():
    recorder = Recorder()
    sys.settrace(recorder)
    same = sys.gettrace() is recorder
    sys.settrace(None)
    return [same, sys.gettrace()]


def threaded_work():
    x = 1
    return x


@case('trace')
def t_threading_settrace():
    recorder = Recorder()
    threading.settrace(recorder)
    try:
        thread = threading.Thread(target=threaded_work)
        thread.start()
        thread.join()
    finally:
        threading.settrace(None)
    return recorder.events


# ---- jumps (Lib/test/test_sys_settrace.py JumpTestCase, simplified) ---------------------

class Jumper:
    """Jump from line `start` to `target` (relative to the function's first line) on 'line'."""

    def __init__(self, function, start, target, event='line'):
        self.code = function.__code__
        self.start = self.code.co_firstlineno + start
        self.target = self.code.co_firstlineno + target
        self.event = event
        self.done = False
        self.error = None

    def __call__(self, frame, event, arg):
        if frame.f_code is not self.code:
            return self
        if not self.done and event == self.event and frame.f_lineno == self.start:
            self.done = True
            try:
                frame.f_lineno = self.target
            except ValueError as exc:
                self.error = str(exc)
        return self


def run_jump(function, start, target, event='line'):
    output = []
    jumper = Jumper(function, start, target, event)
    sys.settrace(jumper)
    try:
        function(output)
    except Exception as exc:
        output.append(type(exc).__name__)
    finally:
        sys.settrace(None)
    return [output, jumper.error]


def jump_simple_forwards(output):
    output.append(1)
    output.append(2)
    output.append(3)


def jump_simple_backwards(output):
    output.append(1)
    output.append(2)


def jump_out_of_block_forwards(output):
    for i in 1, 2:
        output.append(2)
        for j in [3]:  # Also tests jumping over a block
            output.append(4)
    output.append(5)


def jump_out_of_block_backwards(output):
    output.append(1)
    for i in [1]:
        output.append(3)
        for j in [2]:  # Also tests jumping over a block
            output.append(5)
        output.append(6)
    output.append(7)


def jump_into_block(output):
    output.append(1)
    for i in [1]:
        output.append(3)
    output.append(4)


def jump_to_except(output):
    try:
        output.append(2)
    except ValueError:
        output.append(4)
    output.append(5)


def jump_out_of_finally(output):
    try:
        output.append(2)
    finally:
        output.append(4)
        output.append(5)
    output.append(6)


def jump_in_while(output):
    n = 0
    while n < 2:
        n += 1
        output.append(n)
    output.append(5)


@case('trace')
def t_jumps():
    results = []
    for function, start, target, event in [
            (jump_simple_forwards, 1, 3, 'line'),
            (jump_simple_backwards, 2, 1, 'line'),
            (jump_out_of_block_forwards, 3, 5, 'line'),
            (jump_out_of_block_backwards, 6, 1, 'line'),
            (jump_into_block, 1, 3, 'line'),
            (jump_to_except, 2, 3, 'line'),
            (jump_out_of_finally, 4, 6, 'line'),
            (jump_in_while, 4, 1, 'line'),
            (jump_simple_forwards, 0, 2, 'call'),
            (jump_simple_forwards, 3, 1, 'return'),
            (jump_simple_forwards, 1, -5, 'line'),
            (jump_simple_forwards, 1, 100, 'line')]:
        results.append([function.__name__, start, target, event] + run_jump(function, start, target, event))
    frame = sys._getframe()
    try:
        frame.f_lineno = frame.f_lineno
    except ValueError as exc:
        results.append(str(exc))
    return results


# ---- profile cases ----------------------------------------------------------------------

def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


@case('profile')
def p_fib():
    fib(4)


@case('profile')
def p_builtins():
    values = [3, 1, 2]
    values.append(4)
    len(values)
    sorted(values, key=abs)
    list.append(values, 5)
    str.join(',', ['a', 'b'])
    max(*values)
    print(end='')


@case('profile')
def p_c_exception():
    try:
        int('x')
    except ValueError:
        pass
    try:
        {}.pop('k')
    except KeyError:
        pass


def profiled_gen():
    yield 1
    yield 2


@case('profile')
def p_generator():
    for item in profiled_gen():
        pass
    list(profiled_gen())


def delegate_leaf():
    yield 1
    yield 2
    return 3


def delegate_middle():
    r = yield from delegate_leaf()
    return r


def delegate_outer():
    r = yield from delegate_middle()
    yield r
    yield from [4]


def delegates_driven_by_host():
    # list() (host code) drives the outer generator; each yield passes through two delegators
    items = list(delegate_outer())
    g = delegate_middle()
    items += [next(g), g.send(None)]
    try:
        g.send(None)
    except StopIteration as stop:
        items.append(stop.value)
    return items


@case('trace')
def t_for_over_generator_returning_value():
    # FOR_ITER's 'exception' event carries the StopIteration with the generator's value
    for item in delegate_leaf():
        pass
    return item


@case('trace')
def t_yield_from_delegators():
    return delegates_driven_by_host()


@case('profile')
def p_yield_from_delegators():
    return delegates_driven_by_host()


@case('profile')
def p_exception_exit():
    try:
        test_raise()
        raises()
    except Exception:
        pass


@case('profile')
def p_methods():
    Klass().method()
    getattr(Klass(), 'method')()


def stops_tracing_then_raises():
    x = 1
    y = x + 1
    return y / 0


@case('trace')
def t_traceback_line_of_traced_frame():
    # tracing turned off at the frame's first line, its f_trace kept (the tracer returns
    # itself, as pdb's `continue`): its traceback entry has that line (PyFrame_GetLineNumber)
    def tracer(frame, event, arg):
        if frame.f_code is stops_tracing_then_raises.__code__ and event == 'line':
            sys.settrace(None)
        return tracer
    sys.settrace(tracer)
    try:
        stops_tracing_then_raises()
    except ZeroDivisionError as exc:
        tb, lines = exc.__traceback__, []
        while tb is not None:
            lines.append(tb.tb_lineno - tb.tb_frame.f_code.co_firstlineno)
            tb = tb.tb_next
        return lines


def main():
    only = sys.argv[1:]
    for name, kind, function in CASES:
        if only and name not in only:
            continue
        runner = traced if kind == 'trace' else profiled
        extra = []
        events = runner(lambda: extra.append(function()))
        result = extra[0] if extra else None
        print(json.dumps({'case': name, 'events': events, 'result': json.loads(json.dumps(result, default=shown))}))


if __name__ == '__main__':
    main()
