"""`bot ask` and `bot chat`: answer questions from the command line."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from typing import TextIO

from ..core.answering.engine import Engine
from .common import CliError, load_engine
from .render import NARROWEST, counted, render, terminal_width, wrap

MAX_QUESTION = 4000
PROMPT = "bot> "


def cmd_ask(args: argparse.Namespace) -> int:
    """Answer one question, or one question per line of stdin with --jsonl."""
    if args.jsonl:
        if args.question:
            raise CliError("give either a QUESTION or --jsonl (questions on stdin), not both")
        engine = load_engine(args.knowledge)
        return answer_lines(engine, sys.stdin, sys.stdout, args.contest)
    question = (args.question or "").strip()
    if not question:
        raise CliError('empty question: try  bot ask "what was the turnout?"')
    engine = load_engine(args.knowledge)
    _check_contest(engine, args.contest)
    answer = engine.answer(question[:MAX_QUESTION], args.contest)
    if args.json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False))
    else:
        print(render(answer, engine.kb))
    return 0


def _check_contest(engine: Engine, contest: str | None) -> None:
    """Refuse an unknown --contest id."""
    if contest and contest not in engine.kb.contests:
        known = ", ".join(sorted(engine.kb.contests))
        raise CliError(f"unknown contest {contest!r} (known: {known})")


def answer_lines(engine: Engine, stdin: TextIO, stdout: TextIO, contest: str | None = None) -> int:
    """Answer each stdin line as one JSON object per line; a bad line gets an error object."""
    _check_contest(engine, contest)
    for number, line in enumerate(stdin, start=1):
        question = line.rstrip("\r\n")
        try:
            if not question.strip():
                raise ValueError("empty question")
            payload = engine.answer(question[:MAX_QUESTION], contest).to_dict()
        except Exception as exc:
            payload = {"question": question, "answered": False, "error": f"line {number}: {exc}"}
        stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")
        stdout.flush()
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    """Run the interactive console."""
    engine = load_engine(args.knowledge)
    _check_contest(engine, args.contest)
    return chat(engine, args.contest)


def chat(engine: Engine, contest: str | None = None, banner: str | None = None) -> int:
    """Read questions from the terminal and print answers until EOF or /quit."""
    with contextlib.suppress(ImportError):  # no readline on Windows
        import readline  # noqa: F401 - enables line editing and history for input()
    counts = engine.kb.counts()
    width = terminal_width()
    if banner:
        print("\n".join(wrap(banner, width)))
    print(
        "\n".join(
            wrap(
                f"Election bot console — {counted(counts['contests'], 'contests')}, "
                f"{counted(counts['facts'], 'facts')}, {counted(counts['quotes'], 'quotes')}. "
                "Ask a question; /help for commands, /quit to leave.",
                width,
            )
        )
    )
    while True:
        try:
            line = input("you> ").strip()
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if not line:
            continue
        if line.lower().strip("!. ") in ("/quit", "/exit", "/q", "quit", "exit"):
            return 0  # a bare "quit" too: it is no question, and it is what people type
        if line == "/help":
            print("Commands: /contests, /contest ID, /quit. Anything else is a question.")
            continue
        if line == "/contests":
            print("\n".join(f"  {c.id}: {c.name}" for c in engine.kb.contests.values()))
            continue
        if line.startswith("/contest "):
            wanted = line.split(maxsplit=1)[1]
            if wanted in engine.kb.contests:
                contest = wanted
                print(f"Now answering about {engine.kb.contests[wanted].name}.")
            else:
                print(f"Unknown contest {wanted!r}; /contests lists them.")
            continue
        answer = engine.answer(line[:MAX_QUESTION], contest)
        shown = render(answer, engine.kb, max(NARROWEST, terminal_width() - len(PROMPT)))
        pad = " " * len(PROMPT)
        print(
            PROMPT
            + "\n".join(f"{pad}{line}" if line else "" for line in shown.split("\n"))[len(pad) :]
        )
