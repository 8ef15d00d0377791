"""``python -m replicate.cli``: the ``replicate`` command."""

import sys

from replicate.cli import main

if __name__ == "__main__":
    sys.exit(main())
