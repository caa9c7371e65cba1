import unicodedata

import pytest

from toolkit.errors import SrcalignError
from toolkit.textfile import decode_bytes, read_text, write_atomic

VI = "Đoàn kiểm tra của Bộ Chính trị làm việc với Ban Thường vụ Tỉnh ủy."


def test_utf8_with_bom():
    got = decode_bytes(b"\xef\xbb\xbf" + "Grüße aus Hà Giang.".encode())
    assert got.text == "Grüße aus Hà Giang." and got.encoding == "utf-8-sig"


def to_cp1258(text: str) -> bytes:
    """cp1258 keeps base letters (ê, ư) precomposed and writes tones as combining marks."""
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            base, *marks = unicodedata.normalize("NFD", ch)
            tone = next(m for m in marks if m in "\u0300\u0301\u0303\u0309\u0323")
            marks.remove(tone)
            out += unicodedata.normalize("NFC", base + "".join(marks)).encode("cp1258") + tone.encode("cp1258")
    return out


def test_cp1258_vietnamese_and_cp1252_german_are_named():
    vi = decode_bytes(to_cp1258(VI))
    assert vi.encoding == "cp1258"
    assert unicodedata.normalize("NFC", vi.text) == VI
    assert any("cp1258" in n for n in vi.notes)
    de = decode_bytes("Die Arbeitsgruppe des Politbüros tagte in Hà Giang; Grüße.".replace("à", "a").encode("cp1252"))
    assert de.encoding == "cp1252" and "Politbüros" in de.text


def test_mojibake_is_repaired_and_reported():
    broken = VI.encode("utf-8").decode("cp1252", errors="ignore")
    got = decode_bytes(broken.encode("utf-8"))
    assert "Đoàn" in got.text or "oàn" in got.text
    assert any("mojibake" in n for n in got.notes)
    assert decode_bytes("Ä‘oàn kiểm tra".encode()).text.startswith("đoàn")


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"%PDF-1.7\n", "binary"),
        (b"<!DOCTYPE html><html><body><p>Hallo</p></body></html>", "srcalign fetch --html"),
    ],
)
def test_bad_input_is_one_clear_error(data, message):
    with pytest.raises(SrcalignError, match=message):
        decode_bytes(data, "x.txt")


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(SrcalignError, match="no such file"):
        read_text(tmp_path / "nope.txt")
    with pytest.raises(SrcalignError, match="directory"):
        read_text(tmp_path)


def test_write_atomic_leaves_no_temporary_files(tmp_path):
    target = tmp_path / "out" / "a.txt"
    target.parent.mkdir()
    write_atomic(target, "eins")
    write_atomic(target, "zwei")
    assert target.read_text() == "zwei"
    assert [p.name for p in target.parent.iterdir()] == ["a.txt"]


# --- the one writer: special files, refusals, nothing half-written (issue 12) ---------------

import contextlib
import errno
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

from toolkit.textfile import clean_stale_staging, publish_folder, read_input_bytes, staging_folder


@contextlib.contextmanager
def mounted_tmpfs(where: Path, options: str):
    """A tmpfs of our own (a full disk, a read-only file system); skipped where mounting is not allowed."""
    where.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.decode().strip() or 'not root'}); needs root or CAP_SYS_ADMIN")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def test_a_character_device_is_written_to_not_replaced(tmp_path):
    device = tmp_path / "null"
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # our own /dev/null, never the system's
    except PermissionError:
        pytest.skip("creating a device node needs root (CAP_MKNOD)")
    write_atomic(device, "alignment that nobody wants\n")
    assert stat.S_ISCHR(device.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]


def test_a_fifo_is_written_to_not_replaced(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    write_atomic(fifo, "eins\nzwei\n")
    reader.join(timeout=10)
    assert received == [b"eins\nzwei\n"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_dash_is_standard_output(capfdbinary):
    write_atomic("-", "auf die Konsole\n")
    assert capfdbinary.readouterr().out == b"auf die Konsole\n"


@pytest.mark.parametrize(
    "where, message",
    [
        (lambda d: d, "is a directory"),
        (lambda d: d / "missing" / "x.tmx", "does not exist"),
        (lambda d: d / "plain.txt" / "x.tmx", "not a folder"),
    ],
)
def test_impossible_targets_are_one_line_and_create_nothing(tmp_path, where, message):
    (tmp_path / "plain.txt").write_text("keep me")
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(SrcalignError, match=message):
        write_atomic(where(tmp_path), "data")
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert (tmp_path / "plain.txt").read_text() == "keep me"


def test_file_size_limit_is_one_line_and_keeps_the_old_file(tmp_path):
    """ulimit -f in a child process: the write fails with EFBIG (Python ignores SIGXFSZ)."""
    target = tmp_path / "out.tsv"
    target.write_text("old\n")
    code = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))\n"
        "from toolkit.textfile import write_atomic\n"
        "from toolkit.errors import SrcalignError\n"
        "try:\n"
        f"    write_atomic({str(target)!r}, 'x' * 100000)\n"
        "except SrcalignError as exc:\n"
        "    print(exc)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert "file-size limit" in done.stdout and len(done.stdout.splitlines()) == 1
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.tsv"]


def test_full_disk_is_one_line_and_keeps_the_old_file(tmp_path):
    with mounted_tmpfs(tmp_path / "small", "size=64k") as disk:
        target = disk / "alignment.json"
        target.write_text("old\n")
        with pytest.raises(SrcalignError, match="No space left on device"):
            write_atomic(target, "x" * 1_000_000)
        assert target.read_text() == "old\n"
        assert [p.name for p in disk.iterdir()] == ["alignment.json"]


def test_read_only_file_system_is_one_line(tmp_path):
    with mounted_tmpfs(tmp_path / "ro", "ro,size=64k") as disk:
        with pytest.raises(SrcalignError, match="cannot write .*[Rr]ead-only file system"):
            write_atomic(disk / "x.tmx", "data")


def test_permission_denied_is_one_line(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    if os.access(locked, os.W_OK):
        pytest.skip("running as root: permissions do not stop root (the read-only tmpfs test covers EROFS)")
    with pytest.raises(SrcalignError, match="Permission denied"):
        write_atomic(locked / "x.tmx", "data")


# --- publishing a folder ---------------------------------------------------------------------


def test_publish_refuses_a_folder_that_appeared_meanwhile(tmp_path):
    """Two runs on one --out: the one that renames second is refused at the rename, not replacing the first."""
    final = tmp_path / "out"
    staging = staging_folder(final)
    (staging / "alignment.json").write_text("mine")
    final.mkdir()
    (final / "alignment.json").write_text("the other run's")
    with pytest.raises(SrcalignError, match="exists; use --force"):
        publish_folder(staging, final)
    assert (final / "alignment.json").read_text() == "the other run's"
    assert not staging.exists()


def test_publish_with_replace_swaps_the_whole_folder(tmp_path):
    final = tmp_path / "out"
    final.mkdir()
    (final / "old.txt").write_text("old")
    staging = staging_folder(final)
    (staging / "new.txt").write_text("new")
    publish_folder(staging, final, replace=True)
    assert sorted(p.name for p in final.iterdir()) == ["new.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_staging_folders_of_dead_runs_are_cleaned(tmp_path):
    dead = tmp_path / f".out.partial-{dead_pid()}"
    dead.mkdir()
    (dead / "alignment.json").write_text("half")
    alive = tmp_path / f".other.partial-{os.getppid()}"
    alive.mkdir()
    staging_folder(tmp_path / "out")
    assert not dead.exists() and alive.exists()
    assert clean_stale_staging(tmp_path) == []


# --- the one input reader: a cap, and one policy for lone surrogates --------------------------


def test_endless_input_stops_at_the_cap(monkeypatch):
    monkeypatch.setenv("SRCALIGN_MAX_INPUT_BYTES", "100000")
    with pytest.raises(SrcalignError, match="larger than the input cap .*SRCALIGN_MAX_INPUT_BYTES"):
        read_input_bytes("/dev/zero")


def test_a_file_name_that_is_not_utf8_is_refused_in_one_line(tmp_path):
    name = os.fsdecode(os.fsencode(tmp_path) + b"/Quelle-\xff.txt")
    Path(name).write_text(VI, encoding="utf-8")
    with pytest.raises(SrcalignError, match=r"not valid Unicode \(U\+DCFF") as caught:
        read_text(name)
    str(caught.value).encode("utf-8")  # the message itself can be printed


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_text_files_with_and_without_bom(encoding):
    text = VI + "\nDie Arbeitsgruppe des Politbüros tagte in Hà Giang.\n"
    got = decode_bytes(text.encode(encoding), "a.txt")
    assert got.text == text and got.encoding.startswith("utf-16")


# --- the writer's temporary file: the output's permissions from the start, nothing left behind ---


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002])
def test_a_new_file_gets_what_the_umask_leaves_and_a_replaced_file_keeps_its_mode(tmp_path, umask):
    old = os.umask(umask)
    try:
        write_atomic(tmp_path / "new.tsv", "a\n")
        kept = tmp_path / "kept.tsv"
        kept.write_text("old\n")
        kept.chmod(0o640)
        write_atomic(kept, "new\n", sync=False)
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.tsv").stat().st_mode) == 0o666 & ~umask
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640 and kept.read_text() == "new\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.tsv", "new.tsv"]


def test_a_write_through_a_symlink_replaces_the_link_with_the_file_and_keeps_the_target(tmp_path):
    """As with the temporary-file-and-rename of any atomic writer: the link's name gets the new file."""
    real = tmp_path / "real.txt"
    real.write_text("old\n")
    real.chmod(0o600)
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    write_atomic(link, "new\n")
    assert link.read_text() == "new\n" and not link.is_symlink() and real.read_text() == "old\n"
    assert stat.S_IMODE(link.stat().st_mode) == 0o600  # the mode it replaced
