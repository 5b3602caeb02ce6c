#!/usr/bin/env python3
"""Summarises a PNG for the HTML report's browser test, with the standard library only.

Usage: png_summary.py FILE [ROWS] [RRGGBB ...]
Prints one line: "WIDTH HEIGHT DISTINCT COUNT..." where DISTINCT is the number of distinct
colours among the first ROWS rows (default: all) and each COUNT the number of pixels of that
colour there (alpha ignored). Decodes 8-bit greyscale, RGB and RGBA, non-interlaced, which is
what Chromium writes. Exits 1 with a message on anything else.
"""
import struct
import sys
import zlib


def fail(message):
    print("png_summary.py: " + message, file=sys.stderr)
    sys.exit(1)


def main():
    if len(sys.argv) < 2:
        fail("usage: png_summary.py FILE [ROWS] [RRGGBB ...]")
    with open(sys.argv[1], "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail("not a PNG")
    at, idat, header = 8, [], None
    while at + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        body = data[at + 8:at + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
        at += 12 + length
    if header is None:
        fail("no IHDR")
    width, height, depth, colour, _, _, interlace = header
    channels = {0: 1, 2: 3, 6: 4}.get(colour)
    if depth != 8 or channels is None or interlace != 0:
        fail("unsupported PNG (depth %d, colour type %d, interlace %d)" % (depth, colour, interlace))
    rows = min(height, int(sys.argv[2])) if len(sys.argv) > 2 else height
    wanted = [bytes.fromhex(c) for c in sys.argv[3:]]
    raw = zlib.decompressobj().decompress(b"".join(idat), rows * (width * channels + 1))
    stride = width * channels
    previous = bytearray(stride)
    colours = {}
    for y in range(rows):
        start = y * (stride + 1)
        kind = raw[start]
        line = bytearray(raw[start + 1:start + 1 + stride])
        if kind == 1:
            for i in range(channels, stride):
                line[i] = (line[i] + line[i - channels]) & 255
        elif kind == 2:
            line = bytearray((a + b) & 255 for a, b in zip(line, previous))
        elif kind == 3:
            for i in range(stride):
                left = line[i - channels] if i >= channels else 0
                line[i] = (line[i] + ((left + previous[i]) >> 1)) & 255
        elif kind == 4:
            for i in range(stride):
                a = line[i - channels] if i >= channels else 0
                b = previous[i]
                c = previous[i - channels] if i >= channels else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        elif kind != 0:
            fail("bad filter %d in row %d" % (kind, y))
        for x in range(0, stride, channels):
            pixel = bytes(line[x:x + 3]) if channels >= 3 else bytes(line[x:x + 1]) * 3
            colours[pixel] = colours.get(pixel, 0) + 1
        previous = line
    counts = [str(colours.get(c, 0)) for c in wanted]
    print(" ".join([str(width), str(height), str(len(colours))] + counts))


main()
