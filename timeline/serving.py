"""``timeline serve``: the page of an events folder on a local web server, rebuilt on every
save, with open pages told to update.

The server is the standard library's :class:`~http.server.ThreadingHTTPServer`: one page and
one stream of server-sent events to a handful of local readers need no framework, it comes
with Python (no extra dependency to install, audit or keep in step), and every open page holds
one long request, which a thread each serves plainly. ``watchfiles`` (the ``serve`` extra)
watches the folder; it is the watcher uvicorn and many others use, on each system's native
file events.

Pages learn of a rebuild through server-sent events (``/events``): the server says which
build it has, and a page drawn from an older one fetches the new page and puts it in place of
its own without reloading: the chart's div stays, and the new page's own scripts draw the new
figure into it from nothing (``Plotly.newPlot``, as a fresh load draws it; the div keeps
plotly.js's class meanwhile, so that the browser does not style the old drawing again before
it goes) at the reader's time range; the rest (tables, key, banner, replay control) becomes
the new page's node by node, changing only what differs, so that the browser lays out again
only the rows a save changed (a new <main> of 1,000 rows cost it about 0.4 s), and the scroll
stays. Form controls are always the new page's, with its
scripts' handlers. What the reader then sees is what a fresh load of the new page, zoomed
alike, shows (tests/test_serve.py compares them; the page checks it too, and takes the new
<main> whole if not); it skips reloading plotly.js and the page, and the drawing of a chart
from nothing. A build that draws the same page as the last (a file touched, a comment added)
is no new build: pages are not redrawn for it. A page that cannot be updated so (no chart
yet, or a new head or plotly.js bundle, as when a growing timeline turns to WebGL and the
full bundle) reloads, its zoom and scroll kept in ``sessionStorage`` over the reload. A save
that leaves a file invalid keeps the last good chart and sends the problems, which the page
shows in a banner as text; the next good build updates the page without it. Nothing in the
page polls.

The page is built to load plotly.js from its CDN (with its integrity hash), and the server
puts its own copy of that same file in the CDN's place, cached by the browser: a reload then
fetches 40 kB of page rather than plotly.js again (1.2 MB, or 4.8 MB for the full bundle), and
nothing is fetched from outside.

It listens on 127.0.0.1 unless told otherwise; requests naming another host than the one
served are refused, so that a web page elsewhere cannot read it through a DNS name of its own
pointing at this machine (DNS rebinding). Nothing here prints.
"""

from __future__ import annotations

import contextlib
import functools
import html
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any, cast

from timeline.errors import InvalidEvents, TimelineError
from timeline.files import SUFFIXES
from timeline.loading import Remembered, remembering
from timeline.pages import script_json
from timeline.plotly_bundle import served_bundles
from timeline.problems import format_problems

__all__ = ["LOOPBACK", "Preview", "Server", "is_loopback", "missing_watchfiles"]

LOOPBACK = "127.0.0.1"
KEEPALIVE_SECONDS = 15.0
MISSING_WATCHFILES = (
    "timeline serve needs watchfiles: install negotiation-timeline[serve] "
    "(pip install 'negotiation-timeline[serve]')"
)


def missing_watchfiles() -> str | None:
    """The message to give when ``watchfiles`` is not installed; ``None`` when it is."""
    try:
        import watchfiles  # noqa: F401
    except ImportError:
        return MISSING_WATCHFILES
    return None


def is_loopback(host: str) -> bool:
    """Whether ``host`` is this machine only (127.0.0.0/8, ::1, localhost)."""
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass
class _State:
    version: int = 0  # the good builds so far; a page from an older one reloads
    page: str | None = None  # the last good page
    problems: list[str] = field(default_factory=list)  # of the latest build, if it failed
    closing: bool = False


class Preview:
    """The last good page and the problems of the latest build; :meth:`rebuild` runs
    ``render`` again. Threads waiting in :meth:`wait` wake on every rebuild."""

    def __init__(self, render: Callable[[], str], title: str = "Timeline preview") -> None:
        self._render = render
        self._title = title
        # The folder's records between builds: a save reads every file again (to notice
        # any change, as the parse cache does) but makes records of the changed ones only.
        self._memory = Remembered()
        self._state = _State()
        # Re-entrant: a build makes its document (through snapshot) while holding it.
        self._changed = threading.Condition(threading.RLock())
        # The last document sent, with the build and problems it shows.
        self._document: tuple[tuple[int, list[str]], bytes] | None = None
        # plotly.js by the CDN address a page names, sent from here under its file name.
        self.plotlyjs = served_bundles()
        self.plotlyjs_files = {
            "/" + url.rsplit("/", 1)[1]: bundle for url, bundle in self.plotlyjs.items()
        }

    def rebuild(self) -> bool:
        """Render the page again: a good build replaces the page, a bad one keeps it and sets
        the problems. Returns whether it was good."""
        try:
            with remembering(self._memory):
                page = self._render()
        except InvalidEvents as exc:
            problems = format_problems(exc.problems).splitlines() or [str(exc)]
            return self._failed(problems)
        except TimelineError as exc:
            return self._failed([str(exc)])
        except ValueError as exc:
            return self._failed([str(exc)])
        with self._changed:
            # A save that changes nothing drawn (the file touched, saved again as it was, or
            # only a comment changed) is no new build: open pages have it already.
            if page != self._state.page:
                self._state.page = page
                self._state.version += 1
            self._state.problems = []
            # The document made before open pages are told of the build: each fetches it at
            # once (making it is about 20 ms at 1,000 events, 2.2 MB of text encoded).
            self.document()
            self._changed.notify_all()
        return True

    def _failed(self, problems: list[str]) -> bool:
        with self._changed:
            self._state.problems = problems
            self._changed.notify_all()
        return False

    def snapshot(self) -> tuple[int, str | None, list[str]]:
        """The current version, page and problems."""
        with self._changed:
            state = self._state
            return state.version, state.page, list(state.problems)

    def wait(self, seen: tuple[int, list[str]], timeout: float) -> tuple[int, list[str]] | None:
        """Wait until the version or problems differ from ``seen``, or ``timeout`` passes;
        the new ones, ``seen`` again on a timeout, ``None`` once closing."""
        with self._changed:
            self._changed.wait_for(
                lambda: self._state.closing or (self._state.version, self._state.problems) != seen,
                timeout,
            )
            if self._state.closing:
                return None
            return self._state.version, list(self._state.problems)

    def close(self) -> None:
        """Wake every waiting stream so that it ends."""
        with self._changed:
            self._state.closing = True
            self._changed.notify_all()

    def document(self) -> bytes:
        """The page to send, in UTF-8: the last good page (or a stand-in before the first)
        with the live script and the problems banner. Made once per build and problems: every
        open page fetches it after each build."""
        version, page, problems = self.snapshot()
        made = self._document
        if made is not None and made[0] == (version, problems):
            return made[1]
        body = self._compose(version, page, problems).encode("utf-8")
        self._document = ((version, problems), body)
        return body

    def _compose(self, version: int, page: str | None, problems: list[str]) -> str:
        if page is None:
            page = (
                '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
                f"<title>{html.escape(self._title)}</title>\n</head>\n<body>\n<main>\n"
                f"<h1>{html.escape(self._title)}</h1>\n"
                "<p>No chart yet: the events have problems, listed above.</p>\n"
                "</main>\n</body>\n</html>\n"
            )
        banner = _banner(problems)
        if "<main>" in page:
            page = page.replace("<main>", "<main>\n" + banner, 1)
        else:
            page = page.replace("<body>", "<body>\n" + banner, 1)
        script = f'<script id="timeline-live" data-version="{version}">\n{_live_js()}</script>\n'
        for url in self.plotlyjs:
            page = page.replace(f'src="{url}"', f'src="/{url.rsplit("/", 1)[1]}"', 1)
        return page.replace("</body>", script + "</body>", 1)


def _banner(problems: list[str]) -> str:
    items = "".join(f"<li>{html.escape(line)}</li>" for line in problems)
    hidden = "" if problems else " hidden"
    return (
        f'<div id="timeline-live-banner" class="live-banner" role="alert"{hidden}>'
        "<p><strong>The events have problems; the chart is the last good one.</strong> "
        "Fix them and save: the page updates.</p>"
        f'<ul id="timeline-live-problems">{items}</ul></div>\n'
        "<style>.live-banner { border: 2px solid #9a1c1c; background: #fdf2f2; "
        "color: #7a1212; padding: 8px 12px; margin: 0 0 12px; border-radius: 6px; } "
        ".live-banner ul { margin: 4px 0 0; font-family: ui-monospace, monospace; "
        "overflow-wrap: anywhere; }</style>\n"
    )


@functools.cache
def _live_js() -> str:
    """The script of a served page (``static/serve.js``): told of each build, it updates the
    page in place, or reloads it."""
    return resources.files("timeline").joinpath("static/serve.js").read_text(encoding="utf-8")


def _is_event_file(path: str, root: Path) -> bool:
    """An event file under ``root``: hidden files and folders inside it (editors' swap files,
    ``.drafts``) are not, whatever the folders above ``root`` are called."""
    try:
        parts = Path(path).relative_to(root).parts
    except ValueError:
        parts = Path(path).parts
    return path.lower().endswith(SUFFIXES) and not any(part.startswith(".") for part in parts)


class Server:
    """The preview of the events under ``root`` on ``host``:``port`` (0: any free port),
    rebuilt by ``render`` on every save of an event file."""

    def __init__(
        self, root: Path, render: Callable[[], str], *, host: str = LOOPBACK, port: int = 8000
    ) -> None:
        self.root = root
        self.preview = Preview(render)
        self._built = self._files()
        self.preview.rebuild()
        self._stop = threading.Event()
        handler = _handler(self.preview, self._stop)
        # Binds now: a port in use fails here, before anything is watched.
        self.httpd = ThreadingHTTPServer((host, port), handler)
        self.httpd.daemon_threads = True

    @property
    def url(self) -> str:
        """The address of the page."""
        address = cast("tuple[Any, ...]", self.httpd.server_address)
        host, port = str(address[0]), address[1]
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}/"

    def watch(self) -> None:
        """Rebuild on every change of an event file under the root, until stopped."""
        from watchfiles import watch

        target = self.root if self.root.exists() else self.root.parent
        ready = False
        for changes in watch(
            target,
            watch_filter=lambda _change, path: _is_event_file(path, target.resolve()),
            stop_event=self._stop,
            # The changes are handed over once none has come for ``step`` ms (or after
            # ``debounce`` ms of changes coming without a pause): a save is rebuilt about
            # 20 ms after its last write (measured: 20-40 ms from an editor's save to the
            # rebuild starting, against 50-110 ms with 50 ms), and an editor's save, a file
            # written and renamed over the old one within a few ms, is one rebuild; a
            # checkout rewriting many files is gathered for at most 1.6 s rather than
            # rebuilt file by file. A save handed over in two parts is rebuilt twice, the
            # second time for nothing: a build that draws the same page is no new build.
            step=20,
            debounce=1600,
            raise_interrupt=False,
            # An empty yield every 200 ms: the first says the watch is in place.
            yield_on_timeout=True,
            rust_timeout=200,
        ):
            if self._stop.is_set():
                break
            if not changes:
                # A save between the first build and the watch taking hold is caught here.
                if not ready and self._files() != self._built:
                    self.preview.rebuild()
                ready = True
                continue
            self.preview.rebuild()

    def _files(self) -> list[tuple[str, int, int]]:
        """Each event file's path, modification time and size: what a save changes."""
        found = []
        for path in sorted(self.root.rglob("*")) if self.root.is_dir() else [self.root]:
            if _is_event_file(str(path), self.root):
                with contextlib.suppress(OSError):
                    stat = path.stat()
                    found.append((str(path), stat.st_mtime_ns, stat.st_size))
        return found

    def run(self) -> None:
        """Serve and watch until Ctrl-C (or :meth:`stop`), then :meth:`close`."""
        watcher = threading.Thread(target=self.watch, name="timeline-watch", daemon=True)
        watcher.start()
        try:
            self.httpd.serve_forever(poll_interval=0.2)
        except KeyboardInterrupt:
            pass
        finally:
            self.close()
            watcher.join(timeout=5)

    def close(self) -> None:
        """Stop watching, end every open stream, close the socket (more than once is fine)."""
        self._stop.set()
        self.preview.close()
        self.httpd.server_close()

    def stop(self) -> None:
        """End :meth:`run` from another thread."""
        self._stop.set()
        self.preview.close()
        self.httpd.shutdown()


def _handler(preview: Preview, stop: threading.Event) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "timeline-serve"
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: the command's own lines are all its terminal shows."""

        def _host_allowed(self) -> bool:
            # Only the names of the address served: a page elsewhere that points a name of
            # its own at this machine is refused (DNS rebinding).
            host = (self.headers.get("Host") or "").rsplit(":", 1)[0].strip("[]").lower()
            bound = str(cast("tuple[Any, ...]", self.server.server_address)[0])
            if is_loopback(bound):
                return is_loopback(host)
            return True

        def do_GET(self) -> None:
            if not self._host_allowed():
                self._send(HTTPStatus.FORBIDDEN, b"Forbidden host\n", "text/plain")
                return
            path = self.path.split("?", 1)[0]
            if path in ("/", "/index.html"):
                body = preview.document()
                self._send(HTTPStatus.OK, body, "text/html; charset=utf-8")
            elif path == "/events":
                self._stream()
            elif path in preview.plotlyjs_files:
                self._send(
                    HTTPStatus.OK,
                    preview.plotlyjs_files[path]().source.encode("utf-8"),
                    "text/javascript; charset=utf-8",
                    cache="public, max-age=86400, immutable",
                )
            elif path == "/favicon.ico":  # asked by every browser: none, and no error
                self.send_response(HTTPStatus.NO_CONTENT)
                self.send_header("Content-Length", "0")
                self.end_headers()
            else:
                self._send(HTTPStatus.NOT_FOUND, b"Not found\n", "text/plain")

        def _send(
            self, status: HTTPStatus, body: bytes, kind: str, cache: str = "no-store"
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", cache)
            self.end_headers()
            self.wfile.write(body)

        def _event(self, name: str, data: str) -> None:
            self.wfile.write(f"event: {name}\ndata: {data}\n\n".encode())
            self.wfile.flush()

        def _stream(self) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            version, _, problems = preview.snapshot()
            try:
                self._event("version", str(version))
                self._event("problems", script_json(problems))
                while not stop.is_set():
                    now = preview.wait((version, problems), KEEPALIVE_SECONDS)
                    if now is None:
                        return
                    if now == (version, problems):
                        self.wfile.write(b": keep-alive\n\n")
                        self.wfile.flush()
                        continue
                    if now[1] != problems:
                        self._event("problems", json.dumps(now[1], ensure_ascii=False))
                    if now[0] != version:
                        self._event("version", str(now[0]))
                    version, problems = now
            except (BrokenPipeError, ConnectionResetError):
                return  # the page was closed or reloaded

    return Handler
