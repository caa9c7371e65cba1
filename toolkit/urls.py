"""The one URL sanitiser: what srcalign writes or shows of a URL never carries a user name or password.

A URL copied from an article's "Quelle:" line or typed by a user may hold credentials
(`http://user:secret@host/…`). srcalign does not use them (no basic auth is sent: the
sources are public news pages), and every file it writes is meant to be shared, so the
userinfo is removed before the URL is stored, hashed into a folder name, written or printed.
"""

from __future__ import annotations

import regex

# scheme://userinfo@ — userinfo is everything up to the last "@" before the path starts.
_USERINFO = regex.compile(r"(?i)\A(?P<scheme>[a-z][a-z0-9+.\-]*:)?//(?P<userinfo>[^/?#]*)@")
# The same inside running text (a "Quelle:" line): any scheme://user[:pass]@ is cut to scheme://.
_USERINFO_IN_TEXT = regex.compile(r"(?i)\b(?P<scheme>[a-z][a-z0-9+.\-]*://)[^\s/?#@]*@")


def public_url(url: str) -> str:
    """`url` without its userinfo ("http://user:secret@host/x" → "http://host/x"); anything else unchanged."""
    return _USERINFO.sub(lambda m: (m.group("scheme") or "") + "//", url.strip(), count=1)


def has_userinfo(url: str) -> bool:
    """True when `url` carries a user name or password that public_url would remove."""
    return _USERINFO.search(url.strip()) is not None


def public_text(text: str) -> str:
    """Running text with the userinfo of every URL in it removed (for a "Quelle: …" line)."""
    if "@" not in text:
        return text
    return _USERINFO_IN_TEXT.sub(lambda m: m.group("scheme"), text)


def is_web_url(value: str | None) -> bool:
    """True for an http:// or https:// URL (never raises, unlike urlsplit on "http://[::1/x")."""
    return bool(value) and value.strip().lower().startswith(("http://", "https://"))
