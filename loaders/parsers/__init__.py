"""Table parsers and narrative readers; importing this package registers them all."""
from . import disclosure_tables, disclosures, economic, execution, function, grants, performance, projects, sangong, summary  # noqa: F401
from . import lines  # noqa: F401  (after the table parsers: reads only titles they found no table for)
