"""`python -m evals FILE...`: run eval sets through the HTTP app."""

import sys

from evals.runner import main

sys.exit(main(sys.argv[1:]))
