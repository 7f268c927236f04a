# Hot loops nested in as many blocks as 3.8 allows (20): tier 2's translation of such a loop,
# each try statement and with block a host `try` nesting the rest of the path, is more than the
# host's compile() takes ("too many statically nested blocks" on CPython 3.8-3.12): the trace is
# built again without them (vm/tier2.py's _with_regions_or_not), which is not a translator
# failure (the tests run with PIPELINE_TIER2_STRICT). Exceptions raised at every depth, caught
# at every depth, leave the same output as 3.8.


class Guard:
    def __init__(self, log):
        self.log = log

    def __enter__(self):
        return self

    def __exit__(self, kind, value, tb):
        if kind is KeyError:
            self.log.append(value.args[0])
            return True
        return False


def deep_tries(n, fail_at):
    total = 0
    log = []
    for i in range(n):
        try:
            try:
                try:
                    try:
                        try:
                            try:
                                try:
                                    try:
                                        try:
                                            try:
                                                try:
                                                    try:
                                                        try:
                                                            try:
                                                                try:
                                                                    try:
                                                                        try:
                                                                            try:
                                                                                if i % fail_at == 0:
                                                                                    raise ValueError(i)
                                                                                if i % fail_at == 1:
                                                                                    raise LookupError(i)
                                                                                total += i
                                                                            except ValueError as exc:
                                                                                log.append(('value', exc.args[0]))
                                                                        finally:
                                                                            total += 1
                                                                    except TypeError:
                                                                        log.append('type')
                                                                except TypeError:
                                                                    log.append('type')
                                                            except TypeError:
                                                                log.append('type')
                                                        except TypeError:
                                                            log.append('type')
                                                    except TypeError:
                                                        log.append('type')
                                                except TypeError:
                                                    log.append('type')
                                            except TypeError:
                                                log.append('type')
                                        except TypeError:
                                            log.append('type')
                                    except TypeError:
                                        log.append('type')
                                except TypeError:
                                    log.append('type')
                            except TypeError:
                                log.append('type')
                        except TypeError:
                            log.append('type')
                    except TypeError:
                        log.append('type')
                except TypeError:
                    log.append('type')
            except TypeError:
                log.append('type')
        except LookupError as exc:
            log.append(('lookup', exc.args[0]))
    return total, len(log), log[:4], log[-2:]


def deep_withs(n):
    total = 0
    log = []
    for i in range(n):
        with Guard(log):
            with Guard(log):
                with Guard(log):
                    with Guard(log):
                        with Guard(log):
                            with Guard(log):
                                with Guard(log):
                                    with Guard(log):
                                        with Guard(log):
                                            with Guard(log):
                                                with Guard(log):
                                                    with Guard(log):
                                                        with Guard(log):
                                                            with Guard(log):
                                                                with Guard(log):
                                                                    with Guard(log):
                                                                        with Guard(log):
                                                                            with Guard(log):
                                                                                if i % 97 == 5:
                                                                                    raise KeyError(i)
                                                                                total += i
    return total, log


print(deep_tries(3000, 101))
for k in range(60):
    result = deep_tries(40, 7)
print(result)
print(deep_withs(3000))
for k in range(60):
    result = deep_withs(30)
print(result)
