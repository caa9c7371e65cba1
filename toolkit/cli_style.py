"""How the command line looks to a user: readable help, and usage errors on one line like the tool's own.

Typer's help shows internal type tags (`<bool>` on flags, `<list[Path]>`, `{alignment}`); the
command classes here show FILE, N, TEXT, the choices, and argument names in capitals instead.
Click prints a bad option value as a multi-line box; `usage_error_line` makes it the one line
every other srcalign error is (`srcalign: error: --format: 'xml' is not one of tmx, xliff, …`).
"""

from __future__ import annotations

import re
from typing import Any

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup

#: Click's exception types, found through Typer's public BadParameter (Typer may vendor Click).
UsageError: type[Exception] = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError")
ClickException: type[Exception] = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")

#: Type tags as Typer writes them, and what a user reads instead.
_READABLE = {"path": "FILE", "str": "TEXT", "int": "N", "float": "NUMBER", "int range": "N", "float range": "NUMBER", "list[Path]": "FILE", "list[str]": "TEXT"}
_TAG = re.compile(r"^<(.*)>$")


def readable_metavar(tag: str | None) -> str | None:
    """'<path>' → 'FILE', '<int>' → 'N', '<tmx|xliff>' → 'tmx|xliff'; None stays None."""
    if not tag:
        return tag
    match = _TAG.match(tag)
    inner = match.group(1) if match else tag
    return _READABLE.get(inner, inner)


def _no_type(ctx: Any = None) -> None:
    return None


class _ReadableHelp:
    """Mixin for Typer's command classes: argument names in capitals without braces, no type tag on
    arguments and flags, a readable one (FILE, N, the choices) on options that take a value."""

    def get_params(self, ctx: Any) -> list[Any]:
        params = super().get_params(ctx)  # type: ignore[misc]
        for param in params:
            if isinstance(param, TyperArgument):
                if param.metavar is None:
                    param.metavar = param.name.upper()
                param.display_type_rich = _no_type
            elif getattr(param, "is_flag", False) or getattr(param, "count", False):
                param.display_type_rich = _no_type
            elif param.metavar is None and hasattr(param, "display_type"):
                param.metavar = readable_metavar(param.display_type(ctx))
        return params

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = super().collect_usage_pieces(ctx)  # type: ignore[misc]
        return [p[1:-1] if p.startswith("{") and p.endswith("}") else p for p in pieces]


class ReadableCommand(_ReadableHelp, TyperCommand):
    """A command whose help reads FILE, N and choices instead of Typer's type tags."""


class ReadableGroup(_ReadableHelp, TyperGroup):
    """The `srcalign` group, with the same readable help, making its commands ReadableCommands."""


class ReadableTyper(typer.Typer):
    """A Typer app whose commands are ReadableCommands unless a command asks for another class."""

    def command(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("cls", ReadableCommand)
        return super().command(*args, **kwargs)


def usage_error_line(exc: Exception) -> str:
    """A usage error as one line: the option's long name, what is wrong, where to read more."""
    format_message = getattr(exc, "format_message", None)
    message = (format_message() if callable(format_message) else str(exc)).strip()
    message = re.sub(r"'(--[\w-]+)'(?: / '-\w')+", r"\1", message)  # "'--format' / '-f'" → "--format"
    message = re.sub(r"'(-\w)' / '(--[\w-]+)'", r"\2", message)
    message = re.sub(r"^Invalid value for ([^:]+): (?:Value error, )?", r"\1: ", message)
    message = re.sub(r"^(?:Value error, |Invalid value: )", "", message)
    message = _unquote_choices(" ".join(message.split())).rstrip(".")
    message = re.sub(r"\.\s+Choose from:\s*", "; one of ", message)
    name, colon, rest = message.partition(": ")
    if colon and name.startswith("-") and rest[:1].isupper() and rest[1:2].islower():
        message = f"{name}: {rest[0].lower()}{rest[1:]}"
    elif message[:1].isupper() and message[1:2].islower():
        message = message[0].lower() + message[1:]
    path = getattr(getattr(exc, "ctx", None), "command_path", None)
    return f"{message} (see `{path} --help`)" if path else message


def _unquote_choices(message: str) -> str:
    """"'xml' is not one of 'tmx', 'xliff'" → "'xml' is not one of tmx, xliff"."""
    head, sep, tail = message.partition(" is not one of ")
    return head + sep + tail.replace("'", "") if sep else message
