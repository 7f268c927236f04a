"""The explorer's JSON endpoints (python -m pipeline.explore), called directly over HTTP."""
import http.client
import json

import pytest

from pipeline.explore.server import is_local_host, program_filename, serve_in_thread
from pipeline.explore.session import Session, record_run

PROGRAM = '''\
class Box:
    def __init__(self, value):
        self.value = value


def count(limit):
    n = 0
    while n < limit:
        yield n
        n += 1


def adder(step):
    def add(x):
        return x + step
    return add


try:
    total = sum(count(3)) + adder(10)(Box(5).value)
finally:
    print('total', total)
'''


@pytest.fixture(scope='module')
def server():
    running = serve_in_thread(0, PROGRAM, 'prog.py')
    yield running
    running.shutdown()
    running.server_close()


def request(server, method, path, body=None, host=None, origin=None):
    connection = http.client.HTTPConnection('127.0.0.1', server.server_address[1], timeout=120)
    headers = {'Host': host or '127.0.0.1:%d' % server.server_address[1]}
    if origin:
        headers['Origin'] = origin
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers['Content-Type'] = 'application/json'
    connection.request(method, path, body=data, headers=headers)
    response = connection.getresponse()
    payload = response.read()
    connection.close()
    kind = response.getheader('Content-Type', '')
    return response.status, json.loads(payload) if kind.startswith('application/json') else payload


def post(server, path, body):
    status, answer = request(server, 'POST', path, body)
    assert status == 200, answer
    return answer


def test_host_check():
    assert is_local_host('127.0.0.1:8038') and is_local_host('localhost') and is_local_host('[::1]:80')
    assert not is_local_host('evil.example:8038') and not is_local_host('127.0.0.1.evil.example')
    assert not is_local_host(None) and not is_local_host('localhost:abc')
    assert program_filename('/etc/passwd') == 'passwd' and program_filename('') == 'main.py'


def test_foreign_host_and_origin_are_refused(server):
    status, _ = request(server, 'GET', '/', host='attacker.example')
    assert status == 403
    status, _ = request(server, 'POST', '/api/stages', {'source': 'x = 1\n'},
                        origin='http://attacker.example')
    assert status == 403
    status, _ = request(server, 'POST', '/api/stages', {'source': 'x = 1\n'},
                        origin='http://localhost:1234')
    assert status == 200


def test_page_and_static_files_are_served(server):
    status, page = request(server, 'GET', '/')
    assert status == 200 and b'/static/app.js' in page
    for name in ('app.js', 'editor.js', 'panes.js', 'cfg.js', 'vmstate.js', 'share.js', 'style.css'):
        status, body = request(server, 'GET', '/static/' + name)
        assert status == 200 and len(body) > 500, name
    assert request(server, 'GET', '/static/../server.py')[0] == 404
    assert request(server, 'GET', '/api/initial')[1] == {'source': PROGRAM, 'filename': 'prog.py'}


def test_stages_of_a_program(server):
    data = post(server, '/api/stages', {'source': PROGRAM, 'filename': 'prog.py'})
    assert data['error'] is None
    assert data['tokens'][0] == ['ENCODING', 'ENCODING', 'utf-8', [0, 0], [0, 0]]
    assert data['tokens'][1] == ['NAME', 'NAME', 'class', [1, 0], [1, 5]]
    assert ['OP', 'COLON', ':', [1, 9], [1, 10]] in data['tokens']
    root = data['ast'][0]
    assert root['type'] == 'Module' and root['fields'][0][0] == 'body'
    names = [node for node in data['ast'] if node['type'] == 'Name']
    assert any(node['fields'][0] == ['id', 'value', "'total'"] and node['pos'] == [20, 4, 20, 9]
               for node in names)
    adder = data['symtable']['children'][2]
    assert adder['name'] == 'adder' and adder['type'] == 'function'
    assert {'name': 'step', 'scope': 'CELL', 'properties': ['parameter', 'local']} in \
        adder['symbols']
    add = adder['children'][0]
    assert add['symbols'][1] == {'name': 'step', 'scope': 'FREE',
                                 'properties': ['referenced', 'free']}
    assert [code['name'] for code in data['dis']] == [
        '<module>', 'Box', '__init__', 'count', 'adder', 'add']
    count = data['dis'][3]
    assert count['linestarts'][0] == [0, 7] and count['varnames'] == ['limit', 'n']
    assert count['instrs'][0] == {'offset': 0, 'opname': 'LOAD_CONST', 'arg': 1, 'argrepr': '0',
                                  'starts_line': 7, 'jump_target': False, 'line': 7}
    units = {unit['qualname']: unit for unit in data['cfg']}
    assert set(units) == {'<module>', 'Box', 'Box.__init__', 'count', 'adder', 'adder.<locals>.add'}
    module = units['<module>']
    assert module['blocks'][0]['depth'] == 0
    kinds = {edge['kind'] for block in module['blocks'] for edge in block['edges']}
    assert kinds == {'fall', 'handler'}   # try/finally: SETUP_FINALLY's handler edge
    loop = units['count']
    offset = {block['index']: block['offset'] for block in loop['blocks']}
    assert any(edge['kind'] == 'jump' and offset[edge['to']] <= block['offset']
               for block in loop['blocks'] for edge in block['edges'])   # the while loop's back edge


def test_ast_columns_are_characters():
    from pipeline.explore.stages import stages
    data = stages("s = 'é' + name\n")
    by_type = {node['type']: node for node in data['ast']}
    assert by_type['BinOp']['pos'] == [1, 4, 1, 14]    # 3.8's byte offsets are 4 and 15


@pytest.mark.parametrize('source, error', [
    ('x = (\n', ['SyntaxError', 'unexpected EOF while parsing', 1, 6, 'parse']),
    ('def f(:\n    pass\n', ['SyntaxError', 'invalid syntax', 1, 7, 'parse']),
    ('if x:\npass\n', ['IndentationError', 'expected an indented block', 2, 1, 'parse']),
    ('def f():\n    nonlocal y\n', ['SyntaxError', "no binding for nonlocal 'y' found", 2, 5,
                                      'compile']),
])
def test_errors_are_38s(server, source, error):
    data = post(server, '/api/stages', {'source': source, 'filename': 'bad.py'})
    found = data['error']
    assert [found['type'], found['msg'], found['lineno'], found['offset'], found['stage']] == error
    assert found['text'].endswith('%s: %s\n' % (error[0], error[1]))
    assert data['tokens'], 'the tokens before the error are still shown'
    if error[4] == 'parse':
        assert data['ast'] is None and data['dis'] is None
    else:
        assert data['ast'] is not None and data['dis'] is None


def test_bad_requests(server):
    status, answer = request(server, 'POST', '/api/stages', {'nothing': 1})
    assert status == 400 and 'source' in answer['error']
    status, answer = request(server, 'POST', '/api/nowhere', {})
    assert status == 404
    status, answer = request(server, 'POST', '/api/step', {'session': 'gone', 'index': 0})
    assert status == 400 and 'session' in answer['error']


def test_oracle_marks(server, oracle, monkeypatch):
    monkeypatch.setenv('PIPELINE_ORACLE_PYTHON', oracle)
    data = post(server, '/api/oracle', {'source': PROGRAM, 'filename': 'prog.py'})
    assert data['available'] is True
    assert {stage: result['equal'] for stage, result in data['stages'].items()} == {
        'tokens': True, 'ast': True, 'code': True, 'dis': True, 'error': True}
    data = post(server, '/api/oracle', {'source': 'x = (\n', 'filename': 'bad.py'})
    assert data['stages']['error']['equal'] and data['error'][:2] == [
        'SyntaxError', 'unexpected EOF while parsing']


def test_oracle_difference_is_reported(monkeypatch):
    from pipeline.explore import oracle
    real = oracle.ours

    def wrong(source, filename, computed=None):
        mine = real(source, filename, computed)
        mine['tokens'][1][2] = 'y'
        return mine
    if oracle.oracle_python() is None:
        pytest.skip('CPython 3.8 oracle not found')
    monkeypatch.setattr(oracle, 'ours', wrong)
    result = oracle.compare('x = 1\n', 'a.py')
    assert result['stages']['tokens']['equal'] is False
    assert result['stages']['tokens']['difference'].startswith('item 1: ours ["NAME", "NAME", "y"')
    assert result['stages']['ast']['equal'] is True


@pytest.fixture(scope='module')
def run(server):
    return post(server, '/api/run', {'source': PROGRAM, 'filename': 'prog.py'})


def test_run_records_the_whole_program(server, run):
    assert run['limit'] is None and run['status'] == 0 and run['total'] > 100
    first = run['step']
    assert first['index'] == 0 and first['stdout'] == ''
    assert [frame['name'] for frame in first['frames']] == ['<module>']
    assert first['frames'][0]['offset'] == 0 and first['frames'][0]['line'] == 1
    last = post(server, '/api/step', {'session': run['session'], 'index': 0, 'action': 'end'})
    assert last['index'] == run['total'] - 1 and last['finished'] and last['frames'] == []
    assert last['stdout'] == 'total 18\n' and last['status'] == 0


def test_stepping_into_the_generator(server, run):
    session = run['session']
    view = post(server, '/api/step', {'session': session, 'index': 0, 'action': 'continue',
                                      'breakpoints': [10]})
    frames = view['frames']
    assert [frame['name'] for frame in frames] == ['<module>', 'count']
    generator = frames[-1]
    assert generator['line'] == 10 and generator['state'] == 'running'
    assert generator['locals'] == [['limit', '3'], ['n', '0']]
    assert frames[0]['state'] == 'calling' and frames[0]['blocks'][0]['type'] == 'SETUP_FINALLY'
    # one instruction on: n is loaded onto the value stack
    after = post(server, '/api/step', {'session': session, 'index': view['index'],
                                       'action': 'next-instr'})
    assert after['index'] == view['index'] + 1 and after['frames'][-1]['stack'] == ['0']
    back = post(server, '/api/step', {'session': session, 'index': after['index'],
                                      'action': 'prev-instr'})
    assert back == view
    # the next arrival at line 10 has n == 1
    again = post(server, '/api/step', {'session': session, 'index': view['index'],
                                       'action': 'continue', 'breakpoints': [10]})
    assert again['frames'][-1]['locals'] == [['limit', '3'], ['n', '1']]
    previous = post(server, '/api/step', {'session': session, 'index': again['index'],
                                          'action': 'reverse-continue', 'breakpoints': [10]})
    assert previous == view


def test_line_stepping_and_closures(server, run):
    session = run['session']
    index, seen = 0, []
    while True:
        view = post(server, '/api/step', {'session': session, 'index': index,
                                          'action': 'next-line'})
        if view['index'] == index:
            break
        index = view['index']
        top = view['frames'][-1] if view['frames'] else None
        if top:
            seen.append((top['name'], top['line']))
            if top['name'] == 'add':
                assert top['frees'] == [['step', '10']] and top['locals'] == [['x', '5']]
    assert seen[:7] == [('Box', 1), ('Box', 2), ('<module>', 1), ('<module>', 6),
                        ('<module>', 13), ('<module>', 19), ('<module>', 20)]
    assert seen[7:11] == [('count', 7), ('count', 8), ('count', 9), ('count', 10)]
    assert ('count', 7) in seen and ('add', 15) in seen and ('<module>', 22) in seen
    back = post(server, '/api/step', {'session': session, 'index': index, 'action': 'prev-line'})
    assert back['index'] < index


def test_limits_are_reported(server):
    answer = post(server, '/api/run', {'source': 'while True:\n    pass\n', 'filename': 'loop.py',
                                       'max_instructions': 500})
    assert answer['limit'] == 'instructions' and answer['total'] == 500
    last = post(server, '/api/step', {'session': answer['session'], 'index': 0, 'action': 'end'})
    assert last['limit'] == 'instructions' and not last['finished']
    answer = post(server, '/api/run', {'source': 'while True:\n    pass\n', 'filename': 'loop.py',
                                       'max_instructions': 10 ** 6, 'max_seconds': 0.5})
    assert answer['limit'] == 'seconds'


def test_a_time_limit_spent_before_the_first_instruction_still_shows_it():
    # under load the recorder's start-up can use up the whole limit: the first step is kept
    result = record_run('while True:\n    pass\n', 'loop.py', 1000, 0)
    assert result['limit'] == 'seconds' and len(result['steps']) == 1
    view = Session('while True:\n    pass\n', 'loop.py', result).view(0)
    assert view['limit'] == 'seconds' and view['frames'][-1]['line'] == 2


def test_exception_is_a_38_traceback(server):
    source = 'def f(x):\n    return 1 / x\nprint("before")\nf(0)\n'
    answer = post(server, '/api/run', {'source': source, 'filename': 'err.py'})
    assert answer['status'] == 1
    last = post(server, '/api/step', {'session': answer['session'], 'index': 0, 'action': 'end'})
    assert last['stdout'] == 'before\n'
    assert last['stderr'] == ('Traceback (most recent call last):\n'
                              '  File "err.py", line 4, in <module>\n    f(0)\n'
                              '  File "err.py", line 2, in f\n    return 1 / x\n'
                              'ZeroDivisionError: division by zero\n')


def test_syntax_error_run(server):
    answer = post(server, '/api/run', {'source': 'x = (\n', 'filename': 'bad.py'})
    assert answer['status'] == 1 and answer['total'] == 0 or answer['step']['frames'] == []
    assert answer['step']['stderr'].endswith('SyntaxError: unexpected EOF while parsing\n')


def test_session_navigation_without_a_process():
    frames = [{'serial': 0, 'code': 0, 'line': 1}, {'serial': 0, 'code': 0, 'line': 2},
              {'serial': 1, 'code': 1, 'line': 5}, {'serial': 0, 'code': 0, 'line': 3}]
    steps = [[[0], 0, 0], [[0], 0, 0], [[1], 0, 0], [[1, 2], 0, 0], [[1, 2], 0, 0],
             [[3], 0, 0], [[], 0, 0]]
    session = Session('', 'x.py', {'steps': steps, 'frames': frames, 'stdout': '', 'stderr': '',
                                   'limit': None, 'status': 0, 'seconds': 0})
    assert session.target(0, 'next-line', []) == 2
    assert session.target(2, 'next-line', []) == 3
    assert session.target(4, 'prev-line', []) == 2
    assert session.target(0, 'continue', [5]) == 3
    assert session.target(6, 'reverse-continue', [2]) == 2
    assert session.target(0, 'continue', [99]) == 6
    assert session.target(3, 'end', []) == 6 and session.target(3, 'start', []) == 0
    with pytest.raises(ValueError):
        session.target(0, 'sideways', [])


def test_vm_step_hook_reports_each_instruction_before_it_runs():
    from pipeline import vm
    from pipeline.compiler import compile as compile_source
    from pipeline.vm import instrument
    code = compile_source('def f(a):\n    return a + 1\nx = f(41)\n', 'hook.py', 'exec')
    seen = []
    plain_emit = instrument.emit
    with vm.hooks(step=lambda frame, index: seen.append(
            (frame.code.co_name, index, list(frame.stack)))):
        namespace = {'__name__': '__main__'}
        vm.run_code(code, namespace)
    assert namespace['x'] == 42 and instrument.emit is plain_emit and instrument.active_step is None
    # <module>: LOAD_CONST code, LOAD_CONST 'f', MAKE_FUNCTION, STORE_NAME f,
    # LOAD_NAME f, LOAD_CONST 41, CALL_FUNCTION 1, STORE_NAME x, LOAD_CONST None, RETURN_VALUE
    names = [(name, index) for name, index, _ in seen]
    assert names[:7] == [('<module>', i) for i in range(7)]
    assert names[7:11] == [('f', 0), ('f', 1), ('f', 2), ('f', 3)]   # f's 4 instructions
    assert seen[9] == ('f', 2, [41, 1])          # before BINARY_ADD: both operands
    assert seen[11] == ('<module>', 7, [42])     # back in the caller, the result pushed
    assert names[-1] == ('<module>', 10)         # past RETURN_VALUE: the module is leaving


def test_a_newer_source_stops_the_oracle_of_an_older_one():
    import subprocess
    import sys
    from pipeline.explore.oracle import OracleRuns
    runs = OracleRuns()
    older = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])
    same = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])
    runs.add(older, 'x = 1\n')
    runs.add(same, 'x = 2\n')
    runs.supersede('x = 2\n')            # the page now shows 'x = 2'
    assert older.wait(timeout=30) != 0   # stopped
    assert same.poll() is None           # the comparison still wanted goes on
    assert runs.discard(older) is True and runs.discard(same) is False
    same.kill()
    same.wait()


def test_the_same_source_is_answered_from_memory(server):
    body = {'source': 'y = [1, 2]\n', 'filename': 'same.py'}
    first = request(server, 'POST', '/api/stages', body)[1]
    again = request(server, 'POST', '/api/stages', body)[1]
    assert again == first and again['dis'][0]['consts'] == ['1', '2', 'None']
    other = request(server, 'POST', '/api/stages', dict(body, filename='other.py'))[1]
    assert other['filename'] == 'other.py'
