from __future__ import annotations
import os.path as osp, sys
from collections import *
counter: int = 0
def bump(n: int) -> int:
    global counter
    counter += n
    del sys
    try:
        pass
    except Exception as exc:
        raise
    with open(n) as (fh, gh):
        pass
    return counter
class K:
    global gk
    def m(self):
        return gk
    x: List[int]
    (y): int = 3
