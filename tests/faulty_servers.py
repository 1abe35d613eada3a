"""Loopback servers that misbehave below HTTP: one that never answers, one that sends slowly.

Both listen on an ephemeral port of 127.0.0.1, serve at most `max_connections` clients and
stop when their context exits, so no test can leave one running or reach another host.
"""

from __future__ import annotations

import socket
import threading
import time


def closed_port() -> int:
    """Return a loopback port that nothing listens on (bound once, then closed)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _RawServer:
    def __init__(self, max_connections: int = 16) -> None:
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind(("127.0.0.1", 0))
        self._socket.listen(max_connections)
        self._socket.settimeout(0.05)
        self._max_connections = max_connections
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._clients: list[socket.socket] = []
        self.connections = 0
        self._acceptor = threading.Thread(target=self._accept, daemon=True)

    @property
    def base(self) -> str:
        """`http://127.0.0.1:PORT` with no trailing slash."""
        return f"http://127.0.0.1:{self._socket.getsockname()[1]}"

    def _accept(self) -> None:
        while not self._stop.is_set() and self.connections < self._max_connections:
            try:
                client, _ = self._socket.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            self._clients.append(client)
            thread = threading.Thread(target=self._serve, args=(client,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _serve(self, client: socket.socket) -> None:
        raise NotImplementedError

    def _read_request(self, client: socket.socket) -> None:
        client.settimeout(5)
        data = b""
        while b"\r\n\r\n" not in data and not self._stop.is_set():
            try:
                chunk = client.recv(4096)
            except OSError:
                return
            if not chunk:
                return
            data += chunk

    def __enter__(self):
        self._acceptor.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._acceptor.join(timeout=2)
        for client in self._clients:
            try:
                client.close()
            except OSError:
                pass
        for thread in self._threads:
            thread.join(timeout=2)
        self._socket.close()


class SilentServer(_RawServer):
    """Accepts connections and reads requests, but never sends a byte back."""

    def _serve(self, client: socket.socket) -> None:
        self._read_request(client)
        self._stop.wait()


class TricklingServer(_RawServer):
    """Responds to every request with `body`, sent in `chunks` pieces `interval` seconds apart."""

    def __init__(self, body: bytes, *, chunks: int = 10, interval: float = 0.1, max_connections: int = 16) -> None:
        super().__init__(max_connections)
        self.body = body
        self.chunks = chunks
        self.interval = interval

    def _serve(self, client: socket.socket) -> None:
        self._read_request(client)
        head = (
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(self.body)}\r\nConnection: close\r\n\r\n"
        ).encode()
        size = -(-len(self.body) // self.chunks)
        try:
            client.sendall(head)
            for start in range(0, len(self.body), size):
                if self._stop.wait(self.interval):
                    return
                client.sendall(self.body[start : start + size])
        except OSError:
            return
        time.sleep(0.05)
        client.close()
