"""Readable slot colours from an event type's colour: WCAG 2 contrast maths, no Qt.

Colours are ``(r, g, b)`` tuples of 0-255 ints. A normal slot is the event type's colour at
10 % over the view's background, with text (and border) in the same hue darkened until it is
readable; a selected/hovered slot is filled with the colour itself and gets black or white text,
whichever contrasts more (at least 4.58:1 for any fill).
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

__all__ = [
    "TEXT_CONTRAST",
    "SlotColors",
    "contrast_ratio",
    "parse_hex",
    "readable_on",
    "relative_luminance",
    "slot_colors",
]

RGB = tuple[int, int, int]
TEXT_CONTRAST = 4.5  # WCAG AA, normal-size text
BORDER_CONTRAST = 3.0  # WCAG 1.4.11, user interface components
FILL_ALPHA = 0.10  # opacity of the colour in a normal (not selected) slot
BLACK: RGB = (0, 0, 0)
WHITE: RGB = (255, 255, 255)


def parse_hex(color: str) -> RGB:
    """``"#1de9b6"`` -> ``(29, 233, 182)``."""
    value = color.strip().lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    if len(value) != 6:
        raise ValueError(f"not a #rrggbb colour: {color!r}")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def relative_luminance(rgb: RGB) -> float:
    """WCAG 2 relative luminance (0 for black, 1 for white)."""

    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: RGB, b: RGB) -> float:
    """WCAG 2 contrast ratio of two opaque colours (1 to 21)."""
    la, lb = relative_luminance(a), relative_luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def mix(a: RGB, b: RGB, t: float) -> RGB:
    """``a`` moved a fraction ``t`` (0-1) towards ``b``; ``t`` is ``b``'s opacity over ``a``."""
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def readable_on(color: RGB, background: RGB, minimum: float = TEXT_CONTRAST) -> RGB:
    """``color`` unchanged if it contrasts ``minimum`` with ``background``, else the least
    darkened (towards black) shade of it that does; lightened towards white instead when even
    black would not (a dark background)."""
    if contrast_ratio(color, background) >= minimum:
        return color
    target = BLACK if contrast_ratio(BLACK, background) >= minimum else WHITE
    for step in range(1, 51):
        shade = mix(color, target, step / 50)
        if contrast_ratio(shade, background) >= minimum:
            return shade
    return target


def text_on(fill: RGB) -> RGB:
    """Black or white, whichever contrasts more with ``fill``."""
    return BLACK if contrast_ratio(BLACK, fill) >= contrast_ratio(WHITE, fill) else WHITE


class SlotColors(NamedTuple):
    """What a slot is painted with (all opaque)."""

    fill: RGB  # normal slot: the colour at FILL_ALPHA over the background
    border: RGB  # normal slot outline
    text: RGB  # normal slot text
    active_fill: RGB  # selected / hovered / focused slot: the colour itself
    active_text: RGB  # black or white


@lru_cache(maxsize=64)
def slot_colors(color: RGB, background: RGB = WHITE) -> SlotColors:
    """The colours of a slot of an event type coloured ``color`` on ``background``."""
    fill = mix(background, color, FILL_ALPHA)
    return SlotColors(
        fill=fill,
        border=readable_on(color, fill, BORDER_CONTRAST),
        text=readable_on(color, fill, TEXT_CONTRAST),
        active_fill=color,
        active_text=text_on(color),
    )
