"""Exceptions during handling: implicit context, explicit cause, suppression, then uncaught."""


def step_one():
    try:
        {}['missing']
    except KeyError:
        raise ValueError('step one failed')


def step_two():
    try:
        step_one()
    except ValueError as exc:
        raise RuntimeError('step two failed') from exc


def quiet():
    try:
        int('x')
    except ValueError:
        raise LookupError('clean') from None


for func in (step_one, step_two, quiet):
    try:
        func()
    except Exception as exc:
        print(type(exc).__name__, exc, '| cause:', repr(exc.__cause__),
              '| context:', type(exc.__context__).__name__, '| suppress:', exc.__suppress_context__)


def finally_overrides():
    try:
        raise ValueError('lost')
    finally:
        return 'finally wins'


print(finally_overrides())


def nested_handlers():
    try:
        try:
            raise TypeError('inner')
        except TypeError:
            raise KeyError('middle')
        finally:
            print('inner finally')
    except KeyError as exc:
        print('outer caught', repr(exc), 'context', repr(exc.__context__))


nested_handlers()
step_two()
