"""python -m factory samples [OUT]: regenerate the bundled sample reports (default data/samples/)."""
from __future__ import annotations

import argparse
from pathlib import Path

from .samples import OUT, write_samples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m factory", description="报告工厂：由数据生成示例报告")
    sub = parser.add_subparsers(dest="command", required=True)
    samples = sub.add_parser("samples", help="重新生成 data/samples/ 下的示例报告")
    samples.add_argument("out", nargs="?", default=str(OUT))
    args = parser.parse_args(argv)
    paths = write_samples(Path(args.out))
    total = sum(p.stat().st_size for p in paths)
    for p in paths:
        print(f"{p.name}\t{p.stat().st_size / 1024:.0f} KB")
    print(f"共 {len(paths)} 个文件，{total / 1024:.0f} KB：{args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
