"""The IPython profile of the kernels that `make book`, `make test` and `make grade` start (the
Makefile copies this file to .ipython/profile_default/, and exports IPYTHONDIR). Readers' kernels
(Binder, JupyterLab, Colab, JupyterLite) do not read it."""
import sys

# quiet kernel log lines during notebook execution (not warnings, just noise)
c.IPKernelApp.log_level = "CRITICAL"  # noqa: F821  (`c` is the config object IPython passes in)

# Every chapter imports myst_nb's glue, which imports nbformat and so jsonschema, whose format
# checkers eagerly import rfc3987_syntax: building its ~35 Earley parsers for the "iri" string
# format costs 3-4 CPU-s in each kernel (python-jsonschema/jsonschema#1428). No notebook schema
# uses that format, and without the module jsonschema simply leaves it unchecked.
sys.modules.setdefault("rfc3987_syntax", None)
