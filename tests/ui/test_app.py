"""The app as a process: ``--self-test`` and ``--screenshot`` on the embedded sandbox."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

NOISE = ("Traceback", "Event loop is closed", "Task was destroyed", "never awaited", "Unclosed")


def distinct_colours(image: QImage, step: int = 7) -> int:
    """Distinct pixel colours on a sampling grid: a blank or one-colour grab has 1 or 2."""
    return len(
        {image.pixel(x, y) for x in range(0, image.width(), step)
         for y in range(0, image.height(), step)}
    )


def run_app(
    tmp_path: Path, *args: str, keyring: str = "keyring.backends.fail.Keyring"
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "PYTHON_KEYRING_BACKEND": keyring,
        "RECORD_KEYRING_FILE": str(tmp_path / "keyring-calls.txt"),
        "PYTHONPATH": os.pathsep.join(
            [str(Path(__file__).parent), *filter(None, [os.environ.get("PYTHONPATH")])]
        ),
    }
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", *args],
        capture_output=True,
        text=True,
        timeout=90,
        env=env,
        check=False,
    )


def test_self_test_books_and_cancels_on_a_fresh_sandbox(tmp_path: Path) -> None:
    result = run_app(tmp_path, "--self-test")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("self-test ok:"), result.stdout
    assert not any(n in result.stderr for n in NOISE), result.stderr
    assert not (tmp_path / "config").exists()  # the self-test never writes settings


def test_screenshot_of_the_loaded_window(tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    result = run_app(
        tmp_path, "--sandbox", "--screenshot", str(shot),
        keyring="recording_keyring.RecordingKeyring",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    calls = (tmp_path / "keyring-calls.txt").read_text(encoding="utf-8").splitlines()
    assert calls and not [c for c in calls if c.endswith("MainThread")], calls  # never on GUI
    assert not any(n in result.stderr for n in NOISE), result.stderr
    image = QImage(str(shot))
    assert image.width() >= 1000 and image.height() >= 700
    assert distinct_colours(image) > 50  # painted: text, slots, swatches (blank grey fails)
    logs = list((tmp_path / "state").rglob("*.log"))
    assert logs and "@" not in logs[0].read_text(encoding="utf-8")  # no e-mail in the log


def test_screenshots_of_the_booking_dialog_and_the_events_tab(tmp_path: Path) -> None:
    dialog, events = tmp_path / "dialog.png", tmp_path / "events.png"
    result = run_app(
        tmp_path, "--sandbox", "--screenshot-dialog", str(dialog), "--screenshot-events",
        str(events),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert not any(n in result.stderr for n in NOISE), result.stderr
    for shot in (dialog, events):
        image = QImage(str(shot))
        assert image.width() >= 400 and image.height() >= 300, shot
        assert distinct_colours(image) > 20, shot
