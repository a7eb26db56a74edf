"""Addresses that phones on the same network can reach, and QR codes for them."""
from __future__ import annotations

import hashlib
import io
import secrets
import socket
from functools import lru_cache
from urllib.parse import urlsplit

import qrcode
import qrcode.image.svg

_SALT = secrets.token_bytes(16)  # new at every start: keys of one run say nothing about another
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0", "[::1]"}


def use_salt(salt: bytes) -> None:
    """Use this salt instead of this process's own (several processes must agree on a client's key)."""
    global _SALT
    _SALT = salt


def anonymous_key(text: str) -> str:
    """A key for `text` (an address) that cannot be turned back into it, valid for this process only."""
    return hashlib.blake2b(text.encode(), key=_SALT, digest_size=12).hexdigest()


@lru_cache(maxsize=1)
def lan_address() -> str:
    """This machine's LAN IPv4 address, or 127.0.0.1 when it has none."""
    try:
        # Connecting a UDP socket only picks the outgoing interface: no packet is sent.
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.255.255.255", 1))
            address: str = probe.getsockname()[0]
            if not address.startswith("127.") and address != "0.0.0.0":
                return address
    except OSError:
        pass
    try:
        for address in socket.gethostbyname_ex(socket.gethostname())[2]:
            if not address.startswith("127."):
                return address
    except OSError:
        pass
    return "127.0.0.1"


WILDCARD_HOSTS = {"", "0.0.0.0", "::", "[::]"}


def is_loopback(host: str) -> bool:
    """True for an address only this computer can reach (127.x, ::1, localhost)."""
    return host.strip("[]") in ("localhost", "::1") or host.startswith("127.")


def served_host(bind_host: str) -> str:
    """The address phones should use for a server bound to `bind_host`: the LAN address for 0.0.0.0."""
    return lan_address() if bind_host in WILDCARD_HOSTS else bind_host


def public_base_url(request_host: str, scheme: str, configured: str | None, bind_host: str = "0.0.0.0",
                    behind_proxy: bool = False) -> str:
    """The base URL for join links: --public-url, else an address the server really listens on.

    A request to localhost on a server that listens on every interface gets the LAN address;
    on a server bound to loopback it stays loopback (phones cannot join: see `phones_can_reach`).
    Behind a proxy the forwarded host is the public one.
    """
    if configured:
        return configured.rstrip("/")
    parts = urlsplit(f"//{request_host}")
    host = parts.hostname or "localhost"
    if not behind_proxy and (host in LOCAL_HOSTS or is_loopback(host)):
        host = served_host(bind_host)
    if ":" in host:
        host = f"[{host.strip('[]')}]"
    port = f":{parts.port}" if parts.port and parts.port not in (80, 443) else ""
    return f"{scheme}://{host}{port}"


def phones_can_reach(base_url: str) -> bool:
    """False when a join URL points at this computer only (loopback)."""
    return not is_loopback(urlsplit(base_url).hostname or "localhost")


LOOPBACK_WARNING = ("Deze server luistert alleen op deze computer ({host}): telefoons kunnen niet meedoen. "
                    "Start hem zonder --host (of met --host 0.0.0.0) om telefoons in het netwerk toe te laten.")


def short_url(url: str) -> str:
    """A URL without its scheme, for printing on slides: '192.168.1.20:5000/j'."""
    return url.split("://", 1)[-1]


def qr_svg(text: str) -> bytes:
    """A QR code as SVG (no Pillow needed), white quiet zone included."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathFillImage, border=2, box_size=10)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue()


def qr_terminal(text: str) -> str:
    """A QR code drawn with block characters for the terminal."""
    code = qrcode.QRCode(border=1)
    code.add_data(text)
    buffer = io.StringIO()
    code.print_ascii(out=buffer, invert=True)
    return buffer.getvalue()
