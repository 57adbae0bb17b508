"""course.yaml `theme`: the logo and the two colours, each colour checked against WCAG 2.2 AA where the outputs
use it, so a brand colour never makes the course hard to read (README, "theme").

The contrast ratio is WCAG's: (L1 + 0.05) / (L2 + 0.05) of the relative luminances of sRGB colours. Where each
colour is used (builder/runtime/static/player.css, builder/static/handbook/handbook.css):
- primary: white text on it (buttons, the current menu item) and it as text on white and on the player's and
  the handbook's light tints (links, secondary buttons, headings): 4.5:1, as for body text;
- accent: the focus ring, on white and on the player's tint: 3:1, as for a control's visible focus (1.4.11).
"""

from __future__ import annotations

from typing import Any

from builder.loader.markdown import AssetStore
from builder.structure import SourceLocation, Theme

# The backgrounds and texts a theme colour meets, by name, as the error message says them.
WHITE = "#ffffff"
PLAYER_TINT = "#f2f4f7"  # player.css --tint: the top bar
HANDBOOK_TINT = "#e9f2f5"  # handbook.css --tint: boxes behind headings and tables
TEXT_RATIO = 4.5
NON_TEXT_RATIO = 3.0
PAIRS = {
    "primary": (("white text on primary {colour}", WHITE, TEXT_RATIO),
                (f"primary {{colour}} text on the player's top bar ({PLAYER_TINT})", PLAYER_TINT, TEXT_RATIO),
                (f"primary {{colour}} text on the handbook's tint ({HANDBOOK_TINT})", HANDBOOK_TINT, TEXT_RATIO)),
    "accent": (("the focus ring in accent {colour} on white", WHITE, NON_TEXT_RATIO),
               (f"the focus ring in accent {{colour}} on the player's top bar ({PLAYER_TINT})", PLAYER_TINT,
                NON_TEXT_RATIO)),
}


def luminance(colour: str) -> float:
    """WCAG's relative luminance of "#rrggbb"."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def load_theme(raw: Any, loading: Any, assets: AssetStore) -> Theme | None:
    """The theme, or None without one; every colour pair below its ratio and a logo that cannot be used are
    errors at their line in course.yaml."""
    if raw is None:
        return None
    report = loading.report
    for key, pairs in PAIRS.items():
        colour = raw[key]
        if colour is None:
            if key in raw.key_lines:  # written, but YAML read the unquoted # as a comment: nothing is left
                report.error("course.yaml", raw.line_of(key), f"theme: {key} has no colour",
                             f'write it in quotes, e.g. {key}: "#0b57d0" (without quotes, # starts a comment)',
                             code="theme-colour")
            continue
        colour = colour.lower()
        for label, other, needed in pairs:
            ratio = contrast(colour, other)
            if ratio < needed:
                report.error("course.yaml", raw.line_of(key),
                             f"theme: {label.format(colour=colour)} has a contrast of {_ratio(ratio)}; WCAG AA "
                             f"needs {_ratio(needed)}",
                             "choose a darker colour: every background it meets is light", code="theme-contrast")
                break  # one message per colour: a darker one fixes its other pairs too
    logo = None
    if raw["logo"]:
        line = raw.line_of("logo")
        problems: list[tuple[int, str, str]] = []
        href = assets.href(raw["logo"], SourceLocation("course.yaml", line), line, problems)
        for _, message, hint in problems:
            report.error("course.yaml", line, f"theme: the logo: {message}", hint, code="theme-logo")
        logo = next((a for a in assets.assets.values() if a.href == href), None) if href else None
    return Theme(logo=logo, primary=raw["primary"] and raw["primary"].lower(),
                 accent=raw["accent"] and raw["accent"].lower())


def _ratio(value: float) -> str:
    # Rounded down, so a colour shown as 4.5:1 really passes.
    return f"{int(value * 10) / 10:g}:1"
