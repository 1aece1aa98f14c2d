"""Check the evaluation question sets in this folder against the knowledge base.

    python3 tests/questions/validate_questions.py

Every `expect` id must be a fact id, quote id or person id in knowledge/hartlepool-2021/,
or `abstain` (alone). For answerable items the note carries the paragraph(s) [¶n] the answer
comes from; at least one expected id must cite one of those paragraphs. Prints counts per
expected id and per paragraph, and flags questions repeated between dev and holdout.
"""

import collections
import pathlib
import re
import sys

import yaml

HERE = pathlib.Path(__file__).resolve().parent
KB = HERE.parent.parent / "knowledge" / "hartlepool-2021"
FILES = ["dev.yaml", "holdout.yaml"]


def knowledge_ids():
    ids = {}  # id -> (kind, set of paragraphs)
    facts = yaml.safe_load((KB / "facts.yaml").read_text(encoding="utf-8"))["facts"]
    for f in facts:
        ids[f["id"]] = ("fact", {c["paragraph"] for c in f.get("citations", [])})
    quotes = yaml.safe_load((KB / "quotes.yaml").read_text(encoding="utf-8"))["quotes"]
    for q in quotes:
        ids[q["id"]] = ("quote", {q["citation"]["paragraph"]})
    people = yaml.safe_load((KB / "people.yaml").read_text(encoding="utf-8"))["people"]
    for p in people:
        paras = {c["paragraph"] for c in p.get("citations", [])}
        # a person is also "cited" wherever one of their quotes is
        paras |= {q["citation"]["paragraph"] for q in quotes if q.get("speaker") == p["id"]}
        ids[p["id"]] = ("person", paras)
    return ids


def paragraphs_in(note):
    out = set()
    for a, b in re.findall(r"¶(\d+)(?:-(\d+))?", note or ""):
        lo = int(a)
        hi = int(b) if b else lo
        out.update(range(lo, hi + 1))
    return out


def norm(q):
    return re.sub(r"[^a-z0-9 ]", "", q.lower()).split()


def main():
    ids = knowledge_ids()
    errors = []
    seen = {}
    for name in FILES:
        path = HERE / name
        items = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert isinstance(items, list), f"{name}: top level must be a list"
        per_id = collections.Counter()
        per_para = collections.Counter()
        n_ans = n_abs = n_near = 0
        local = set()
        for i, it in enumerate(items):
            where = f"{name}#{i} {it.get('q')!r}"
            if set(it) - {"q", "expect", "note"}:
                errors.append(f"{where}: unexpected keys {set(it) - {'q', 'expect', 'note'}}")
            q, exp, note = it.get("q"), it.get("expect"), it.get("note", "")
            if not isinstance(q, str) or not q.strip():
                errors.append(f"{where}: q must be a non-empty string")
                continue
            if not isinstance(exp, list) or not exp:
                errors.append(f"{where}: expect must be a non-empty list")
                continue
            key = " ".join(norm(q))
            if key in local:
                errors.append(f"{where}: duplicate question in {name}")
            local.add(key)
            seen.setdefault(key, set()).add(name)
            if exp == ["abstain"]:
                n_abs += 1
                if str(note).startswith("near-miss"):
                    n_near += 1
                per_id["abstain"] += 1
                continue
            if "abstain" in exp:
                errors.append(f"{where}: abstain mixed with ids")
            n_ans += 1
            for e in exp:
                per_id[e] += 1
                if e not in ids:
                    errors.append(f"{where}: unknown id {e}")
            paras = paragraphs_in(note)
            if not paras:
                errors.append(f"{where}: answerable item without [¶n] in note")
            cited = set().union(*(ids.get(e, ("", set()))[1] for e in exp))
            if paras and not (paras & cited):
                errors.append(f"{where}: note paragraphs {sorted(paras)} not cited by {exp}")
            for p in paras:
                per_para[p] += 1
        print(
            f"== {name}: {len(items)} items, answerable {n_ans}, abstain {n_abs} (near-miss {n_near})"
        )
        print("   per paragraph:", ", ".join(f"¶{p}:{per_para[p]}" for p in range(1, 21)))
        missing = [p for p in range(1, 21) if per_para[p] == 0]
        if missing:
            print("   paragraphs not covered:", missing)
        print("   per expected id:")
        for e, n in sorted(per_id.items(), key=lambda x: (-x[1], x[0])):
            print(f"     {n:4d}  {e}")
        unused = sorted(set(ids) - set(per_id))
        if unused:
            print("   knowledge ids never expected:", unused)
    both = [k for k, v in seen.items() if len(v) > 1]
    if both:
        errors.append(f"{len(both)} questions appear in both dev and holdout: {both[:10]}")
    for e in errors:
        print("ERROR", e)
    print("OK" if not errors else f"{len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
