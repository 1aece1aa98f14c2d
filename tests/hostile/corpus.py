"""Nasty messages, and the checks every message the bot sends must pass (pings, limits, escaping)."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from tests.fakediscord import IDS

BOT = IDS.bot_user_id
ZALGO = "".join(c + "\u0336\u0351\u0300\u0301\u0302\u0303\u0304\u0305" * 6 for c in "turnout")

# (id, text): each is sent as a mention and as /ask (cut to /ask's 500 characters).
CORPUS: list[tuple[str, str]] = [
    ("empty", ""),
    ("whitespace", " \t\n\u00a0\u2003  \n"),
    ("100kb", "what was the turnout " + "a" * 100_000),
    ("one-long-word", "x" * 5000),
    ("nul", "what was\x00 the turnout?\x00\x00"),
    ("control", "".join(chr(i) for i in range(1, 32)) + "\x7fturnout?\x1b[31m"),
    ("rtl-override", "\u202ewhat was the turnout?\u202c"),
    ("bidi-isolates", "\u2067\u202e@everyone\u2069 \u200f\u200e\u2066 turnout"),
    ("zalgo", ZALGO),
    ("emoji-only", "🗳️🗳️🔥💯👨‍👩‍👧‍👦" * 20),
    (
        "mention-flood",
        f"<@{IDS.alice_id}> <@{IDS.bob_id}> <@!{IDS.moderator_user_id}> " * 40
        + " ".join(f"<@{10**17 + i}>" for i in range(120))
        + " turnout?",
    ),
    ("bot-mention-flood", f"<@{BOT}> " * 60 + "majority?"),
    ("everyone", "@everyone what was the turnout"),
    ("here-everyone", "@here @everyone @@everyone @\u200beveryone turnout?"),
    (
        "role-mentions",
        f"<@&{IDS.moderator_role_id}> <@&{IDS.guild_id}> <@&123456789012345678> turnout",
    ),
    ("channel-mentions", f"<#{IDS.general_channel_id}> <#{IDS.mod_log_channel_id}> turnout?"),
    ("nick-mention", f"<@!{BOT}> <@!{IDS.bob_id}> who won in 2019?"),
    ("code-block", "```py\nimport os; os.system('rm -rf /')\n``` what was the turnout?"),
    ("bold-italic", "**turnout** __under__ ~~strike~~ *it* _it_ ***all***"),
    ("spoiler", "||spoiler|| turnout ||@everyone||"),
    ("masked-link", "[click me](http://evil.example/login) [@everyone](https://x.y) turnout"),
    ("headings-quotes", "# HEADING\n## sub\n> quote\n>>> block\n- list\n-# small turnout"),
    ("leading-space-markup", "   # heading\n  > quote turnout?"),
    ("inline-code", "`a` ``b`` \\` \\\\* turnout \\"),
    (
        "yaml",
        "facts:\n  - id: x\n    answer: &a [*a, *a]\n---\n!!python/object/apply:os.system ['ls']",
    ),
    ("format-strings", "{0} {1!r} %s %d %n {{ }} {__class__} {self.__init__.__globals__} turnout"),
    ("templates", "${jndi:ldap://x/a} {{7*7}} <%= 7*7 %> {% if %} $(id) `id`"),
    (
        "html-and-emoji-markup",
        "<script>alert(1)</script> <:e:123456789012345678> <a:b:123456789012345678> <t:0:R>",
    ),
    ("newline-flood", "turnout?" + "\n" * 1000 + "@everyone"),
    ("sql", "'; DROP TABLE questions; -- turnout?"),
]

# What must never appear in anything the bot sends: a user's markup or mentions, unescaped.
RAW = re.compile(
    r"(?<!\\)@(?:everyone|here)|<@[!&]?\d{17,20}|```|(?<!\\)\|\|(?!\\)|(?<![\\*])\*\*[^*\s]"
    r"|(?<!\\)\[[^\]\n]*\]\(|\x00|\u202e"
)
# What would show that the bot formatted or evaluated user text instead of quoting it.
EVALUATED = re.compile(r"<class '|<function |<bound method|object at 0x|Traceback|__globals__\W*\{")
URL = re.compile(r"<[^: >]+:/[^ >]+>|(?:https?|steam)://[^\s<]+[^<.,:;\"'\]\s]")
MARKS = "*_~|`\\"
LINE_START = re.compile(r"(?:#{1,3}|>(?:>>)?|-#?)\s")  # a heading, quote or list at the start
BIDI = set(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
)  # with the marks
LIMITS = {"content": 2000, "title": 256, "description": 4096, "footer": 2048, "author": 256}


def texts(body: dict[str, Any]) -> list[str]:
    """Return every piece of text in a message body: content, embeds and button labels."""
    out = [body.get("content") or ""]
    for embed in body.get("embeds") or []:
        out += [embed.get("title") or "", embed.get("description") or ""]
        out += [(embed.get("footer") or {}).get("text") or ""]
        out += [f"{f.get('name', '')}\n{f.get('value', '')}" for f in embed.get("fields") or []]
    for row in body.get("components") or []:
        out += [c.get("label") or "" for c in row.get("components", [])]
    return out


def limit_problems(body: dict[str, Any]) -> list[str]:
    """List every way a message body breaks Discord's limits."""
    problems = []
    if len(body.get("content") or "") > LIMITS["content"]:
        problems.append("content over 2,000")
    embeds = body.get("embeds") or []
    if len(embeds) > 10:
        problems.append("more than 10 embeds")
    total = 0
    for embed in embeds:
        sizes = {
            "title": len(embed.get("title") or ""),
            "description": len(embed.get("description") or ""),
            "footer": len((embed.get("footer") or {}).get("text") or ""),
            "author": len((embed.get("author") or {}).get("name") or ""),
        }
        problems += [f"{k} over {LIMITS[k]}" for k, n in sizes.items() if n > LIMITS[k]]
        fields = embed.get("fields") or []
        if len(fields) > 25:
            problems.append("more than 25 fields")
        for f in fields:
            if len(f.get("name") or "") > 256 or len(f.get("value") or "") > 1024:
                problems.append(f"field {f.get('name', '')[:20]!r} too long")
            if not f.get("name") or not f.get("value"):
                problems.append("empty field name or value")
            total += len(f.get("name") or "") + len(f.get("value") or "")
        total += sum(sizes.values())
    if total > 6000:
        problems.append(f"embeds total {total} over 6,000")
    rows = body.get("components") or []
    if len(rows) > 5:
        problems.append("more than 5 rows")
    for row in rows:
        buttons = row.get("components", [])
        if len(buttons) > 5:
            problems.append("more than 5 buttons in a row")
        for b in buttons:
            if len(b.get("label") or "") > 80:
                problems.append("button label over 80")
            if len(b.get("custom_id") or "") > 100:
                problems.append("custom_id over 100")
    return problems


def ping_problems(body: dict[str, Any], *, reply: bool) -> list[str]:
    """List every way a message body could ping someone."""
    allowed = body.get("allowed_mentions")
    if allowed is None:
        return ["no allowed_mentions"]
    problems = []
    if allowed.get("parse") != []:
        problems.append(f"parse is {allowed.get('parse')!r}")
    if allowed.get("users") or allowed.get("roles"):
        problems.append("users or roles allowed")
    if reply and allowed.get("replied_user") is not False:
        problems.append("replied_user is not false")
    return problems


def unescaped(text: str) -> list[str]:
    """List Markdown or mention characters in `text` that are not escaped (links are left alone)."""
    problems = []
    spans = [m.span() for m in URL.finditer(text)]
    i = 0
    while i < len(text):
        if any(a <= i < b for a, b in spans):
            i += 1
            continue
        ch = text[i]
        if ch == "\\":
            i += 2  # the next character is escaped
            continue
        if ch in MARKS[:-1]:
            problems.append(f"{ch!r} at {i}")
        if ch == "[" and "](" in text[i:]:
            problems.append(f"masked link at {i}")
        i += 1
    if LINE_START.match(text):
        problems.append(f"starts with {LINE_START.match(text)[0]!r}")
    if re.search(r"@(?:everyone|here)|<@[!&]?\d{17,20}", text):
        problems.append("mention")
    return problems


def unescape(text: str) -> str:
    """Undo Markdown escaping, as Discord shows the text; zero-width spaces are dropped."""
    return re.sub(r"\\(.)", r"\1", text, flags=re.DOTALL).replace("\u200b", "")


def visible(text: str) -> str:
    """Return the question as a title may show it: one line, without controls or bidi marks."""
    kept = []
    for ch in text:
        if ch.isspace():
            kept.append(" ")
        elif unicodedata.category(ch) != "Cc" and ch not in BIDI:
            kept.append(ch)
    return " ".join("".join(kept).split()).replace("\u200b", "")


def title_problems(title: str, question: str) -> list[str]:
    """Check that a /ask title is the question on one line, shortened and fully escaped."""
    problems = unescaped(title)
    shown = unescape(title).removesuffix("…").rstrip("\\")
    if not visible(question).startswith(shown):
        problems.append(f"title {title[:60]!r} is not the question")
    return problems


def reflected(body: dict[str, Any]) -> list[str]:
    """List raw user markup or mentions, or signs of evaluation, anywhere in a body."""
    return [m.group() for t in texts(body) for m in (*RAW.finditer(t), *EVALUATED.finditer(t))]
