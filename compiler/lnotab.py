"""The 3.8 line-number table (co_lnotab) encoder, as compile.c assemble_lnotab()."""


class LnotabWriter:
    """Accumulates (byte offset delta, signed line delta) pairs as instructions are emitted."""
    __slots__ = ('table', 'line', 'offset')

    def __init__(self, firstlineno: int) -> None:
        self.table = bytearray()
        self.line = firstlineno     # a_lineno
        self.offset = 0             # a_lineno_off, in bytes

    def add(self, offset: int, lineno: int) -> None:
        """An instruction at byte `offset` starts source line `lineno`."""
        d_bytecode = offset - self.offset
        d_lineno = lineno - self.line
        if d_bytecode == 0 and d_lineno == 0:
            return
        table = self.table
        if d_bytecode > 255:
            count = d_bytecode // 255
            table += b'\xff\x00' * count
            d_bytecode -= count * 255
        if d_lineno < -128 or d_lineno > 127:
            if d_lineno < 0:
                step, count = -128, (-d_lineno) // 128
            else:
                step, count = 127, d_lineno // 127
            d_lineno -= count * step
            table.append(d_bytecode)
            table.append(step & 0xFF)
            d_bytecode = 0
            table += bytes((0, step & 0xFF)) * (count - 1)
        table.append(d_bytecode)
        table.append(d_lineno & 0xFF)
        self.line = lineno
        self.offset = offset

    def value(self) -> bytes:
        return bytes(self.table)


def encode_lnotab(firstlineno: int, starts) -> bytes:
    """co_lnotab for `starts`, (byte offset, line) of each instruction carrying a line."""
    writer = LnotabWriter(firstlineno)
    for offset, lineno in starts:
        writer.add(offset, lineno)
    return writer.value()
