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
            address = probe.getsockname()[0]
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


def public_base_url(request_host: str, scheme: str, configured: str | None) -> str:
    """The base URL for join links: --public-url, else this host with a LAN address for localhost."""
    if configured:
        return configured.rstrip("/")
    parts = urlsplit(f"//{request_host}")
    host = parts.hostname or "localhost"
    if host in LOCAL_HOSTS or host.startswith("127."):
        host = lan_address()
    port = f":{parts.port}" if parts.port and parts.port not in (80, 443) else ""
    return f"{scheme}://{host}{port}"


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
