"""Which language codes the aligner takes: any ISO 639-1 code (the list is data, not code).

Pairs without a model of their own use the default model (toolkit.align.model.load_model);
languages without sentence rules of their own are split by the generic rules."""

from __future__ import annotations

from toolkit.errors import SrcalignError
from toolkit.segment.language import language_codes


def check_language(code: str, option: str = "language", allow_auto: bool = True) -> str:
    """The code, lower-cased, if it is an ISO 639-1 code (or 'auto'); else a one-line error."""
    normal = code.strip().lower()
    if (allow_auto and normal == "auto") or normal in language_codes():
        return normal
    raise SrcalignError(f"{option} {code!r} is not an ISO 639-1 language code (two letters, e.g. vi, de, fr, en)")
