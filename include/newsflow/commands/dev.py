"""Commands the developer tools (package newsflow_dev) implement: `demo`, `bench`, `train`; and
how any command loads them, with one clear line where the runtime image does not ship them."""

from __future__ import annotations

import argparse
from typing import Any

DEV_TOOLS_HINT = ("the developer tools (package newsflow_dev) are not installed here: "
                  "install newsflow from a source checkout (`make install`) to use this command")


def dev_module(name: str) -> Any:
    """A module of the developer tools, which the runtime image does not ship."""
    import importlib

    try:
        return importlib.import_module(f"newsflow_dev.{name}")
    except ModuleNotFoundError as exc:
        if exc.name and (exc.name == "newsflow_dev" or exc.name.startswith("newsflow_dev.")):
            raise SystemExit(f"newsflow: {DEV_TOOLS_HINT}") from None
        raise


def cmd_demo(args: argparse.Namespace) -> int:
    demo = dev_module("demo")
    return demo.main(json_out=args.json, port=args.port, keep_going=not args.ingest_only)


def cmd_bench(args: argparse.Namespace) -> int:
    return dev_module(f"bench.{args.what}").main(args.rest)


def cmd_train(args: argparse.Namespace) -> int:
    return dev_module("tagger.train").main(args.rest)
