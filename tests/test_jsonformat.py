"""JSON Lines records: one line each, whatever the text holds."""

from __future__ import annotations

import json

import pytest

from toolkit.jsonformat import _LINE_BREAKS_JSON_KEEPS, json_line


@pytest.mark.parametrize(
    "text",
    ["Hà Nội, 17. März", "", "a\u2028b", "a\u2029b\x85c", "\u2028" * 3, "tab\tand\nnewline", "\"quoted\" \\ back", "ệ\u0301 e\u0301"],
)
def test_a_record_is_the_c_encoders_line_with_unicode_line_breaks_escaped(text):
    """The escape runs only when a break is there; the bytes are those of escaping every record."""
    record = {"source": text, "target": text[::-1], "score": 0.5}
    line = json_line(record)
    assert line == json.dumps(record, ensure_ascii=False).translate(_LINE_BREAKS_JSON_KEEPS)
    assert len(line.splitlines()) == 1 and json.loads(line) == record
