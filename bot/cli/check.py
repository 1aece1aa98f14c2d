"""`bot check` validates a knowledge folder; `bot schema` writes the JSON Schemas for editors."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from pydantic import BaseModel

from ..core.knowledge.announcements import AnnouncementsFile
from ..core.knowledge.schema import ContestFile, FactsFile, PeopleFile, QuotesFile, SynonymsFile
from ..core.knowledge.status import Status
from .common import load_kb
from .render import counted

SCHEMAS: dict[str, type[BaseModel]] = {
    "contest": ContestFile,
    "facts": FactsFile,
    "quotes": QuotesFile,
    "people": PeopleFile,
    "status": Status,
    "synonyms": SynonymsFile,
    "announcements": AnnouncementsFile,
}


def cmd_check(args: argparse.Namespace) -> int:
    """Validate a knowledge folder and print a summary with paragraph coverage."""
    folder = Path(args.dir or args.knowledge)
    kb = load_kb(folder)
    counts = kb.counts()
    print(f"OK: {folder} is valid: " + ", ".join(counted(n, k) for k, n in counts.items()))
    for contest in kb.contests.values():
        cited = contest.cited_paragraphs()
        default = " (default)" if contest is kb.default_contest else ""
        print(f"  {contest.id}{default}: {contest.name}, count status: {contest.status.label}")
        for sid, doc in contest.sources.items():
            total = len(doc.paragraphs)
            have = cited.get(sid, set())
            missing = [n for n in range(1, total + 1) if n not in have]
            line = f"    source {sid}: {total - len(missing)}/{total} paragraphs cited"
            if missing:
                line += "; not cited: " + ", ".join(f"¶{n}" for n in missing)
            print(line)
    return 0


def schema_documents() -> dict[str, dict]:
    """Return the JSON Schema of every knowledge file, by file kind."""
    docs = {}
    for name, model in SCHEMAS.items():
        schema = model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = f"{name}.schema.json"
        docs[name] = schema
    return docs


def cmd_schema(args: argparse.Namespace) -> int:
    """Write one JSON Schema file per knowledge file kind into --out."""
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for name, schema in schema_documents().items():
        path = out / f"{name}.schema.json"
        path.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {path}")
    return 0
