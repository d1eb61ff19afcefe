"""Table parsers and narrative readers; importing this package registers them all."""
from . import (disclosure_tables, disclosures, economic, execution, function, grants, performance,  # noqa: F401
               projects, sangong, summary, targets)
from . import lines  # noqa: F401  (after the table parsers: reads only titles they found no table for)
