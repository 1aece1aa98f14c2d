"""`bot draft ARTICLE --contest ID`: write a draft knowledge folder from a news article."""

from __future__ import annotations

import argparse

from ..core.drafting.draft import DraftError, draft_knowledge
from ..core.drafting.parties import PartyNamesMissing, read_party_names
from ..core.knowledge.reader import KnowledgeError, display
from .common import CliError


def cmd_draft(args: argparse.Namespace) -> int:
    """Read the party names, write the draft and print what it holds."""
    try:
        parties, source = read_party_names(args.out, args.knowledge)
    except PartyNamesMissing as exc:
        raise CliError(str(exc)) from None
    except KnowledgeError as exc:
        raise CliError(f"cannot read the party names:\n{exc}", 1) from None
    try:
        report = draft_knowledge(
            args.article,
            args.contest,
            args.out,
            parties=parties,
            name=args.name,
            date=args.date,
            copy=args.copy,
            force=args.force,
        )
    except DraftError as exc:
        raise CliError(str(exc)) from None
    except KnowledgeError as exc:
        raise CliError(
            f"the draft does not pass `bot check` (please report this):\n{exc}", 1
        ) from None
    print(f"wrote {report.folder} (party names from {display(source)})")
    for line in report.review:
        print(line)
    print(f"review every entry, then: bot check {args.out}")
    return 0
