"""Scanned reports: images (PNG, JPEG, TIFF, GIF, BMP, WebP), and PDF pages without a text
layer, read by Tesseract OCR with its Simplified Chinese model.

A page's ruling lines are found in the pixels (long dark runs), joined into table cells with
pdfplumber's own table geometry, and erased before recognition so Tesseract reads no strokes
of them as characters. The recognised words then go through the same layout as PDF text
(:mod:`harvester.parse.readers.layout`): into the cell that holds them, or into lines outside
tables.
Every cell is marked ``ocr=True``. Where Tesseract or its ``chi_sim`` model is not installed,
the document carries an error check saying the report needs OCR.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import warnings
from functools import cache
from io import BytesIO

import numpy as np
from pdfplumber.table import (
    cells_to_tables,
    edges_to_intersections,
    intersections_to_cells,
    merge_edges,
)
from PIL import Image, UnidentifiedImageError

from harvester.checks import check
from harvester.parse.document import Cell, Document
from harvester.parse.readers import limits
from harvester.parse.readers.layout import (
    Box,
    Rect,
    build_table,
    emit,
    join_tables,
    page_blocks,
    text_in,
)

LANGUAGE = "chi_sim"
PAGE_SEGMENTATION = "3"  # Tesseract's automatic layout: prose, headings and table cells
OCR_DPI = 200  # PDF pages are rendered at this resolution for recognition
INK = 128  # grey level below which a pixel is ink
LINE_TOLERANCE = 4  # pixels: ruling lines this close are one
MIN_WIDTH = 1600  # pixels: narrower pictures are enlarged before recognition
ERASE_FRINGE = 2  # pixels either side of a ruling line erased with it
# A ruling line is a dark run longer than this share of the page width (about 5 mm on A4), which
# no stroke of a character at text size reaches.
LINE_SHARE = 0.025
# The second reading of number cells: Tesseract's English model, digits only.
DIGITS_LANGUAGE = "eng"
_CJK_TEXT = re.compile(r"[\u3400-\u9fff]")
_PLAIN_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?$")
_SPECKS = "“”\"'‘’`,.、:;!"
# Digits Tesseract's Chinese model sometimes reads as look-alike signs, in a number cell.
_DIGIT_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "〇": "0", "D": "0", "l": "1", "I": "1",
                                   "|": "1", "工": "1"})


def read(data: bytes, name: str | None = None) -> Document:
    return limits.too_large(data, "image") or limits.read_isolated("image", data, name, "image")


def extract(data: bytes, name: str | None = None) -> Document:
    """Recognise every frame of an image file; runs in the child process of
    :func:`~harvester.parse.readers.limits.read_isolated`."""
    missing = ocr_missing()
    if missing:
        return Document(cells=[], format="image", checks=[missing])
    Image.MAX_IMAGE_PIXELS = limits.MAX_PIXELS
    cells: list[Cell] = []
    checks: list[dict] = []
    picture = None
    # Frame by frame: twenty A4 pages of a TIFF scanned at 300 dpi, all decoded at once, take
    # the reading child past its memory limit.
    for number in range(limits.MAX_OCR_PAGES):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                if picture is None:
                    picture = Image.open(BytesIO(data))
                if number >= getattr(picture, "n_frames", 1):
                    break
                picture.seek(number)
                frame = _grey(picture)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            return limits.failed("image", "too_large",
                                 f"the image is too large to recognise: {exc}")
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
            return limits.failed("image", "unreadable", f"broken image file: "
                                                        f"{type(exc).__name__}: {str(exc)[:200]}")
        recognised, frame_checks = recognise_page(frame, cells[-1].row + 1 if cells else 0)
        cells += recognised
        checks += [c for c in frame_checks if c not in checks]
    return Document(cells=cells, format="image", checks=checks)


@cache
def installed_languages() -> frozenset[str]:
    """The models Tesseract has here; none when Tesseract itself is not installed."""
    tesseract = shutil.which("tesseract")
    if not tesseract:
        return frozenset()
    listed = subprocess.run([tesseract, "--list-langs"], capture_output=True, timeout=30)
    return frozenset(listed.stdout.decode("utf-8", "replace").split())


def ocr_missing() -> dict | None:
    """The check to record when Tesseract or its Chinese model is not installed, else None."""
    if LANGUAGE in installed_languages():
        return None
    return check("ocr_unavailable", "error", "document",
                 "the report is a scanned image and needs OCR: Tesseract with its Simplified "
                 "Chinese model (Debian tesseract-ocr, tesseract-ocr-chi-sim, installed by "
                 "scripts/install-system-deps.sh) is not installed here")


def recognise_page(page: Image.Image, first_row: int = 0) -> tuple[list[Cell], list[dict]]:
    """The cells of one scanned page, numbered from ``first_row``, and any checks."""
    missing = ocr_missing()
    if missing:
        return [], [missing]
    if page.width * page.height > limits.MAX_PIXELS:
        return [], [check("too_large", "error", "document",
                          f"a {page.width}x{page.height} page is too large to recognise")]
    gray = _grey(page)
    if gray.width < MIN_WIDTH:
        # A screenshot of a table prints its characters a dozen pixels high, too small for
        # Tesseract: enlarged, they reach the size of a 200 dpi scan.
        scale = min(3.0, MIN_WIDTH / gray.width)
        gray = gray.resize((round(gray.width * scale), round(gray.height * scale)),
                           Image.Resampling.LANCZOS)
    ink = np.asarray(gray) < INK
    horizontal, vertical = _ruling_runs(ink, LINE_SHARE * gray.width)
    tables = _table_cells(horizontal, vertical)
    erased = _erase(gray, horizontal, vertical)
    words = _recognise(erased)
    built = [build_table(rects, words, LINE_TOLERANCE,
                         revise=lambda texts: _reread_cells(erased, texts))
             for rects in tables]
    blocks = page_blocks(words, built, float(gray.height))
    join_tables(blocks, LINE_TOLERANCE * 2)
    return emit(blocks, ocr=True, first_row=first_row), []


def _grey(picture: Image.Image) -> Image.Image:
    """The picture in grey levels, a transparent background made white (not black)."""
    if picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info:
        background = Image.new("RGBA", picture.size, (255, 255, 255, 255))
        picture = Image.alpha_composite(background, picture.convert("RGBA"))
    return picture.convert("L")


Run = tuple[int, int, int]  # the line's row (or column), first and last-but-one pixel


def _ruling_runs(ink: np.ndarray, min_length: float) -> tuple[list[Run], list[Run]]:
    """The ruling lines as dark runs: horizontal ones at least ``min_length`` long, per pixel
    row; vertical ones per pixel column, as long, or shorter but running from one horizontal
    line to another (the side of a cell one text line high, no longer than a stroke)."""
    def runs(mask: np.ndarray, shortest: float) -> list[Run]:
        padded = np.pad(mask, ((0, 0), (1, 1))).astype(np.int8)
        change = np.diff(padded, axis=1)
        starts, ends = np.argwhere(change == 1), np.argwhere(change == -1)
        long = (ends[:, 1] - starts[:, 1]) >= shortest
        return [(int(r), int(s), int(e))
                for r, s, e in zip(starts[long, 0], starts[long, 1], ends[long, 1], strict=True)]
    horizontal = runs(ink, min_length)
    near_horizontal = np.zeros_like(ink)
    reach = LINE_TOLERANCE
    for y, s, e in horizontal:
        near_horizontal[max(0, y - reach):y + reach + 1, max(0, s - reach):e + reach] = True
    vertical = [(x, s, e) for x, s, e in runs(ink.T, min_length / 4)
                if e - s >= min_length or (near_horizontal[s, x] and near_horizontal[e - 1, x])]
    return horizontal, vertical


def _table_cells(horizontal: list[Run], vertical: list[Run]) -> list[list[tuple]]:
    """The cell rectangles of each table the ruling lines draw, by pdfplumber's geometry."""
    edges = [{"x0": s, "x1": e, "top": y, "bottom": y, "width": e - s, "height": 0,
              "orientation": "h"} for y, s, e in horizontal]
    edges += [{"x0": x, "x1": x, "top": s, "bottom": e, "width": 0, "height": e - s,
               "orientation": "v"} for x, s, e in vertical]
    if not edges:
        return []
    edges = merge_edges(edges, LINE_TOLERANCE, LINE_TOLERANCE, LINE_TOLERANCE, LINE_TOLERANCE)
    cells = intersections_to_cells(edges_to_intersections(edges, LINE_TOLERANCE, LINE_TOLERANCE))
    return [table for table in cells_to_tables(cells) if len(table) > 1]


def _erase(gray: Image.Image, horizontal: list[Run], vertical: list[Run]) -> Image.Image:
    """The page with its ruling lines painted white, with their grey anti-aliased fringe: a
    fringe left beside a digit reads as a ``1``."""
    pixels = np.array(gray)
    for y, s, e in horizontal:
        pixels[max(0, y - ERASE_FRINGE):y + ERASE_FRINGE + 1, s:e] = 255
    for x, s, e in vertical:
        pixels[s:e, max(0, x - ERASE_FRINGE):x + ERASE_FRINGE + 1] = 255
    return Image.fromarray(pixels)


def _recognise(page: Image.Image, options: tuple[str, ...] = ()) -> list[Box]:
    """Tesseract's words with their boxes, from its TSV output: by default the Chinese model
    laying out the page itself; ``options`` replace that."""
    png = BytesIO()
    page.save(png, format="PNG")
    # One thread: Tesseract's OpenMP threads spin and make a page three times slower on 2 cores.
    environment = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    # Under the memory limit, as the reading child is (whose address space limit it inherits).
    done = subprocess.run(limits.limited(
        ["tesseract", "stdin", "stdout",
         *(options or ("-l", LANGUAGE, "--psm", PAGE_SEGMENTATION)),
         "--dpi", str(OCR_DPI), "tsv"]),
        input=png.getvalue(), capture_output=True, env=environment, check=True,
        timeout=limits.TIME_LIMIT)
    words = []
    for line in done.stdout.decode("utf-8", "replace").splitlines()[1:]:
        fields = line.split("\t")
        if len(fields) == 12 and fields[0] == "5" and fields[11].strip():
            left, top, width, height = map(int, fields[6:10])
            words.append(Box(fields[11].strip(), left, top, left + width, top + height))
    return words


def _reread_cells(page: Image.Image, texts: dict[Rect, str]) -> dict[Rect, str]:
    """Every table cell holding ink read again on its own, then number cells with digits only.

    Read within the page, a label wrapped in a narrow cell is often lost: Tesseract's layout
    analysis runs across the cell sides. Cut out (inside their ruling) and stacked in one
    strip, each cell is read alone, in one Tesseract run per page. Then the cells left
    without a clean number, though they hold no Chinese, and those the two readings took
    for different numbers (``11`` and ``1``, settled by the one the digits agree with), are
    read with Tesseract's English model and digits only: the Chinese model takes a lone
    ``1`` in a wide cell for a speck or a character (``工``, ``二``).
    """
    crops = _inked_crops(page, list(texts))
    in_page = {rect: _digits(text) for rect, text in texts.items()}
    revised = dict(in_page)
    revised.update({rect: _digits(text) for rect, text in
                    _read_strip(crops, ("-l", LANGUAGE, "--psm", "6")).items() if text})
    # Cells to read as digits: no clean number yet, or two readings of different numbers.
    numbers = {rect: crop for rect, crop in crops.items()
               if (not _PLAIN_NUMBER.match(revised[rect]) and len(revised[rect]) <= 12
                   and not _CJK_TEXT.search(revised[rect]))
               or (_PLAIN_NUMBER.match(in_page[rect]) and _PLAIN_NUMBER.match(revised[rect])
                   and in_page[rect] != revised[rect])}
    if DIGITS_LANGUAGE in installed_languages():
        digits_only = ("-l", DIGITS_LANGUAGE, "--psm", "6",
                       "-c", "tessedit_char_whitelist=0123456789.+-")
        digits = _read_strip(numbers, digits_only)
        for rect in numbers:
            read = digits.get(rect, "")
            if not _PLAIN_NUMBER.match(revised[rect]):
                if _PLAIN_NUMBER.match(read):
                    revised[rect] = read
            elif _PLAIN_NUMBER.match(read) and read != revised[rect]:
                # Two readings of different numbers, and the digits side with neither or with
                # the page: the cell read alone lost the second of two narrow digits (``11``
                # as ``1``), which the page reading keeps.
                revised[rect] = in_page[rect]
    return revised


def _inked_crops(page: Image.Image, rects: list[Rect]) -> dict[Rect, Image.Image]:
    """The inside of each cell (its ruling left out) that holds any ink."""
    pixels = np.asarray(page)
    inset = ERASE_FRINGE + 2
    crops = {}
    for rect in rects:
        x0, top, x1, bottom = (round(rect[0]) + inset, round(rect[1]) + inset,
                               round(rect[2]) - inset, round(rect[3]) - inset)
        if x1 > x0 and bottom > top and (pixels[top:bottom, x0:x1] < INK).any():
            crops[rect] = page.crop((x0, top, x1, bottom))
    return crops


def _read_strip(crops: dict[Rect, Image.Image], options: tuple[str, ...]) -> dict[Rect, str]:
    """The text of each cut-out cell, read in one Tesseract run over a strip stacking them
    with white space between."""
    if not crops:
        return {}
    gap = 24
    strip = Image.new("L", (max(c.width for c in crops.values()) + 2 * gap,
                            sum(c.height + gap for c in crops.values()) + gap), 255)
    bands: list[tuple[float, float, Rect]] = []
    top = gap
    for rect, crop in crops.items():
        strip.paste(crop, (gap, top))
        bands.append((top, top + crop.height, rect))
        top += crop.height + gap
    found: dict[Rect, list[Box]] = {}
    for word in _recognise(strip, options):
        middle = word.center[1]
        for band_top, band_bottom, rect in bands:
            if band_top - gap / 2 <= middle <= band_bottom + gap / 2:
                found.setdefault(rect, []).append(word)
                break
    return {rect: text_in(words) for rect, words in found.items()}


def _digits(text: str) -> str:
    """A cell Tesseract read as digits with look-alike signs among them, or with specks of
    the erased ruling read as quotes and strokes at its ends, as digits."""
    fixed = text.replace(" ", "").strip(_SPECKS).translate(_DIGIT_LOOKALIKES)
    return fixed if fixed.isdigit() else text
