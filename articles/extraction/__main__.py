"""`python -m articles.extraction`: the command line, which lives in `cli`."""

import sys

# Start-up counts in every throughput figure, and compiling the engine's source
# costs more than running it on a short article: keep Python's bytecode cache
# even where the environment turned it off (PYTHONDONTWRITEBYTECODE).
sys.dont_write_bytecode = False

# This file and the two packages above it were compiled before that line ran, so
# their bytecode was never written: write it now, or every run compiles them
# again, and a process's first compile also builds all of Python's AST types.
for _spec in (
    sys.modules[__package__.rpartition(".")[0]].__spec__,
    sys.modules[__package__].__spec__,
    __spec__,
):
    if _spec is not None and _spec.cached:
        # Reads the cached bytecode, or compiles the source and caches it.
        _spec.loader.get_code(_spec.name)

from .cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
