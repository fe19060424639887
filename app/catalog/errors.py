"""Catalog problems: each names its file, line and dotted field, one line apiece."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import click

Path_ = tuple[str | int, ...]


class ListIndex(int):
    """A position in a YAML sequence, told apart from a numeric mapping key (``by_term: {3: …}``)."""


def dotted(path: Path_) -> str:
    """``("products", 4, "pricing", "by_term", 12)`` → ``products[4].pricing.by_term.12``.

    List positions are written ``[i]``; mapping keys (even numeric ones) ``.key``.
    """
    text = ""
    for part in path:
        if isinstance(part, ListIndex):
            text += f"[{int(part)}]"
        else:
            text += f".{part}" if text else str(part)
    return text or "(document)"


def display_path(path: Path | str) -> str:
    """The file as a reader can open it: relative to the working directory when inside it."""
    absolute = os.path.abspath(path)
    relative = os.path.relpath(absolute)
    return absolute if relative.startswith("..") else relative


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a catalog file."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        message = " ".join(self.message.splitlines())  # one line per problem, always
        return f"{self.file}:{self.line}: {self.field}: {message}"


class CatalogError(click.ClickException):
    """The catalog is invalid; ``str()`` is one ``file:line: field: message`` line per problem.

    It is a ``ClickException`` so that the ``flask`` command (``flask run``,
    ``flask catalog check``) prints exactly those lines and exits 1 instead of a
    traceback when ``create_app()`` refuses an invalid catalog.
    """

    exit_code = 1

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def show(self, file: IO[Any] | None = None) -> None:
        """Print the problems alone, without click's "Error:" prefix."""
        click.echo(self.format_message(), err=True, file=file)
