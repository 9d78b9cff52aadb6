"""``python -m hormonesim.coursework``: student release, grading and the exercise list."""
import sys

# nbformat imports jsonschema, whose format checkers eagerly import rfc3987_syntax: building its
# ~35 Earley parsers for the "iri" string format costs 2-4 CPU-seconds in every process that
# imports it (python-jsonschema/jsonschema#1428). No notebook schema uses that format, and grading
# starts one worker process per submitted notebook, so this program goes without it.
sys.modules.setdefault("rfc3987_syntax", None)

from .cli import main  # noqa: E402  (after the line above)

sys.exit(main())
