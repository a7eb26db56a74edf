"""The server's listening socket and the start-up checks around it, for eventlet and gevent alike.

Called after monkey patching, so `socket` here is the green socket of the chosen server. Unlike
eventlet.listen, which sets SO_REUSEPORT by default, the socket never shares its port: a second
server on the same port fails to bind instead of silently splitting the room's connections.
"""
from __future__ import annotations

import errno
import socket
import sys

IN_USE = {errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", 10048)}
NOT_ALLOWED = {errno.EACCES, getattr(errno, "WSAEACCES", 10013)}
NOT_HERE = {errno.EADDRNOTAVAIL, getattr(errno, "WSAEADDRNOTAVAIL", 10049)}


class StartRefused(Exception):
    """The server cannot start; the message (Dutch) says why and what to do."""


def open_listener(host: str, port: int, backlog: int = 2048) -> socket.socket:
    """A listening TCP socket on host:port that no other process shares, or StartRefused."""
    try:
        family, _, _, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
    except socket.gaierror:
        raise StartRefused(f"Het adres {host!r} is onbekend. Gebruik bijvoorbeeld --host 0.0.0.0.") from None
    listener = socket.socket(family, socket.SOCK_STREAM)
    try:
        if sys.platform == "win32":
            # Windows lets SO_REUSEADDR take over a port in use; this option forbids sharing it.
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_EXCLUSIVEADDRUSE, 1)
        else:
            # POSIX: only allows a restart while old connections linger (TIME_WAIT), never two listeners.
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(address)
        listener.listen(backlog)
    except OSError as error:
        listener.close()
        raise StartRefused(_bind_problem(error, host, port)) from None
    return listener


def _bind_problem(error: OSError, host: str, port: int) -> str:
    code = error.errno if error.errno is not None else getattr(error, "winerror", None)
    if code in IN_USE:
        return (f"Poort {port} is al in gebruik, misschien door een Leersessie-server die al draait. "
                f"Stop die eerst, of kies een andere poort met --port.")
    if code in NOT_ALLOWED:
        return (f"Poort {port} mag deze gebruiker niet openen (poorten onder 1024 vragen beheerrechten, of een "
                f"ander programma houdt hem vast). Kies een andere poort met --port, bijvoorbeeld 5000.")
    if code in NOT_HERE:
        return f"Het adres {host} hoort niet bij deze computer. Gebruik --host 0.0.0.0 of een eigen adres."
    return f"De server kan niet luisteren op {host}:{port} ({error.strerror or error})."
