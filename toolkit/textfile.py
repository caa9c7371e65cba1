"""Read a user's text file: decode it honestly, refuse what is not text, repair mojibake."""

from __future__ import annotations

import codecs
import ctypes
import errno
import functools
import hashlib
import os
import secrets
import shutil
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

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
_SURROGATE = regex.compile(r"[\ud800-\udfff]")
MAX_INPUT_ENV = "SRCALIGN_MAX_INPUT_BYTES"
DEFAULT_MAX_INPUT_BYTES = 64 * 1024 * 1024  # a news article is well under 1 MB; 64 MB leaves room for a whole archive in one file
_READ_CHUNK = 1 << 20
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
    notes: list[str] = []
    utf16 = utf16_codec(data)
    if utf16 is not None:
        try:
            text, encoding = data.decode(utf16), utf16
        except UnicodeDecodeError:
            raise SrcalignError(f"{name}: looks like UTF-16 but does not decode as {utf16}") from None
        if not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            notes.append(f"{name}: UTF-16 without a byte-order mark; decoded as {utf16}")
        text = text.lstrip("\ufeff")
        if not text.strip():
            raise SrcalignError(f"{name}: the file is empty")
    elif b"\x00" in data[:65536] or data[:5] == b"%PDF-":
        raise SrcalignError(f"{name}: this is a binary file, not text")
    elif data.startswith(b"\xef\xbb\xbf"):
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


def read_text(path: str | os.PathLike[str], max_bytes: int | None = None) -> DecodedText:
    """Read a text file ('-' is standard input) with one-line errors for everything a user can get wrong."""
    name = shown(str(path))
    return decode_bytes(read_input_bytes(path, max_bytes), "stdin" if name == "-" else name)


def max_input_bytes() -> int:
    """The input cap: SRCALIGN_MAX_INPUT_BYTES when set (a number of bytes), else 64 MB."""
    value = os.environ.get(MAX_INPUT_ENV, "").strip()
    if not value:
        return DEFAULT_MAX_INPUT_BYTES
    try:
        limit = int(value)
    except ValueError:
        raise SrcalignError(f"{MAX_INPUT_ENV}={value!r} is not a number of bytes") from None
    if limit <= 0:
        raise SrcalignError(f"{MAX_INPUT_ENV}={value!r} must be a positive number of bytes")
    return limit


def read_input_bytes(path: str | os.PathLike[str], max_bytes: int | None = None) -> bytes:
    """The bytes of an input file or '-' (stdin), refusing more than the cap (so /dev/zero stops).

    Every input file of the tool is read here: one cap, one set of one-line errors, and one
    policy for file names that are not valid Unicode (refused, see `refuse_surrogates`).
    """
    limit = max_input_bytes() if max_bytes is None else max_bytes
    name = str(path)
    if name == "-":
        return _read_capped(sys.stdin.buffer, "stdin", limit)
    refuse_surrogates(name, "the file name")
    shown_name = shown(name)
    try:
        handle = open(path, "rb")
    except FileNotFoundError:
        raise SrcalignError(f"{shown_name}: no such file") from None
    except IsADirectoryError:
        raise SrcalignError(f"{shown_name}: is a directory, not a file") from None
    except OSError as exc:
        if exc.errno == errno.ENOTDIR:
            raise SrcalignError(f"{shown_name}: no such file (a part of the path is not a folder)") from None
        raise SrcalignError(f"{shown_name}: cannot read ({exc.strerror})") from None
    with handle:
        if stat.S_ISDIR(os.fstat(handle.fileno()).st_mode):
            raise SrcalignError(f"{shown_name}: is a directory, not a file")
        return _read_capped(handle, shown_name, limit)


def _read_capped(handle: BinaryIO, name: str, limit: int) -> bytes:
    chunks: list[bytes] = []
    total = 0
    while True:
        asked = min(_READ_CHUNK, limit + 1 - total)
        try:
            chunk = handle.read(asked)
        except OSError as exc:
            raise SrcalignError(f"{name}: cannot read ({exc.strerror or exc})") from None
        total += len(chunk)
        if total > limit:
            raise SrcalignError(
                f"{name}: larger than the input cap of {_size(limit)}; raise it with {MAX_INPUT_ENV}=<bytes> if this is really one article"
            )
        chunks.append(chunk)
        if len(chunk) < asked:  # a buffered read comes back short only at the end (Ctrl-D on a terminal)
            return b"".join(chunks)


def refuse_surrogates(value: str, what: str, *, show_value: bool = True) -> str:
    """The one policy for lone surrogates (a non-UTF-8 file name, a \\udXXX escape in JSON, non-UTF-8
    argv bytes, text from a library caller): they are not characters, so the input is refused
    with a line naming it, before anything hashes, names a folder after or writes it."""
    match = _SURROGATE.search(value)
    if match is None:
        return value
    named = f"{what} '{shown(value)}'" if show_value and len(value) <= 200 else what
    raise SrcalignError(
        f"{named} is not valid Unicode (U+{ord(match.group(0)):04X} at character {match.start() + 1} is a lone surrogate, "
        "as from a file name that is not UTF-8 or a \\udXXX escape); rename it or give it as UTF-8"
    )


def shown(text: str) -> str:
    """`text` safe to print and to encode as UTF-8: lone surrogates spelled as \\udXXX escapes."""
    if not _SURROGATE.search(text):
        return text
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


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


def write_atomic(path: str | os.PathLike[str], data: str | bytes, *, sync: bool = True) -> None:
    """The one writer of the tool: a regular file is written beside the target and renamed over it.

    Never a half-written file, never a created folder: the target's folder must exist. '-' is
    standard output; a character device (/dev/null, a terminal) or a FIFO that exists is written
    to as it is, never replaced. Everything that can go wrong (a folder as target, a read-only
    or full disk, a file-size limit, permissions) is one SrcalignError line, and the old file,
    if any, stays as it was. `sync=False` skips the fsync, for files inside a staging folder
    whose rename (publish_folder) is what makes them appear.
    """
    name = str(path)
    payload = _encoded(data, name)
    if name == "-":
        _write_stream(sys.stdout.buffer, payload, "standard output")
        return
    target = Path(path)
    shown_name = shown(name)
    special, old_mode = _existing(target)
    if special == "directory":
        raise SrcalignError(f"{shown_name}: is a directory; give a file name")
    if special in ("character device", "fifo"):
        _write_special(target, payload, shown_name)
        return
    if special is not None:
        raise SrcalignError(f"{shown_name}: is a {special}; srcalign writes regular files, devices and pipes only")
    tmp: str | None = None
    try:
        try:
            fd, tmp = _temporary_beside(target, old_mode)
        except OSError:
            check_parent(target, shown_name)  # a missing folder, or a file where the folder should be: said as such
            raise
        try:
            _write_all(fd, payload)
            if sync:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
        tmp = None
    except OSError as exc:
        raise SrcalignError(f"{shown_name}: cannot write ({_why(exc)}); nothing was written") from None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _temporary_beside(target: Path, old_mode: int | None) -> tuple[int, str]:
    """A new file `.<name>.<random>.tmp` beside `target`, open for writing, with the mode the output
    gets: an existing file's, else what the umask leaves of 0666 (as for any new file).

    What tempfile.mkstemp did, without its 0600-then-chmod and its Python-side name generator:
    a batch writes ten files an article, and these calls were a third of each write's cost."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        tmp = os.path.join(os.path.dirname(target) or ".", f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            fd = os.open(tmp, flags, 0o600 if old_mode is not None else 0o666)
        except FileExistsError:
            continue
        if old_mode is not None:
            try:
                os.fchmod(fd, old_mode)  # a replaced file keeps its permissions
            except OSError:
                os.close(fd)
                os.unlink(tmp)
                raise
        return fd, tmp
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(target))


def _write_all(fd: int, payload: bytes) -> None:
    view = memoryview(payload)
    while view:
        view = view[os.write(fd, view):]


def _encoded(data: str | bytes, name: str) -> bytes:
    if isinstance(data, bytes):
        return data
    try:
        return data.encode("utf-8")
    except UnicodeEncodeError as exc:
        bad = ord(exc.object[exc.start])
        raise SrcalignError(f"{shown(name)}: cannot write U+{bad:04X}, a lone surrogate, as UTF-8; nothing was written") from None


def _existing(target: Path) -> tuple[str | None, int | None]:
    """(what an existing target is when it is not a regular file, else None; the permission bits
    of an existing regular file, else None), following symlinks; one stat for both."""
    try:
        st = target.stat()
    except OSError:
        return None, None
    mode = st.st_mode
    if stat.S_ISREG(mode):
        return None, stat.S_IMODE(mode)
    if stat.S_ISDIR(mode):
        return "directory", None
    if stat.S_ISCHR(mode):
        return "character device", None
    if stat.S_ISFIFO(mode):
        return "fifo", None
    if stat.S_ISBLK(mode):
        return "block device", None
    if stat.S_ISSOCK(mode):
        return "socket", None
    return "special file", None


def _write_special(target: Path, payload: bytes, shown_name: str) -> None:
    """A device or a pipe is written to in place: replacing it would break it for everyone."""
    try:
        with open(target, "wb", buffering=0) as handle:
            _write_stream(handle, payload, shown_name)
    except OSError as exc:
        raise SrcalignError(f"{shown_name}: cannot write ({_why(exc)})") from None


def _write_stream(handle: BinaryIO, payload: bytes, shown_name: str) -> None:
    view = memoryview(payload)
    try:
        while view:
            written = handle.write(view)
            view = view[written if written is not None else len(view):]
        handle.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise SrcalignError(f"{shown_name}: cannot write ({_why(exc)})") from None


def check_parent(target: Path, shown_name: str | None = None) -> None:
    """The target's folder must exist and be a folder: srcalign does not create folders silently."""
    target = Path(target)
    shown_name = shown_name or shown(str(target))
    parent = target.parent
    try:
        mode = parent.stat().st_mode
    except FileNotFoundError:
        raise SrcalignError(f"{shown_name}: the folder {shown(str(parent))} does not exist") from None
    except NotADirectoryError:
        raise SrcalignError(f"{shown_name}: a part of {shown(str(parent))} is a file, not a folder") from None
    except OSError as exc:
        raise SrcalignError(f"{shown_name}: cannot write ({_why(exc)})") from None
    if not stat.S_ISDIR(mode):
        raise SrcalignError(f"{shown_name}: {shown(str(parent))} is a file, not a folder")


def _why(exc: OSError) -> str:
    """An OSError as a few words a user can act on."""
    reasons = {
        errno.EFBIG: "File too large: the file-size limit (ulimit -f) was reached",
        errno.ENOSPC: "No space left on device",
        errno.ENOTDIR: "a part of the path is a file, not a folder",
    }
    return reasons.get(exc.errno or 0, exc.strerror or str(exc))


def utf16_codec(data: bytes) -> str | None:
    """'utf-16' for a UTF-16 byte-order mark, 'utf-16-le'/'-be' when every other byte is NUL, else None.

    Notepad and Word save "Unicode" text as UTF-16; Latin and Vietnamese letters then have a
    zero high byte often enough (spaces, digits, ASCII letters) that the zeros sit on one side.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and len(data) % 2 == 0:
        return "utf-16"
    sample = data[:65536]
    if len(sample) < 4 or len(data) % 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.3 * half and even < 0.02 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.02 * half:
        return "utf-16-be"
    return None


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


def _size(n: int) -> str:
    if n >= 1024 * 1024 and n % (1024 * 1024) == 0:
        return f"{n // (1024 * 1024)} MB"
    return f"{n} bytes"


# Publishing a folder: built under a hidden staging name beside its destination, renamed into place.
_STAGING = regex.compile(r"\A\.(?P<name>.+)\.(?P<kind>partial|old)-(?P<pid>\d+)\Z")
_RENAME_NOREPLACE = 1
_AT_FDCWD = -100


def make_folder(folder: str | os.PathLike[str]) -> None:
    """Create an output folder the caller owns (alignments/<slug>/, a batch's DIR), with a one-line error."""
    try:
        Path(folder).mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise SrcalignError(f"{shown(str(folder))}: exists and is not a folder") from None
    except OSError as exc:
        raise SrcalignError(f"cannot create the folder {shown(str(folder))} ({_why(exc)})") from None


def staging_folder(final: str | os.PathLike[str], *, clean: bool = True) -> Path:
    """A new empty `.<name>.partial-<pid>` folder beside `final`, after clearing what dead runs left there.

    The folder that will hold `final` must exist (the caller creates its own output folders).
    `clean=False` skips the clearing, which lists the whole folder: a batch clears its DIR once
    when it starts (toolkit.batch.run), and listing 600 article folders per article added up.
    """
    final = Path(final)
    parent = final.parent
    check_parent(final)
    if clean:
        clean_stale_staging(parent)
    staging = parent / f".{final.name}.partial-{os.getpid()}"
    try:
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
    except OSError as exc:
        raise SrcalignError(f"cannot write into {shown(str(parent))} ({_why(exc)})") from None
    return staging


def clean_stale_staging(parent: str | os.PathLike[str]) -> list[Path]:
    """Remove `.X.partial-PID` and `.X.old-PID` folders in `parent` whose process is gone (a killed run)."""
    removed: list[Path] = []
    try:
        entries = list(Path(parent).iterdir())
    except OSError:
        return removed
    for entry in entries:
        match = _STAGING.match(entry.name)
        if match is None or not entry.is_dir() or entry.is_symlink() or _alive(int(match.group("pid"))):
            continue
        shutil.rmtree(entry, ignore_errors=True)
        removed.append(entry)
    return removed


def publish_folder(
    staging: str | os.PathLike[str], final: str | os.PathLike[str], *, replace: bool = False, sync: bool = True
) -> None:
    """Rename a finished staging folder to `final`; the "does it exist?" decision is made by the rename.

    Without `replace`, an existing `final` (made by another run, even one that finished a moment
    ago) is refused, never replaced: the rename itself refuses to land on an existing path
    (renameat2 RENAME_NOREPLACE; elsewhere an exclusive mkdir claims the name first). With
    `replace`, the old folder is moved aside, the new one renamed in, and the old one removed.
    The staging folder is removed when publishing fails. The rename is what makes the folder
    appear whole or not at all; `sync` then fsyncs the parent so that the rename survives a
    power cut. `sync=False` is for a batch's article folders, whose files are not fsynced
    either: their completion marker records every file's size and a rerun redoes a folder a
    power cut lost or left short (one fsync of the batch's DIR at its end, `sync_folder`,
    replaces one per article, which forced a journal commit each time).
    """
    staging, final = Path(staging), Path(final)
    try:
        if replace:
            _replace_folder(staging, final)
        else:
            _rename_noreplace(staging, final)
    except FileExistsError:
        shutil.rmtree(staging, ignore_errors=True)
        raise SrcalignError(f"{shown(str(final))} exists; use --force to replace it (runs are never mixed in one folder)") from None
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise SrcalignError(f"{shown(str(final))}: cannot put the output in place ({_why(exc)})") from None
    if sync:
        sync_folder(final.parent)


def _replace_folder(staging: Path, final: Path) -> None:
    for _ in range(10):  # another --force run may land between our two renames: go again
        old = None
        if final.exists() or final.is_symlink():
            if not final.is_dir() or final.is_symlink():
                raise SrcalignError(f"{shown(str(final))} exists and is not a folder")
            old = final.parent / f".{final.name}.old-{os.getpid()}"
            shutil.rmtree(old, ignore_errors=True)
            try:
                os.rename(final, old)
            except FileNotFoundError:
                old = None  # someone else moved it first
        try:
            _rename_noreplace(staging, final)
        except FileExistsError:
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
            continue
        except BaseException:
            if old is not None:
                try:
                    _rename_noreplace(old, final)
                except OSError:
                    pass
            raise
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        return
    raise FileExistsError(final)


def _rename_noreplace(source: Path, destination: Path) -> None:
    """rename(2) that fails with FileExistsError when `destination` exists, atomically."""
    renameat2 = _renameat2()
    if renameat2 is not None:
        result = renameat2(_AT_FDCWD, os.fsencode(source), _AT_FDCWD, os.fsencode(destination), _RENAME_NOREPLACE)
        if result == 0:
            return
        code = ctypes.get_errno()
        if code not in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
            raise OSError(code, os.strerror(code), str(destination))
    # Without renameat2 (other systems, file systems without it): claim the name with an
    # exclusive mkdir, then rename onto the empty folder we own (allowed for folders).
    os.mkdir(destination)
    try:
        os.rename(source, destination)
    except BaseException:
        try:
            os.rmdir(destination)
        except OSError:
            pass
        raise


@functools.lru_cache(maxsize=1)
def _renameat2() -> Any:
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OverflowError:
        return False
    return True


def sync_folder(path: str | os.PathLike[str]) -> None:
    """fsync a folder, so that the renames and creations in it survive a power cut (best effort)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
