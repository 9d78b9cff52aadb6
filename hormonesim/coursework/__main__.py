"""``python -m hormonesim.coursework``: student release, grading and the exercise list."""
import sys

from .cli import main

sys.exit(main())
