"""Connector icons as Cyclr answers them: bare base64 of a PNG image (no ``data:`` prefix).

Cyclr's "Get the connector ID" shows ``Icon`` as "Base64 image data for the connector icon", and a
connector's settings take the icon as a PNG: a client writes ``data:image/png;base64,`` before it, or
decodes it to a ``.png`` file. A connector whose folder ships ``logo.png`` answers that file; any other
answers a letter tile drawn here: the project's locked dependencies hold no PNG encoder (nor any image
library), and a tile needs only ``zlib`` and ``struct``: 8-bit RGBA rows, unfiltered, one ``IDAT`` chunk.
"""

from __future__ import annotations

import base64
import hashlib
import struct
import zlib
from functools import cache
from pathlib import Path

from switchboard.catalog.registry import Connector
from switchboard.console.offers import logo_file

SIZE = 64  # pixels a side
RADIUS = 12  # the tile's rounded corners, transparent outside
SCALE = 6  # a glyph's 5x7 cells drawn as 6x6 pixel squares: a 30x42 letter
# Dark enough for white text to read on each (the SVG tile's colours before it).
_COLOURS = ("#1f5fbf", "#2e7d32", "#6a1b9a", "#c62828", "#00838f", "#ef6c00", "#4e342e", "#37474f")
_CLEAR = b"\x00\x00\x00\x00"
_WHITE = b"\xff\xff\xff\xff"

# A 5x7 letter for each character a tile shows: A-Z, 0-9, and ? for a name that starts with none of them.
_GLYPHS = {
    "A": ".###.|#...#|#...#|#####|#...#|#...#|#...#",
    "B": "####.|#...#|#...#|####.|#...#|#...#|####.",
    "C": ".###.|#...#|#....|#....|#....|#...#|.###.",
    "D": "####.|#...#|#...#|#...#|#...#|#...#|####.",
    "E": "#####|#....|#....|####.|#....|#....|#####",
    "F": "#####|#....|#....|####.|#....|#....|#....",
    "G": ".###.|#...#|#....|#.###|#...#|#...#|.####",
    "H": "#...#|#...#|#...#|#####|#...#|#...#|#...#",
    "I": ".###.|..#..|..#..|..#..|..#..|..#..|.###.",
    "J": "..###|...#.|...#.|...#.|...#.|#..#.|.##..",
    "K": "#...#|#..#.|#.#..|##...|#.#..|#..#.|#...#",
    "L": "#....|#....|#....|#....|#....|#....|#####",
    "M": "#...#|##.##|#.#.#|#.#.#|#...#|#...#|#...#",
    "N": "#...#|#...#|##..#|#.#.#|#..##|#...#|#...#",
    "O": ".###.|#...#|#...#|#...#|#...#|#...#|.###.",
    "P": "####.|#...#|#...#|####.|#....|#....|#....",
    "Q": ".###.|#...#|#...#|#...#|#.#.#|#..#.|.##.#",
    "R": "####.|#...#|#...#|####.|#.#..|#..#.|#...#",
    "S": ".####|#....|#....|.###.|....#|....#|####.",
    "T": "#####|..#..|..#..|..#..|..#..|..#..|..#..",
    "U": "#...#|#...#|#...#|#...#|#...#|#...#|.###.",
    "V": "#...#|#...#|#...#|#...#|#...#|.#.#.|..#..",
    "W": "#...#|#...#|#...#|#.#.#|#.#.#|#.#.#|.#.#.",
    "X": "#...#|#...#|.#.#.|..#..|.#.#.|#...#|#...#",
    "Y": "#...#|#...#|.#.#.|..#..|..#..|..#..|..#..",
    "Z": "#####|....#|...#.|..#..|.#...|#....|#####",
    "0": ".###.|#...#|#..##|#.#.#|##..#|#...#|.###.",
    "1": "..#..|.##..|..#..|..#..|..#..|..#..|.###.",
    "2": ".###.|#...#|....#|...#.|..#..|.#...|#####",
    "3": "#####|...#.|..#..|...#.|....#|#...#|.###.",
    "4": "...#.|..##.|.#.#.|#..#.|#####|...#.|...#.",
    "5": "#####|#....|####.|....#|....#|#...#|.###.",
    "6": "..##.|.#...|#....|####.|#...#|#...#|.###.",
    "7": "#####|....#|...#.|..#..|.#...|.#...|.#...",
    "8": ".###.|#...#|#...#|.###.|#...#|#...#|.###.",
    "9": ".###.|#...#|#...#|.####|....#|...#.|.##..",
    "?": ".###.|#...#|....#|...#.|..#..|.....|..#..",
}


def connector_icon(connector: Connector) -> str:
    """The connector's ``Icon``: its ``logo.png`` if its folder ships one, else its letter tile."""
    shipped = logo_file(connector)
    if shipped is not None and shipped[1] == "image/png":
        return _file_base64(shipped[0])
    return letter_tile(connector.key, connector.definition.name)


@cache
def _file_base64(path: Path) -> str:
    """Read once: definitions, and the logos beside them, are loaded when the server starts."""
    return base64.b64encode(path.read_bytes()).decode()


@cache
def letter_tile(key: str, name: str) -> str:
    """A 64x64 PNG tile, base64: the name's first letter or digit in white, on a colour fixed by ``key``."""
    initial = next((ch.upper() for ch in name if ch.upper() in _GLYPHS and ch != "?"), "?")
    digest = hashlib.blake2b(key.encode(), digest_size=1).digest()[0]
    colour = bytes.fromhex(_COLOURS[digest % len(_COLOURS)][1:]) + b"\xff"
    return base64.b64encode(_png(_tile(colour, _GLYPHS[initial]))).decode()


def _tile(colour: bytes, glyph: str) -> list[bytes]:
    """The tile's rows of RGBA pixels: rounded corners clear, the glyph centred in white."""
    cells = glyph.split("|")
    left = (SIZE - 5 * SCALE) // 2
    top = (SIZE - 7 * SCALE) // 2
    rows = []
    for y, (start, end) in enumerate(_SPANS):
        row = bytearray(_CLEAR * start + colour * (end - start) + _CLEAR * (SIZE - end))
        cy = (y - top) // SCALE
        if y >= top and cy < 7:
            for cx, cell in enumerate(cells[cy]):
                if cell == "#":  # a cell's SCALE pixels, all inside the square's straight part
                    x = left + cx * SCALE
                    row[4 * x : 4 * (x + SCALE)] = _WHITE * SCALE
        rows.append(bytes(row))
    return rows


def _inside(x: int, y: int) -> bool:
    """Whether pixel (x, y)'s centre lies in the rounded square: within ``RADIUS`` of its inner square."""
    px, py = x + 0.5, y + 0.5
    nearest_x = min(max(px, RADIUS), SIZE - RADIUS)
    nearest_y = min(max(py, RADIUS), SIZE - RADIUS)
    return (px - nearest_x) ** 2 + (py - nearest_y) ** 2 <= RADIUS**2


# Each row's pixels inside the rounded square, [start, end): a row of a convex shape is one run. Worked out once, so
# a tile is a row's run of its colour with the glyph's cells written over it (a pixel at a time took 4 ms a tile).
_SPANS = [(xs[0], xs[-1] + 1) if (xs := [x for x in range(SIZE) if _inside(x, y)]) else (0, 0) for y in range(SIZE)]


def _png(rows: list[bytes]) -> bytes:
    """8-bit RGBA rows as a PNG file: signature, IHDR, one IDAT (each row unfiltered), IEND."""
    header = struct.pack(">IIBBBBB", len(rows[0]) // 4, len(rows), 8, 6, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\x00" + row for row in rows), 9)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", pixels) + _chunk(b"IEND", b"")


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
