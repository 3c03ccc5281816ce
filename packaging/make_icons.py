"""Render the app icon (resources/app-icon.svg) to the PNG/ICO/ICNS files the app and bundle use.

Run from the repo root with the project venv (offscreen, no display needed):

    .venv/bin/python packaging/make_icons.py          # (re)write the icon files
    .venv/bin/python packaging/make_icons.py --check  # exit 1 if a committed file is stale

Writes:
- desktop_app/assets/icons/app.svg and app-<N>.png for N in SIZES (package data; the window
  loads them with importlib.resources, Linux install.sh copies them into the hicolor theme);
- packaging/icons/app.ico (Windows, sizes 16..256) and packaging/icons/app.icns (macOS), used
  by the PyInstaller spec on those platforms.
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
    if b"icns" in {bytes(f.data()) for f in QImageWriter.supportedImageFormats()}:
        files[PLATFORM_ICONS / "app.icns"] = encode(images[512], "icns")
    return files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report stale/missing files")
    args = parser.parse_args()
    _app = QGuiApplication(sys.argv[:1])
    stale = []
    for path, data in outputs().items():
        if path.exists() and path.read_bytes() == data:
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
