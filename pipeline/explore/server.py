"""The explorer's local HTTP server: the page's files and its JSON endpoints (stdlib http.server).

Listens on 127.0.0.1 only and refuses any request whose Host header is not a local name
(so a web page elsewhere cannot reach it by DNS rebinding); POSTs from a foreign Origin
are refused too.
"""
import json
import os
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Dict, Optional, Tuple

from .oracle import OracleRuns, Superseded
from .session import RunError, Sessions

STATIC_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'static')
CONTENT_TYPES = {'.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
                 '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml',
                 '.png': 'image/png'}
LOCAL_HOSTS = frozenset(('127.0.0.1', 'localhost', '[::1]'))
MAX_BODY = 8 * 1024 * 1024
DEFAULT_FILENAME = 'main.py'
KEPT_COMPUTED = 4


class Encoded(bytes):
    """An answer already encoded as JSON (kept, so the same source is not redone)."""


def encode_json(value: Any) -> bytes:
    return json.dumps(value, separators=(',', ':'), ensure_ascii=False).encode('utf-8')


class Recent:
    """The last few answers, by key (a small LRU shared by the handler threads)."""

    def __init__(self, size: int = KEPT_COMPUTED) -> None:
        self.size = size
        self._items: Dict[Any, Any] = {}
        self._lock = threading.Lock()

    def put(self, key: Any, value: Any) -> None:
        with self._lock:
            self._items.pop(key, None)
            self._items[key] = value
            while len(self._items) > self.size:
                del self._items[next(iter(self._items))]

    def get(self, key: Any) -> Any:
        with self._lock:
            value = self._items.pop(key, None)
            if value is not None:
                self._items[key] = value
            return value


def is_local_host(header: Optional[str]) -> bool:
    """Whether a Host (or Origin's host) names this machine: 127.0.0.1, localhost or [::1]."""
    if not header:
        return False
    host = header.strip().lower()
    if host.startswith('['):
        name, _, rest = host.partition(']')
        name += ']'
        port = rest[1:] if rest.startswith(':') else rest
    else:
        name, _, port = host.partition(':')
    return name in LOCAL_HOSTS and (port == '' or port.isdigit())


def program_filename(name: Any) -> str:
    """The file name the program runs under (a plain base name)."""
    base = os.path.basename(str(name or '')).strip()
    return base if base and base not in ('.', '..') else DEFAULT_FILENAME


class ExplorerServer(ThreadingHTTPServer):
    """The server, with the file it was started on and the stepping sessions."""
    daemon_threads = True

    def __init__(self, port: int, source: str = '', filename: str = DEFAULT_FILENAME) -> None:
        super().__init__(('127.0.0.1', port), Handler)
        self.initial = {'source': source, 'filename': program_filename(filename)}
        self.sessions = Sessions()
        self.computed = Recent()     # our stages' results, for the oracle comparison
        self.answers = Recent()      # /api/stages answers, encoded
        self.compared = Recent()     # /api/oracle answers
        self.oracle_runs = OracleRuns()

    @property
    def url(self) -> str:
        return 'http://127.0.0.1:%d/' % self.server_address[1]


class Handler(BaseHTTPRequestHandler):
    """GET: the page and its files, /api/initial. POST: the JSON endpoints."""
    server: ExplorerServer
    protocol_version = 'HTTP/1.1'

    def log_message(self, format: str, *args: Any) -> None:   # quiet: the page is the interface
        pass

    def handle(self) -> None:
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):   # the page gave up on a request
            pass

    def _refuse_foreign(self) -> bool:
        if not is_local_host(self.headers.get('Host')):
            self._send(HTTPStatus.FORBIDDEN, b'only local requests are served\n', 'text/plain')
            return True
        origin = self.headers.get('Origin')
        if origin and origin != 'null':
            host = origin.split('://', 1)[-1]
            if not is_local_host(host):
                self._send(HTTPStatus.FORBIDDEN, b'foreign origin refused\n', 'text/plain')
                return True
        return False

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header('Content-Type', content_type)
        self.send_header('Content-Length', str(len(body)))
        self.send_header('Cache-Control', 'no-store')
        self.send_header('X-Content-Type-Options', 'nosniff')
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, value: Any) -> None:
        body = value if isinstance(value, Encoded) else encode_json(value)
        self._send(status, body, 'application/json; charset=utf-8')

    def do_GET(self) -> None:
        if self._refuse_foreign():
            return
        path = self.path.split('?', 1)[0]
        if path == '/api/initial':
            self._json(HTTPStatus.OK, self.server.initial)
            return
        name = 'index.html' if path == '/' else path[len('/static/'):] \
            if path.startswith('/static/') else None
        if name is None or '/' in name or name.startswith('.') or \
                not os.path.isfile(os.path.join(STATIC_DIR, name)):
            self._send(HTTPStatus.NOT_FOUND, b'not found\n', 'text/plain')
            return
        with open(os.path.join(STATIC_DIR, name), 'rb') as stream:
            body = stream.read()
        self._send(HTTPStatus.OK, body, CONTENT_TYPES.get(os.path.splitext(name)[1],
                                                          'application/octet-stream'))

    def do_POST(self) -> None:
        if self._refuse_foreign():
            return
        endpoint = ENDPOINTS.get(self.path.split('?', 1)[0])
        if endpoint is None:
            self._json(HTTPStatus.NOT_FOUND, {'error': 'no such endpoint'})
            return
        length = int(self.headers.get('Content-Length') or 0)
        if length > MAX_BODY:
            self._json(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, {'error': 'request too large'})
            return
        try:
            request = json.loads(self.rfile.read(length) or b'{}')
            if not isinstance(request, dict):
                raise ValueError('the request must be a JSON object')
            status, answer = endpoint(self.server, request)
        except (ValueError, KeyError, TypeError) as error:
            status, answer = HTTPStatus.BAD_REQUEST, {'error': str(error)}
        except Exception as error:   # a fault of ours: the page shows it, the server goes on
            status, answer = HTTPStatus.INTERNAL_SERVER_ERROR, {
                'error': 'internal error: %s: %s' % (type(error).__name__, error)}
        self._json(status, answer)


def _source_of(request: Dict[str, Any]) -> Tuple[str, str]:
    source = request.get('source')
    if not isinstance(source, str):
        raise ValueError("'source' (a string) is required")
    return source, program_filename(request.get('filename'))


def api_stages(server: ExplorerServer, request: Dict[str, Any]) -> Tuple[int, Any]:
    from .oracle import oracle_python
    from .stages import stages
    source, filename = _source_of(request)
    server.oracle_runs.supersede(source)   # a comparison of an older text is not wanted now
    kept = server.answers.get((source, filename))
    if kept is not None:
        return HTTPStatus.OK, kept
    ours: Optional[Dict[str, Any]] = None
    if oracle_python() is not None:
        ours = {}   # kept for the /api/oracle request that follows
    answer = stages(source, filename, ours)
    if ours is not None:
        server.computed.put((source, filename), ours)
    encoded = Encoded(encode_json(answer))
    server.answers.put((source, filename), encoded)
    return HTTPStatus.OK, encoded


def api_oracle(server: ExplorerServer, request: Dict[str, Any]) -> Tuple[int, Any]:
    from .oracle import compare
    source, filename = _source_of(request)
    kept = server.compared.get((source, filename))
    if kept is not None:
        return HTTPStatus.OK, kept
    try:
        answer = compare(source, filename, server.computed.get((source, filename)),
                         server.oracle_runs)
    except Superseded as stopped:   # the page has moved on to a newer text
        return HTTPStatus.OK, {'available': False, 'superseded': True, 'reason': str(stopped)}
    except Exception as error:   # the oracle's process failed: the page shows why
        return HTTPStatus.OK, {'available': False, 'reason': 'the oracle failed: %s' % error}
    server.compared.put((source, filename), answer)
    return HTTPStatus.OK, answer


def api_run(server: ExplorerServer, request: Dict[str, Any]) -> Tuple[int, Any]:
    source, filename = _source_of(request)
    try:
        session = server.sessions.start(source, filename, request.get('max_instructions'),
                                        request.get('max_seconds'))
    except RunError as error:
        return HTTPStatus.INTERNAL_SERVER_ERROR, {'error': str(error)}
    answer = session.summary()
    answer['step'] = session.view(0)
    return HTTPStatus.OK, answer


def api_step(server: ExplorerServer, request: Dict[str, Any]) -> Tuple[int, Any]:
    session = server.sessions.get(str(request.get('session')))
    index = int(request.get('index', 0))
    breakpoints = [int(line) for line in request.get('breakpoints') or []]
    target = session.target(index, str(request.get('action', 'goto')), breakpoints)
    return HTTPStatus.OK, session.view(target)


ENDPOINTS: Dict[str, Callable[[ExplorerServer, Dict[str, Any]], Tuple[int, Any]]] = {
    '/api/stages': api_stages, '/api/oracle': api_oracle, '/api/run': api_run,
    '/api/step': api_step}


def serve_in_thread(port: int = 0, source: str = '',
                    filename: str = DEFAULT_FILENAME) -> ExplorerServer:
    """A running server on a background thread (tests, screenshots, benchmarks)."""
    server = ExplorerServer(port, source, filename)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
