"""Image files checked before a package carries them: the content is the type the name says, its size in
pixels is one a page can show, and an SVG holds a drawing and nothing that runs.

Raster formats are recognised by their first bytes and read by Pillow, a library made for decoding them,
with the reader of that one format only, stopped at the header when the size is too large: a decompression
bomb is never expanded. Sizes: a page shows an image at most a few thousand pixels wide, and browsers on phones struggle
above ~40 megapixels; 10,000 pixels a side and 40 megapixels in all leave room for any real picture.
"""

from __future__ import annotations

import codecs
import io
from dataclasses import dataclass, field

from PIL import GifImagePlugin, JpegImagePlugin, PngImagePlugin, WebPImagePlugin

from builder.loader.svg import SvgProblem, sanitise_svg

MAX_SIDE = 10_000
MAX_PIXELS = 40_000_000

RASTER_FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG", "image/gif": "GIF", "image/webp": "WEBP"}
_SUFFIX = {"PNG": ".png", "JPEG": ".jpg", "GIF": ".gif", "WEBP": ".webp"}
_READERS = {"PNG": PngImagePlugin.PngImageFile, "JPEG": JpegImagePlugin.JpegImageFile,
            "GIF": GifImagePlugin.GifImageFile, "WEBP": WebPImagePlugin.WebPImageFile}


@dataclass
class CheckedImage:
    data: bytes | None  # what the package carries (an SVG rebuilt from its allowed parts); None when refused
    problem: str = ""  # why it is refused, to follow the image's name
    hint: str = ""
    removed: list[str] = field(default_factory=list)  # what sanitising an SVG left out


def check_image(data: bytes, media_type: str) -> CheckedImage:
    if media_type == "image/svg+xml":
        try:
            clean = sanitise_svg(data)
        except SvgProblem as problem:
            return CheckedImage(None, str(problem), "open it in an SVG editor and save it again as plain SVG")
        return CheckedImage(clean.data, removed=clean.removed)
    expected = RASTER_FORMATS[media_type]
    found = _format_by_magic(data)
    if found is None:
        what = "text" if _is_text(data) else "something that is not a picture"
        return CheckedImage(None, f"is not a {expected} image: the file holds {what}",
                            f"export the picture again as {expected} from an image editor")
    if found != expected:
        return CheckedImage(None, f"holds a {found} image, but its name ends as a {expected} file",
                            f"rename it to end in {_SUFFIX[found]}, or export it as {expected}")
    try:
        # The format's own reader, not Image.open: it reads the header and nothing more, so the size is known
        # (and refused when too large) before anything is expanded; Image.open would refuse a bomb unmeasured.
        with _READERS[expected](io.BytesIO(data)) as image:
            width, height = image.size
            if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
                return _too_large(f"{width:,} x {height:,} pixels")
            image.verify()  # reads every chunk and checksum without expanding the pixels
    except Exception:  # a damaged file makes decoders fail in many ways; each means the same here
        return CheckedImage(None, f"is a damaged {expected} file that cannot be read",
                            "open it in an image editor and export it again")
    return CheckedImage(data)


def _format_by_magic(data: bytes) -> str | None:
    """Which of the four course formats the file's first bytes announce; None for anything else."""
    signatures = ((b"\x89PNG\r\n\x1a\n", "PNG"), (b"\xff\xd8\xff", "JPEG"), (b"GIF8", "GIF"))
    for signature, name in signatures:
        if data.startswith(signature):
            return name
    return "WEBP" if data[:4] == b"RIFF" and data[8:12] == b"WEBP" else None


def _is_text(data: bytes) -> bool:
    try:
        head = codecs.getincrementaldecoder("utf-8")().decode(data[:4096], final=False)
    except UnicodeDecodeError:
        return False
    return "\0" not in head


def _too_large(size: str) -> CheckedImage:
    return CheckedImage(None, f"is {size}; at most {MAX_SIDE:,} pixels a side and {MAX_PIXELS // 1_000_000} "
                              "megapixels are allowed", "scale it down in an image editor (a page never needs more "
                                                          "than about 2,000 pixels across)")
