"""Shared paths: the repository's golden fixtures and, when built, the command line."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"


def fixture_inputs() -> list[Path]:
    return sorted(
        p for p in FIXTURES.glob("*.txt") if not p.name.endswith(".expected.txt")
    )


def expected_of(path: Path) -> Path:
    return path.with_name(path.stem + ".expected.txt")


def error_of(path: Path) -> Path:
    return path.with_name(path.stem + ".expected-error")


def cli_binary() -> Path | None:
    """The command line to compare with: $NEWSCLEAN_BIN, else the newest cargo build."""
    if os.environ.get("NEWSCLEAN_BIN"):
        return Path(os.environ["NEWSCLEAN_BIN"])
    built = [ROOT / "target" / kind / "newsclean" for kind in ("debug", "release")]
    built = [p for p in built if p.exists()]
    return max(built, key=lambda p: p.stat().st_mtime) if built else None


@pytest.fixture(scope="session")
def cli():
    """Runs the command line (skips when it is not built) with no user rules folder."""
    binary = cli_binary()
    if binary is None:
        pytest.skip("the newsclean binary is not built (cargo build, or set NEWSCLEAN_BIN)")

    def run(args: list[str], stdin: bytes = b"") -> subprocess.CompletedProcess:
        env = dict(os.environ, XDG_CONFIG_HOME="/nonexistent-newsclean-test")
        return subprocess.run(
            [str(binary), *args], input=stdin, capture_output=True, env=env, check=False
        )

    return run
