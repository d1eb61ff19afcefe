"""python -m loaders: the command line. A setting that cannot be read (limits.SettingError, raised
when a module reads it or a load starts) is said in Chinese, naming the variable, not as a traceback."""
import sys

from .run.limits import SettingError

try:
    from .run.cli import main

    code = main()
except SettingError as exc:
    print(f"错误：{exc}", file=sys.stderr)
    code = 1
raise SystemExit(code)
