"""Table parsers and narrative readers; importing this package registers them all."""
from . import function  # noqa: F401
