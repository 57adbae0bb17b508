"""Immutable per-language text, the one value type every part of the model uses."""

from __future__ import annotations

from collections.abc import Iterator, Mapping


class Text(Mapping[str, str]):
    """A text in each course language. `text["en"]` gives one; the object is immutable and hashable."""

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[str, str] | None = None) -> None:
        object.__setattr__(self, "_items", tuple(sorted((items or {}).items())))

    def __getitem__(self, language: str) -> str:
        for key, value in self._items:
            if key == language:
                return value
        raise KeyError(language)

    def __iter__(self) -> Iterator[str]:
        return (key for key, _ in self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(self._items)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Text) and other._items == self._items

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Text is immutable")

    def __reduce__(self) -> tuple[type, tuple[dict[str, str]]]:
        return Text, (dict(self._items),)

    def __repr__(self) -> str:
        return f"Text({dict(self._items)!r})"

    def get_or_empty(self, language: str) -> str:
        return self.get(language, "")
