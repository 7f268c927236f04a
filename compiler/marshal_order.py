"""The order CPython 3.8 iterates (and marshal writes) a frozenset constant in.

Set iteration follows the hash table's slots, so it depends on the hashes of the items
and on the order they were inserted.  String and bytes hashes are SipHash-2-4 of the
object's data under the process's hash secret; with PYTHONHASHSEED=0 that secret is all
zeros, which is the only case where a .pyc holding such a frozenset is reproducible at
all, and the one emulated here.  `frozenset_order(value)` gives None when an item's hash
cannot be known (None and Ellipsis hash by address in 3.8, nested frozensets, ...).
"""
from typing import Any, List, Optional

from .siphash import rotl64, siphash24

_MASK64 = (1 << 64) - 1
_MINSIZE = 8
_LINEAR_PROBES = 9
_PERTURB_SHIFT = 5
_XXPRIME_1 = 11400714785074694791
_XXPRIME_2 = 14029467366897019727
_XXPRIME_5 = 2870177450012600261


def _signed(value: int) -> int:
    value &= _MASK64
    return value - (1 << 64) if value >= 1 << 63 else value


def hash_bytes(data: bytes) -> int:
    """_Py_HashBytes with a zero secret: SipHash-2-4 (k0 = k1 = 0), -1 becomes -2."""
    if not data:
        return 0
    result = _signed(siphash24(0, 0, data))
    return -2 if result == -1 else result


def hash_str(text: str) -> int:
    """unicode_hash: the PEP 393 data (1, 2 or 4 bytes a character) hashed."""
    widest = max(map(ord, text)) if text else 0
    if widest < 0x100:
        data = text.encode('latin-1')
    elif widest < 0x10000:
        data = text.encode('utf-16-le', 'surrogatepass')
    else:
        data = text.encode('utf-32-le', 'surrogatepass')
    return hash_bytes(data)


def hash38(value: Any) -> Optional[int]:
    """CPython 3.8's hash() of a constant under PYTHONHASHSEED=0, or None if unknowable."""
    kind = type(value)
    if kind is str:
        return hash_str(value)
    if kind is bytes:
        return hash_bytes(value)
    if kind in (int, bool) or (kind in (float, complex) and value == value):
        return hash(value)   # the numeric hash is the same on every host
    if kind is tuple:
        # tuplehash (xxHash-based, 3.8)
        acc = _XXPRIME_5
        for item in value:
            lane = hash38(item)
            if lane is None:
                return None
            acc = (acc + (lane & _MASK64) * _XXPRIME_2) & _MASK64
            acc = rotl64(acc, 31)
            acc = (acc * _XXPRIME_1) & _MASK64
        acc = (acc + (len(value) ^ (_XXPRIME_5 ^ 3527539))) & _MASK64
        result = _signed(acc)
        return 1546275796 if result == -1 else result
    return None


def _insert_order(items: List[Any], hashes: List[int]) -> List[int]:
    """Indices of `items` in the iteration order of a set built by adding them in turn
    (set_add_entry with linear probing, set_table_resize when 3/5 full)."""
    mask = _MINSIZE - 1
    table: List[Optional[int]] = [None] * _MINSIZE
    fill = 0
    for index in range(len(items)):
        hash_ = hashes[index] & _MASK64
        if _slot(table, mask, hash_, items, hashes, index) is None:
            continue          # already present
        fill += 1
        if fill * 5 >= mask * 3:
            size = _MINSIZE
            while size <= fill * 4:
                size <<= 1
            old = [entry for entry in table if entry is not None]
            mask = size - 1
            table = [None] * size
            for entry in old:
                _slot(table, mask, hashes[entry] & _MASK64, None, hashes, entry)
    return [entry for entry in table if entry is not None]


def _slot(table: List[Optional[int]], mask: int, hash_: int, items: Optional[List[Any]],
          hashes: List[int], index: int) -> Optional[int]:
    """Put `index` in its slot (None if an equal item is there already)."""
    i = hash_ & mask
    perturb = hash_
    while True:
        probes = _LINEAR_PROBES if i + _LINEAR_PROBES <= mask else 0
        for j in range(probes + 1):
            entry = table[i + j]
            if entry is None:
                table[i + j] = index
                return i + j
            if items is not None and hashes[entry] == hashes[index] and \
                    items[entry] == items[index]:
                return None
        perturb >>= _PERTURB_SHIFT
        i = (i * 5 + 1 + perturb) & mask


def frozenset_order(value: frozenset, rebuilds: int = 1,
                    start: Optional[List[Any]] = None) -> Optional[List[Any]]:
    """The items of a frozenset constant in 3.8's iteration order: built from `start` (the
    source order, else the host's order), then rebuilt `rebuilds` times from its own
    iteration order (merge_consts_recursive, intern_string_constants)."""
    items = list(value) if start is None else list(start)
    hashes = []
    for item in items:
        item_hash = hash38(item)
        if item_hash is None:
            return None
        hashes.append(item_hash)
    for _ in range(rebuilds + 1):
        order = _insert_order(items, hashes)
        items = [items[i] for i in order]
        hashes = [hashes[i] for i in order]
    return items
