"""`python -m bench [names...] [--quick]` — see bench/README.md."""

import sys

from bench.harness import main

sys.exit(main())
