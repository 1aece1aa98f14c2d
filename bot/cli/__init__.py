"""The command line: `python -m bot COMMAND` (also installed as `bot`)."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
from collections.abc import Callable
from pathlib import Path

from .common import CliError

log = logging.getLogger(__name__)

Handler = Callable[[argparse.Namespace], int]


def _lazy(module: str, name: str) -> Handler:
    """Import a command's module only when it runs, to keep start-up fast."""

    def run(args: argparse.Namespace) -> int:
        import importlib

        return getattr(importlib.import_module(module, __name__), name)(args)

    return run


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser for every command."""
    parser = argparse.ArgumentParser(
        prog="bot", description="Election-night Discord bot and tools."
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--knowledge",
        type=Path,
        default=Path("knowledge"),
        metavar="DIR",
        help="knowledge folder (default: ./knowledge)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    run = sub.add_parser("run", help="run the bot (local console without a token)")
    run.add_argument(
        "--env-file", type=Path, default=Path(".env"), help="settings file (default: .env)"
    )
    run.add_argument(
        "--knowledge", type=Path, default=None, metavar="DIR", help="overrides KNOWLEDGE_DIR"
    )
    run.set_defaults(func=_lazy(".run", "cmd_run"))

    ask = sub.add_parser("ask", parents=[common], help="answer one question")
    ask.add_argument("question", nargs="?", help="the question, in quotes")
    ask.add_argument("--json", action="store_true", help="print one JSON object")
    ask.add_argument("--jsonl", action="store_true", help="read questions from stdin, one per line")
    ask.add_argument("--contest", help="contest id for questions that name none")
    ask.set_defaults(func=_lazy(".ask", "cmd_ask"))

    chat = sub.add_parser("chat", parents=[common], help="interactive console")
    chat.add_argument("--contest", help="contest id for questions that name none")
    chat.set_defaults(func=_lazy(".ask", "cmd_chat"))

    check = sub.add_parser("check", parents=[common], help="validate a knowledge folder")
    check.add_argument("dir", nargs="?", type=Path, help="folder to check (default: --knowledge)")
    check.set_defaults(func=_lazy(".check", "cmd_check"))

    health = sub.add_parser(
        "health", help="exit 0 if the running bot is connected to Discord (for HEALTHCHECK)"
    )
    health.add_argument(
        "--env-file", type=Path, default=Path(".env"), help="settings file (default: .env)"
    )
    health.add_argument(
        "--max-age",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="oldest heartbeat still healthy (default: 60)",
    )
    health.set_defaults(func=_lazy(".health", "cmd_health"))

    schema = sub.add_parser("schema", help="write JSON Schemas of the knowledge files")
    schema.add_argument(
        "--out", type=Path, default=Path("schema"), help="output folder (default: schema)"
    )
    schema.set_defaults(func=_lazy(".check", "cmd_schema"))

    bench = sub.add_parser("bench", parents=[common], help="measure answer latency and load time")
    bench.add_argument("--contests", type=int, default=650, help="contests in the generated base")
    bench.add_argument("--questions", type=int, default=2000, help="questions per measurement")
    bench.set_defaults(func=_lazy(".bench", "cmd_bench"))

    draft = sub.add_parser(
        "draft", help="draft a knowledge folder (people, quotes, result, facts) from an article"
    )
    draft.add_argument("article", type=Path, help="the article: one line is one paragraph")
    draft.add_argument(
        "--contest", required=True, metavar="ID", help="contest id, e.g. northtown-2024"
    )
    draft.add_argument(
        "--out",
        type=Path,
        default=Path("drafts"),
        metavar="DIR",
        help="writes DIR/ID/ (default: drafts)",
    )
    draft.add_argument(
        "--knowledge",
        type=Path,
        default=Path("knowledge"),
        metavar="DIR",
        help="read party names from DIR/synonyms.yaml when --out has none (default: ./knowledge)",
    )
    draft.add_argument("--name", help="the contest's name (default: from the id)")
    draft.add_argument(
        "--date", type=_iso_date, help="polling day, YYYY-MM-DD (default: today; check it)"
    )
    draft.add_argument("--copy", action="store_true", help="copy the article next to contest.yaml")
    draft.add_argument("--force", action="store_true", help="overwrite an existing draft folder")
    draft.set_defaults(func=_lazy(".draft", "cmd_draft"))

    rehearse = sub.add_parser(
        "rehearse", parents=[common], help="replay an election night's announcements"
    )
    rehearse.add_argument("--contest", required=True, metavar="ID", help="contest id")
    rehearse.add_argument(
        "--speed", type=float, default=60.0, help="clock speed-up (default: 60, an hour a minute)"
    )
    rehearse.add_argument(
        "--channel", type=int, metavar="CHANNEL_ID", help="post to this channel (needs a token)"
    )
    rehearse.add_argument(
        "--script", type=Path, metavar="FILE", help="default: tests/fixtures/rehearsal/ID.yaml"
    )
    rehearse.add_argument("--env-file", type=Path, default=Path(".env"), help="default: .env")
    rehearse.set_defaults(func=_lazy(".rehearse", "cmd_rehearse"))
    return parser


def _iso_date(text: str) -> dt.date:
    """Parse YYYY-MM-DD for argparse."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2021-05-06") from None


def main(argv: list[str] | None = None) -> int:
    """Run one command and return its exit code."""
    args = build_parser().parse_args(argv)
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        return args.func(args)
    except CliError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.code
    except BrokenPipeError:  # e.g. `bot ask --jsonl | head`
        return 0
