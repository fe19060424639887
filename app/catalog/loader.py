"""YAML with line numbers: every value remembers where it was written.

``parse_yaml(file, raw)`` returns the plain data (numbers with a decimal point come
back as ``Decimal``, exactly as written, never as binary floats) and a map from
each value's path to its line, so a problem found later can say
``products.yaml:123: products[4].pricing.typical: …``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import CatalogError, ListIndex, Path_, Problem, display_path, dotted

# libyaml's parser when PyYAML was built with it (7× faster); the pure-Python one otherwise.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LineLoader(_SafeLoader):  # type: ignore[misc,valid-type]
    """SafeLoader that reads floats as exact ``Decimal``s (rates like 0.015 must stay 0.015)."""

    def construct_yaml_decimal(self, node: ScalarNode) -> Decimal:
        """A YAML float as the exact decimal written."""
        text = self.construct_scalar(node).replace("_", "")
        special = {".inf": "Infinity", "+.inf": "Infinity", "-.inf": "-Infinity", ".nan": "NaN"}
        text = special.get(text.lower(), text)
        try:
            return Decimal(text)
        except InvalidOperation:  # pragma: no cover - the resolver only sends float-shaped text
            raise yaml.constructor.ConstructorError(None, None, f"not a number: {text!r}", node.start_mark) from None


LineLoader.add_constructor("tag:yaml.org,2002:float", LineLoader.construct_yaml_decimal)


@dataclass
class Document:
    """A parsed YAML file: its data, the line of every path in it, and problems found while reading."""

    file: str
    data: object
    lines: dict[Path_, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def line_of(self, path: Path_) -> int:
        """Line of ``path``, or of its nearest ancestor written in the file (a missing field → its parent)."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return 1

    def problem(self, path: Path_, message: str) -> Problem:
        """A problem at ``path``, on the line where it (or its nearest written ancestor) is."""
        return Problem(self.file, self.line_of(path), dotted(path), message)


def read_bytes(path: Path) -> tuple[str, bytes]:
    """The file's display name and bytes; raises ``CatalogError`` when it cannot be read."""
    file = display_path(path)
    try:
        return file, Path(path).read_bytes()
    except OSError as exc:
        raise CatalogError([Problem(file, 1, "(file)", f"cannot read: {exc.strerror or exc}")]) from None


def parse_yaml(file: str, raw: bytes) -> Document:
    """Parse a file's bytes; raises ``CatalogError`` when they are not UTF-8 or not valid YAML."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CatalogError([Problem(file, 1, "(file)", f"not UTF-8 text ({exc.reason} at byte {exc.start})")]) from None
    loader = LineLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        message = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.problem and exc.context_mark is not None:
            message += f" ({exc.context} at line {exc.context_mark.line + 1})"
        raise CatalogError([Problem(file, line, "(yaml syntax)", message)]) from None
    finally:
        loader.dispose()
    doc = Document(file, data)
    if node is not None:
        _index(node, (), doc, LineLoader(""))
    return doc


def _index(node: Node, path: Path_, doc: Document, keys: LineLoader) -> None:
    """Record the line of every path under ``node``; report keys written twice (YAML keeps the last)."""
    doc.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, MappingNode):
        seen: dict[object, int] = {}
        for key_node, value_node in node.value:
            key = keys.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                continue  # a complex key: pydantic will reject the mapping itself
            line = key_node.start_mark.line + 1
            doc.lines[path + (key,)] = line
            if key in seen:
                message = f"key written twice (first at line {seen[key]}); YAML would keep only the last"
                doc.problems.append(doc.problem(path + (key,), message))
            else:
                seen[key] = line
            _index(value_node, path + (key,), doc, keys)
    elif isinstance(node, SequenceNode):
        for i, item in enumerate(node.value):
            _index(item, path + (ListIndex(i),), doc, keys)
