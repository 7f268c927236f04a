"""vm/tier2_peephole.drop_no_op_clears: a clear is dropped only where the name holds None on
every way into it (the translated traces' host code is full of such clears)."""
import textwrap

from pipeline.vm.tier2_peephole import drop_no_op_clears, drop_reloads, mirror_locals


def _run(source: str) -> str:
    lines = textwrap.dedent(source).strip('\n').split('\n')
    return '\n'.join(drop_no_op_clears(['    ' + line for line in lines])).replace('\n    ', '\n').strip()


def _same(source: str) -> None:
    assert _run(source) == textwrap.dedent(source).strip()


def test_a_second_clear_in_a_row_is_dropped():
    assert _run('''
        v = s1
        v = None
        s0 = fast[1]
        v = None
        w = None
        w = v = None
    ''') == 'v = s1\nv = None\ns0 = fast[1]\nw = None'


def test_a_chain_keeps_only_the_names_not_yet_cleared():
    assert _run('''
        nf = None
        nf = args = func = None
    ''') == 'nf = None\nargs = func = None'


def test_nothing_is_known_at_the_start():
    _same('''
        v = None
        s0 = v
    ''')


def test_an_assignment_in_either_arm_of_an_if_keeps_the_clear_after_it():
    _same('''
        v = None
        if s0:
            v = s1
        v = None
    ''')
    _same('''
        v = None
        if s0:
            pass
        else:
            s2, v = s1
        v = None
    ''')
    _same('''
        v = None
        if s0:
            pass
        elif s1:
            v += 1
        v = None
    ''')


def test_an_arm_that_does_not_fall_through_does_not_count():
    assert _run('''
        v = None
        if s0:
            v = s1
            return v
        v = None
    ''') == 'v = None\nif s0:\n    v = s1\n    return v'


def test_clears_in_every_arm_make_it_known():
    assert _run('''
        if s0:
            v = None
        else:
            v = None
        v = None
    ''') == 'if s0:\n    v = None\nelse:\n    v = None'


def test_a_loop_body_does_not_know_what_the_loop_assigns():
    _same('''
        v = None
        while True:
            v = None
            v = s1
    ''')
    _same('''
        v = None
        for v in s1:
            pass
        v = None
    ''')
    assert _run('''
        v = None
        while True:
            s0 = fast[1]
            v = None
            if s0:
                break
    ''') == 'v = None\nwhile True:\n    s0 = fast[1]\n    if s0:\n        break'


def test_a_handler_knows_only_what_its_try_never_assigns():
    _same('''
        v = None
        try:
            v = s1
            s0 = v.x
        except AttributeError:
            v = None
        v = None
    ''')


def test_a_loop_body_knows_what_every_way_back_to_its_head_leaves_none():
    # (v and w cleared before the loop and at the end of every iteration: their clears at
    # the top of the body go; s2, the `for` target, and s3, left holding a value, keep theirs)
    assert _run('''
        v = w = s2 = s3 = None
        for s2 in s1:
            v = w = s2 = None
            s3 = None
            v = s2
            w = fast[1]
            s3 = v + w
            v = w = None
    ''') == textwrap.dedent('''
        v = w = s2 = s3 = None
        for s2 in s1:
            s2 = None
            s3 = None
            v = s2
            w = fast[1]
            s3 = v + w
            v = w = None
    ''').strip()
    # (a `continue` bringing v back unclear keeps its clear)
    _same('''
        v = None
        for s2 in s1:
            v = None
            v = s2
            if v:
                continue
            v = None
    ''')


def test_a_try_body_knows_what_held_none_before_it_and_its_handler_what_every_line_did():
    assert _run('''
        v = w = None
        try:
            w = None
            w = s1
            w = None
        except BaseException:
            v = w = None
            raise
    ''') == textwrap.dedent('''
        v = w = None
        try:
            w = s1
            w = None
        except BaseException:
            w = None
            raise
    ''').strip()


def test_a_one_line_if_and_a_tuple_assignment_assign():
    _same('''
        v = None
        if TRACE_REQUESTED[0]: X[1] += 1; v = 3; return EXIT
        v = None
    ''')
    _same('''
        v = w = None
        s1, v = v, w
        v = None
    ''')
    _same('''
        v = None
        v += s1
        v = None
    ''')



def test_after_a_while_true_loop_a_name_is_known_from_its_breaks_alone():
    # (its only way out is the break, where s0 was just cleared; the head's state does not leave)
    out = _run('''
        s0 = iter(s1)
        while True:
            v = next(s0, NULL)
            if v is NULL:
                s0 = None
                break
            s0 = v
        s0 = None
        w = None
    ''')
    assert out.split('\n')[-2:] == ['    s0 = v', 'w = None']


def test_a_loop_with_a_condition_also_ends_at_its_head():
    _same('''
        s0 = iter(s1)
        while s1:
            if s2:
                s0 = None
                break
            s0 = s3
        s0 = None
    ''')


def test_a_number_copied_into_its_use_keeps_its_meaning():
    from pipeline.vm.tier2_peephole import peephole
    lines = ['    s4 = -3', '    s3 = s4 ** s5', '    s4 = s6',
             '    s4 = 2', '    v = s4.bit_length()', '    s4 = s6',
             '    s7 = -1.5', '    s8 = s7 ** 2', '    s7, s6 = s6, s8']
    out = peephole(lines, set())
    assert out == ['    s3 = (-3) ** s5', '    s4 = s6', '    v = (2).bit_length()', '    s4 = s6',
                   '    s8 = (-1.5) ** 2', '    s7, s6 = s6, s8']
    names = {'s5': 2, 's6': 0}
    exec('\n'.join(line.strip() for line in out), {}, names)
    assert (names['s3'], names['v'], names['s8']) == (9, 2, 2.25)


def _static(source: str):
    from pipeline.vm.tier2_peephole import static_at
    lines = ['def trace(f):', '    try:'] + ['        ' + line for line in textwrap.dedent(source).strip('\n').split('\n')] + \
        ['    except BaseException:', '        f.i = at + 1', '        raise']
    return static_at(lines, 1, lines.index('    except BaseException:'))


def test_static_at_gives_each_line_the_instruction_last_marked_on_every_way_to_it():
    out, line_at = _static('''
        at = 4
        for s2 in s1:
            at = 5
            s2 = s2 + 1
            if s2:
                at = 6
                s3 = s2 * 2
            else:
                at = 7
                s3 = s2 - 2
            s3 = None
            at = 8
            s0 = s0 + s3
            at = 4
            continue
    ''')
    assert not any(line.strip().startswith('at = ') for line in out[2:-3])
    by_text = {out[number - 1].strip(): at for number, at in line_at.items()}
    assert by_text == {'for s2 in s1:': 4, 's2 = s2 + 1': 5, 'if s2:': 5, 's3 = s2 * 2': 6, 'else:': 5,
                       's3 = s2 - 2': 7, 's3 = None': 7, 's0 = s0 + s3': 8, 'continue': 4}
    assert out[-4:-1] == ['    except BaseException as raised:',
                        '        at = LINE_AT.get(raised.__traceback__.tb_lineno, 4)', '        f.i = at + 1']


def test_static_at_keeps_the_markers_when_a_line_that_can_raise_has_two():
    assert _static('''
        at = 4
        while True:
            s2 = s2 + 1
            at = 5
            s3 = s2 * 2
            continue
    ''') is None    # (the first run of `s2 + 1` is instruction 4's, the next ones 5's)
    assert _static('''
        at = 4
        if s2:
            at = 6
            s3 = s2 * 2
        s4 = s3 // s2
    ''') is None


# --- drop_reloads: a STORE_FAST's value read straight back --------------------------------------

def _reloads(source: str) -> str:
    lines = textwrap.dedent(source).strip('\n').split('\n')
    return '\n'.join(drop_reloads(['    ' + line for line in lines])).replace('\n    ', '\n').strip()


def test_a_reload_after_a_store_and_its_clear_goes_with_the_clear():
    assert _reloads('''
        fast[4] = s2
        s2 = None
        at = 12
        s2 = fast[4]
        v = s2
    ''') == 'fast[4] = s2\nat = 12\nv = s2'
    assert _reloads('''
        fast[4] = s2
        s2 = fast[4]
    ''') == 'fast[4] = s2'


def test_a_reload_of_another_slot_or_into_another_name_stays():
    for source in ('''
        fast[4] = s2
        s2 = None
        s2 = fast[5]
    ''', '''
        fast[4] = s2
        s2 = None
        s3 = fast[4]
    ''', '''
        fast[4] = s2
        s3 = None
        s2 = fast[4]
    '''):
        assert _reloads(source) == textwrap.dedent(source).strip()


def test_a_reload_in_another_block_stays():
    source = '''
        fast[4] = s2
        s2 = None
        if s1:
            s2 = fast[4]
        s2 = fast[4]
    '''
    assert _reloads(source) == textwrap.dedent(source).strip()


# --- unpack_in_place: UNPACK_SEQUENCE without its `v` on the exact path -------------------------

_UNPACK = '''
    v = None
    v = s2
    if (type(v) is tuple or type(v) is list) and len(v) == 2:
        s3, s2 = v
    else:
        s2, s3 = ops.unpack_iterable(v, 2, -1)
    %s
    fast[1] = s3
'''


def _in_place(source: str) -> str:
    from pipeline.vm.tier2_peephole import unpack_in_place
    lines = textwrap.dedent(source).strip('\n').split('\n')
    return '\n'.join(unpack_in_place(['    ' + line for line in lines])).replace('\n    ', '\n').strip()


def test_an_exact_sequence_is_unpacked_from_its_stack_name():
    expected = '\n'.join([
        'v = None',
        'if (type(s2) is tuple or type(s2) is list) and len(s2) == 2:',
        '    s3, s2 = s2',
        'else:',
        '    v = s2',
        '    s2, s3 = ops.unpack_iterable(v, 2, -1)',
        '    v = None'])
    assert _in_place(_UNPACK % 'v = None') == expected + '\nfast[1] = s3'
    assert _in_place(_UNPACK % 'v = s3') == expected + '\nv = s3\nfast[1] = s3'
    # (the run keeps working: names and values as the original's)
    for make in (lambda: (1, 2), lambda: [1, 2], lambda: iter((1, 2))):
        for source in (_UNPACK % 'v = None', _in_place(_UNPACK % 'v = None')):
            names = {'s2': make(), 'ops': __import__('pipeline.vm.ops', fromlist=['ops']), 'fast': [0, 0]}
            exec(textwrap.dedent(source), names)
            assert (names['s2'], names['s3'], names['v'], names['fast']) == (2, 1, None, [0, 1])


def test_a_v_not_known_to_hold_none_is_cleared_where_the_original_set_it():
    unknown = _UNPACK.replace('v = None\n    v = s2', 'v = s2', 1)
    for after in ('v = None', 'v = s3'):
        out = _in_place(unknown % after).split('\n')
        assert out[:2] == ['v = None', 'if (type(s2) is tuple or type(s2) is list) and len(s2) == 2:']
        assert out[-2:] == (['    v = None', 'fast[1] = s3'] if after == 'v = None' else ['v = s3', 'fast[1] = s3'])


def test_a_v_read_after_the_statement_keeps_it():
    source = _UNPACK % 's4 = v'
    assert _in_place(source) == textwrap.dedent(source).strip()


# --- unpack_into_slots: an unpack whose items all go to distinct locals --------------------------

def _into_slots(source: str) -> str:
    from pipeline.vm.tier2_peephole import unpack_into_slots
    return '\n'.join(unpack_into_slots(textwrap.dedent(source).strip('\n').split('\n')))


_UNPACKED = """
    if (type(s2) is tuple or type(s2) is list) and len(s2) %s 2:
        %s = s2
    else:
        s2, s3, s4 = ops.unpack_iterable(s2, %s)
    fast[5] = s4
    s4 = None
    fast[6] = s3
    s3 = None
    fast[%d] = s2
    s2 = None
    s2 = fast[5]
"""


def test_an_exact_sequence_is_unpacked_straight_into_distinct_slots():
    """(the other targets are cleared first: a name may hold an object from before)"""
    for test, targets, general, starred in (('==', 's4, s3, s2', '3, -1', ''), ('>=', 's4, *s3, s2', '1, 1', '*')):
        source = _UNPACKED % (test, targets, general, 7)
        assert _into_slots(source) == textwrap.dedent("""
            if (type(s2) is tuple or type(s2) is list) and len(s2) %s 2:
                s4 = s3 = None
                fast[5], %sfast[6], fast[7] = s2
                s2 = None
            else:
                s2, s3, s4 = ops.unpack_iterable(s2, %s)
                fast[5] = s4
                s4 = None
                fast[6] = s3
                s3 = None
                fast[7] = s2
                s2 = None
            s2 = fast[5]
        """ % (test, starred, general)).strip('\n')
        # (the run gives the slots and names the original gives)
        for value in ((1, 2, 3), [1, 2, 3], iter((1, 2, 3))):
            results = []
            for code in (source, _into_slots(source)):
                names = {'ops': __import__('pipeline.vm.ops', fromlist=['ops']), 'fast': [0] * 8,
                         's2': value if type(value) is not type(iter(())) else iter((1, 2, 3)), 's3': 'held', 's4': None}
                exec(textwrap.dedent(code), names)
                results.append((names['fast'], names['s2'], names['s3'], names['s4']))
            assert results[0] == results[1]


def test_an_unpack_into_one_slot_twice_or_not_into_slots_stays():
    for source in (_UNPACKED % ('==', 's4, s3, s2', '3, -1', 5),
                   (_UNPACKED % ('==', 's4, s3, s2', '3, -1', 7)).replace('    s3 = None\n', '')):
        assert _into_slots(source) == textwrap.dedent(source).strip('\n')


def test_the_mirrored_slots_an_unpack_stores_let_go_first_and_reload_after():
    assert _mirror("""
        def trace(f, entry):
            fast = f.fast
            try:
                fast[5], *fast[6], fast[7] = s2
                s1 = fast[5] + fast[7]
            except BaseException:
                raise
    """) == textwrap.dedent("""
        def trace(f, entry):
            fast = f.fast
            fast_5 = fast[5]
            fast_7 = fast[7]
            try:
                fast_5 = fast_7 = None
                fast[5], *fast[6], fast[7] = s2
                fast_5 = fast[5]; fast_7 = fast[7]
                s1 = fast_5 + fast_7
            except BaseException:
                fast_5 = fast_7 = None
                raise
    """).strip('\n')


def _mirror(source: str) -> str:
    return '\n'.join(mirror_locals(textwrap.dedent(source).strip('\n').split('\n')))


def test_a_loop_reads_its_locals_from_names_every_store_also_writes():
    assert _mirror("""
        def trace(f, entry):
            fast = f.fast
            if fast[1] is NULL:
                return 3
            try:
                for s1 in s0:
                    fast[2] = s1
                    s1 = fast[1]
                    s2 = fast[2]
                    s1 = s1 + s2
                    fast[1] = s1
                    fast[2] = NULL
                    s3 = fast[4].cell_contents
                    fast[5] = s3
            except BaseException:
                raise
    """) == textwrap.dedent("""
        def trace(f, entry):
            fast = f.fast
            fast_1 = fast[1]
            fast_2 = fast[2]
            fast_4 = fast[4]
            if fast_1 is NULL:
                return 3
            try:
                for s1 in s0:
                    fast[2] = fast_2 = s1
                    s1 = fast_1
                    s2 = fast_2
                    s1 = s1 + s2
                    fast[1] = fast_1 = s1
                    fast[2] = fast_2 = NULL
                    s3 = fast_4.cell_contents
                    fast[5] = s3
            except BaseException:
                fast_1 = fast_2 = fast_4 = None
                raise
    """).strip('\n')


def test_the_list_used_whole_or_read_after_the_handler_leaves_the_lines_as_they_are():
    for source in ["""
        def trace(f, entry):
            fast = f.fast
            s1 = fast[1]
            HELPER(fast, s1)
    """, """
        def trace(f, entry):
            fast = f.fast
            s1 = fast[1]
            fast = f.fast
            s2 = fast[1]
    """, """
        def trace(f, entry):
            fast = f.fast
            try:
                s1 = fast[1]
                s2 = fast[1]
            except BaseException as exc:
                thrown = exc
            return fast[1]
    """]:
        assert _mirror(source) == textwrap.dedent(source).strip('\n')
