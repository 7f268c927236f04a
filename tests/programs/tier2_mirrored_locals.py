"""Hot loops (traced by tier 2, whose compiled code reads locals and cells from host names that
mirror the frame's slots) while something else changes or looks at those slots: a closure
rebinding a cell mid-loop, a profile function switched on mid-loop that writes the looping
frame's f_locals at a C call (3.8 copies it back into the frame), a tracer that writes its
caller's f_locals (3.8 drops that write), a `del` and a rebinding of a local mid-loop, an
exception caught inside the loop (`except E as e` binds and deletes e), a generator whose
suspended frame is read between its steps, a callee trying frame.clear() on the running frame,
and an exception leaving the loop with the frame's locals read off its traceback. Each must see
3.8's values at that moment."""
import sys

N = 4000
AT = 3000


def closure_rebinds_cell():
    step = 1
    total = 0

    def bump():
        nonlocal step
        step += 1

    for i in range(N):
        total += step
        if i % 1000 == 999:
            bump()
    return total, step


def profiler_writes_locals():
    """At a C call after the profiler is on, 3.8 runs it with the caller's frame, then copies
    its f_locals back into the frame: the loop goes on with x = 1000."""
    seen = []
    x = 1
    total = 0
    data = [1, 2, 3]

    def prof(frame, event, arg):
        if event == 'c_call' and frame.f_code.co_name == 'profiler_writes_locals' and not seen:
            seen.append(frame.f_locals['x'])
            frame.f_locals['x'] = 1000

    for i in range(N):
        total += x + len(data)
        if i == AT:
            sys.setprofile(prof)
        if i == AT + 10:
            sys.setprofile(None)
    return total, x, seen


def tracer_writes_callers_locals():
    """A tracer's write of another frame's f_locals (its f_back) is not copied back in 3.8."""
    y = 5
    total = 0

    def tracer(frame, event, arg):
        if event == 'call' and frame.f_code.co_name == 'touch':
            frame.f_back.f_locals['y'] = -1
        return None

    def touch():
        return 0

    for i in range(N):
        total += y
        if i == AT:
            sys.settrace(tracer)
            touch()
            sys.settrace(None)
    return total, y


def del_and_rebind():
    out = []
    z = 0
    for i in range(N):
        z = z + i
        if i == AT:
            del z
            try:
                out.append(z)
            except UnboundLocalError as error:
                out.append(str(error))
            z = -i
    out.append(z)
    return out


def caught_inside():
    total = 0
    errors = 0
    for i in range(N):
        try:
            total += 10 // (i % 500)
        except ZeroDivisionError as e:
            errors += 1
            last = str(e)
    return total, errors, last, 'e' in locals()


def stepping():
    acc = 0
    for i in range(N):
        acc = acc + i
        if i % 997 == 0:
            yield acc
    yield -acc


def generator_read_between_steps():
    g = stepping()
    seen = []
    for value in g:
        frame = g.gi_frame
        seen.append((value, frame.f_locals['acc'], frame.f_locals['i']) if frame is not None else value)
    return seen


def clear_running(depth):
    try:
        sys._getframe(depth).clear()
    except RuntimeError as error:
        return str(error)
    return 'cleared'


def callee_clears_frame():
    out = []
    w = 0
    for i in range(N):
        w += 2
        if i == AT:
            out.append(clear_running(1))
    out.append(w)
    return out


def leaves_with_locals(limit):
    q = 3
    r = 0.5
    for i in range(N):
        q = q + i
        r = r * 1.0001
        if i == limit:
            q = q // (i - limit)
    return q, r


def main():
    print(closure_rebinds_cell())
    print(profiler_writes_locals())
    print(tracer_writes_callers_locals())
    print(del_and_rebind()[-3:])
    print(caught_inside())
    seen = generator_read_between_steps()
    print(len(seen), seen[:3], seen[-2:])
    print(callee_clears_frame())
    try:
        leaves_with_locals(AT)
    except ZeroDivisionError as error:
        tb = error.__traceback__
        while tb.tb_next is not None:
            tb = tb.tb_next
        names = tb.tb_frame.f_locals
        print(type(error).__name__, error, names['i'], names['q'], round(names['r'], 6), tb.tb_lineno)


main()
