"""Run `srcalign check` on the seed pair and print every finding, the counts and the precision.

    python bench/check_seed.py [--aligner] [--seed DIR]

By default the alignment is the seed's known block alignment (vi b(k+1) ↔ de b(k), k = 1..22,
from ../shared/seed/README.md); --aligner uses toolkit.align.align_documents instead. Each
finding is compared with the judgement recorded below (read by a person, finding by finding):
"real" (an editor should act on it), "editorial" (true by the termbase's stated preference,
but the German is acceptable), "false" (a false alarm). Findings with no recorded judgement are
shown as "unjudged" and left out of the precision.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from toolkit.alignment import Alignment, Bead  # noqa: E402
from toolkit.check import check_alignment  # noqa: E402
from toolkit.segment import segment_file  # noqa: E402
from toolkit.termbase import load_termbase  # noqa: E402

# (code, source text) → judgement, reason. Written after reading each finding on the seed.
JUDGEMENTS: dict[tuple[str, str], tuple[str, str]] = {
    **{
        ("diacritics_dropped", name): ("real", "the name lost its diacritics")
        for name in (
            "Lê Minh Hưng", "Hà Giang", "Hầu A Lềnh", "Thào Hồng Sơn", "Phan Huy Ngọc", "Nguyễn Quang Dương",
            "Trần Quang Minh", "Tuyên Quang", "Thanh Thủy", "VĂN NGHỊ",
        )
    },
    ("term_wrong", "Đoàn kiểm tra"): ("real", "Arbeitsgruppe hides the inspection mandate (issue)"),
    ("term_inconsistent", "Đoàn kiểm tra"): ("real", "Arbeitsgruppe / Inspektionsgruppe / Inspektionsteam (issue)"),
    ("term_not_preferred", "Đoàn kiểm tra"): ("real", "Inspektionsteam next to Inspektionsgruppe in one article"),
    ("term_inconsistent", "Ban Tổ chức Trung ương"): ("real", "Organisationskommission vs Organisationskomitee (issue)"),
    ("term_wrong", "Ban Tổ chức Trung ương"): ("real", "Organisationskomitee is an event committee"),
    ("term_inconsistent", "Ban Thường vụ Tỉnh ủy"): ("real", "des Provinzparteikomitees vs des Parteikomitees der Provinz"),
    ("term_not_preferred", "Ban Thường vụ Tỉnh ủy"): ("real", "the odd one out of six"),
    ("term_inconsistent", "Bí thư Tỉnh ủy"): ("real", "Provinzparteisekretär vs Sekretär des Provinzparteikomitees"),
    ("term_not_preferred", "Bí thư Tỉnh ủy"): ("real", "same title written two ways"),
    ("term_inconsistent", "UBND tỉnh"): ("real", "Provinzvolkskomitee vs Volkskomitee der Provinz"),
    ("term_not_preferred", "UBND tỉnh"): ("real", "the odd one out of three"),
    ("term_inconsistent", "Trung ương"): ("real", "Zentrale / Zentralkomitee / Zentralregierung (issue)"),
    ("term_wrong", "Trung ương"): ("real", "Zentralregierung is the state government (issue)"),
    ("term_not_preferred", "Trung ương"): ("editorial", "der Zentrale is understandable; Zentralkomitee is house style"),
    ("term_wrong", "phong trào thi đua"): ("real", "Nachahmerbewegungen: imitators (issue)"),
    ("term_not_preferred", "Chỉ thị"): ("real", "Richtlinie for a directive, ambiguous with policy (issue)"),
    ("term_wrong", "chính sách"): ("real", "Richtlinien for policy (issue)"),
    ("term_inconsistent", "chính sách"): ("real", "Richtlinien vs Vorzugspolitiken for one term"),
    ("same_target_different_sources", "Chỉ thị"): ("real", "Richtlinie for chỉ thị and chính sách (issue)"),
    ("term_not_preferred", "Trưởng Ban"): ("editorial", "Vorsitzender is acceptable for the head of a commission"),
    ("term_not_preferred", "Phó Trưởng Ban"): ("editorial", "stellvertretender Vorsitzender is acceptable"),
    ("term_not_preferred", "đại hội"): ("real", "Kongress for the Party congress, Parteitag elsewhere in the text"),
    ("term_not_preferred", "quy chế làm việc"): ("false", "Arbeitsvorschriften is fine German; not worth an edit"),
    ("term_wrong", "cơ quan"): ("real", "Agenturen / Parteiagenturen for state and Party bodies"),
    ("term_wrong", "cửa khẩu quốc tế"): ("real", "English 'International Border Gate' left in the German"),
    ("code_incomplete", "57-NQ/TW"): ("real", "Resolution Nr. 57 lost its code"),
    ("code_incomplete", "123-KL/TW"): ("real", "Schlussfolgerung Nr. 123 lost its code"),
}


def block_alignment(seed: Path) -> Alignment:
    """The seed's known block alignment: title and portal lines one-sided."""
    source = segment_file(seed / "source.vi.txt" if (seed / "source.vi.txt").exists() else seed / "source.txt", "vi")
    target = segment_file(seed / "article.de.txt", "de")
    beads = [Bead("block", ("b1",), (), 0.0)]
    beads += [Bead("block", (f"b{k + 1}",), (f"b{k}",), 1.0) for k in range(1, 23)]
    beads += [Bead("block", (), (f"b{k}",), 0.0) for k in (23, 24, 25)]
    return Alignment(source, target, tuple(beads))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--aligner", action="store_true", help="align with toolkit.align instead of the known block alignment")
    default_seed = ROOT.parent / "shared" / "seed"
    parser.add_argument("--seed", type=Path, default=default_seed if default_seed.exists() else ROOT / "toolkit" / "data" / "example")
    args = parser.parse_args()

    alignment = block_alignment(args.seed)
    if args.aligner:
        from toolkit.align import align_documents

        alignment = align_documents(alignment.source, alignment.target)
    termbase = load_termbase()
    started = time.perf_counter()
    findings = check_alignment(alignment, termbase)
    seconds = time.perf_counter() - started

    verdicts: Counter[str] = Counter()
    for finding in findings:
        key = (finding.code, finding.source_text)
        verdict, reason = JUDGEMENTS.get(key, ("unjudged", ""))
        verdicts[verdict] += 1
        where = f"{'+'.join(finding.source_ids)}→{'+'.join(finding.target_ids)}"
        print(f"{verdict:9} {finding.severity:7} {finding.kind}/{finding.code:30} {where:16} {finding.source_text!r} → {finding.target_text!r}  ({len(finding.occurrences)}×) {reason}")
    print()
    print("findings by kind: " + ", ".join(f"{k} {n}" for k, n in Counter(f.kind for f in findings).items()))
    print("findings by severity: " + ", ".join(f"{k} {n}" for k, n in Counter(f.severity for f in findings).items()))
    judged = verdicts["real"] + verdicts["editorial"] + verdicts["false"]
    if judged:
        print(f"precision (real + editorial): {verdicts['real'] + verdicts['editorial']}/{judged} = {(verdicts['real'] + verdicts['editorial']) / judged:.1%}")
        print(f"precision (real only): {verdicts['real']}/{judged} = {verdicts['real'] / judged:.1%}")
    print(f"unjudged: {verdicts['unjudged']}; check time: {seconds * 1000:.0f} ms for {len(alignment.beads)} beads")


if __name__ == "__main__":
    main()
