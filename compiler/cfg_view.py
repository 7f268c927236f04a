"""The CFG view of a source (python -m pipeline.dis --cfg): every code object's basic blocks
as the assembler sees them, recorded while the source compiles."""
from typing import List, Union

from . import compile as compile_source
from .assemble import format_cfg as format_unit, recording_cfgs
from .flowgraph import CodeUnit


def format_cfg(unit_or_source: Union[CodeUnit, str, bytes], filename: str = '<cfg>') -> str:
    """Every code object's basic blocks in emission order, each with its stack depth at
    entry, instructions (name, argument, line) and jump targets."""
    if isinstance(unit_or_source, CodeUnit):
        return format_unit(unit_or_source)
    recorded: List[str] = []
    previous = recording_cfgs(recorded)   # str, or bytes decoded as compile() does
    try:
        compile_source(unit_or_source, filename, 'exec')
    finally:
        recording_cfgs(previous)
    return '\n\n'.join(recorded)
