"""Disassembly exactly as CPython 3.8's `dis` prints it, for our code objects.

`python -m pipeline.dis FILE` prints what `python3.8 -m dis FILE` prints;
`--tokens`, `--ast`, `--symtable` and `--cfg` show the earlier stages instead; `--adaptive`
runs the program at tier 1 and shows the instructions its code was quickened into; `--tier2`
runs the program in the VM and shows the traces tier 2 compiled (vm/tier2.py).
`pipeline.dis(x)` accepts what 3.8's `dis.dis` accepts.
"""
import argparse
import sys
from typing import Any, Dict, Iterator, List, NamedTuple, Optional, Tuple

from pipeline._callable import make_callable
from pipeline.parser.repr38 import repr38
from pipeline.compiler.opcodes import (EXTENDED_ARG, FORMAT_VALUE, HAVE_ARGUMENT,
                                       MAKE_FUNCTION, cmp_op,
                                       hascompare, hasconst, hasfree, hasjabs, hasjrel,
                                       haslocal, hasname, opname)

OPNAME_WIDTH = 20
OPARG_WIDTH = 5
MAKE_FUNCTION_FLAGS = ('defaults', 'kwdefaults', 'annotations', 'closure')
FORMAT_VALUE_CONVERTERS = ((None, ''), (str, 'str'), (repr, 'repr'), (ascii, 'ascii'))

_HASCONST, _HASNAME, _HASJREL, _HASJABS = (frozenset(hasconst), frozenset(hasname),
                                           frozenset(hasjrel), frozenset(hasjabs))
_HASLOCAL, _HASCOMPARE, _HASFREE = frozenset(haslocal), frozenset(hascompare), frozenset(hasfree)


class Instruction(NamedTuple):
    """One instruction, with the fields of 3.8's dis.Instruction."""
    opname: str
    opcode: int
    arg: Optional[int]
    argval: Any
    argrepr: str
    offset: int
    starts_line: Optional[int]
    is_jump_target: bool

    def format(self, lineno_width: int = 3, mark_as_current: bool = False,
               offset_width: int = 4) -> str:
        """The line 3.8's Instruction._disassemble prints."""
        fields = []
        if lineno_width:
            if self.starts_line is not None:
                fields.append('%*d' % (lineno_width, self.starts_line))
            else:
                fields.append(' ' * lineno_width)
        fields.append('-->' if mark_as_current else '   ')
        fields.append('>>' if self.is_jump_target else '  ')
        fields.append(repr(self.offset).rjust(offset_width))
        fields.append(self.opname.ljust(OPNAME_WIDTH))
        if self.arg is not None:
            fields.append(repr(self.arg).rjust(OPARG_WIDTH))
            if self.argrepr:
                fields.append('(' + self.argrepr + ')')
        return ' '.join(fields).rstrip()


def unpack_opargs(code: bytes) -> Iterator[Tuple[int, int, Optional[int]]]:
    """(offset, opcode, arg) triples, EXTENDED_ARG folded into the next argument."""
    extended_arg = 0
    for offset in range(0, len(code), 2):
        op = code[offset]
        if op >= HAVE_ARGUMENT:
            arg = code[offset + 1] | extended_arg
            extended_arg = (arg << 8) if op == EXTENDED_ARG else 0
            yield offset, op, arg
        else:
            yield offset, op, None


def findlabels(code: bytes) -> List[int]:
    """Offsets that are jump targets, in order of first appearance."""
    labels: List[int] = []
    for offset, op, arg in unpack_opargs(code):
        if arg is None:
            continue
        if op in _HASJREL:
            label = offset + 2 + arg
        elif op in _HASJABS:
            label = arg
        else:
            continue
        if label not in labels:
            labels.append(label)
    return labels


def findlinestarts(code: Any) -> Iterator[Tuple[int, int]]:
    """(offset, lineno) where a source line starts, decoded from co_lnotab."""
    lnotab = code.co_lnotab
    last_lineno = None
    lineno = code.co_firstlineno
    address = 0
    for byte_increment, line_increment in zip(lnotab[0::2], lnotab[1::2]):
        if byte_increment:
            if lineno != last_lineno:
                yield address, lineno
                last_lineno = lineno
            address += byte_increment
        if line_increment >= 0x80:
            line_increment -= 0x100
        lineno += line_increment
    if lineno != last_lineno:
        yield address, lineno


def const_repr(value: Any) -> str:
    """repr() of a constant as CPython 3.8 prints it: str printability follows 3.8's
    Unicode 12.1 database, whatever the host's, also inside tuples and frozensets."""
    kind = type(value)
    if kind is str:
        return repr38(value)
    if kind is tuple:
        if len(value) == 1:
            return '(%s,)' % const_repr(value[0])
        return '(%s)' % ', '.join(const_repr(item) for item in value)
    if kind is frozenset:
        if not value:
            return 'frozenset()'
        return 'frozenset({%s})' % ', '.join(const_repr(item) for item in value)
    return repr(value)


def _name_info(index: int, names: Optional[tuple]) -> Tuple[Any, str]:
    if names is None:
        return index, repr(index)
    return names[index], names[index]


def get_instructions_bytes(code: bytes, varnames: Optional[tuple] = None,
                           names: Optional[tuple] = None, constants: Optional[tuple] = None,
                           cells: Optional[tuple] = None,
                           linestarts: Optional[Dict[int, int]] = None,
                           line_offset: int = 0) -> Iterator[Instruction]:
    """Instructions of raw bytecode, resolved against the code object's tables."""
    labels = set(findlabels(code))
    starts_line = None
    for offset, op, arg in unpack_opargs(code):
        if linestarts is not None:
            starts_line = linestarts.get(offset)
            if starts_line is not None:
                starts_line += line_offset
        argval: Any = None
        argrepr = ''
        if arg is not None:
            argval = arg
            if op in _HASCONST:
                if constants is not None:
                    argval = constants[arg]
                argrepr = const_repr(argval)
            elif op in _HASNAME:
                argval, argrepr = _name_info(arg, names)
            elif op in _HASJREL:
                argval = offset + 2 + arg
                argrepr = 'to ' + repr(argval)
            elif op in _HASLOCAL:
                argval, argrepr = _name_info(arg, varnames)
            elif op in _HASCOMPARE:
                argval = argrepr = cmp_op[arg]
            elif op in _HASFREE:
                argval, argrepr = _name_info(arg, cells)
            elif op == FORMAT_VALUE:
                converter, argrepr = FORMAT_VALUE_CONVERTERS[arg & 0x3]
                argval = (converter, bool(arg & 0x4))
                if argval[1]:
                    argrepr = argrepr + ', with format' if argrepr else 'with format'
            elif op == MAKE_FUNCTION:
                argrepr = ', '.join(flag for bit, flag in enumerate(MAKE_FUNCTION_FLAGS)
                                    if arg & (1 << bit))
        yield Instruction(opname[op], op, arg, argval, argrepr, offset, starts_line,
                          offset in labels)


def get_instructions(code: Any, first_line: Optional[int] = None) -> Iterator[Instruction]:
    """Instructions of a code object, as 3.8's dis.get_instructions."""
    code = _code_of(code)
    linestarts = dict(findlinestarts(code))
    line_offset = first_line - code.co_firstlineno if first_line is not None else 0
    return get_instructions_bytes(code.co_code, code.co_varnames, code.co_names,
                                  code.co_consts, code.co_cellvars + code.co_freevars,
                                  linestarts, line_offset)


def disassemble_bytes(code: bytes, lasti: int = -1, varnames: Optional[tuple] = None,
                      names: Optional[tuple] = None, constants: Optional[tuple] = None,
                      cells: Optional[tuple] = None,
                      linestarts: Optional[Dict[int, int]] = None, *, file=None,
                      line_offset: int = 0) -> None:
    """Print raw bytecode as 3.8's _disassemble_bytes."""
    show_lineno = linestarts is not None
    lineno_width = 0
    if show_lineno:
        max_lineno = max(linestarts.values()) + line_offset if linestarts else line_offset
        lineno_width = len(str(max_lineno)) if max_lineno >= 1000 else 3
    max_offset = len(code) - 2
    offset_width = len(str(max_offset)) if max_offset >= 10000 else 4
    lines = []
    for instr in get_instructions_bytes(code, varnames, names, constants, cells, linestarts,
                                        line_offset):
        if show_lineno and instr.starts_line is not None and instr.offset > 0:
            lines.append('')
        lines.append(instr.format(lineno_width, instr.offset == lasti, offset_width))
    print('\n'.join(lines), file=file)


def disassemble(code: Any, lasti: int = -1, *, file=None) -> None:
    """Print one code object (not the ones nested in it)."""
    disassemble_bytes(code.co_code, lasti, code.co_varnames, code.co_names, code.co_consts,
                      code.co_cellvars + code.co_freevars, dict(findlinestarts(code)),
                      file=file)


def _disassemble_recursive(code: Any, *, file=None, depth: Optional[int] = None) -> None:
    disassemble(code, file=file)
    if depth is None or depth > 0:
        if depth is not None:
            depth -= 1
        for const in code.co_consts:
            if hasattr(const, 'co_code'):
                print(file=file)
                print('Disassembly of %r:' % (const,), file=file)
                _disassemble_recursive(const, file=file, depth=depth)


def _compile(source: str, name: str) -> Any:
    from pipeline.compiler import compile as compile_source
    try:
        return compile_source(source, name, 'eval')
    except SyntaxError:
        return compile_source(source, name, 'exec')


def _unwrap(x: Any) -> Any:
    """The code object behind a method, function, generator or coroutine; else `x`."""
    if hasattr(x, '__func__'):
        x = x.__func__
    for attribute in ('__code__', 'gi_code', 'ag_code', 'cr_code'):
        if hasattr(x, attribute):
            return getattr(x, attribute)
    return x


def _code_of(x: Any) -> Any:
    x = _unwrap(x)
    if isinstance(x, str):
        return _compile(x, '<disassembly>')
    if hasattr(x, 'co_code'):
        return x
    raise TypeError("don't know how to disassemble %s objects" % type(x).__name__)


def _has_code(x: Any) -> bool:
    """3.8's isinstance(x, _have_code): methods, functions, code, class/staticmethods, classes."""
    return isinstance(x, type) or any(hasattr(x, attribute) for attribute in (
        '__func__', '__code__', 'co_code'))


def dis(x: Any = None, *, file=None, depth: Optional[int] = None) -> None:
    """Disassemble a code object, function, method, class, module, source string or
    raw bytecode, as 3.8's dis.dis."""
    if x is None:
        raise TypeError('dis() needs an object: tracebacks of the VM are not disassembled')
    x = _unwrap(x)
    if hasattr(x, '__dict__') and not hasattr(x, 'co_code'):
        for name, member in sorted(x.__dict__.items()):
            if _has_code(member):
                print('Disassembly of %s:' % name, file=file)
                try:
                    dis(member, file=file, depth=depth)
                except TypeError as message:
                    print('Sorry:', message, file=file)
                print(file=file)
    elif hasattr(x, 'co_code'):
        _disassemble_recursive(x, file=file, depth=depth)
    elif isinstance(x, (bytes, bytearray)):
        disassemble_bytes(bytes(x), file=file)
    elif isinstance(x, str):
        _disassemble_recursive(_compile(x, '<dis>'), file=file, depth=depth)
    else:
        raise TypeError("don't know how to disassemble %s objects" % type(x).__name__)


def main(argv: Optional[List[str]] = None, file=None) -> int:
    """The command line; returns the exit status."""
    parser = argparse.ArgumentParser(prog='python -m pipeline.dis', description=__doc__.split(
        '\n')[0])
    stage = parser.add_mutually_exclusive_group()
    stage.add_argument('--tokens', action='store_true', help='show the token stream')
    stage.add_argument('--ast', action='store_true', help='show the AST (ast.dump)')
    stage.add_argument('--symtable', action='store_true', help='show the symbol tables')
    stage.add_argument('--cfg', action='store_true',
                       help='show basic blocks with the stack depth at entry')
    stage.add_argument('--adaptive', action='store_true',
                       help="run the program at tier 1, then show its quickened instructions")
    stage.add_argument('--tier2', action='store_true',
                       help='run the program in the VM, then show each tier-2 trace: its '
                            'instructions and its generated host code')
    parser.add_argument('--positions', action='store_true',
                        help='with --ast: include lineno/col_offset attributes')
    parser.add_argument('-e', '--exact', action='store_true',
                        help='with --tokens: exact operator token types')
    parser.add_argument('infile', nargs='?', default='-')
    args = parser.parse_args(argv)
    out = file if file is not None else sys.stdout
    if args.tokens:  # exactly `python -m pipeline.tokenize [-e] FILE`
        from pipeline.tokenize import main as tokenize_main
        return tokenize_main(['-e'] * args.exact + ([] if args.infile == '-' else [args.infile]),
                             stdout=out)
    if args.infile == '-':
        name, data = '<stdin>', sys.stdin.buffer.read()
    else:
        name = args.infile
        try:
            with open(name, 'rb') as handle:
                data = handle.read()
        except OSError as error:
            parser.error("can't open '%s': %s" % (name, error))
    try:
        if args.ast:
            from pipeline.parser import dump, parse
            print(dump(parse(data, name), include_attributes=args.positions), file=out)
        elif args.symtable:
            from pipeline.compiler.symtable_dump import dump_symtable
            print(dump_symtable(data, name), file=out)
        elif args.adaptive:
            return _run_adaptive(data, name, out)
        elif args.cfg:
            from pipeline.compiler.cfg_view import format_cfg
            print(format_cfg(data, name), file=out)
        elif args.tier2:
            return _show_traces(data, name, out)
        else:
            # 3.8's dis reads the file as text and compiles the str.
            from pipeline.tokenizer import decode_source
            from pipeline.compiler import compile as compile_source
            dis(compile_source(decode_source(data, name), name, 'exec'), file=out)
    except SyntaxError as error:
        # uncaught in 3.8's dis._test: a traceback whose frames are runpy's and dis.py's own
        # (not ours to show), then the error in 3.8's format whatever the host
        from pipeline.traceback_format import format_exception_only
        sys.stderr.write('Traceback (most recent call last):\n')
        sys.stderr.write(''.join(format_exception_only(error)))
        return 1
    return 0


def _run_program(data: bytes, name: str, tier: int) -> Tuple[int, Any]:
    """Compile and run the program `name` in the VM at `tier`; its uncaught exception is
    shown as 3.8 shows it. Returns the exit status."""
    import builtins
    from pipeline import traceback_format, vm
    from pipeline.compiler import compile as compile_source
    from pipeline.tokenizer import decode_source
    code = compile_source(decode_source(data, name), name, 'exec')
    vm.set_tier(tier)
    saved_argv = sys.argv
    sys.argv = [name]
    status = 0
    try:
        vm.run_code(code, {'__name__': '__main__', '__file__': name, '__builtins__': builtins})
    except SystemExit as exc:
        status = exc.code if isinstance(exc.code, int) else 1
    except Exception as exc:   # the program's own error: shown, then what it ran
        sys.stdout.flush()
        traceback_format.print_exception(exc)
        status = 1
    finally:
        sys.argv = saved_argv
    sys.stdout.flush()
    return status, code


def _show_traces(data: bytes, name: str, out: Any) -> int:
    """--tier2: run the program (tier 2 on), then print the traces it compiled."""
    status, _ = _run_program(data, name, 2)
    from pipeline.vm import tier2
    tier2.describe(out)
    return status


# -- --adaptive: each code object's quickened instructions (as 3.11's dis.dis(adaptive=True)) --
# Each line is 3.8's dis line with the opname the tier-1 loop runs at that offset: a specialised
# form (CALL_FUNCTION_HOST, LOAD_GLOBAL_BUILTIN, COMPARE_JUMP_IF_FALSE_LT...), an ADAPTIVE form
# still warming up or backing off, a superinstruction of vm/fused.py, or the generic instruction;
# code objects that never ran are shown as plain 3.8 dis shows them.

def adaptive_lines(code: Any) -> List[str]:
    """The disassembly of one code object, quickened names in place of 3.8's."""
    from pipeline.vm import specialize
    dc = getattr(code, '_vm_cache', None)
    quick = dc.quick if dc is not None else None
    linestarts = dict(findlinestarts(code))
    max_lineno = max(linestarts.values()) if linestarts else 0
    lineno_width = len(str(max_lineno)) if max_lineno >= 1000 else 3
    offset_width = len(str(len(code.co_code) - 2)) if len(code.co_code) - 2 >= 10000 else 4
    lines = []
    for instr in get_instructions(code):
        if quick is not None:
            instr = instr._replace(opname=specialize.opname(quick[instr.offset // 2][0]))
        if instr.starts_line is not None and instr.offset > 0:
            lines.append('')
        lines.append(instr.format(lineno_width, False, offset_width))
    return lines


def _show_adaptive(code: Any, file: Any) -> None:
    """Print `code` and the code objects nested in it, as 3.8's dis.dis(code) orders them."""
    print('\n'.join(adaptive_lines(code)), file=file)
    for const in code.co_consts:
        if hasattr(const, 'co_code'):
            print(file=file)
            print('Disassembly of %r:' % (const,), file=file)
            _show_adaptive(const, file)


def _run_adaptive(data: bytes, name: str, out: Any) -> int:
    """--adaptive: run the program at tier 1, then print its code as it was quickened."""
    status, code = _run_program(data, name, 1)
    _show_adaptive(code, out)
    return status


make_callable(__name__, dis)

if __name__ == '__main__':
    sys.exit(main())
