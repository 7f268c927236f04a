"""Traceback entries made while a trace or profile function watches, and from several threads at
once: the host frames standing for the program's frames in tracebacks (one per activation that
an exception passes) are made without a call the watchers see, keep their activation's locals,
and lead to the frame that raised and its callers. Hot loops, so compiled code catches too."""
import sys
import threading
import traceback


class Missing(Exception):
    pass


def lookup(table, key):
    marker = 'lookup %s' % key
    try:
        return table[key] if marker else None
    except KeyError:
        raise Missing(key)


def work(n, table):
    kept = []
    missing = 0
    for i in range(n):
        try:
            lookup(table, i)
        except Missing as exc:
            missing += 1
            if i % 97 == 0:
                kept.append(exc)
    return missing, kept


def describe(exc):
    tb = exc.__traceback__
    rows = []
    while tb is not None:
        frame = tb.tb_frame
        names = sorted(name for name in frame.f_locals if name in ('table', 'key', 'marker', 'i', 'n'))
        rows.append('%s:%d %s back=%s' % (frame.f_code.co_name, tb.tb_lineno,
                                          ','.join('%s=%r' % (name, frame.f_locals[name]) for name in names
                                                   if name != 'table'),
                                          frame.f_back.f_code.co_name if frame.f_back else None))
        tb = tb.tb_next
    context = exc.__context__
    rows.append('context %r at %s' % (context, context.__traceback__.tb_frame.f_code.co_name))
    return rows


TABLE = {k: k for k in range(0, 3000, 3)}

# a profile function: the calls of the program's functions, none of the machinery's
calls = {}


def profiler(frame, event, arg):
    if event in ('call', 'return'):
        key = (frame.f_code.co_name, event)
        calls[key] = calls.get(key, 0) + 1


sys.setprofile(profiler)
missing, kept = work(3000, TABLE)
sys.setprofile(None)
print('profiled', missing, sorted(calls.items()))
for row in describe(kept[3]):
    print(' ', row)

# a trace function: the events of the frames it is asked about
events = {}


def tracer(frame, event, arg):
    key = (frame.f_code.co_name, event)
    events[key] = events.get(key, 0) + 1
    return tracer if frame.f_code.co_name == 'lookup' else None


sys.settrace(tracer)
missing, kept = work(400, TABLE)
sys.settrace(None)
print('traced', missing, sorted(events.items()))
print(''.join(traceback.format_exception(type(kept[-1]), kept[-1], kept[-1].__traceback__)).rstrip())

# threads raising at once, each keeping its own exceptions
results = {}


def worker(name):
    found, kept = work(2000, {k: k for k in range(0, 2000, 2)})
    results[name] = (found, [describe(exc)[0] for exc in kept[:3]])


threads = [threading.Thread(target=worker, args=('t%d' % k,)) for k in range(4)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
for name in sorted(results):
    print(name, results[name])
print('done', threading.active_count())
