"""Colours as a reader's eye compares them: the luminance of a PDF colour (gray, RGB or
CMYK) and the WCAG contrast between two, used to tell text drawn in its background's colour."""

from __future__ import annotations

import functools

COLOUR_SPACES = {"DeviceGray", "CalGray", "DeviceRGB", "CalRGB", "DeviceCMYK", "ICCBased"}


def luminance(colour: object) -> float | None:
    """0 (black) to 1 (white) for a PDF colour (gray, RGB or CMYK), None if unknown."""
    if isinstance(colour, (int, float)):
        colour = (colour,)
    if not isinstance(colour, (tuple, list)) or not colour:
        return None
    if not all(isinstance(c, (int, float)) for c in colour):
        return None
    if len(colour) == 1:
        return float(colour[0])
    if len(colour) == 3:
        red, green, blue = colour
        return 0.2126 * red + 0.7152 * green + 0.0722 * blue
    if len(colour) == 4:
        cyan, magenta, yellow, black = colour
        return (1 - min(1, cyan + black)) * 0.2126 + (1 - min(1, magenta + black)) * 0.7152 \
            + (1 - min(1, yellow + black)) * 0.0722
    return None


def relative_luminance(colour: object) -> float | None:
    """WCAG relative luminance (linear light) of a gray, RGB or CMYK colour."""
    if isinstance(colour, (int, float)):
        colour = (colour,)
    if not isinstance(colour, (tuple, list)) or len(colour) not in (1, 3, 4) or \
            not all(isinstance(c, (int, float)) for c in colour):
        return None
    if len(colour) == 4:
        black = colour[3]
        colour = tuple(1 - min(1, c + black) for c in colour[:3])
    linear = [_linear(min(max(float(c), 0.0), 1.0)) for c in colour]
    if len(linear) == 1:
        return linear[0]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _linear(value: float) -> float:
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def contrast(first: float, second: float) -> float:
    return (max(first, second) + 0.05) / (min(first, second) + 0.05)


def shade_of(colour, space) -> float | None:
    name = getattr(space, "name", None)
    if name not in COLOUR_SPACES:
        return None
    if isinstance(colour, list):
        colour = tuple(colour)
    try:
        return _cached_luminance(colour)
    except TypeError:  # an unhashable colour value
        return None


@functools.lru_cache(maxsize=256)
def _cached_luminance(colour) -> float | None:
    return relative_luminance(colour)
