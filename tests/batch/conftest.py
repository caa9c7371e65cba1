"""Portal-style article pairs from NTREX documents, a manifest around them, and one clean batch run.

The clean run (`reference`) is made once per session through the command line; the resume and
Ray tests write into the same folder name afterwards, so their files carry the same paths and
can be compared with it byte for byte (apart from timestamps).
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import DATA
from tests.test_cli import run_cli
from tests.test_pipeline import EXPECTED_FILES

NTREX = DATA / "batch" / "ntrex"
RUN_FILES = EXPECTED_FILES  # what `srcalign run` writes into an article's folder
# Creation dates in the exports (TMX 20250317T073400Z, XLIFF ISO 8601, the review page's
# "2025-03-17 07:34 UTC"): the only bytes two runs of the same batch may differ in.
_TIMESTAMP = re.compile(rb"\d{8}T\d{6}Z|\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2})?(?:Z| UTC|[+-]\d{2}:\d{2})?")


def ntrex_document(name: str) -> tuple[list[str], list[str]]:
    """(Vietnamese lines, German lines) of one copied NTREX document; the first line is the headline."""
    vi = (NTREX / f"{name}.vi.txt").read_text(encoding="utf-8").splitlines()
    de = (NTREX / f"{name}.de.txt").read_text(encoding="utf-8").splitlines()
    return vi, de


def portal_pair(vi: list[str], de: list[str], url: str, *, per_paragraph: int = 2, drop_german: int | None = None, ad_after: int | None = None) -> tuple[str, str]:
    """The German as a portal shows it (paragraphs, an ad, the Quelle: line, a comment counter) and its source."""
    body = list(zip(vi[1:], de[1:]))
    if drop_german is not None:
        body[drop_german] = (body[drop_german][0], "")
    groups = [body[i : i + per_paragraph] for i in range(0, len(body), per_paragraph)]
    vietnamese = [vi[0]] + [" ".join(s for s, _ in g) for g in groups]
    german = [de[0]] + [" ".join(t for _, t in g if t) for g in groups]
    if ad_after is not None:
        german.insert(ad_after + 1, "[Anzeige_1]")
    german += ["[Anzeige_2]", f"Quelle: {url}", "Kommentar (0)"]
    return "\n".join(german) + "\n", "\n".join(vietnamese) + "\n"


# (id or None for a derived one, document, paragraph size, dropped German sentence, ad after paragraph)
ARCHIVE = (
    ("rt-91337", "001_rt.com.91337", 2, None, None),
    ("telegraph-405401", "011_telegraph.405401", 2, None, 2),
    (None, "021_euronews-en.153800", 3, None, None),
    ("bbc-381735", "023_bbc.381735", 2, 4, None),
    ("reuters-218921", "035_reuters.218921", 2, None, 1),
    ("telegraph-405401-b", "011_telegraph.405401", 3, 6, None),
    (None, "023_bbc.381735", 1, None, 3),
    ("reuters-218921-b", "035_reuters.218921", 4, 2, None),
)


def write_archive(folder: Path) -> Path:
    """The article pairs of ARCHIVE as files, and manifest.jsonl (paths relative to it)."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for n, (article_id, name, size, drop, ad) in enumerate(ARCHIVE):
        vi, de = ntrex_document(name)
        url = f"https://tintuc.example.vn/the-gioi/{name.split('_', 1)[1].replace('.', '-')}-{n}.html"
        german, vietnamese = portal_pair(vi, de, url, per_paragraph=size, drop_german=drop, ad_after=ad)
        (folder / f"{n:02d}.de.txt").write_text(german, encoding="utf-8")
        (folder / f"{n:02d}.vi.txt").write_text(vietnamese, encoding="utf-8")
        line = {"article": f"{n:02d}.de.txt", "source": f"{n:02d}.vi.txt"}
        lines.append(json.dumps({"id": article_id, **line} if article_id else line))
    manifest = folder / "manifest.jsonl"
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return manifest


@dataclass(frozen=True)
class Reference:
    """A clean batch of the archive: `out` is the folder every run writes to, `folder` its kept copy."""

    manifest: Path
    out: Path
    folder: Path
    stdout: str
    stderr: str
    returncode: int


def batch_cli(*args: str, cwd: Path):
    return run_cli("batch", *args, cwd=cwd)


@pytest.fixture(scope="session")
def reference(tmp_path_factory) -> Reference:
    work = tmp_path_factory.mktemp("batch")
    manifest = write_archive(work / "archive")
    out = work / "out"
    result = batch_cli(str(manifest), "--out", str(out), "--workers", "2", "--offline", cwd=work)
    kept = work / "reference"
    if out.exists():
        shutil.move(out, kept)
    return Reference(manifest, out, kept, result.stdout.decode(), result.stderr.decode(), result.returncode)


def masked(data: bytes) -> bytes:
    return _TIMESTAMP.sub(b"<time>", data)


def output_tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with timestamps masked; the batch summary without its `run` block."""
    tree = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            name = path.relative_to(folder).as_posix()
            data = path.read_bytes()
            if name == "summary.json":
                summary = json.loads(data)
                summary.pop("run")
                data = json.dumps(summary, ensure_ascii=False, indent=1).encode("utf-8")
            tree[name] = masked(data)
    return tree


def assert_same_outputs(folder: Path, expected: Path) -> None:
    got, want = output_tree(folder), output_tree(expected)
    assert sorted(got) == sorted(want)
    different = [name for name in want if got[name] != want[name]]
    assert not different, f"files differ from the clean run: {different}"
