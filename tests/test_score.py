"""`srcalign score` agrees with the sacrebleu command line; non-parallel files are aligned first."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from toolkit.errors import SrcalignError
from toolkit.score import align_sentences, format_report, pair_segments, sacrebleu_lines, score_files

# A machine translation (from the bundled article) and an editor's post-edited version of it.
HYPOTHESIS = """Der Vorsitzende des Zentralen Organisationskomitees, Le Minh Hung, hielt bei dem Treffen eine Rede.
Der Provinzparteisekretär Hau A Lenh hielt bei dem Treffen eine Rede.
Das Inspektionsteam forderte das Provinzparteikomitee auf, dringend und entschlossen Maßnahmen vorzuschlagen, um Beschränkungen und Mängel zu überwinden.
Um das Wachstumsziel von 8 % oder mehr zu erreichen, ist es notwendig, Engpässe bei der Auszahlung öffentlicher Investitionsmittel entschlossen zu beseitigen.
Neuigkeiten und Fotos: VAN NGHI
"""
REFERENCE = """Der Leiter der Zentralen Organisationskommission, Lê Minh Hưng, sprach auf der Sitzung.
Provinzparteisekretär Hầu A Lềnh sprach auf der Sitzung.
Die Inspektionsgruppe forderte das Provinzparteikomitee auf, dringend und entschlossen Lösungen vorzuschlagen, um Schwächen und Mängel zu beheben.
Um das Wachstumsziel von 8 % oder mehr zu erreichen, müssen Engpässe bei der Auszahlung öffentlicher Investitionsmittel entschlossen beseitigt werden.
Text und Fotos: Văn Nghị
"""


def sacrebleu_cli() -> list[str]:
    """sacrebleu's own command line from this environment (console script, else `python -m sacrebleu`)."""
    script = Path(sys.executable).parent / "sacrebleu"
    return [str(script)] if script.exists() else [sys.executable, "-m", "sacrebleu"]


def run_sacrebleu(*args: str) -> str:
    result = subprocess.run([*sacrebleu_cli(), *args], capture_output=True, timeout=120, env={**os.environ, "SACREBLEU_FORMAT": ""})
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout.decode("utf-8")


def run_srcalign(*args: str) -> subprocess.CompletedProcess:
    code = "import sys; from toolkit.cli import main; sys.argv[0] = 'srcalign'; main()"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, timeout=120)


@pytest.fixture()
def pair(tmp_path: Path) -> tuple[Path, Path]:
    hyp, ref = tmp_path / "mt.de.txt", tmp_path / "postedit.de.txt"
    hyp.write_text(HYPOTHESIS, encoding="utf-8")
    ref.write_text(REFERENCE, encoding="utf-8")
    return hyp, ref


def test_corpus_scores_and_signatures_match_sacrebleu_cli(pair):
    hyp, ref = pair
    theirs = json.loads(run_sacrebleu(str(ref), "-i", str(hyp), "-m", "bleu", "chrf", "ter", "-f", "json", "-w", "4"))
    result = run_srcalign("score", str(hyp), str(ref), "--format", "json")
    assert result.returncode == 0, result.stderr.decode()
    ours = json.loads(result.stdout)
    assert ours["pairing"] == "lines" and ours["pairs"] == 5
    assert [(c["name"], round(c["score"], 4), c["signature"]) for c in ours["corpus"]] == [
        (t["name"], t["score"], t["signature"]) for t in theirs
    ]
    assert ours["corpus"][0]["verbose_score"] == theirs[0]["verbose_score"]


def test_text_lines_are_sacrebleus_lines(pair):
    hyp, ref = pair
    theirs = [line.strip() for line in run_sacrebleu(str(ref), "-i", str(hyp), "-m", "bleu", "chrf", "ter", "-f", "text", "-w", "3").splitlines()]
    result = run_srcalign("score", str(hyp), str(ref), "-w", "3")
    assert result.returncode == 0
    lines = result.stdout.decode("utf-8").splitlines()
    assert lines[:3] == theirs
    assert lines[3] == "# 5 segment pairs, scored line by line"


@pytest.mark.parametrize("metric, key", [("bleu", "bleu"), ("chrf", "chrf"), ("ter", "ter")])
def test_per_segment_scores_match_sacrebleu_sentence_level(pair, metric, key):
    hyp, ref = pair
    theirs = run_sacrebleu(str(ref), "-i", str(hyp), "-m", metric, "--sentence-level", "-w", "4").splitlines()
    report = score_files(hyp, ref, per_segment=True)
    assert [f"{getattr(s, key):.4f}" for s in report.segments] == [line.split(" = ")[1].split()[0] for line in theirs]
    signature = dict(report.segment_signatures)[metric.upper()]
    assert all(line.split(" = ")[0].split("|", 1)[1] == signature for line in theirs)


def test_per_segment_text_output(pair):
    hyp, ref = pair
    out = run_srcalign("score", str(hyp), str(ref), "--per-segment").stdout.decode("utf-8").splitlines()
    assert out[4] == "# segment\tBLEU\tchrF\tTER\thypothesis\treference"
    assert len(out) == 10 and out[5].startswith("1\t") and "Le Minh Hung" in out[5]


def test_paragraph_against_sentence_lines_is_aligned_first(tmp_path):
    """The MT as one paragraph per line, the post-edit one sentence per line: not line-aligned."""
    lines = HYPOTHESIS.splitlines()
    hyp = tmp_path / "mt.txt"
    hyp.write_text(" ".join(lines[:3]) + "\n" + " ".join(lines[3:]) + "\n", encoding="utf-8")
    ref = tmp_path / "pe.txt"
    ref.write_text(REFERENCE, encoding="utf-8")
    report = score_files(hyp, ref, per_segment=True)
    assert report.pairing == "aligned"
    assert report.notes[0] == "the files are not line-aligned (2 and 5 lines): sentences were aligned first"
    assert report.pairs == len(report.segments) >= 4
    assert any("8 % oder mehr" in s.hypothesis and "8 % oder mehr" in s.reference for s in report.segments)
    assert 0 < report.corpus[0].score < 100


def test_fallback_when_the_project_aligner_is_missing(monkeypatch):
    monkeypatch.setitem(sys.modules, "toolkit.align", None)  # import toolkit.align raises ImportError
    pairs = pair_segments("Ein Satz. Zwei Sätze hier.\nDrei.\nVier.\n", "Ein Satz.\nZwei Sätze hier.\n")
    assert pairs.pairing == "aligned"
    assert any("toolkit.align is not available" in n for n in pairs.notes)
    assert pairs.hypotheses[:2] == ("Ein Satz.", "Zwei Sätze hier.")
    assert pairs.references[:2] == ("Ein Satz.", "Zwei Sätze hier.")


def test_a_given_aligner_is_used_and_named():
    calls = []

    def fake_align(hyp_doc, ref_doc):
        calls.append((hyp_doc.lang, ref_doc.lang))
        raise SrcalignError("same-language pairs not supported")

    pairs = pair_segments("Der Hund bellt laut.\nDie Katze schläft.\n", "Der Hund bellt.\n", align=fake_align)
    assert calls and any("could not align these texts (same-language pairs not supported)" in n for n in pairs.notes)
    assert pairs.hypotheses[0] == "Der Hund bellt laut."


def test_monolingual_alignment_finds_merges_and_gaps():
    hyp = ["Der Hund bellt laut im Hof.", "Die Katze schläft.", "Sie träumt von Mäusen.", "Ein völlig anderer Satz über Steuern."]
    ref = ["Der Hund bellt sehr laut im Hof.", "Die Katze schläft und träumt von Mäusen."]
    assert align_sentences(hyp, ref) == [
        ("Der Hund bellt laut im Hof.", "Der Hund bellt sehr laut im Hof."),
        ("Die Katze schläft. Sie träumt von Mäusen.", "Die Katze schläft und träumt von Mäusen."),
        ("Ein völlig anderer Satz über Steuern.", ""),
    ]


def test_lines_are_read_as_sacrebleu_reads_them():
    assert sacrebleu_lines("a  \r\nb\n") == ["a", "b"]
    assert sacrebleu_lines("a\n\nb") == ["a", "", "b"]


def test_json_report_shape(pair):
    report = score_files(*pair, per_segment=True)
    data = json.loads(format_report(report, "json"))
    assert [c["name"] for c in data["corpus"]] == ["BLEU", "chrF2", "TER"]
    assert set(data["segments"][0]) == {"index", "hypothesis", "reference", "bleu", "chrf", "ter"}
    assert data["segment_signatures"]["BLEU"].startswith("nrefs:1|case:mixed|eff:yes|tok:13a")


def test_bad_input_is_one_line_error(tmp_path, pair):
    hyp, _ = pair
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    for args in ((str(hyp), str(tmp_path / "missing.txt")), (str(hyp), str(empty))):
        result = run_srcalign("score", *args)
        assert result.returncode == 2
        lines = result.stderr.decode().splitlines()
        assert len(lines) == 1 and lines[0].startswith("srcalign: error: ")
