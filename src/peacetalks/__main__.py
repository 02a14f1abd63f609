"""Run the command line: ``python -m peacetalks``."""

import sys

from peacetalks.cli import main

sys.exit(main())
