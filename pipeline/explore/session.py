"""Stepping sessions: a recorded run (record.py, in a subprocess) and navigation over its history."""
import json
import os
import subprocess
import sys
import tempfile
import threading
import uuid
from typing import Any, Dict, List, Optional

DEFAULT_MAX_INSTRUCTIONS = 50_000
DEFAULT_MAX_SECONDS = 10.0
CAP_MAX_INSTRUCTIONS = 1_000_000
CAP_MAX_SECONDS = 120.0
KEPT_SESSIONS = 8
ACTIONS = ('start', 'end', 'next-instr', 'prev-instr', 'next-line', 'prev-line', 'continue',
           'reverse-continue', 'goto')

_PACKAGE_PARENT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class RunError(Exception):
    """The recording process failed (not the program: its exceptions are part of the run)."""


def record_run(source: str, filename: str, max_instructions: int, max_seconds: float) -> dict:
    """Run `source` in a recorder process; its history as record.py writes it."""
    with tempfile.TemporaryDirectory(prefix='pipeline-explore-') as directory:
        request = os.path.join(directory, '.request.json')
        output = os.path.join(directory, '.result.json')
        with open(request, 'w', encoding='utf-8') as stream:
            json.dump({'source': source, 'filename': filename,
                       'max_instructions': max_instructions, 'max_seconds': max_seconds},
                      stream)
        env = dict(os.environ)
        env['PYTHONPATH'] = os.pathsep.join(filter(None, [_PACKAGE_PARENT,
                                                          env.get('PYTHONPATH')]))
        env.pop('PYTHONSTARTUP', None)
        try:
            done = subprocess.run([sys.executable, '-m', 'pipeline.explore.record', request,
                                   output], cwd=directory, env=env, capture_output=True,
                                  stdin=subprocess.DEVNULL, timeout=max_seconds + 60)
        except subprocess.TimeoutExpired:
            raise RunError('the recording process did not finish; it was stopped') from None
        if not os.path.exists(output):
            raise RunError('the recording process ended without a result (status %s): %s' % (
                done.returncode, done.stderr.decode(errors='replace')[-2000:]))
        with open(output, encoding='utf-8') as stream:
            return json.load(stream)


class Session:
    """One recorded run: answers any step from memory."""

    def __init__(self, source: str, filename: str, result: dict) -> None:
        self.id = uuid.uuid4().hex
        self.source = source
        self.filename = filename
        self.result = result
        self.steps: List[list] = result['steps']
        self.frames: List[dict] = result['frames']
        # per step: (frame serial, line) of the innermost frame of the program's own code
        self.keys: List[Optional[tuple]] = []
        self.lines: List[Optional[int]] = []
        for frame_ids, _, _ in self.steps:
            top = self.frames[frame_ids[-1]] if frame_ids else None
            if top is None or top.get('host') or top.get('code', -1) < 0:
                self.keys.append(None)
                self.lines.append(None)
            else:
                self.keys.append((top['serial'], top['line']))
                self.lines.append(top['line'])

    def summary(self) -> dict:
        """What the page needs once: size of the history, limit hit, exit status."""
        result = self.result
        return {'session': self.id, 'total': len(self.steps), 'limit': result['limit'],
                'status': result['status'], 'seconds': result['seconds'],
                'lines_run': sorted({line for line in self.lines if line is not None})}

    def view(self, index: int) -> dict:
        """Step `index`: the call stack (outermost first), output so far, end state."""
        index = max(0, min(index, len(self.steps) - 1))
        frame_ids, stdout_length, stderr_length = self.steps[index]
        last = index == len(self.steps) - 1
        return {'index': index, 'total': len(self.steps),
                'frames': [self.frames[frame_id] for frame_id in frame_ids],
                'stdout': self.result['stdout'][:stdout_length],
                'stderr': self.result['stderr'][:stderr_length],
                'finished': last and self.result['limit'] is None,
                'limit': self.result['limit'] if last else None,
                'status': self.result['status'] if last else None}

    def _arrives(self, index: int) -> bool:
        """Step `index` is the first of a line in its frame (where a line stepper stops)."""
        key = self.keys[index]
        return key is not None and (index == 0 or self.keys[index - 1] != key)

    def target(self, index: int, action: str, breakpoints: List[int]) -> int:
        """The step that `action` from step `index` goes to."""
        last = len(self.steps) - 1
        index = max(0, min(index, last))
        if action == 'start':
            return 0
        if action in ('end', 'goto'):
            return last if action == 'end' else index
        if action == 'next-instr':
            return min(index + 1, last)
        if action == 'prev-instr':
            return max(index - 1, 0)
        if action == 'next-line':
            return next((j for j in range(index + 1, last + 1) if self._arrives(j)), last)
        if action == 'prev-line':
            start = index
            while start > 0 and not self._arrives(start):
                start -= 1
            return next((j for j in range(start - 1, -1, -1) if self._arrives(j)), 0)
        wanted = set(breakpoints)
        if action == 'continue':
            return next((j for j in range(index + 1, last + 1)
                         if self._arrives(j) and self.lines[j] in wanted), last)
        if action == 'reverse-continue':
            return next((j for j in range(index - 1, -1, -1)
                         if self._arrives(j) and self.lines[j] in wanted), 0)
        raise ValueError('unknown action %r (one of %s)' % (action, ', '.join(ACTIONS)))


class Sessions:
    """The last few sessions, by id (older ones are dropped)."""

    def __init__(self) -> None:
        self._sessions: Dict[str, Session] = {}
        self._lock = threading.Lock()

    def start(self, source: str, filename: str, max_instructions: Any = None,
              max_seconds: Any = None) -> Session:
        limit = int(max_instructions or DEFAULT_MAX_INSTRUCTIONS)
        seconds = float(max_seconds or DEFAULT_MAX_SECONDS)
        limit = max(1, min(limit, CAP_MAX_INSTRUCTIONS))
        seconds = max(0.1, min(seconds, CAP_MAX_SECONDS))
        session = Session(source, filename, record_run(source, filename, limit, seconds))
        with self._lock:
            self._sessions[session.id] = session
            while len(self._sessions) > KEPT_SESSIONS:
                del self._sessions[next(iter(self._sessions))]
        return session

    def get(self, session_id: str) -> Session:
        with self._lock:
            session = self._sessions.get(session_id)
        if session is None:
            raise KeyError('no such session (it may have been dropped): start the run again')
        return session
