"""Entry point: `python -m bot COMMAND`."""

from __future__ import annotations

import sys

from .cli import main as cli_main


def main() -> None:
    """Run the command line and exit with its code."""
    sys.exit(cli_main())


if __name__ == "__main__":
    main()
