"""Table parsers and narrative readers; importing this package registers them all."""
from . import economic, execution, function, performance, projects, sangong, summary  # noqa: F401
