"""A trace function set by a function that a genexpr calls while the eval loop drains the genexpr
(a module-level sum(), the genexpr's loop compiled at tier 2 and taking its items in place until
then): every later resumption of the genexpr is the builtin's own and is reported ('call', 'line',
'return'), as in 3.8, not taken in place by the compiled loop."""
import sys

events = []


def tracer(frame, event, arg):
    if frame.f_code.co_name in ('<genexpr>', 'switch_on'):
        events.append((frame.f_code.co_name, event, frame.f_lineno))
    return tracer


def switch_on(v, n):
    if v == n:
        sys.settrace(tracer)
    return v


print(sum(switch_on(v, 3000) for v in range(3003)))
sys.settrace(None)
for event in events:
    print(event)
print(max(x * 2 for x in range(4000)), len(set(x % 7 for x in range(4000))))
