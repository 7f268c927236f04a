"""Basic blocks and the emit API the code generator writes into.

Mirrors compile.c's `basicblock` and `compiler_unit`: the code generator appends
instructions to the current block; the assembler (assemble.py) orders blocks,
computes stack depth, resolves jumps, encodes lnotab and builds the code object.
"""
from typing import Any, Dict, List, Optional

from .code import constant_key

# An instruction is a list [opcode, arg, target, lineno] (compile.c's struct instr):
# `target` is the Block a jump goes to (its `arg` is computed by the assembler), `lineno`
# is 0 but for the first instruction of a line. A list rather than an object because
# codegen makes one per instruction: building a 4-item list costs half as much.
OPCODE, ARG, TARGET, LINENO = range(4)
Instr = List[Any]


def new_instr(opcode: int, arg: int = 0, target: 'Optional[Block]' = None,
              lineno: int = 0) -> Instr:
    """An instruction, as CodeUnit.emit appends them (for code that builds blocks itself)."""
    return [opcode, arg, target, lineno]


class Block:
    """A basic block. `next` is the block that follows in allocation/emission order
    (compile.c's b_next, set by use_next_block); the assembler fills the rest."""
    __slots__ = ('index', 'instrs', 'next', 'seen', 'start_depth', 'offset')

    def __init__(self, index: int) -> None:
        # CodeUnit.new_block sets the same fields itself
        self.index = index
        self.instrs: List[Instr] = []
        self.next: Optional[Block] = None
        self.seen = False             # scratch flag for graph walks
        self.start_depth = -1         # stack depth at entry, set by the assembler
        self.offset = 0               # byte offset, set by the assembler

    def __repr__(self) -> str:
        return '<Block %d>' % self.index


_new_block = object.__new__


def merge_const(cache: Dict[Any, Any], value: Any, key: Any = None) -> Any:
    """The one object of a compilation equal to `value` by constant_key, items of tuples and
    frozensets merged too (compile.c's merge_consts_recursive over c_const_cache): equal
    code objects too, even from different units, as 3.8 shares them."""
    if value is None or value is Ellipsis:
        return value
    if key is None:
        key = constant_key(value)
    found = cache.get(key)
    if found is not None:
        return found
    kind = type(value)
    if kind is tuple and value:
        items = tuple([merge_const(cache, item) for item in value])
        for new, old in zip(items, value):
            if new is not old:
                value = items
                break
    elif kind is frozenset and value:
        value = frozenset([merge_const(cache, item) for item in value])
    cache[key] = value
    return value


class CodeUnit:
    """One code object under construction (compile.c's compiler_unit)."""

    def __init__(self, name: str, qualname: Optional[str] = None, firstlineno: int = 1) -> None:
        self.name = name
        self.qualname = qualname or name
        self.firstlineno = firstlineno
        # constant_key(value) -> index: equal code objects (code_richcompare) are one
        self.consts: Dict[Any, int] = {}
        self.const_values: List[Any] = []
        # The compilation's constant cache (c_const_cache), shared by all its units.
        self.const_cache: Optional[Dict[Any, Any]] = None
        self.names: Dict[str, int] = {}
        self.varnames: Dict[str, int] = {}
        self.cellvars: Dict[str, int] = {}
        self.freevars: Dict[str, int] = {}
        self.argcount = 0
        self.posonlyargcount = 0
        self.kwonlyargcount = 0
        self.flags = 0
        self.lineno = 0              # u_lineno: line of the statement/expr being compiled
        self.lineno_set = False      # u_lineno_set: already given to an instruction
        self.blocks: List[Block] = []
        self.entry = self.new_block()
        self.current = self.entry
        self.private: Optional[str] = None   # class name for private-name mangling
        self.scope: Any = None               # the symtable scope, set by codegen

    # -- blocks ------------------------------------------------------------------
    def new_block(self) -> Block:
        # Block.__init__ inline (a class call with an __init__ costs twice a plain call)
        blocks = self.blocks
        block = _new_block(Block)
        block.index = len(blocks)
        block.instrs = []
        block.next = None
        block.seen = False
        block.start_depth = -1
        block.offset = 0
        blocks.append(block)
        return block

    def use_next_block(self, block: Optional[Block] = None) -> Block:
        """Make `block` (a new one if None) follow the current block and become current."""
        if block is None:
            block = self.new_block()
        self.current.next = block
        self.current = block
        return block

    def free(self) -> None:
        """Let go of the blocks (compiler_unit_free): jumps back to a loop's head make
        the graph cyclic, which reference counting alone would leave to the collector.
        Only jumps close cycles (the `next` links are one path, in the order the blocks
        became current), so dropping the instructions frees it all."""
        for block in self.blocks:
            block.instrs = []
        self.blocks = []
        self.entry = self.current = None  # type: ignore[assignment]

    # -- instructions --------------------------------------------------------------
    def set_lineno(self, lineno: int) -> None:
        """Start a new source line, as compile.c does on entering a stmt/expr."""
        if lineno != self.lineno:
            self.lineno = lineno
            self.lineno_set = False

    def emit(self, opcode: int, arg: int = 0, target: Optional[Block] = None) -> None:
        """Append an instruction (a jump to `target`) to the current block."""
        # compile.c's compiler_set_lineno: only the first instruction emitted after a
        # line change carries the line; later ones carry 0 and add nothing to lnotab.
        if self.lineno_set:
            self.current.instrs.append([opcode, arg, target, 0])
        else:
            self.lineno_set = True
            self.current.instrs.append([opcode, arg, target, self.lineno])

    def emit_jump(self, opcode: int, target: Block) -> None:
        self.emit(opcode, 0, target)

    # -- tables -----------------------------------------------------------------
    def add_const(self, value: Any) -> int:
        key = constant_key(value)
        index = self.consts.get(key)
        if index is None:
            if self.const_cache is not None:
                value = merge_const(self.const_cache, value, key)
            index = self.consts[key] = len(self.const_values)
            self.const_values.append(value)
        return index

    @staticmethod
    def add_to(table: Dict[str, int], name: str) -> int:
        index = table.get(name)
        if index is None:
            index = table[name] = len(table)
        return index
