"""Read a user's text file: decode it honestly, refuse what is not text, repair mojibake."""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import regex

from toolkit.errors import SrcalignError

# Letters only Vietnamese uses (after cp1258 decoding, tones come as combining marks).
_VIETNAMESE_LETTERS = regex.compile(r"[ăâđêôơưĂÂĐÊÔƠƯ\u0300\u0301\u0303\u0309\u0323]")
# Typical sequences of UTF-8 read as cp1252/latin-1 ("Ä‘" for "đ", "Ã¤" for "ä").
_MOJIBAKE = regex.compile(r"(?:Ã[\x80-\xbf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ¡-¿]|Ä[\x80-\xbf‘’“”]|Æ[°¯]|á»|áº|â€)")
# One UTF-8 sequence seen through cp1252: a lead byte (Â-ô) and 1-3 continuation bytes.
_CP1252_CONT = "\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
_MOJIBAKE_RUN = regex.compile(r"[\u00c2-\u00f4][" + _CP1252_CONT + r"]{1,3}")
_HTML = regex.compile(r"(?is)\A\s*(?:<!doctype\s+html|<html\b|<\?xml[^>]*>\s*<html)|<(?:body|div|p|head)\b[^>]*>.*</(?:body|div|p|head)>")
_CONTROL = regex.compile(r"[\x00-\x08\x0b\x0e-\x1f]")  # control characters other than tab, newline, form feed, carriage return


@dataclass(frozen=True)
class DecodedText:
    """Text from a file with what was done to it, so the user can be told."""

    text: str
    encoding: str
    sha256: str
    notes: tuple[str, ...] = field(default_factory=tuple)


def decode_bytes(data: bytes, name: str = "input") -> DecodedText:
    """UTF-8 (with or without BOM), then CP1258 (Vietnamese) or CP1252; refuse binary and HTML."""
    digest = hashlib.sha256(data).hexdigest()
    if not data.strip():
        raise SrcalignError(f"{name}: the file is empty")
    if b"\x00" in data[:65536] or data[:5] == b"%PDF-":
        raise SrcalignError(f"{name}: this is a binary file, not text")
    notes: list[str] = []
    if data.startswith(b"\xef\xbb\xbf"):
        if not _is_utf8(data[3:]):
            raise SrcalignError(f"{name}: starts with a UTF-8 byte-order mark but is not valid UTF-8")
        text, encoding = data[3:].decode("utf-8"), "utf-8-sig"
    elif _is_utf8(data):
        text, encoding = data.decode("utf-8"), "utf-8"
    else:
        as_1258 = data.decode("cp1258", errors="replace")
        if _VIETNAMESE_LETTERS.search(as_1258):
            text, encoding = as_1258, "cp1258"
        else:
            text, encoding = data.decode("cp1252", errors="replace"), "cp1252"
        notes.append(f"{name}: not UTF-8; decoded as {encoding}")
    if _control_ratio(text) > 0.05:
        raise SrcalignError(f"{name}: this is a binary file, not text")
    if _HTML.search(text[:20000]):
        raise SrcalignError(
            f"{name}: this looks like an HTML page, not text; import it with `srcalign fetch --html {name}`"
        )
    repaired = repair_mojibake(text)
    if repaired != text:
        notes.append(f"{name}: repaired double-encoded UTF-8 (mojibake)")
        text = repaired
    return DecodedText(text=text, encoding=encoding, sha256=digest, notes=tuple(notes))


def read_text(path: str | os.PathLike[str]) -> DecodedText:
    """Read a text file ('-' is standard input) with one-line errors for everything a user can get wrong."""
    name = str(path)
    if name == "-":
        return decode_bytes(sys.stdin.buffer.read(), "stdin")
    p = Path(path)
    if not p.exists():
        raise SrcalignError(f"{name}: no such file")
    if p.is_dir():
        raise SrcalignError(f"{name}: is a directory, not a file")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise SrcalignError(f"{name}: cannot read ({exc.strerror})") from None
    return decode_bytes(data, name)


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 that was decoded as cp1252 upstream ("Ä‘" → "đ"), run by run; clean text stays."""
    if not _MOJIBAKE.search(text):
        return text
    return _MOJIBAKE_RUN.sub(_redecode, text)


def _redecode(match: regex.Match[str]) -> str:
    run = match.group(0)
    try:
        return run.encode("cp1252").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return run


def write_atomic(path: str | os.PathLike[str], data: str | bytes) -> None:
    """Write to a temporary file beside the target, then rename: never a half-written file."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are ordinary files
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _control_ratio(text: str) -> float:
    sample = text[:65536]
    if not sample:
        return 0.0
    return len(_CONTROL.findall(sample)) / len(sample)
