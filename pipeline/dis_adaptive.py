"""`python -m pipeline.dis --adaptive FILE`: run the program at tier 1, then show each code
object's quickened instructions (as 3.11's dis.dis(adaptive=True)).

Each line is 3.8's dis line with the opname the tier-1 loop runs at that offset: a
specialised form (CALL_FUNCTION_HOST, LOAD_GLOBAL_BUILTIN, COMPARE_JUMP_IF_FALSE_LT...),
an ADAPTIVE form still warming up or backing off, a superinstruction of vm/fused.py, or
the generic instruction; code objects that never ran are shown as plain 3.8 dis shows them.
"""
import sys
from typing import Any, List, Optional


def adaptive_lines(code: Any) -> List[str]:
    """The disassembly of one code object, quickened names in place of 3.8's."""
    from pipeline.dis import findlinestarts, get_instructions
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


def show(code: Any, file: Any) -> None:
    """Print `code` and the code objects nested in it, as 3.8's dis.dis(code) orders them."""
    print('\n'.join(adaptive_lines(code)), file=file)
    for const in code.co_consts:
        if hasattr(const, 'co_code'):
            print(file=file)
            print('Disassembly of %r:' % (const,), file=file)
            show(const, file)


def main(name: str, data: bytes, file: Optional[Any] = None) -> int:
    """Compile and run `data` (the program `name`) in the VM at tier 1, then print its code."""
    from pipeline import traceback_format, vm
    from pipeline.compiler import compile as compile_source
    from pipeline.tokenizer import decode_source
    out = file if file is not None else sys.stdout
    code = compile_source(decode_source(data, name), name, 'exec')
    vm.set_tier(1)
    namespace = {'__name__': '__main__', '__file__': name, '__builtins__': __builtins__}
    status = 0
    try:
        vm.run_code(code, namespace)
    except SystemExit as exc:
        status = exc.code if isinstance(exc.code, int) else 0
    except Exception as exc:   # the program's uncaught exception: shown, then the code as it ran
        sys.stdout.flush()
        traceback_format.print_exception(exc)
        status = 1
    sys.stdout.flush()
    show(code, out)
    return status
