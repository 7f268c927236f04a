"""Finally blocks run inside a hot loop's trace (tier 2 catches the exception there and re-raises
it to the next handler of the same trace), compiled bodies raising out of their except clauses,
and the handlers' reading of where an exception came from: every observable detail as 3.8's
(tracebacks and their lines, __context__ and __cause__, sys.exc_info() inside a finally,
return/break/continue in a finally swallowing the exception, with statements around them)."""
import sys
import traceback


class Missing(Exception):
    pass


class Other(Missing):
    pass


class Guard:
    entered = 0

    def __enter__(self):
        Guard.entered += 1
        return self

    def __exit__(self, *exc):
        return False


def lookup(table, key):
    try:
        return table[key]
    except KeyError:
        raise Missing(key)


def lookup_from(table, key):
    try:
        return table[key]
    except KeyError as error:
        raise Other(key) from error


def exceptions_flow(n):
    # (bench/programs/exceptions_flow.py's loop: a finally in a with in a try, the call raising
    # out of its except clause)
    table = {i: i * i for i in range(0, n, 3)}
    found = missing = cleaned = 0
    for i in range(n):
        try:
            with Guard():
                try:
                    found += lookup(table, i) & 1
                finally:
                    cleaned += 1
        except Missing:
            missing += 1
        try:
            if i % 7 == 0:
                raise ValueError(i)
        except (TypeError, ValueError) as exc:
            missing += exc.args[0] % 2
    return found, missing, cleaned, Guard.entered


def chains(n):
    # the exception's __context__ and __cause__ as it passes finally blocks; an exception raised
    # inside a finally replaces it (its context the first)
    seen = []
    for i in range(n):
        try:
            try:
                lookup_from({}, i) if i % 2 else lookup({}, i)
            finally:
                if i % 5 == 0:
                    try:
                        raise RuntimeError(i)
                    except RuntimeError:
                        pass
        except Missing as exc:
            if i % 499 == 0:
                seen.append((type(exc).__name__, type(exc.__context__).__name__,
                             type(exc.__cause__).__name__, exc.__suppress_context__))
        try:
            try:
                if i % 3 == 0:
                    raise KeyError(i)
            finally:
                if i % 11 == 0:
                    raise IndexError(i)
        except (KeyError, IndexError) as exc:
            if i % 330 == 0:
                seen.append((type(exc).__name__, repr(exc.__context__)))
    return seen


def exc_info_in_finally(n):
    seen = []
    for i in range(n):
        try:
            try:
                if i % 2:
                    raise KeyError(i)
            finally:
                info = sys.exc_info()
                if i % 997 in (0, 1):
                    seen.append((info[0] and info[0].__name__, info[1] and info[1].args))
        except KeyError:
            if i % 997 == 1:
                seen.append(sys.exc_info()[1].args)
        if i % 997 == 1:
            seen.append(sys.exc_info())
    return seen


def swallowed(n):
    # return, break and continue inside a finally drop the exception being raised
    def returns(i):
        for _ in range(1):
            try:
                raise KeyError(i)
            finally:
                return i
    total = 0
    for i in range(n):
        try:
            try:
                if i % 2:
                    raise ValueError(i)
            finally:
                if i % 3 == 0:
                    continue
        except ValueError:
            total += 1
        for j in range(2):
            try:
                if j:
                    raise KeyError(j)
            finally:
                if j:
                    break
        total += returns(i) % 3
    return total, sys.exc_info()


def nested_in_with_in_except(n):
    total = 0
    lines = set()
    for i in range(n):
        try:
            raise ValueError(i)
        except ValueError:
            with Guard():
                try:
                    try:
                        if i % 2:
                            raise KeyError(i)
                    finally:
                        total += 1
                except KeyError as exc:
                    total += 2
                    lines.add(exc.__traceback__.tb_lineno)
                    lines.add(repr(exc.__context__))
    return total, sorted(map(str, lines))[:3], sys.exc_info()


def tracebacks(n):
    printed = []
    for i in range(n):
        try:
            with Guard():
                try:
                    lookup({}, i)
                finally:
                    i += 0
        except Missing as exc:
            if i in (2100, n - 1):
                printed.append(''.join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
                printed.append(exc.__traceback__.tb_lineno)
                printed.append(exc.__traceback__.tb_next.tb_lineno)
    return printed


def raiser(i):
    if i % 2:
        raise Missing(i)
    raise Other(i) from None


def body_raising(n):
    # a compiled body raising out of no block (its frame ends there), out of an except clause,
    # and out of a finally of its own (the loop re-raises that one)
    def in_finally(i):
        try:
            if i % 3 == 0:
                raise KeyError(i)
        finally:
            if i % 3 == 0:
                raise Missing(i)
        return 0
    total = 0
    contexts = set()
    for i in range(n):
        try:
            raiser(i)
        except Missing as exc:
            total += 1
            contexts.add((type(exc).__name__, repr(exc.__context__), exc.__suppress_context__))
        try:
            total += in_finally(i)
        except Missing as exc:
            contexts.add(('finally', repr(exc.__context__)))
            total += 2
    return total, sorted(contexts)[:6]


def raised_while_handling(n):
    # a body raising while its caller handles an exception: the caller's is the context
    contexts = set()
    for i in range(n):
        try:
            raise KeyError('outer')
        except KeyError:
            try:
                raiser(i)
            except Missing as exc:
                contexts.add(repr(exc.__context__))
    return sorted(contexts), sys.exc_info()


def rebound_mid_loop(n):
    global Missing
    original = Missing
    total = 0
    for i in range(n):
        if i == n - 100:
            Missing = Other
        try:
            try:
                lookup({}, i)
            finally:
                total += 1
        except Other:
            total += 10
        except original:
            total += 100
    Missing = original
    return total


def traced_part_way(n):
    events = []

    def tracer(frame, event, arg):
        if event == 'exception':
            events.append((frame.f_code.co_name, arg[0].__name__, frame.f_lineno))
        return tracer

    total = 0
    for i in range(n):
        if i == n - 2:
            sys.settrace(tracer)
        try:
            with Guard():
                try:
                    lookup({}, i)
                finally:
                    total += 1
        except Missing:
            total += 1
    sys.settrace(None)
    return total, events


print(exceptions_flow(3000))
print(chains(3000))
print(exc_info_in_finally(3000))
print(swallowed(3000))
print(nested_in_with_in_except(3000))
for item in tracebacks(3000):
    print(item)
print(body_raising(3000))
print(raised_while_handling(3000))
print(rebound_mid_loop(3000))
print(traced_part_way(3000))
print(sys.exc_info())


def uncaught(n):
    for i in range(n):
        try:
            with Guard():
                try:
                    if i == n - 1:
                        lookup({}, i)
                finally:
                    pass
        except KeyError:
            pass


uncaught(3000)
