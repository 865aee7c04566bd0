"""``python -m asyncproof``: the same as the ``asyncproof`` console script."""

import sys

from asyncproof.cli import main

if __name__ == "__main__":
    sys.exit(main())
