"""parser/construct.py: generated from parser/nodes.py, current, and making the nodes
the classes describe (fields in _fields order, then the position)."""
import pickle

from pipeline.parser import construct, construct_gen, nodes


def test_generated_module_is_current():
    assert construct_gen.main(['--check']) == 0, \
        'run python -m pipeline.parser.construct_gen'


def test_every_concrete_class_has_a_constructor():
    names = {cls.__name__ for cls in construct_gen.constructed_classes()}
    assert {'Name', 'Attribute', 'Pass', 'arguments', 'alias', 'comprehension',
            'ExceptHandler', 'TypeIgnore'} <= names
    # abstract bases and the field-less singletons have none
    assert not names & {'AST', 'stmt', 'expr', 'excepthandler', 'Load', 'Add', 'slice'}
    for name in names:
        assert callable(getattr(construct, name))


def test_constructors_make_the_nodes_of_their_classes():
    span = (3, 4, 5, 6)
    for cls in construct_gen.constructed_classes():
        values = ['%s-%d' % (cls.__name__, index) for index in range(len(cls._fields))]
        arguments = values + ([span] if cls._attributes else [])
        node = getattr(construct, cls.__name__)(*arguments)
        assert type(node) is cls
        expected = dict(zip(cls._fields, values))
        expected.update(zip(cls._attributes, span))
        # the same attributes in the same order as ast.c gives them (fields, then position)
        assert list(vars(node).items()) == list(expected.items())
        copy = pickle.loads(pickle.dumps(node))
        assert type(copy) is cls and vars(copy) == expected


def test_a_constructed_node_takes_more_attributes():
    node = construct.Name('x', nodes.LOAD, (1, 0, 1, 1))
    node.ctx = nodes.STORE
    node.extra = 1
    assert vars(node) == {'id': 'x', 'ctx': nodes.STORE, 'lineno': 1, 'col_offset': 0,
                          'end_lineno': 1, 'end_col_offset': 1, 'extra': 1}
