"""Exceptions raised and caught inside hot loops (tier 2 keeps the handler in the trace): every
observable detail of the catch as 3.8's: tracebacks and their line numbers, sys.exc_info() in
and after handlers, bare `raise`, `except ... as` unbinding its name, __context__ chains,
finally blocks that return or continue, generators suspended inside a try."""
import sys
import traceback


class Missing(Exception):
    pass


def every_iteration(n):
    total = 0
    for i in range(n):
        try:
            raise ValueError(i)
        except ValueError as exc:
            total += exc.args[0]
    return total


def every_third(n):
    total = 0
    for i in range(n):
        try:
            if i % 3 == 0:
                raise KeyError(i)
            total += 1
        except (TypeError, KeyError) as exc:
            total += exc.args[0] % 5
    return total


def lookup(table, key):
    try:
        return table[key]
    except KeyError:
        raise Missing(key)


def through_a_call(n):
    table = {i: i for i in range(0, n, 4)}
    found = missing = 0
    contexts = set()
    for i in range(n):
        try:
            found += lookup(table, i)
        except Missing as exc:
            missing += 1
            contexts.add(type(exc.__context__).__name__)
            contexts.add(exc.__suppress_context__)
    return found, missing, sorted(map(str, contexts))


def nested(n):
    log = []
    for i in range(n):
        try:
            try:
                if i % 2:
                    raise TypeError(i)
                raise ValueError(i)
            except TypeError:
                log.append(('inner', sys.exc_info()[0].__name__))
                raise
        except (TypeError, ValueError) as exc:
            log.append(('outer', type(exc).__name__, sys.exc_info()[1] is exc))
        log.append(('after', sys.exc_info()))
    return log[-6:], len(log)


def as_name_unbound(n):
    seen = 0
    for i in range(n):
        try:
            raise IndexError(i)
        except IndexError as err:
            seen += err.args[0]
        try:
            err
        except NameError as gone:
            seen += 1
            message = str(gone)
    return seen, message


def reused_name(n):
    total = 0
    err = 'before'
    for i in range(n):
        err = i
        try:
            if i % 2:
                raise LookupError(i)
        except LookupError as err:
            total += err.args[0]
        if i % 2 == 0:
            total += err
    return total


def raised_in_handler(n):
    chains = []
    for i in range(n):
        try:
            try:
                raise KeyError(i)
            except KeyError:
                if i % 3:
                    raise RuntimeError('in handler %d' % i)
                {}['missing']
        except (RuntimeError, KeyError) as exc:
            chains.append((type(exc).__name__, type(exc.__context__).__name__,
                           exc.__context__.args[0] == i))
    return chains[-4:], len(chains)


def explicit_cause(n):
    results = []
    for i in range(n):
        try:
            try:
                raise OSError(i)
            except OSError as first:
                raise ValueError('wrapped') from first
        except ValueError as exc:
            results.append((exc.__cause__.args[0] == i, exc.__suppress_context__))
    return results[-2:], len(results)


def finally_returns(i):
    for _ in range(1):
        try:
            raise ValueError(i)
        finally:
            return i


def finally_continues(n):
    count = 0
    for i in range(n):
        try:
            if i % 6 == 3:
                raise ValueError(i)
            count += 1
        finally:
            if i % 3 == 0:
                continue
        count += 10
    return count


def read_exc_info():
    return sys.exc_info()[0].__name__, sys.exc_info()[1].args


def exc_info_from_a_call(n):
    seen = []
    for i in range(n):
        try:
            raise ZeroDivisionError(i)
        except ZeroDivisionError:
            seen.append(read_exc_info())
        seen.append(sys.exc_info())
    return seen[-4:]


def gen(n):
    for i in range(n):
        try:
            yield i
            if i % 4 == 0:
                raise ValueError(i)
        except ValueError:
            yield -i


def generator_in_try(n):
    total = 0
    for value in gen(n):
        try:
            if value < 0:
                raise ArithmeticError(value)
            total += value
        except ArithmeticError as exc:
            total -= exc.args[0]
    return total


def frames(tb):
    out = []
    while tb is not None:
        out.append((tb.tb_frame.f_code.co_name, tb.tb_lineno))
        tb = tb.tb_next
    return out


def inner_raiser(i):
    if i % 2:
        raise ValueError('odd %d' % i)
    return {}[i]


def tracebacks(n):
    shown = []
    for i in range(n):
        try:
            inner_raiser(i)
        except (ValueError, KeyError) as exc:
            shown.append(frames(exc.__traceback__))
            if i >= n - 2:
                text = traceback.format_exc()
                shown.append(text)
    return shown[-4:]


def bare_except(n):
    count = 0
    for i in range(n):
        try:
            if i % 2:
                raise StopIteration
            count += 1
        except:
            count += 100
            assert sys.exc_info()[0] is StopIteration
    return count


def not_caught_here(n):
    count = 0
    for i in range(n):
        try:
            try:
                if i % 5 == 0:
                    raise KeyError(i)
                count += 1
            except ValueError:
                count += 1000
        except KeyError as exc:
            count += 10
    return count


def uncaught(n):
    for i in range(n):
        try:
            if i == n - 1:
                raise TypeError('last %d' % i)
            raise ValueError(i)
        except ValueError:
            pass


def deleted_local(n):
    out = 0
    for i in range(n):
        x = i
        if i % 2:
            del x
        try:
            out += x
        except UnboundLocalError as exc:
            out += 1000
            message = str(exc)
    return out, message


print(every_iteration(3000))
print(every_third(3000))
print(through_a_call(3000))
print(nested(3000))
print(as_name_unbound(3000))
print(reused_name(3000))
print(raised_in_handler(3000))
print(explicit_cause(3000))
print(sum(finally_returns(i) for i in range(3000)))
print(finally_continues(3000))
print(exc_info_from_a_call(3000))
print(generator_in_try(3000))
for entry in tracebacks(3000):
    print(entry)
print(bare_except(3000))
print(not_caught_here(3000))
try:
    uncaught(3000)
except TypeError:
    traceback.print_exc(file=sys.stdout)
print(deleted_local(3000))
print(sys.exc_info())


# -- finally blocks and with statements an exception goes through, inside the trace -----------

class Manager:
    def __init__(self, log, suppress=False, fail=False):
        self.log = log
        self.suppress = suppress
        self.fail = fail

    def __enter__(self):
        return self

    def __exit__(self, exc_type, value, tb):
        self.log.append((exc_type.__name__ if exc_type else None, sys.exc_info()[0] is exc_type
                         if exc_type else sys.exc_info()))
        if self.fail and exc_type is not None:
            raise RuntimeError('exit failed')
        return self.suppress and exc_type is not None


class StarManager:
    def __enter__(self):
        return 1

    def __exit__(self, *exc):
        return False


def finally_then_except(n):
    total = 0
    order = []
    for i in range(n):
        try:
            try:
                if i % 3 == 0:
                    raise KeyError(i)
                total += 1
            finally:
                total += 2
                if i == n - 3:
                    order.append(('finally', sys.exc_info()[0]))
        except KeyError as exc:
            total += 1
            if i == n - 3:
                order.append(('except', type(exc).__name__, len(frames(exc.__traceback__))))
    return total, order, sys.exc_info()


def with_paths(n):
    log = []
    counts = [0, 0, 0, 0]
    for i in range(n):
        try:
            with Manager(log, suppress=i % 2 == 0, fail=i % 5 == 0) as manager:
                if i % 3 == 0:
                    raise ValueError(i)
                counts[0] += 1
            counts[1] += 1
        except ValueError as exc:
            counts[2] += 1
            last = frames(exc.__traceback__)
        except RuntimeError as exc:
            counts[3] += 1
            chained = (type(exc.__context__).__name__, exc.__context__.args)
    return counts, log[-6:], last, chained, sys.exc_info()


def star_exit_nested(n):
    caught = 0
    for i in range(n):
        try:
            with StarManager() as one:
                with StarManager() as two:
                    try:
                        if i % 4 == 1:
                            raise OSError(i)
                    finally:
                        caught += one + two
        except OSError as exc:
            caught += 100
            tb = frames(exc.__traceback__)
    return caught, tb


def reraised_from_outer_handler(n):
    # the exceptions go through finally blocks while an outer exception is being handled
    seen = []
    try:
        raise LookupError('outer')
    except LookupError:
        for i in range(n):
            try:
                try:
                    raise IndexError(i)
                finally:
                    pass
            except IndexError as exc:
                seen.append((type(exc.__context__).__name__, sys.exc_info()[0].__name__))
        seen.append(sys.exc_info()[0].__name__)
    return seen[-3:], sys.exc_info()


def traced_part_way(n):
    # a trace function set from inside the loop: the catch is the loop's from then on
    events = []

    def tracer(frame, event, arg):
        if event == 'exception':
            events.append((frame.f_code.co_name, arg[0].__name__, frame.f_lineno))
        return tracer

    def raiser(i):
        raise ValueError(i)

    total = 0
    for i in range(n):
        if i == n - 3:
            sys.settrace(tracer)
        try:
            try:
                raiser(i)
            finally:
                total += 1
        except ValueError:
            total += 1
    sys.settrace(None)
    return total, events


print(finally_then_except(3000))
print(with_paths(3000))
print(star_exit_nested(3000))
print(reraised_from_outer_handler(3000))
print(traced_part_way(3000))
print(sys.exc_info())


# a loop of 25 try statements: more host blocks nested than the host allows (the trace is
# written without regions then)
SOURCE = ['def many_tries(n):', '    t = 0', '    for i in range(n):']
for k in range(25):
    SOURCE += ['        try:', '            if i %% %d == 0: raise KeyError(i)' % (k + 2),
               '            t += 1', '        except KeyError:', '            t += 2']
SOURCE += ['    return t']
namespace = {}
exec('\n'.join(SOURCE), namespace)
print(namespace['many_tries'](3000))
