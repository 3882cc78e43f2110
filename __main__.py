"""`python -m baocao …` is the `baocao` command."""
import sys

from baocao.cli import main

sys.exit(main())
