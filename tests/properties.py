"""How many examples a Hypothesis property test draws: the count it names in the full run, at most
the quick profile's in the quick loop (tests/conftest.py loads that profile when the -m expression
leaves out slow). Its @example cases run in both."""
from hypothesis import settings


def examples(full: int) -> int:
    if settings.get_current_profile_name() == "quick":
        return min(full, settings.default.max_examples)
    return full
