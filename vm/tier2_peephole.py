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
    return unpack_into_slots(unpack_in_place(drop_no_op_clears(drop_reloads(out))))


_UNPACK_TEST = re.compile(r'^if \(type\(v\) is tuple or type\(v\) is list\) and len\(v\) == (\d+):$')


def unpack_in_place(lines: List[str]) -> List[str]:
    """UNPACK_SEQUENCE's body pops its sequence into `v` first: `v = s2`, then either the
    exact tuple's or list's items `s4, s3, s2 = v` or the general `s2, s3, s4 =
    ops.unpack_iterable(v, 3, -1)`, then `v = None`. On the exact path the items come from
    the stack name itself and `v` is not touched; the general path keeps `v` (the iteration
    runs user code, which sees what it saw) and clears it at its end, so the clear after the
    statement goes. Where `v` may hold something before (drop_no_op_clears' analysis), the
    statement starts with `v = None`: no object dies at another moment; the sequence's last
    reference goes with the last target's store (whose other old values the targets took),
    where it went at `v = None`."""
    out = list(lines)
    known = _known_none(out)
    index = 0
    while index + 5 < len(out):
        replacement = _unpack_in_place_at(out, index, known)
        if replacement is not None:
            out[index:index + replacement[0]] = replacement[1]
            known = _known_none(out)   # (the lines moved; the states after them changed)
        index += 1
    return out


def _unpack_in_place_at(lines: List[str], index: int, known: Dict[int, Optional[set]]) -> Optional[Tuple[int, List[str]]]:
    """How many lines from `index` unpack_in_place replaces, and with what; None if the
    lines there are not an UNPACK_SEQUENCE it rewrites."""
    line = lines[index]
    pad = line[:_indent_of(line)]
    popped = re.match(r'^v = (s\d+)$', line[len(pad):])
    if popped is None:
        return None
    test = _UNPACK_TEST.match(lines[index + 1][len(pad):])
    inner = pad + '    '
    exact, general = lines[index + 2], lines[index + 4]
    if test is None or lines[index + 3] != pad + 'else:' or not exact.startswith(inner) \
            or not exact.endswith(' = v') or not general.startswith(inner) \
            or not general.endswith(' = ops.unpack_iterable(v, %s, -1)' % test.group(1)):
        return None
    state = known.get(index)
    cleared = state is not None and 'v' in state   # (`v` held None before the statement)
    name = popped.group(1)
    statement = [
        pad + 'if (type(%s) is tuple or type(%s) is list) and len(%s) == %s:' % (name, name, name, test.group(1)),
        exact[:-1] + name,
        pad + 'else:',
        inner + 'v = %s' % name,
        general,
        inner + 'v = None']
    # (where `v` may hold something, it lets it go where the original's `v = s2` did)
    statement = ([] if cleared else [pad + 'v = None']) + statement
    if lines[index + 5] == pad + 'v = None':
        return 6, statement
    position = _skip_markers(lines, index + 5, pad)   # `v` set again next (its clear went)
    following = lines[position] if position < len(lines) else ''
    if following.startswith(pad + 'v = ') and not _word('v').search(following[len(pad) + 4:]):
        return 5, statement
    return None


_EXACT_UNPACK = re.compile(r'^if \(type\((s\d+)\) is tuple or type\(\1\) is list\) and len\(\1\) [=>]= \d+:$')


def unpack_into_slots(lines: List[str]) -> List[str]:
    """An unpack whose items all go to locals (`a, b, c = t`: UNPACK_SEQUENCE, then a STORE_FAST
    per item, each `fast[k] = s4; s4 = None`; or UNPACK_EX's `a, *b, c = t`) unpacks an exact
    tuple or list straight into the slots, `fast[5], fast[6], fast[7] = s2; s2 = None`
    (`fast[5], *fast[6], fast[7] = s2`), the other targets cleared first (what they held
    dies there, as at the original's unpack; drop_no_op_clears drops the clears of names known
    to hold None): the items are stored in the same order,
    each old value dying at its own store as before; only the sequence's last reference, if its
    name held it, goes after the stores instead of before (it holds nothing the slots don't: the
    slots must be distinct). The general path keeps its stores, moved into its block."""
    out = list(lines)
    index = 0
    changed = False
    while index < len(out):
        line = out[index]
        pad = line[:_indent_of(line)]
        test = _EXACT_UNPACK.match(line[len(pad):])
        if test is not None:
            replacement = _into_slots_at(out, index, pad, test.group(1))
            if replacement is not None:
                out[index:index + replacement[0]] = replacement[1]
                changed = True
        index += 1
    return drop_no_op_clears(out) if changed else out   # (the targets' clears, where they held None)


def _into_slots_at(lines: List[str], index: int, pad: str, name: str) -> Optional[Tuple[int, List[str]]]:
    """How many lines from `index` (an unpack's exact test of `name`) unpack_into_slots replaces,
    and with what; None if its items do not all go to distinct slots."""
    inner = pad + '    '
    if index + 3 >= len(lines) or not lines[index + 1].startswith(inner) \
            or not lines[index + 1].endswith(' = ' + name) or lines[index + 2] != pad + 'else:':
        return None
    targets = lines[index + 1][len(inner):-len(' = ' + name)].split(', ')
    end = index + 3
    while end < len(lines) and lines[end].startswith(inner):
        end += 1
    stores, slots, position = [], [], end
    for target in targets:
        star = '*' if target.startswith('*') else ''
        target = target[len(star):]
        store = _STORE_FAST.match(lines[position]) if position + 1 < len(lines) else None
        if store is None or store.group(1) != pad or store.group(3) != target \
                or lines[position + 1] != '%s%s = None' % (pad, target):
            return None
        slots.append(star + store.group(2))
        stores += [inner + lines[position][len(pad):], inner + lines[position + 1][len(pad):]]
        position += 2
    if len(set(slot.lstrip('*') for slot in slots)) != len(slots):
        return None
    # (the other targets' old values die before the stores, as at the original's unpack)
    others = [target.lstrip('*') for target in targets if target.lstrip('*') != name]
    return position - index, [lines[index], inner + '%s = None' % ' = '.join(others),
                              inner + '%s = %s' % (', '.join(slots), name), inner + name + ' = None'] \
        + lines[index + 2:end] + stores


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


class _Analysis:
    """A forward analysis over host lines, for _walk_blocks: what a state is, how states meet
    where ways join, what a line does to one, and what a loop body, a try statement's arms and
    any other block start from (the policies where the two analyses below differ)."""

    def unreached(self) -> Any:
        """The state of a point no way reaches."""
        raise NotImplementedError

    def copy(self, state: Any) -> Any:
        raise NotImplementedError

    def join(self, states: List[Any]) -> Any:
        """The state where the ways of `states` meet."""
        raise NotImplementedError

    def reach(self, index: int, state: Any) -> None:
        """`state` reaches line `index` (a header's too)."""

    def line(self, index: int, line: str, state: Any) -> Any:
        """The state after the simple statement (or the one-line compound) `line`, lines[index]."""
        raise NotImplementedError

    def loop_entry(self, state: Any, lines: List[str], start: int, end: int) -> Any:
        """Where the fixed-point iteration over the loop lines[start:end] (its header first)
        starts from, given the state before it."""
        raise NotImplementedError

    def try_entry(self, state: Any, lines: List[str], start: int, end: int) -> Any:
        """The state the body of the try statement lines[start:end] starts from."""
        raise NotImplementedError

    def handler_entry(self, entry: Any, fallen: Any, body: range) -> Any:
        """The state a handler, `else` or `finally` arm starts from: `entry` the body's,
        `fallen` the state falling out of it, `body` its lines."""
        raise NotImplementedError

    def block_entry(self, kind: str, state: Any, lines: List[str], start: int, end: int) -> Any:
        """The state any other block (`with`, an arm met out of its chain) starts from."""
        raise NotImplementedError


def _walk_blocks(lines: List[str], start: int, end: int, state: Any, analysis: _Analysis,
                 loops: List[Tuple[List[Any], List[Any]]]) -> Any:
    """Walks the block lines[start:end] (all of one indentation) from `state`, telling
    `analysis` each line's state; returns the state falling out of the block. `loops` holds
    the (continues, breaks) states of the loops the block is in, innermost last."""
    index = start
    while index < end:
        line = lines[index]
        text = line.strip()
        if not text:
            index += 1
            continue
        indent = _indent_of(line)
        analysis.reach(index, state)
        header = _HEADER.match(text)
        if header and text.endswith(':'):
            kind = header.group(1)
            body_end = _block_end(lines, index + 1, indent)
            if kind == 'if':
                # the chain: this `if`, its `elif`s and an `else`, each arm from the same state
                arms: List[Any] = []
                has_else = False
                arm_start = index
                while True:
                    arm_end = _block_end(lines, arm_start + 1, indent)
                    analysis.reach(arm_start, state)
                    arms.append(_walk_blocks(lines, arm_start + 1, arm_end, analysis.copy(state), analysis, loops))
                    if arm_end < end and _indent_of(lines[arm_end]) == indent:
                        following = lines[arm_end].strip()
                        if (following.startswith('elif ') and following.endswith(':')) or following == 'else:':
                            has_else = has_else or following == 'else:'
                            arm_start = arm_end
                            continue
                    break
                if not has_else:
                    arms.append(state)
                state = analysis.join(arms)
                index = arm_end
                continue
            if kind in ('while', 'for'):
                entry = analysis.loop_entry(state, lines, index, body_end)
                while True:   # (to the fixed point: what the body's ends bring back to the head)
                    analysis.reach(index, entry)
                    loops.append(([], []))
                    fallen = _walk_blocks(lines, index + 1, body_end, analysis.copy(entry), analysis, loops)
                    continues, breaks = loops.pop()
                    again = analysis.join([entry, fallen] + continues)
                    if again == entry:
                        break
                    entry = again
                # (a loop ends at its head, `while True` only by a break)
                state = analysis.join(breaks + ([] if text == 'while True:' else [entry]))
                index = body_end
                if index < end and _indent_of(lines[index]) == indent and lines[index].strip() == 'else:':
                    else_end = _block_end(lines, index + 1, indent)
                    analysis.reach(index, entry)
                    state = analysis.join(breaks + [
                        _walk_blocks(lines, index + 1, else_end, analysis.copy(entry), analysis, loops)])
                    index = else_end
                continue
            if kind == 'try':
                stop = _try_end(lines, body_end, end, indent)
                entry = analysis.try_entry(state, lines, index, stop)
                fallen = _walk_blocks(lines, index + 1, body_end, analysis.copy(entry), analysis, loops)
                arm_entry = analysis.handler_entry(entry, fallen, range(index, body_end))
                results = [fallen]
                position = body_end
                while position < stop:
                    arm_end = _block_end(lines, position + 1, indent)
                    analysis.reach(position, arm_entry)
                    results.append(_walk_blocks(lines, position + 1, arm_end, analysis.copy(arm_entry), analysis, loops))
                    position = arm_end
                state = analysis.join(results)
                index = stop
                continue
            entry = analysis.block_entry(kind, state, lines, index, body_end)
            state = analysis.join([entry, _walk_blocks(lines, index + 1, body_end, analysis.copy(entry), analysis, loops)])
            index = body_end
            continue
        state = analysis.line(index, line, state)
        if not header and (_ENDS_PATH.match(text) or any(_ENDS_PATH.match(part) for part in _parts(text))):
            word = _parts(text)[-1].split(' ', 1)[0]
            if word == 'continue' and loops:
                loops[-1][0].append(state)
            elif word == 'break' and loops:
                loops[-1][1].append(state)
            state = analysis.unreached()
        index += 1
    return state


class _KnownNone(_Analysis):
    """The names holding None at each line (a set; None where no way reaches), and the clears
    that change nothing (`dead`: index -> the line without its no-op names, '' to drop it).
    A must analysis: a loop's head starts from what held None before it (less a `for`
    header's targets) and the walker meets that with what every way back brings, to the fixed
    point; a try statement's body starts from the state before it, its handlers and other
    arms from what held None at every line of the body, less what the arms assign. The
    clears are judged once the states are final (a line's is the meet of all walks')."""

    def __init__(self) -> None:
        self.dead: Dict[int, str] = {}
        self.known: Dict[int, Optional[set]] = {}   # index -> the names holding None there
        self.arms: List[set] = []   # what the arms of the try statements being walked assign

    @classmethod
    def of(cls, lines: List[str]) -> '_KnownNone':
        """The analysis of `lines` (not empty), walked from a state where nothing is known."""
        analysis = cls()
        base = min(_indent_of(line) for line in lines if line.strip())
        top = [index for index, line in enumerate(lines) if line.strip() and _indent_of(line) == base]
        _walk_blocks(lines, top[0], len(lines), set(), analysis, [])
        for index, state in analysis.known.items():
            clear = _CLEAR.match(lines[index].strip())
            if clear is not None and state:
                names = clear.group(1).split(' = ')
                kept = [name for name in names if name not in state]
                if len(kept) < len(names):
                    analysis.dead[index] = ' ' * _indent_of(lines[index]) + ' = '.join(kept) + ' = None' if kept else ''
        return analysis

    def reach(self, index: int, state: Optional[set]) -> None:
        self.known[index] = self.join([self.known[index], state]) if index in self.known else self.copy(state)

    def unreached(self) -> Optional[set]:
        return None

    def copy(self, state: Optional[set]) -> Optional[set]:
        return None if state is None else set(state)

    def join(self, states: List[Optional[set]]) -> Optional[set]:
        reached = [state for state in states if state is not None]
        if not reached:
            return None
        common = set(reached[0])
        for state in reached[1:]:
            common &= state
        return common

    def line(self, index: int, line: str, state: Optional[set]) -> Optional[set]:
        if state is None:
            return None
        text = line.strip()
        if _HEADER.match(text):   # a one-line compound statement (`if TRACE_REQUESTED[0]: ...; return EXIT`)
            return state - _assigned(text.split(':', 1)[1])
        clear = _CLEAR.match(text)
        if clear is None:
            return state - _assigned(text)
        return state | set(clear.group(1).split(' = '))

    def _removing_assigned(self, state: Optional[set], lines: List[str], start: int, end: int) -> Optional[set]:
        return None if state is None else state - _assigned_in(lines, start, end)

    def loop_entry(self, state: Optional[set], lines: List[str], start: int, end: int) -> Optional[set]:
        return None if state is None else state - _assigned(lines[start].strip())

    def try_entry(self, state: Optional[set], lines: List[str], start: int, end: int) -> Optional[set]:
        # (the body starts from the state before; handler_entry needs what the arms assign)
        body_end = _block_end(lines, start + 1, _indent_of(lines[start]))
        self.arms.append(_assigned_in(lines, body_end, end))
        return self.copy(state)

    def handler_entry(self, entry: Optional[set], fallen: Optional[set], body: range) -> Optional[set]:
        # a handler, `else` or `finally` may start from any line of the body (or, a `finally`,
        # of another arm): it knows what held None at every one of them, less what an arm assigns
        met = self.join([entry, fallen] + [self.known.get(index) for index in body])
        assigned = self.arms.pop()
        return None if met is None else met - assigned

    def block_entry(self, kind: str, state: Optional[set], lines: List[str], start: int, end: int) -> Optional[set]:
        return self._removing_assigned(state, lines, start, end)


def _known_none(lines: List[str]) -> Dict[int, Optional[set]]:
    """The names holding None at each line of `lines` (None where no way reaches it)."""
    return _KnownNone.of(lines).known if any(line.strip() for line in lines) else {}


def drop_no_op_clears(lines: List[str]) -> List[str]:
    """`lines` without the clears of names that already hold None (see above)."""
    if not lines:
        return lines
    dead = _KnownNone.of(lines).dead
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
    r'|\w+(?:, \w+)* = \w+(?:, \w+)*|fast\[\d+\] = (?:fast_\d+ = )?(?:\w+|\(-?\d+(?:\.\d+)?\))'
    # (tier2.py's try_region: its `except` re-raising what its handler does not take, whose
    # traceback already names the line it came from, and the catch, which reads it off that)
    r'|if not HANDLES\(f, e\d+, \d+\): raise|s\d+(?:, s\d+)* = CATCH\(f, c\d+, AT_OF\(c\d+\)\))$')
_MARKER = re.compile(r'^at = (\d+)$')


class _MarkersReaching(_Analysis):
    """The `at` values reaching each line (`at[index]`, a set; empty where no way reaches).
    A may analysis: loops to their fixed point, a handler from everything its body saw."""

    def __init__(self, count: int) -> None:
        self.at: List[set] = [set() for _ in range(count)]

    def unreached(self) -> set:
        return set()

    def copy(self, state: set) -> set:
        return set(state)

    def join(self, states: List[set]) -> set:
        return set().union(*states)

    def reach(self, index: int, state: set) -> None:
        self.at[index] |= state

    def line(self, index: int, line: str, state: set) -> set:
        text = line.strip()
        if _HEADER.match(text):   # a one-line compound statement
            if 'at =' in text:
                raise _NotStatic('a marker in a one-line statement')
            return state
        marker = _MARKER.match(text)
        return {int(marker.group(1))} if marker else state

    def loop_entry(self, state: set, lines: List[str], start: int, end: int) -> set:
        return state

    def try_entry(self, state: set, lines: List[str], start: int, end: int) -> set:
        return state

    def handler_entry(self, entry: set, fallen: set, body: range) -> set:
        # (a handler may start from any line of the body: it gets everything seen there)
        return set().union(fallen, *(self.at[index] for index in body))

    def block_entry(self, kind: str, state: set, lines: List[str], start: int, end: int) -> set:
        raise _NotStatic('a %s statement' % kind)


class _NotStatic(Exception):
    """The host code has a form static_at does not follow: its markers stay."""


def static_at(lines: List[str], try_index: int, handler_index: int) -> Optional[Tuple[List[str], Dict[int, int]]]:
    """The function `lines` (its body's `try:` at try_index, that statement's
    `except BaseException:` at handler_index) without its `at = ` markers, and the table of the
    `at` at each line number (1-based) of the result; None when some line that can raise has
    more than one `at` reaching it (see above)."""
    flow = _MarkersReaching(len(lines))
    indent = _indent_of(lines[try_index])
    body_end = _block_end(lines, try_index + 1, indent)
    try:
        _walk_blocks(lines, try_index + 1, body_end, set(), flow, [])
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



# --- a trace's locals mirrored in host names ----------------------------------------------------
# A local read in a trace is `fast[k]`, a list subscript per read. Nothing but the trace itself
# writes a running frame's fast locals while its trace runs (a trace function's writes of
# f_locals reach them only in the traced loop, which a trace is never entered under and exits
# to once one is set; `frame.clear()` refuses an executing frame), so a host name that every
# store writes along with the list slot holds what the slot holds at every line: reads take the
# name, and the frame stays exact for whatever looks (f_locals, tracebacks, a dunder's
# sys._getframe(1)). A store's old value dies at the name's store, just after the slot's, in the
# same host line, as it would at the slot's alone.

_FAST_USE = re.compile(r'(?<![.\w])fast\b(\[(\d+)\])?')
_FAST_STORE = re.compile(r'^( *)fast\[(\d+)\] = (.+)$')
_FAST_READ = re.compile(r'(?<![.\w])fast\[(\d+)\](?!\s*=[^=])')
_FAST_TARGETS = re.compile(r'^( *)(\*?fast\[\d+\](?:, \*?fast\[\d+\])+) = (\w+)$')   # (unpack_into_slots)


def mirror_locals(lines: List[str]) -> List[str]:
    """`lines` (a loop's trace function) with every read of a slot `fast[k]` (a local, or a cell
    whose contents it reads or writes) taken from a host name `fast_k`, loaded where
    the function reads f.fast and written by every store to the slot; the handler of the
    function's `try` clears the names (the exception's traceback holds this host frame). The
    lines unchanged when `fast` is used any other way (a helper handed the list, a rebinding)."""
    reads: Dict[int, int] = {}
    start = -1
    handler = False
    for index, line in enumerate(lines):
        stripped = line.strip()
        if stripped == 'fast = f.fast':
            if start >= 0:
                return lines
            start = index
            continue
        if start >= 0 and line.startswith(lines[start][:_indent_of(lines[start])] + 'except BaseException') \
                and _indent_of(line) == _indent_of(lines[start]):
            handler = True
        elif handler and 'fast[' in line:
            return lines   # (read after the handler cleared the names)
        for match in _FAST_USE.finditer(line):
            if match.group(1) is None:
                return lines   # (the list itself used: a slice, a call's argument)
        if start >= 0 and _FAST_TARGETS.match(line) is None:
            for match in _FAST_READ.finditer(line):
                slot = int(match.group(1))
                reads[slot] = reads.get(slot, 0) + 1
    mirrored = sorted(reads)
    if start < 0 or not mirrored:
        return lines
    chosen = set(mirrored)

    def read(match: Any) -> str:
        slot = int(match.group(1))
        return 'fast_%d' % slot if slot in chosen else match.group(0)

    pad = lines[start][:_indent_of(lines[start])]
    out = lines[:start + 1] + [pad + 'fast_%d = fast[%d]' % (slot, slot) for slot in mirrored]
    for line in lines[start + 1:]:
        if 'fast[' in line:
            store = _FAST_STORE.match(line)
            targets = _FAST_TARGETS.match(line)
            if targets is not None:
                # (the names of the slots stored let their values go first, so that each old
                # value dies at its slot's store; then they take the new ones)
                indent = targets.group(1)
                stored = [slot for slot in map(int, re.findall(r'\d+', targets.group(2))) if slot in chosen]
                if stored:
                    out.append(indent + '%s = None' % ' = '.join('fast_%d' % slot for slot in stored))
                out.append(line)
                line = indent + '; '.join('fast_%d = fast[%d]' % (slot, slot) for slot in stored)
                if not stored:
                    continue
            elif store is not None:
                indent, target, value = store.groups()
                value = _FAST_READ.sub(read, value)
                if int(target) in chosen:
                    line = '%sfast[%s] = fast_%s = %s' % (indent, target, target, value)
                else:
                    line = '%sfast[%s] = %s' % (indent, target, value)
            else:
                line = _FAST_READ.sub(read, line)
        out.append(line)
        if line.startswith(pad + 'except BaseException') and _indent_of(line) == len(pad):
            out.append(pad + '    %s = None' % ' = '.join('fast_%d' % slot for slot in mirrored))
    return out
