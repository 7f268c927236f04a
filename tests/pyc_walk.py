"""Every object of a 3.8 marshal stream with its type code and FLAG_REF bit, to explain
where two .pyc files differ (used by tests.pyc_bytes_corpus and tests/test_pyc_bytes.py)."""
import struct
from typing import Any, List, NamedTuple


class Item(NamedTuple):
    offset: int
    type: str        # the type character, FLAG_REF cleared
    flag: bool       # FLAG_REF set
    value: Any       # a short summary: the value, ('ref', index), 'code', '(3' ...


def walk(data: bytes, pos: int = 0) -> List[Item]:
    """The objects of the marshal data `data[pos:]` in stream order."""
    items: List[list] = []
    refs: List[list] = []

    def long() -> int:
        nonlocal pos
        value = struct.unpack_from('<i', data, pos)[0]
        pos += 4
        return value

    stack = [1]          # objects still to read, per open container
    while stack:
        if stack[-1] == 0:
            stack.pop()
            continue
        stack[-1] -= 1
        start = pos
        code = data[pos]
        pos += 1
        kind, flag = chr(code & 0x7F), bool(code & 0x80)
        entry = [start, kind, flag, None]
        items.append(entry)
        if flag:
            refs.append(entry)
        children = 0
        if kind in 'NTF.S0':
            value: Any = kind
        elif kind == 'i':
            value = long()
        elif kind == 'g':
            value = struct.unpack_from('<d', data, pos)[0]
            pos += 8
        elif kind == 'y':
            value = struct.unpack_from('<dd', data, pos)
            pos += 16
        elif kind == 'l':
            count = long()
            pos += 2 * abs(count)
            value = 'long'
        elif kind in 'zZ':
            size = data[pos]
            value = data[pos + 1:pos + 1 + size].decode('latin-1')
            pos += 1 + size
        elif kind in 'aAuts':
            size = long()
            raw = data[pos:pos + size]
            pos += size
            value = raw if kind == 's' else raw.decode('utf-8', 'surrogatepass')
        elif kind in ')(<>[':
            if kind == ')':
                children = data[pos]
                pos += 1
            else:
                children = long()
            value = '%s%d' % (kind, children)
        elif kind == 'r':
            index = long()
            target = refs[index] if 0 <= index < len(refs) else None
            value = ('ref', index, target[1] if target else '?', target[3] if target else '?')
        elif kind == 'c':
            for _ in range(6):
                long()
            value = 'code'
            # 8 objects, firstlineno (a long between them and lnotab), lnotab: read the
            # 8 now and the long + lnotab via a marker.
            stack.append(-1)
            children = 8
        else:
            raise ValueError('unknown type %r at offset %d' % (kind, start))
        entry[3] = value
        if children:
            stack.append(children)
        # A code object's 8 fields are done: read firstlineno, then lnotab.
        while len(stack) >= 2 and stack[-1] == 0 and stack[-2] == -1:
            stack.pop()
            stack[-1] = 1      # replace the marker by one object (lnotab) to read
            long()
            break
    return [Item(*entry) for entry in items]


def first_difference(ours: bytes, theirs: bytes) -> str:
    """Where two marshal streams first differ, object by object ('' when equal)."""
    if ours == theirs:
        return ''
    try:
        mine, real = walk(ours), walk(theirs)
    except (ValueError, IndexError, struct.error) as error:
        return 'unreadable marshal data: %s' % error
    for index, (a, b) in enumerate(zip(mine, real)):
        if (a.type, a.flag, a.value) != (b.type, b.flag, b.value):
            return 'object %d (offset %d): ours %s%s %r, 3.8 %s%s %r' % (
                index, b.offset, a.type, '+ref' if a.flag else '', a.value,
                b.type, '+ref' if b.flag else '', b.value)
    return 'same objects, %d vs %d bytes' % (len(ours), len(theirs))
