"""The knowledge file format, as pydantic models; `python -m bot schema` exports it as JSON Schema."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,39}$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
Short = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]

MARK = re.compile(r"\[¶(\d+)\]")


class Strict(BaseModel):
    """Base for file models: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Citation(Strict):
    """A verbatim span of one paragraph of a source document."""

    source: Id = Field(description="Id of a source listed in contest.yaml")
    paragraph: int = Field(ge=1, description="1-based paragraph number: line n of the source file")
    quote: Text = Field(description="Text copied verbatim from that paragraph")


class SourceRef(Strict):
    """A source document of a contest."""

    id: Id
    file: Short = Field(description="Path of the text file, relative to contest.yaml")
    title: Short
    outlet: Short | None = None
    url: Short | None = None


class ContestFile(Strict):
    """contest.yaml: what the contest is and where its facts come from."""

    id: Id
    name: Short
    date: dt.date
    default: bool = Field(False, description="Answer questions that name no contest from this one")
    aliases: list[Short] = Field(default_factory=list, description="Other names askers use")
    elsewhere: list[Short] = Field(
        default_factory=list,
        description="Places of other contests the sources report (e.g. Copeland): their figures "
        "never answer this contest's questions, and questions about them only their own sentences",
    )
    sources: list[SourceRef] = Field(min_length=1)


class Person(Strict):
    """Someone the sources name or quote."""

    id: Id
    name: Short = Field(description="The name without any title, e.g. Jo Bloggs")
    title: Short | None = Field(None, description="A title kept apart from the name, e.g. Sir")
    role: Short | None = None
    party: Short | None = None
    aliases: list[Short] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)


class PeopleFile(Strict):
    """people.yaml."""

    people: list[Person] = Field(default_factory=list)


class Fact(Strict):
    """A question the sources answer, in several phrasings, with a cited short answer."""

    id: Id
    questions: list[Short] = Field(min_length=1, description="Natural phrasings of the question")
    answer: Text = Field(description="Short answer; mark each cited paragraph as [¶n]")
    citations: list[Citation] = Field(min_length=1)
    kind: Literal["fact", "status"] = Field(
        "fact", description="'status' facts describe the count and give way to a declared result"
    )
    people: list[Id] = Field(default_factory=list, description="Ids of the people it is about")
    parties: list[Short] = Field(default_factory=list, description="Parties it is about")
    years: list[int] = Field(
        default_factory=list, description="Years it is about (default: the contest's)"
    )
    keywords: list[Short] = Field(default_factory=list, description="Extra words that point here")
    excludes: list[Short] = Field(
        default_factory=list,
        description="Words that mean a question asks something this answer does not give (e.g. name)",
    )

    @field_validator("answer")
    @classmethod
    def _answer_not_blank(cls, value: str) -> str:
        """Refuse an answer that holds only citation marks."""
        if not MARK.sub("", value).strip():
            raise ValueError("the answer is empty")
        return value


class FactsFile(Strict):
    """facts.yaml."""

    facts: list[Fact] = Field(default_factory=list)


class QuoteCitation(Strict):
    """Where a quote stands; its text must be verbatim in that paragraph."""

    source: Id
    paragraph: int = Field(ge=1)


class Quote(Strict):
    """Words a person said, verbatim from a source."""

    id: Id
    speaker: Id = Field(description="Id of a person in people.yaml")
    text: Text = Field(description="The words, verbatim")
    outlet: Short | None = Field(None, description="Where it was said, e.g. Sky News")
    said_at: Short | None = Field(None, description="When it was said, if the source says")
    context: Short | None = Field(None, description="What the speaker was asked or responding to")
    citation: QuoteCitation


class QuotesFile(Strict):
    """quotes.yaml."""

    quotes: list[Quote] = Field(default_factory=list)


class Chatter(Strict):
    """Words around a question that carry none of its meaning."""

    reactions: list[Short] = Field(
        default_factory=list, description="Dropped, and end a sentence, e.g. lol, omg"
    )
    filler: list[Short] = Field(default_factory=list, description="Dropped, e.g. lads, basically")
    greetings: list[Short] = Field(default_factory=list, description="e.g. hi, good morning")
    thanks: list[Short] = Field(default_factory=list, description="e.g. thanks, cheers")
    help: list[Short] = Field(default_factory=list, description="e.g. help, what can you do")


class SynonymsFile(Strict):
    """synonyms.yaml at the top of the knowledge folder: canonical word -> variants."""

    parties: dict[Short, list[Short]] = Field(
        default_factory=dict,
        description="Party names; a question naming a party only gets facts about it",
    )
    party_names: dict[Short, list[Short]] = Field(
        default_factory=dict,
        description=(
            "For `bot draft`: the party name a draft writes -> the other ways results tables and "
            "reports print it (any case), e.g. Conservative: [C, Con, Tory]"
        ),
    )
    prose_parties: list[Short] = Field(
        default_factory=list,
        description=(
            "For `bot draft`: the names and forms of party_names that prose puts before a "
            "person's name ('Conservative Paul Ellison'), capitalised as prose writes them"
        ),
    )
    not_parties: list[Short] = Field(
        default_factory=list,
        description=(
            "For `bot draft`: names of party_names that stand for no party (Independent), so "
            "never asked about as one party"
        ),
    )
    synonyms: dict[Short, list[Short]] = Field(default_factory=dict)
    spellings: dict[Short, Short] = Field(
        default_factory=dict,
        description="Chat spellings read as the word they stand for, e.g. wen: when, ppl: people",
    )
    chatter: Chatter = Field(
        default_factory=lambda: Chatter(),
        description="Words dropped from a message before it is read: they never carry its meaning",
    )
