from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
DATA = REPO / "tests" / "data" / "ingest"
SEEDS = REPO / "seeds"


@pytest.fixture
def data_file():
    def read(name: str) -> bytes:
        return (DATA / name).read_bytes()

    return read


@pytest.fixture
def seed():
    def read(prefix: str) -> tuple[str, bytes]:
        (path,) = sorted(SEEDS.glob(f"{prefix}_*.txt"))
        return f"seeds/{path.name}", path.read_bytes()

    return read
