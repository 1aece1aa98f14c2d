"""`bot run`: read settings once, then connect to Discord, or open the local console without a token."""

from __future__ import annotations

import argparse
import logging
import sys

from ..settings import Settings, SettingsError, read_environment
from .ask import chat
from .common import CliError, load_engine

log = logging.getLogger(__name__)

NO_TOKEN = (
    "No DISCORD_TOKEN set: starting the local console. To connect to Discord, copy .env.example "
    "to .env and set DISCORD_TOKEN (see README, 'Connecting to Discord')."
)

NO_TERMINAL = (
    "DISCORD_TOKEN is not set, and there is no terminal for the local console. Set "
    "DISCORD_TOKEN (e.g. `docker run --env-file .env ...`; see README, 'Connecting to "
    "Discord'), or run with a terminal (`docker run -it ...`) to use the console."
)


def cmd_run(args: argparse.Namespace) -> int:
    """Run the bot with settings from the environment and .env."""
    try:
        settings = Settings.from_env(read_environment(args.env_file))
    except SettingsError as exc:
        raise CliError(str(exc)) from None
    if args.knowledge is not None:
        settings = settings.model_copy(update={"knowledge_dir": args.knowledge})
    logging.basicConfig(
        level=settings.log_level_number,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        force=True,
    )
    if settings.discord_token is None:
        if not sys.stdin.isatty():
            raise CliError(NO_TERMINAL, 2)
        engine = load_engine(settings.knowledge_dir)
        return chat(engine, banner=NO_TOKEN)
    from ..core.answering.lexicon import english_words
    from ..core.runtime.startup import Opening, snapshot_dir

    # The knowledge folder is read in worker processes while this one imports discord.py and
    # loads the spelling list: together they are most of a 650-contest start-up.
    opening = Opening(settings.knowledge_dir, snapshot_dir(settings.database_path))
    from ..discord_app.runner import run_discord  # imported only when connecting

    english_words()
    return run_discord(settings, opening)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(cmd_run(argparse.Namespace(env_file=None, knowledge=None)))
