"""Render the app icon (resources/app-icon.svg) to the PNG/ICO/ICNS files the app and bundle use.

Run from the repo root with the project venv (offscreen, no display needed):

    .venv/bin/python packaging/make_icons.py          # (re)write the icon files
    .venv/bin/python packaging/make_icons.py --check  # exit 1 if a committed file is stale

Writes:
- desktop_app/assets/icons/app.svg and app-<N>.png for N in SIZES (package data; the window
  loads them with importlib.resources, Linux install.sh copies them into the hicolor theme);
- packaging/icons/app.ico (Windows, sizes 16..256) and packaging/icons/app.icns (macOS, 16..1024),
  used by the PyInstaller spec on those platforms.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QImageWriter, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "resources" / "app-icon.svg"
ASSETS = ROOT / "desktop_app" / "assets" / "icons"
PLATFORM_ICONS = ROOT / "packaging" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(renderer: QSvgRenderer, size: int) -> QImage:
    """Render the SVG into a transparent ARGB image of size x size pixels."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image


def encode(image: QImage, fmt: str) -> bytes:
    """Encode one image with Qt's image writer ("png", "icns", ...)."""
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QImageWriter(buf, QByteArray(fmt.encode()))
    if not writer.write(image):
        raise RuntimeError(f"Qt could not encode {fmt}: {writer.errorString()}")
    buf.close()
    return bytes(data.data())


def encode_ico(images: list[QImage]) -> bytes:
    """Build a multi-size .ico by hand: PNG-compressed entries (valid since Windows Vista)."""
    pngs = [encode(img, "png") for img in images]
    header = (0).to_bytes(2, "little") + (1).to_bytes(2, "little") + len(pngs).to_bytes(2, "little")
    offset = 6 + 16 * len(pngs)
    entries = b""
    for img, png in zip(images, pngs, strict=True):
        side = img.width() if img.width() < 256 else 0  # 0 means 256 in the ICO directory
        entries += bytes([side, side, 0, 0])  # width, height, palette size, reserved
        entries += (1).to_bytes(2, "little") + (32).to_bytes(2, "little")  # planes, bits/pixel
        entries += len(png).to_bytes(4, "little") + offset.to_bytes(4, "little")
        offset += len(png)
    return header + entries + b"".join(pngs)


# Apple icon types holding PNG data, by pixel size (16/32/64 ones are read by macOS 10.7+).
ICNS_TYPES = {16: b"icp4", 32: b"icp5", 64: b"icp6", 128: b"ic07", 256: b"ic08", 512: b"ic09"}
ICNS_RETINA_1024 = b"ic10"  # 512x512@2x


def encode_icns(pngs: dict[bytes, bytes]) -> bytes:
    """Build an .icns by hand: header + one (type, length, PNG) element per size."""
    body = b"".join(t + (8 + len(png)).to_bytes(4, "big") + png for t, png in pngs.items())
    return b"icns" + (8 + len(body)).to_bytes(4, "big") + body


def outputs() -> dict[Path, bytes]:
    """Every generated file and its bytes."""
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        raise SystemExit(f"invalid SVG: {SOURCE}")
    images = {n: render(renderer, n) for n in SIZES}
    files: dict[Path, bytes] = {ASSETS / "app.svg": SOURCE.read_bytes()}
    for n, img in images.items():
        files[ASSETS / f"app-{n}.png"] = encode(img, "png")
    files[PLATFORM_ICONS / "app.ico"] = encode_ico([images[n] for n in ICO_SIZES])
    icns = {t: encode(images[n], "png") for n, t in ICNS_TYPES.items()}
    icns[ICNS_RETINA_1024] = encode(render(renderer, 1024), "png")
    files[PLATFORM_ICONS / "app.icns"] = encode_icns(icns)
    return files


def same_picture(committed: bytes, fresh: bytes, tolerance: float = 1.0) -> bool:
    """True if two encoded images decode to the same size and nearly the same pixels.

    Compares pixels, not bytes, so a Qt/libpng update that encodes differently (or antialiases
    a hair differently) does not make the committed icons "stale": the mean absolute difference
    per RGBA channel (0..255) must stay within ``tolerance``.
    """
    a, b = QImage.fromData(committed), QImage.fromData(fresh)
    if a.isNull() or b.isNull() or a.size() != b.size():
        return False
    a = a.convertToFormat(QImage.Format.Format_RGBA8888)
    b = b.convertToFormat(QImage.Format.Format_RGBA8888)
    pa, pb = bytes(a.constBits()), bytes(b.constBits())
    diff = sum(abs(x - y) for x, y in zip(pa, pb, strict=True))
    return diff / max(len(pa), 1) <= tolerance


def is_current(path: Path, data: bytes) -> bool:
    """Whether the file on disk already holds (the same picture as) ``data``."""
    if not path.exists():
        return False
    on_disk = path.read_bytes()
    if on_disk == data:
        return True
    if path.suffix == ".png":
        return same_picture(on_disk, data)
    if path.suffix in (".ico", ".icns"):  # containers of PNGs: compare entry by entry
        old, new = container_pngs(on_disk, path.suffix), container_pngs(data, path.suffix)
        return len(old) == len(new) and all(
            same_picture(a, b) for a, b in zip(old, new, strict=True)
        )
    return False


def container_pngs(data: bytes, suffix: str) -> list[bytes]:
    """The PNG entries of an .ico or .icns file (as written by encode_ico/encode_icns)."""
    out: list[bytes] = []
    try:
        if suffix == ".ico":
            for i in range(int.from_bytes(data[4:6], "little")):
                entry = data[6 + 16 * i : 22 + 16 * i]
                size = int.from_bytes(entry[8:12], "little")
                offset = int.from_bytes(entry[12:16], "little")
                out.append(data[offset : offset + size])
        else:
            pos = 8
            while pos + 8 <= len(data):
                length = int.from_bytes(data[pos + 4 : pos + 8], "big")
                if length < 8:
                    break
                out.append(data[pos + 8 : pos + length])
                pos += length
    except (IndexError, ValueError):
        return []
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report stale/missing files")
    args = parser.parse_args()
    _app = QGuiApplication(sys.argv[:1])
    stale = []
    for path, data in outputs().items():
        if is_current(path, data):
            continue
        stale.append(path)
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    for path in stale:
        print(("stale: " if args.check else "wrote: ") + str(path.relative_to(ROOT)))
    return 1 if (args.check and stale) else 0


if __name__ == "__main__":
    sys.exit(main())
