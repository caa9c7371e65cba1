"""The page templates (Jinja2) and static files shared by review.html and the workbench.

One environment, autoescaping on; `text` is the one filter that shows characters HTML and XML
cannot carry as visible control pictures. The mailable snapshot inlines the CSS and JS read
from `static/`; the workbench serves the same files under /static/.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def static_dir() -> Path:
    return Path(str(resources.files("toolkit").joinpath("web", "static")))


def templates_dir() -> Path:
    return Path(str(resources.files("toolkit").joinpath("web", "templates")))


def visible_text(value: Any) -> Markup:
    """HTML-escape, and show control characters as control pictures (U+2400…) a reviewer can see."""
    return Markup(_FORBIDDEN.sub(_control_picture, html.escape(str(value), quote=True)))


def _control_picture(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    shown = chr(0x2400 + code) if code < 0x20 else "\ufffd"
    return f'<span class="ctrl" title="U+{code:04X}: a control character the XML exports drop">{shown}</span>'


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The one environment of a process: each template compiled once, at its first use, and kept.

    The templates are package data that do not change while a process runs, so `auto_reload`
    is off: with it on, every render and every row's include checked the file's mtime."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        auto_reload=False,
    )
    env.filters["text"] = visible_text
    return env


@lru_cache(maxsize=None)
def static_text(name: str) -> str:
    """A static file's content, for inlining into the snapshot."""
    return (static_dir() / name).read_text(encoding="utf-8")


def render_template(name: str, **context: Any) -> str:
    return environment().get_template(name).render(**context)
