"""make_generator builds a coroutine without _GeneratorBase.__init__ (its slot writes inlined, one
host call less per `await f(x)`): the coroutine it makes must hold exactly what __init__ would set."""
import pipeline
from pipeline import vm
from pipeline.vm import function, generators
from pipeline.vm.frame import new_frame


def _slots(cls):
    names = []
    for klass in cls.__mro__:
        names.extend(name for name in klass.__dict__.get('__slots__', ()) if name != '__weakref__')
    return names


def test_make_generator_sets_every_slot_as_generator_init_does():
    namespace = {'__name__': '__main__'}
    vm.run_code(pipeline.compile('async def co(a, b):\n    return a + b\n', '<co>', 'exec'), namespace)
    co = namespace['co']
    dc = co._dc

    def frame():
        return new_frame(dc, [1, 2] + list(dc.local_tail), co._globals, co._builtins, None, co)

    made = function.make_generator(co, frame())
    reference = generators.Coroutine(co, frame())
    reference._origin = None
    assert type(made) is generators.Coroutine
    for name in _slots(generators.Coroutine):
        got, want = getattr(made, name), getattr(reference, name)
        if name == '_frame':
            assert got is not None and got.code is want.code
        else:
            assert got == want, name
    for coroutine in (made, reference):
        coroutine.close()
