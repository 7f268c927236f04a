"""Tier 2: copy propagation over a trace's translated lines (vm/tier2.py writes them, this tidies them)."""
import re
from typing import Any, Dict, List, Optional, Tuple

from . import hostbuiltins

hostbuiltins.bind(globals())   # the host's builtins, whatever a program rebinds

_ATOM = re.compile(r'^(?:[A-Za-z_]\w*|-?\d+(?:\.\d+)?|\(-?\d+(?:\.\d+)?\)|fast\[\d+\]|None|True|False)$')
_ASSIGN = re.compile(r'^( *)(\w+) = (.+)$')
_TUPLE_ASSIGN = re.compile(r'^( *)(\w+(?:, \w+)+) = (.+)$')
_STORE_FAST = re.compile(r'^( *)(fast\[\d+\]) = (\w+)$')


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
            if match is None:
                match = _TUPLE_ASSIGN.match(line)   # (`s4, s5 = s2, s3`: one of the targets)
                if match is None or name not in match.group(2).split(', ') or word.search(match.group(3)):
                    return False
            elif match.group(2) != name or word.search(match.group(3)):
                return False
            if depth <= floor:
                return True
    return True


def peephole(lines: List[str], live: set) -> List[str]:
    """Copy propagation over the translated bodies: `v = fast[3]; s0 = v` -> `s0 = fast[3]`,
    `v = s1; v += w; s1 = v` -> `s1 += w`; clearing a slot just before it is set is dropped, and
    so is clearing one that already holds None (drop_no_op_clears).
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
                        # (a number in parentheses: `-3 ** 2` or `2.bit_length` would not mean it)
                        atom = '(%s)' % value if value[0] in '-0123456789' else value
                        out[nxt] = word.sub(lambda _: atom, following)
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
    return drop_no_op_clears(drop_reloads(out))


def _skip_markers(lines: List[str], index: int, pad: str) -> int:
    """The index of the first line from `index` on that is not an `at = ` marker at `pad`."""
    while index < len(lines) and lines[index].startswith(pad + 'at = '):
        index += 1
    return index


def drop_reloads(lines: List[str]) -> List[str]:
    """A STORE_FAST then a LOAD_FAST of the same local (`x = ...; f(x)`, a for loop's target)
    translate to `fast[k] = s2; s2 = None; s2 = fast[k]`: the clear and the reload leave `s2`
    holding what it held (the list slot still holds it, so nothing dies in between), and both
    go. Without the clear (`fast[k] = s2; s2 = fast[k]`), the reload goes. The `at = ` markers
    between stay: nothing between the store and the reload can raise, so they only move up."""
    out = list(lines)
    index = 0
    while index < len(out):
        store = _STORE_FAST.match(out[index])
        if store is not None:
            pad, slot, name = store.groups()
            nxt = _skip_markers(out, index + 1, pad)
            clear = None
            if nxt < len(out) and out[nxt] == '%s%s = None' % (pad, name):
                clear = nxt
                nxt = _skip_markers(out, nxt + 1, pad)
            if nxt < len(out) and out[nxt] == '%s%s = %s' % (pad, name, slot):
                del out[nxt]
                if clear is not None:
                    del out[clear]
                continue   # (the same store may meet another reload after the markers)
        index += 1
    return out


# --- clearing a name that already holds None -------------------------------------------------
# The translated bodies clear their temporaries (`v = None`, `nf = args = func = None`) as the
# loop's instruction bodies do, so that a value dies when 3.8 lets it go. Along a trace's path
# many of those clears meet a name that an earlier clear already emptied: such a store changes
# nothing, and dropping it changes nothing either. Which names hold None at a line is worked
# out over the block structure of the lines (their indentation): a name counts only if it holds
# None on every way into the line, and a loop's body starts knowing nothing it assigns anywhere.

_HEADER = re.compile(r'^(if|elif|else|while|for|try|except|finally|with)\b')
_CLEAR = re.compile(r'^(\w+(?: = \w+)*) = None$')
_TARGET_NAME = re.compile(r'^\s*(\w+)\s*$')
_AUGMENTED = re.compile(r'^\s*(\w+)\s*(?:[-+*/%@&|^]|//|\*\*|<<|>>)=(?!=)')
_FOR_TARGETS = re.compile(r'^for (.+?) in ')
_ENDS_PATH = re.compile(r'^(return|raise|continue|break)\b')


def _parts(statement: str) -> List[str]:
    """The simple statements of one line (`a = 1; b = 2`), or the line whole when it holds a
    string (whose text might contain a `;`)."""
    if "'" in statement or '"' in statement:
        return [statement]
    return [part.strip() for part in statement.split(';')]


def _assigned(statement: str) -> set:
    """The plain names a simple statement binds (assignment chains, tuple targets, augmented
    assignments, `del`, a `for` header's targets, `except ... as name`)."""
    names = set()
    for part in _parts(statement):
        augmented = _AUGMENTED.match(part)
        if augmented:
            names.add(augmented.group(1))
            continue
        if part.startswith('del '):
            names.update(n.strip() for n in part[4:].split(','))
            continue
        header = _FOR_TARGETS.match(part)
        if header:
            names.update(n.strip() for n in header.group(1).split(','))
            continue
        if ' as ' in part and part.startswith('except'):
            names.add(part.rsplit(' as ', 1)[1].rstrip(':').strip())
            continue
        pieces = re.split(r'(?<![=!<>])=(?!=)', part)
        for target in pieces[:-1]:
            for item in target.split(','):
                name = _TARGET_NAME.match(item)
                if name:
                    names.add(name.group(1))
    return names


def _block_end(lines: List[str], start: int, indent: int) -> int:
    """The index after the block of the header at `start - 1` (its lines are deeper than `indent`)."""
    end = start
    while end < len(lines) and (not lines[end].strip() or _indent_of(lines[end]) > indent):
        end += 1
    return end


def _try_end(lines: List[str], body_end: int, end: int, indent: int) -> int:
    """The index after a try statement whose body ends at body_end (its handlers, `else` and
    `finally` blocks at `indent` follow it)."""
    stop = body_end
    while stop < end and _indent_of(lines[stop]) == indent and \
            lines[stop].strip().split(' ', 1)[0].rstrip(':') in ('except', 'else', 'finally'):
        stop = _block_end(lines, stop + 1, indent)
    return stop


def _assigned_in(lines: List[str], start: int, end: int) -> set:
    """The names lines[start:end] may bind to something other than None."""
    names = set()
    for index in range(start, end):
        text = lines[index].strip()
        if not _CLEAR.match(text):
            names |= _assigned(text)
    return names


def _known_none(lines: List[str], start: int, end: int, known: Optional[set], dead: Dict[int, str]) -> Optional[set]:
    """Walks the block lines[start:end] (all of one indentation) from the state `known` (the
    names holding None there; None when no way reaches it), recording in `dead` the clears that
    change nothing (index -> the line without its no-op names, '' to drop it). Returns the state
    after the block (None if no way falls out of it)."""
    index = start
    while index < end:
        line = lines[index]
        text = line.strip()
        indent = _indent_of(line)
        if not text:
            index += 1
            continue
        header = _HEADER.match(text)
        if header and text.endswith(':'):
            kind = header.group(1)
            body_end = _block_end(lines, index + 1, indent)
            if kind == 'if':
                # the chain: this `if`, its `elif`s and an `else`, each arm from the same state
                arms: List[Optional[set]] = []
                has_else = False
                arm_start = index
                while True:
                    arm_end = _block_end(lines, arm_start + 1, indent)
                    entry = None if known is None else set(known)
                    arms.append(_known_none(lines, arm_start + 1, arm_end, entry, dead))
                    if arm_end < end and _indent_of(lines[arm_end]) == indent:
                        following = lines[arm_end].strip()
                        if following.startswith('elif ') and following.endswith(':'):
                            arm_start = arm_end
                            continue
                        if following == 'else:':
                            has_else = True
                            arm_start = arm_end
                            continue
                    break
                if not has_else:
                    arms.append(None if known is None else set(known))
                known = _meet(arms)
                index = arm_end
                continue
            if kind in ('while', 'for'):
                assigned = _assigned_in(lines, index, body_end)
                entry = None if known is None else known - assigned
                _known_none(lines, index + 1, body_end, None if entry is None else set(entry), dead)
                known = entry
                index = body_end
                if index < end and _indent_of(lines[index]) == indent and lines[index].strip() == 'else:':
                    else_end = _block_end(lines, index + 1, indent)
                    after = _known_none(lines, index + 1, else_end,
                                        None if entry is None else set(entry), dead)
                    known = _meet([entry, after])
                    index = else_end
                continue
            if kind == 'try':
                # the handlers and the `finally` may start anywhere in what came before them:
                # they know only what nothing in the whole statement assigns
                stop = _try_end(lines, body_end, end, indent)
                assigned = _assigned_in(lines, index, stop)
                safe = None if known is None else known - assigned
                position = index
                while position < stop:
                    arm_end = _block_end(lines, position + 1, indent)
                    _known_none(lines, position + 1, arm_end, None if safe is None else set(safe), dead)
                    position = arm_end
                known = safe
                index = stop
                continue
            # anything else (`with`, or an arm met out of its chain): known only what it never assigns
            assigned = _assigned_in(lines, index, body_end)
            safe = None if known is None else known - assigned
            _known_none(lines, index + 1, body_end, None if safe is None else set(safe), dead)
            known = safe
            index = body_end
            continue
        if header:   # a one-line compound statement (`if TRACE_REQUESTED[0]: ...; return EXIT`)
            if known is not None:
                known -= _assigned(text.split(':', 1)[1])
            index += 1
            continue
        clear = _CLEAR.match(text)
        if clear and known is not None:
            names = clear.group(1).split(' = ')
            if all(name in known for name in names):
                dead[index] = ''
            elif any(name in known for name in names):
                kept = [name for name in names if name not in known]
                dead[index] = ' ' * indent + ' = '.join(kept) + ' = None'
            known |= set(names)
        elif known is not None:
            known -= _assigned(text)
            if _ENDS_PATH.match(text) or any(_ENDS_PATH.match(part) for part in _parts(text)):
                known = None
        index += 1
    return known


def _meet(states: List[Optional[set]]) -> Optional[set]:
    """The names holding None on every way that reaches a point (None: no way reaches it)."""
    reached = [state for state in states if state is not None]
    if not reached:
        return None
    common = set(reached[0])
    for state in reached[1:]:
        common &= state
    return common


def drop_no_op_clears(lines: List[str]) -> List[str]:
    """`lines` without the clears of names that already hold None (see above)."""
    if not lines:
        return lines
    dead: Dict[int, str] = {}
    base = min(_indent_of(line) for line in lines if line.strip())
    top = [index for index, line in enumerate(lines) if line.strip() and _indent_of(line) == base]
    _known_none(lines, top[0], len(lines), set(), dead)
    if not dead:
        return lines
    out = []
    for index, line in enumerate(lines):
        replacement = dead.get(index)
        if replacement is None:
            out.append(line)
        elif replacement:
            out.append(replacement)
    return out


# --- the instruction an exception came from, read off its host line ----------------------------
# A trace writes `at = k` before each instruction k that can raise, so that its handler can
# write the value stack back (DEPTH[at]) and set the frame's f.i: one store per instruction run.
# The same fact is static: which `at = ` assignment was last made at a host line depends only
# on the path to it, and along the paths a trace writes each line has one. So the markers are
# dropped and the handler reads `at` from the line the exception passed through this function at
# (its traceback entry), through a table (LINE_AT) worked out over the block structure as
# drop_no_op_clears does. A line that can raise must have one `at` on every way into it; if one
# has several, the markers stay (static_at returns None). A line that cannot raise (a store of
# a name, a constant, a local) and has several only sees asynchronous exceptions (a SIGINT,
# MemoryError), for which the loop's own dispatch is no more precise: the latest is taken.

_SILENT = re.compile(
    r'^(?:pass|continue|break|else:|try:|finally:|while True:|except\b.*:|return(?: \w+)?'
    r'|at = \d+|f\.i = \d+|[NX]\[\d+\] \+= 1'
    r'|\w+(?: = \w+)* = (?:None|True|False|NULL|-?\d+(?:\.\d+)?|\(-?\d+(?:\.\d+)?\)|fast\[\d+\])'
    r'|\w+(?:, \w+)* = \w+(?:, \w+)*|fast\[\d+\] = \w+)$')
_MARKER = re.compile(r'^at = (\d+)$')


class _Flow:
    """The `at` values a walk has seen reach each line, and the jumps out of the loops it is in."""

    def __init__(self, count: int) -> None:
        self.at: List[set] = [set() for _ in range(count)]
        self.loops: List[Tuple[List[set], List[set]]] = []   # (continues, breaks) of each open loop


def _walk(lines: List[str], start: int, end: int, state: set, flow: _Flow) -> set:
    """Walks the block lines[start:end] from `state` (the `at` values reaching it; empty when
    nothing does), adding to flow.at each line's; returns the state falling out of the block."""
    index = start
    while index < end:
        line = lines[index]
        text = line.strip()
        if not text:
            index += 1
            continue
        indent = _indent_of(line)
        flow.at[index] |= state
        header = _HEADER.match(text)
        if header and text.endswith(':'):
            kind = header.group(1)
            body_end = _block_end(lines, index + 1, indent)
            if kind == 'if':
                arms: List[set] = []
                has_else = False
                arm_start = index
                while True:
                    arm_end = _block_end(lines, arm_start + 1, indent)
                    flow.at[arm_start] |= state
                    arms.append(_walk(lines, arm_start + 1, arm_end, set(state), flow))
                    if arm_end < end and _indent_of(lines[arm_end]) == indent:
                        following = lines[arm_end].strip()
                        if (following.startswith('elif ') and following.endswith(':')) or following == 'else:':
                            has_else = has_else or following == 'else:'
                            arm_start = arm_end
                            continue
                    break
                state = set().union(*arms) | (set() if has_else else state)
                index = arm_end
                continue
            if kind in ('while', 'for'):
                entry = set(state)
                while True:   # (to the fixed point: what the body's ends bring back to the head)
                    flow.loops.append(([], []))
                    fallen = _walk(lines, index + 1, body_end, set(entry), flow)
                    continues, breaks = flow.loops.pop()
                    again = entry.union(fallen, *continues)
                    if again == entry:
                        break
                    entry = again
                    flow.at[index] |= entry
                flow.at[index] |= entry
                # (a `for` ends at its head; `while True` only by a break)
                state = set().union(*breaks) | (entry if kind == 'for' else set())
                index = body_end
                if index < end and _indent_of(lines[index]) == indent and lines[index].strip() == 'else:':
                    else_end = _block_end(lines, index + 1, indent)
                    flow.at[index] |= entry
                    state = set().union(*breaks) | _walk(lines, index + 1, else_end, set(entry), flow)
                    index = else_end
                continue
            if kind == 'try':
                stop = _try_end(lines, body_end, end, indent)
                # (a handler may start from any line of the body: it gets everything seen there)
                state = _walk(lines, index + 1, body_end, set(state), flow)
                seen = set().union(state, *flow.at[index:body_end])
                position = body_end
                results = [state]
                while position < stop:
                    arm_end = _block_end(lines, position + 1, indent)
                    flow.at[position] |= seen
                    results.append(_walk(lines, position + 1, arm_end, set(seen), flow))
                    position = arm_end
                state = set().union(*results)
                index = stop
                continue
            raise _NotStatic('a %s statement' % kind)
        if header:   # a one-line compound statement (`if TRACE_REQUESTED[0]: ...; return EXIT`)
            if 'at =' in text:
                raise _NotStatic('a marker in a one-line statement')
            index += 1
            continue
        marker = _MARKER.match(text)
        if marker:
            state = {int(marker.group(1))}
        elif _ENDS_PATH.match(text):
            word = text.split(' ', 1)[0]
            if word == 'continue' and flow.loops:
                flow.loops[-1][0].append(state)
            elif word == 'break' and flow.loops:
                flow.loops[-1][1].append(state)
            state = set()
        index += 1
    return state


class _NotStatic(Exception):
    """The host code has a form static_at does not follow: its markers stay."""


def static_at(lines: List[str], try_index: int, handler_index: int) -> Optional[Tuple[List[str], Dict[int, int]]]:
    """The function `lines` (its body's `try:` at try_index, that statement's
    `except BaseException:` at handler_index) without its `at = ` markers, and the table of the
    `at` at each line number (1-based) of the result; None when some line that can raise has
    more than one `at` reaching it (see above)."""
    flow = _Flow(len(lines))
    indent = _indent_of(lines[try_index])
    body_end = _block_end(lines, try_index + 1, indent)
    try:
        _walk(lines, try_index + 1, body_end, set(), flow)
    except _NotStatic:
        return None
    for index in range(try_index + 1, body_end):
        text = lines[index].strip()
        if text and len(flow.at[index]) > 1 and not _SILENT.match(text) and not _MARKER.match(text):
            return None
    out: List[str] = []
    line_at: Dict[int, int] = {}
    for index, line in enumerate(lines):
        if try_index < index < body_end and _MARKER.match(line.strip()):
            continue
        out.append(line)
        if try_index < index < body_end and flow.at[index]:
            line_at[len(out)] = max(flow.at[index])
        if index == handler_index:
            pad = ' ' * (_indent_of(line) + 4)
            out[-1] = line.replace('except BaseException:', 'except BaseException as raised:')
            out.append(pad + 'at = LINE_AT.get(raised.__traceback__.tb_lineno, %d)' % _first_marker(lines, try_index))
    return out, line_at


def _first_marker(lines: List[str], start: int) -> int:
    for line in lines[start:]:
        marker = _MARKER.match(line.strip())
        if marker:
            return int(marker.group(1))
    return 0
