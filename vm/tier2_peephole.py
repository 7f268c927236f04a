"""Tier 2: copy propagation over a trace's translated lines (vm/tier2.py writes them, this tidies them)."""
import re
from typing import Any, Dict, List, Tuple

from . import hostbuiltins

hostbuiltins.bind(globals())   # the host's builtins, whatever a program rebinds

_ATOM = re.compile(r'^(?:[A-Za-z_]\w*|-?\d+|fast\[\d+\]|None|True|False)$')
_ASSIGN = re.compile(r'^( *)(\w+) = (.+)$')


def _indent_of(line: str) -> int:
    return len(line) - len(line.lstrip(' '))


_PATTERNS: Dict[Tuple[str, str], Any] = {}


def _pattern(template: str, name: str) -> Any:
    """`template` % `name` (escaped), compiled once (the peephole asks for the same few names often)."""
    pattern = _PATTERNS.get((template, name))
    if pattern is None:
        pattern = _PATTERNS[template, name] = re.compile(template % re.escape(name))
    return pattern


def _word(name: str) -> Any:
    """The pattern of `name` as a whole word."""
    return _pattern(r'\b%s\b', name)


def _inplace(name: str) -> Any:
    """The pattern of an augmented assignment to `name`."""
    return _pattern(r'^ *%s ([-+*/%%@&|^<>]+=) (.+)$', name)


def _dead_after(lines: List[str], start: int, name: str, indent: int) -> bool:
    """Whether `name` (assigned at `indent`) is assigned again (from an expression not reading it)
    before any read after line `start`. Only an assignment that runs whichever way control
    went from there counts: one in a block entered since (an `if`, an `else` ending where the
    `if` block did, vm/tier2.py's Join) leaves the value in place on the other ways."""
    word = _word(name)
    floor = indent   # the least indentation since `start`: a line deeper is in a block it may skip
    for index in range(start, len(lines)):
        line = lines[index]
        depth = _indent_of(line)
        floor = min(floor, depth)
        if name in line and word.search(line):   # (the substring test first: most lines lack it)
            match = _ASSIGN.match(line)
            if match is None or match.group(2) != name or word.search(match.group(3)):
                return False
            if depth <= floor:
                return True
    return True


def peephole(lines: List[str], live: set) -> List[str]:
    """Copy propagation over the translated bodies: `v = fast[3]; s0 = v` -> `s0 = fast[3]`,
    `v = s1; v += w; s1 = v` -> `s1 += w`; clearing a slot just before it is set is dropped.
    `live`: names that must keep their values (the stack entries below the loop)."""
    out = list(lines)
    changed = True
    while changed:
        changed = False
        index = 0
        while index < len(out) - 1:
            line = out[index]
            match = _ASSIGN.match(line)
            if match and match.group(2) not in live:
                pad, name, value = match.groups()
                nxt = index + 1
                while nxt < len(out) and out[nxt].startswith(pad + 'at = '):
                    nxt += 1
                if nxt < len(out) and _indent_of(out[nxt]) == len(pad):
                    following = out[nxt]
                    word = _word(name)
                    if value == 'None':
                        other = _ASSIGN.match(following)
                        if other and other.group(2) == name and _ATOM.match(other.group(3)):
                            del out[index]
                            changed = True
                            continue
                    elif _ATOM.match(value) and len(word.findall(following)) == 1 \
                            and not following.lstrip().startswith(name + ' ') \
                            and _dead_after(out, nxt + 1, name, len(pad)):
                        out[nxt] = word.sub(lambda _: value, following)
                        del out[index]
                        changed = True
                        continue
                    inplace = _inplace(name).match(following)
                    if inplace and _ATOM.match(value) and nxt + 1 < len(out) \
                            and out[nxt + 1] == pad + '%s = %s' % (value, name) \
                            and name not in inplace.group(2) and _dead_after(out, nxt + 2, name, len(pad)):
                        markers = out[index + 1:nxt]   # the `at = ` lines stay, before it
                        out[index:nxt + 2] = markers + [
                            pad + '%s %s %s' % (value, inplace.group(1), inplace.group(2))]
                        changed = True
                        continue
            index += 1
    return out
