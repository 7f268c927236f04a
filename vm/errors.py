"""Interpreter faults, kept apart from the program's own exceptions."""
from . import hostbuiltins

hostbuiltins.bind(globals())   # the host's builtins, whatever a program rebinds


class BytecodeCorruption(ValueError):
    """A code object the VM cannot run: bad opcode, argument out of range, bad jump, fell off the end."""
