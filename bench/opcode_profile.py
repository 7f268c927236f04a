"""Which opcode families dominate each VM benchmark, from `python -m pipeline.run --stats`.

    python bench/opcode_profile.py [--host-python PATH] [NAME ...]

Prints, per bench/programs/*.py, the share of executed instructions in each family (the
groups a tier-1 specialiser would quicken together) and the three commonest opcodes.
"""
import argparse
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
PROGRAMS = os.path.join(HERE, 'programs')

FAMILIES = (
    ('locals', ('LOAD_FAST', 'STORE_FAST', 'DELETE_FAST', 'LOAD_CONST')),
    ('globals', ('LOAD_GLOBAL', 'STORE_GLOBAL', 'LOAD_NAME', 'STORE_NAME', 'LOAD_DEREF', 'STORE_DEREF',
                 'LOAD_CLOSURE', 'LOAD_CLASSDEREF')),
    ('attrs', ('LOAD_ATTR', 'STORE_ATTR', 'DELETE_ATTR', 'LOAD_METHOD')),
    ('calls', ('CALL_FUNCTION', 'CALL_FUNCTION_KW', 'CALL_FUNCTION_EX', 'CALL_METHOD', 'RETURN_VALUE',
               'MAKE_FUNCTION')),
    ('arith', ('BINARY_', 'INPLACE_', 'UNARY_')),
    ('subscr', ('BINARY_SUBSCR', 'STORE_SUBSCR', 'DELETE_SUBSCR', 'BUILD_SLICE')),
    ('compare', ('COMPARE_OP', 'POP_JUMP_IF_', 'JUMP_IF_', 'JUMP_ABSOLUTE', 'JUMP_FORWARD')),
    ('iter', ('FOR_ITER', 'GET_ITER')),
    ('build', ('UNPACK_', 'BUILD_', 'LIST_APPEND', 'SET_ADD', 'MAP_ADD', 'FORMAT_VALUE')),
    ('gen', ('YIELD_', 'GET_AWAITABLE', 'GET_YIELD_FROM_ITER', 'GET_AITER', 'GET_ANEXT')),
    ('stack', ('POP_TOP', 'ROT_', 'DUP_TOP', 'NOP')),
    ('except', ('SETUP_', 'POP_BLOCK', 'POP_EXCEPT', 'RAISE_VARARGS', 'END_FINALLY', 'BEGIN_FINALLY',
                'WITH_CLEANUP_', 'CALL_FINALLY', 'POP_FINALLY', 'BEFORE_ASYNC_WITH', 'END_ASYNC_FOR')),
)
NAMES = [name for name, _ in FAMILIES] + ['other']


def family(opname):
    # exact names first (BINARY_SUBSCR is a subscript, not arithmetic), then prefixes
    for name, members in FAMILIES:
        if opname in members:
            return name
    for name, members in FAMILIES:
        if any(member.endswith('_') and opname.startswith(member) for member in members):
            return name
    return 'other'


def profile(python, name):
    """{opname: count} of one program run in the VM with --stats."""
    proc = subprocess.run([python, '-m', 'pipeline.run', '--stats', '--no-cache', name + '.py'],
                          cwd=PROGRAMS, capture_output=True, text=True,
                          env=dict(os.environ, PYTHONPATH=REPO, PYTHONHASHSEED='0'))
    return {m.group(1): int(m.group(2)) for m in re.finditer(r'^([A-Z_]+)\s+(\d+)\s', proc.stderr, re.M)}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('names', nargs='*')
    parser.add_argument('--host-python', default=sys.executable)
    args = parser.parse_args(argv)
    names = args.names or sorted(n[:-3] for n in os.listdir(PROGRAMS) if n.endswith('.py'))
    print('| benchmark | instructions | ' + ' | '.join(NAMES) + ' | top opcodes |')
    print('|---|---:|' + '---:|' * len(NAMES) + '---|')
    for name in names:
        counts = profile(args.host_python, name)
        total = sum(counts.values()) or 1
        shares = dict.fromkeys(NAMES, 0)
        for opname, count in counts.items():
            shares[family(opname)] += count
        top = sorted(counts, key=counts.get, reverse=True)[:3]
        print('| %s | %.1fM | %s | %s |' % (
            name, total / 1e6, ' | '.join('%d' % round(100 * shares[f] / total) for f in NAMES),
            ', '.join('%s %d%%' % (op, round(100 * counts[op] / total)) for op in top)), flush=True)


if __name__ == '__main__':
    sys.exit(main())
