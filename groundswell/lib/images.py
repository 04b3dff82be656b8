"""Photos people upload: checked to be an image, then re-encoded so that nothing else survives.

Re-encoding drops EXIF and other metadata (a phone photo carries the place it was taken and the
device), any trailing bytes a file might smuggle, and any image format we did not ask for.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from enum import Enum

from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})
# Pillow refuses larger images outright (a decompression bomb); 40 megapixels is a big phone photo.
MAX_PIXELS = 40_000_000
MAX_SIDE = 2400
JPEG_QUALITY = 85


class ImageProblem(Enum):
    TOO_BIG = "too big"
    NOT_AN_IMAGE = "not an image"
    WRONG_TYPE = "wrong type"
    TOO_MANY_PIXELS = "too many pixels"


class UnusableImageError(Exception):
    """The upload cannot be used as a photo; ``problem`` says why, for the caller's own message."""

    def __init__(self, problem: ImageProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


@dataclass(frozen=True)
class CleanImage:
    data: bytes
    width: int
    height: int


def reencode_photo(raw: bytes, *, max_bytes: int) -> CleanImage:
    """Return the photo as a fresh JPEG, upright, at most MAX_SIDE pixels on its longer side."""
    if len(raw) > max_bytes:
        raise UnusableImageError(ImageProblem.TOO_BIG)
    try:
        with Image.open(io.BytesIO(raw)) as probe:
            kind = probe.format
            width, height = probe.size
            probe.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise UnusableImageError(ImageProblem.NOT_AN_IMAGE) from exc
    except Image.DecompressionBombError as exc:
        raise UnusableImageError(ImageProblem.TOO_MANY_PIXELS) from exc
    if kind not in ACCEPTED_FORMATS:
        raise UnusableImageError(ImageProblem.WRONG_TYPE)
    if width * height > MAX_PIXELS:
        raise UnusableImageError(ImageProblem.TOO_MANY_PIXELS)
    try:
        with Image.open(io.BytesIO(raw)) as image:
            upright = ImageOps.exif_transpose(image)
            rgb = upright.convert("RGB")
            rgb.thumbnail((MAX_SIDE, MAX_SIDE))
            out = io.BytesIO()
            rgb.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise UnusableImageError(ImageProblem.NOT_AN_IMAGE) from exc
    return CleanImage(data=out.getvalue(), width=rgb.width, height=rgb.height)
