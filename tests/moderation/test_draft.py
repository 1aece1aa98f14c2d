"""`bot draft`: quotes attributed from the sentence, people, the result, facts, and a review summary."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from bot.cli import main
from bot.core.answering.engine import Engine
from bot.core.drafting.draft import DraftError, draft_knowledge
from bot.core.drafting.people import Cast
from bot.core.drafting.quotations import extract_quotations, quoted_spans
from bot.core.drafting.review import DraftReport
from bot.core.knowledge.loader import load_knowledge
from bot.core.knowledge.model import Contest
from bot.core.knowledge.schema import PeopleFile
from bot.core.text import verbatim_key
from tests.core.helpers import article_engine, drafted_engine, shipped_parties
from tests.discord.conftest import ROOT
from tests.moderation.conftest import CONTEST

SEED = ROOT / "seeds" / "000_8ffd2a88b3554888.txt"


def shipped(kind: str) -> list[dict]:
    """Read the curated quotes or people of the shipped contest."""
    return yaml.safe_load(
        (ROOT / "knowledge" / CONTEST / f"{kind}.yaml").read_text(encoding="utf-8")
    )[kind]


@pytest.fixture
def draft(tmp_path: Path) -> Contest:
    """Draft the seed article into tmp_path/out and load it back."""
    report = draft_knowledge(
        SEED,
        CONTEST,
        tmp_path / "out",
        parties=shipped_parties(),
        name="Hartlepool by-election",
        date=dt.date(2021, 5, 6),
    )
    assert report.folder == tmp_path / "out" / CONTEST
    return load_knowledge(tmp_path / "out").contests[CONTEST]


def write(tmp_path: Path, *paragraphs: str) -> Path:
    """Write a made-up article, one paragraph per line."""
    article = tmp_path / "article.txt"
    article.write_text("\n".join(paragraphs) + "\n", encoding="utf-8")
    return article


def draft_testville(article: Path, out: Path) -> DraftReport:
    """Draft a made-up article into `out` as testville-2024, polled on 4 July 2024."""
    return draft_knowledge(
        article, "testville-2024", out, parties=shipped_parties(), date=dt.date(2024, 7, 4)
    )


def attributions(*paragraphs: str) -> list[tuple[int, str, str | None, bool]]:
    """Return (paragraph, text, speaker name, sure) for each quotation of a made-up article."""
    found = extract_quotations(list(paragraphs), Cast(shipped_parties()))
    return [
        (q.paragraph, q.text, q.speaker.name if q.speaker else None, q.sure) for q in found.quotes
    ]


def test_every_quote_with_its_speaker(draft: Contest) -> None:
    """Every curated quote is found, in its paragraph, verbatim, attributed to the same person; no extras."""
    names = {p["id"]: p["name"] for p in shipped("people")}
    want = {
        (q["citation"]["paragraph"], verbatim_key(q["text"]), names[q["speaker"]])
        for q in shipped("quotes")
    }
    got = {
        (q.citation.paragraph, verbatim_key(q.text), draft.people[q.speaker].name)
        for q in draft.quotes
    }
    assert got == want
    assert len(draft.quotes) == len(want) == 12


def test_outlets_and_context(draft: Contest) -> None:
    """Outlets carry across a continued quote; 'Pressed on ...' becomes the context; times are kept."""
    by_paragraph = {q.citation.paragraph: q for q in draft.quotes}
    assert all(by_paragraph[n].outlet == "Sky News" for n in (8, 9, 10, 11, 12, 16, 17, 18, 19, 20))
    assert by_paragraph[14].outlet is None and by_paragraph[6].outlet is None
    assert by_paragraph[9].context == "Pressed on whether he was conceding defeat"
    assert by_paragraph[8].said_at == "just before 3am"


def test_everyone_named_with_role_party_and_title(draft: Contest) -> None:
    """Speakers and the other people named, with role, party and title kept apart, cited verbatim."""
    people = {p.name: p for p in draft.people.values()}
    assert set(people) == {
        "Jim McMahon",
        "Alex Norris",
        "Lloyd Russell-Moyle",
        "Labour sources",
        "Keir Starmer",
    }
    mcmahon = people["Jim McMahon"]
    assert (mcmahon.role, mcmahon.party) == ("Shadow Transport Secretary", "Labour")
    assert people["Alex Norris"].role == "Shadow public health minister"
    assert {"Mr Norris", "Norris", "Alex"} <= set(people["Alex Norris"].aliases)
    starmer = people["Keir Starmer"]
    assert (starmer.title, starmer.role) == ("Sir", "Leader")
    assert {"Sir Keir", "Starmer", "Sir Keir Starmer"} <= set(starmer.aliases)
    assert people["Labour sources"].citations[0].paragraph == 6
    person_schema = PeopleFile.model_json_schema()["$defs"]["Person"]["properties"]
    assert "a title kept apart from the name" in person_schema["title"]["description"].lower()


def test_facts_only_where_they_help(draft: Contest) -> None:
    """The figures become facts phrased as people ask, one per statement, none about a bare figure."""
    by_id = {f.id: f for f in draft.facts}
    assert {"turnout", "previous-majority", "declaration-time"} <= set(by_id)
    assert by_id["turnout"].citations[0].paragraph == 4
    assert "What was the turnout?" in by_id["turnout"].questions
    assert by_id["previous-majority"].years == [2021, 2019]
    assert by_id["declaration-time"].answer.startswith(
        "The final result is not expected to be declared before 5.30am."
    )
    questions = [q for f in draft.facts for q in f.questions]
    assert not [q for q in questions if "article say about" in q and any(c.isdigit() for c in q)]
    answers = [f.answer for f in draft.facts]
    assert len(answers) == len(set(answers))


def test_status_counting_and_source(tmp_path: Path, draft: Contest) -> None:
    """A report from the count drafts 'counting', with the expected time, negation kept; the source is relative."""
    assert draft.status.phase == "counting" and draft.status.version == 0
    assert draft.status.expected_declaration == "not before 5.30am"
    assert {c.paragraph for c in draft.status.citations} == {4, 5}
    contest_yaml = yaml.safe_load(
        (tmp_path / "out" / CONTEST / "contest.yaml").read_text(encoding="utf-8")
    )
    source = contest_yaml["sources"][0]
    assert not Path(source["file"]).is_absolute()
    assert (tmp_path / "out" / CONTEST / source["file"]).resolve() == SEED.resolve()
    assert contest_yaml["aliases"][:2] == ["hartlepool", "hartlepool byelection"]
    assert "“red wall”" in (tmp_path / "out" / CONTEST / "quotes.yaml").read_text(encoding="utf-8")


def test_cli_prints_the_review_then_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`bot draft` prints what it made and what to check; `bot check` accepts it; no overwrite."""
    out = tmp_path / "drafts"
    args = ["draft", str(SEED), "--contest", "hartlepool-2021", "--out", str(out), "--copy"]
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert "made: 5 people (0 candidates), 12 quotes (0 more commented out for review)" in printed
    assert "¶20 “red wall” left out as a quoted term" in printed
    assert "the date is today" in printed
    assert (out / CONTEST / "article.txt").read_text(encoding="utf-8") == SEED.read_text(
        encoding="utf-8"
    )
    assert main(["check", str(out)]) == 0
    assert main(["draft", str(SEED), "--contest", "hartlepool-2021", "--out", str(out)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert main(["draft", str(SEED), "--contest", "Bad Id", "--out", str(out)]) == 2


def test_the_subject_of_the_reporting_verb_not_the_nearest_name() -> None:
    """The quote goes to 'he' (the winner, subject of speech), not to the politician it names."""
    assert attributions(
        "Labour candidate Jane Smith won the seat with a majority of 4,925.",
        "She said the electorate had sent a message to Boris Johnson. "
        "“Tonight, Boris Johnson, your contempt has been found out,” she said.",
        "Prime Minister Boris Johnson did not comment.",
    ) == [(2, "Tonight, Boris Johnson, your contempt has been found out,", "Jane Smith", True)]


def test_attribution_forms() -> None:
    """After the quote, inverted, groups, titles, asides, outlets and pronouns of the last subject."""
    found = extract_quotations(
        [
            "Green candidate Jane Smith arrived at 1am.",
            '"We have run a brilliant campaign," said Jane Smith.',
            "Conservative officials said the mood was “very upbeat” in the hall.",
            'Mrs Smith later told BBC Radio Tees: "It is too close to call."',
            'She added: "We will see."',
            'Labour wants to win the so-called "red wall" back.',
            'Party leader Sir Tom Brown, in a statement from home, said: "A fine result."',
            "Taking aim at Jane Smith, Mr Brown said: “She has lost.”",
        ],
        Cast(shipped_parties()),
    )
    got = [(q.paragraph, q.text, q.speaker.name if q.speaker else None) for q in found.quotes]
    assert got == [
        (2, "We have run a brilliant campaign,", "Jane Smith"),
        (3, "very upbeat", "Conservative officials"),
        (4, "It is too close to call.", "Jane Smith"),
        (5, "We will see.", "Jane Smith"),
        (7, "A fine result.", "Tom Brown"),
        (8, "She has lost.", "Tom Brown"),
    ]
    assert found.quotes[2].outlet == "BBC Radio Tees"
    assert found.skipped == [(6, "red wall")]
    brown = found.cast.people["tom-brown"]
    assert (brown.title, brown.role, brown.gender) == ("Sir", "Party leader", "m")


def test_inverted_and_described_speakers(tmp_path: Path) -> None:
    """'…,' said the Labour leader, Sir Keir Starmer; 'the new MP' is the winner of the table."""
    article = write(
        tmp_path,
        "Jane Example (Lab) 12,345",
        "John Sample (Con) 8,024",
        "Labour leader Sir Keir Starmer was at the count.",
        "“A wonderful night,” said Labour leader Sir Keir Starmer.",
        "Speaking after the result, the new MP said: “I will work for everyone.”",
        "The Labour leader added: “She will be brilliant.”",
    )
    draft_testville(article, tmp_path / "out")
    contest = load_knowledge(tmp_path / "out").contests["testville-2024"]
    got = [(q.citation.paragraph, contest.people[q.speaker].name) for q in contest.quotes]
    assert got == [(4, "Keir Starmer"), (5, "Jane Example"), (6, "Keir Starmer")]


def test_a_quote_continued_across_paragraphs() -> None:
    """An unclosed quote, or a quote-led paragraph after one, continues the same speaker."""
    assert [
        a[2]
        for a in attributions(
            "Jane Smith MP said: “This is the first paragraph.",
            "“This is the second.",
            "“And the last one.”",
            "“A new paragraph of the same speech.”",
            "Tom Jones, a local teacher, was not impressed.",
        )
    ] == ["Jane Smith"] * 4


def test_an_unsure_attribution_is_commented_out(tmp_path: Path) -> None:
    """A quote with no reporting verb, or a pronoun with nobody to stand for, is kept out of quotes.yaml."""
    article = write(
        tmp_path,
        "The count went on all night in the town of Testville.",
        "“It was a long night for everyone involved in the count.”",
        "He said: “We will be back.”",
    )
    report = draft_testville(article, tmp_path / "out")
    assert (report.quotes, report.unsure_quotes) == (0, 2)
    text = (report.folder / "quotes.yaml").read_text(encoding="utf-8")
    assert "quotes: []" in text and "#    text: We will be back." in text
    assert any("speaker not sure" in line for line in report.review)
    assert load_knowledge(tmp_path / "out").contests["testville-2024"].quotes == []


def test_people_from_results_prose_and_appositions(tmp_path: Path) -> None:
    """Candidates from the table, others from the prose; appositions give roles; no shared alias."""
    article = write(
        tmp_path,
        "Tom Howard, a local teacher, has won the Testville by-election for Labour.",
        "Tom Howard (Lab) 12,345 (45.67%, +6.78%)",
        "Anna Howard (C) 10,001 (36.82%, -4.10%)",
        "Peter Brown (LD) 4,815 (17.51%, +1.02%)",
        "Lab maj 2,344 (8.63%)",
        "2.30% swing C to Lab",
        "Labour leader Sir Keir Starmer said the result was “a fine win”.",
        "Conservative councillor Jo Long said the campaign had been hard.",
    )
    report = draft_testville(article, tmp_path / "out")
    contest = load_knowledge(tmp_path / "out").contests["testville-2024"]
    people = {p.name: p for p in contest.people.values()}
    assert set(people) == {"Tom Howard", "Anna Howard", "Peter Brown", "Keir Starmer", "Jo Long"}
    assert people["Tom Howard"].role == "A local teacher; Labour candidate who won the by-election"
    assert people["Anna Howard"].party == "Conservative"
    assert "Howard" not in people["Tom Howard"].aliases + people["Anna Howard"].aliases
    # a surname that is a word questions rarely use is kept ("brown's votes"); a common one is not
    assert "Brown" in people["Peter Brown"].aliases
    assert "Long" not in people["Jo Long"].aliases
    assert people["Keir Starmer"].title == "Sir" and people["Keir Starmer"].party == "Labour"
    assert report.result_lines == 3 and report.phase == "declared"
    assert any("“Howard” left out: 2 people share it" in line for line in report.review)


def test_a_later_mention_adds_an_occupation_with_its_own_citation(tmp_path: Path) -> None:
    """'Tory candidate Jo Sample' then 'Barrister Dr Sample ... unlike accountant Mrs Example':
    the occupations join their roles, each cited, and 'unlike' ends a description."""
    engine = drafted_engine(
        tmp_path,
        "Mrs Example won 17,957 votes while Tory candidate Jo Sample came second with 12,032.",
        "Jane Example, Liberal Democrats - 17,957 (59.9%)",
        "Jo Sample, Conservative - 12,032 (40.1%)",
        "Barrister Dr Sample faced criticism for being from Birmingham unlike accountant Mrs Example.",
    )
    people = {p.name: p for p in engine.kb.contests["testville-2024"].people.values()}
    assert people["Jo Sample"].role == "Barrister; Conservative candidate"
    assert people["Jane Example"].role.startswith("Accountant; ")
    assert any(c.paragraph == 4 for c in people["Jo Sample"].citations)
    job = engine.answer("what job does jo sample do")
    assert job.answered and "Barrister" in job.text, job.text


RESULT_FORMATS = {
    "pa": [
        "Jane Example (Lab) 12,345 (45.67%, +6.78%)",
        "John Sample (Con) 8,024 (29.69%, -3.10%)",
        "Jo Other (Green) 6,658 (24.64%, +1.20%)",
        "Lab maj 4,321 (15.99%)",
        "Electorate 70,000; Turnout: 38.61%",
    ],
    "comma": [
        "Jane Example, Labour, 12,345",
        "John Sample, Conservative Party: 8,024",
        "Jo Other, Green Party: 6,658",
    ],
    "dash": [
        "Jane Example - Labour - 12,345",
        "John Sample – Conservative – 8,024",
        "Jo Other - Green - 6,658",
    ],
    "bullets": [
        "• Jane Example (Labour): 12,345",
        "• John Sample (Conservative): 8,024",
        "• Jo Other (Green): 6,658",
    ],
    "party first": [
        "Labour Jane Example 12,345 votes.",
        "Conservative John Sample 8,024 votes.",
        "Green Party Jo Other 6,658 votes.",
    ],
    "name, party votes": [
        "Jane Example, Labour 12,345 votes.",
        "John Sample, Conservative 8,024 votes.",
        "Jo Other, Green 6,658 votes.",
    ],
}


@pytest.mark.parametrize("form", sorted(RESULT_FORMATS))
def test_result_formats_read_and_declared(tmp_path: Path, form: str) -> None:
    """Each common way of printing a result becomes a declared result that passes /count's checks."""
    article = write(
        tmp_path,
        "Jane Example has won the Testville by-election with a majority of 4,321.",
        "The turnout was 38.61%.",
        *RESULT_FORMATS[form],
    )
    report = draft_testville(article, tmp_path / "out")
    status = load_knowledge(tmp_path / "out").contests["testville-2024"].status
    assert report.phase == status.phase == "declared", report.review
    result = status.result
    assert result is not None
    assert [(c.name, c.party, c.votes) for c in result.ranked] == [
        ("Jane Example", "Labour", 12345),
        ("John Sample", "Conservative", 8024),
        ("Jo Other", "Green", 6658),
    ]
    assert (result.winner, result.majority, result.turnout_percent) == ("Jane Example", 4321, 38.61)
    assert result.electorate == (70000 if form == "pa" else None)
    facts = {f.id: f for f in load_knowledge(tmp_path / "out").contests["testville-2024"].facts}
    assert facts["votes-john-sample"].answer.startswith(
        "John Sample (Conservative) got 8,024 votes"
    )
    assert facts["place-third"].answer.startswith("Jo Other (Green) came third with 6,658 votes")


def test_a_results_line_with_no_party_takes_the_one_the_article_gives(tmp_path: Path) -> None:
    """ "Roy Other 116 votes" prints no party: the prose may ("independents Jo X and Roy Other")."""
    engine = drafted_engine(
        tmp_path,
        "Jane Example has won the Testville by-election.",
        "The other candidates were Labour’s John Sample, the Liberal Democrats’ Ann Third, "
        "the Green Party’s Al Fourth and independents Jo Fifth and Roy Other.",
        "Conservative Jane Example 12,345 votes.",
        "Labour John Sample 8,024 votes.",
        "Liberal Democrat Ann Third 2,252 votes.",
        "Green Party Al Fourth 515 votes.",
        "Jo Fifth, independent 211 votes.",
        "Roy Other 116 votes.",
        "Ed Nobody 42 votes.",
    )
    (contest,) = engine.kb.contests.values()
    result = contest.status.result
    assert result is not None
    assert [(c.name, c.party) for c in result.ranked] == [
        ("Jane Example", "Conservative"),
        ("John Sample", "Labour"),
        ("Ann Third", "Liberal Democrat"),
        ("Al Fourth", "Green"),
        ("Jo Fifth", "Independent"),
        ("Roy Other", "Independent"),
        ("Ed Nobody", "no party given"),
    ]
    people = {p.name: p for p in contest.people.values()}
    assert people["Ann Third"].role in (None, "Liberal Democrat candidate"), people[
        "Ann Third"
    ].role
    majority = engine.answer("what was the majority?")
    assert "4,321" in majority.text, majority.text  # not printed: cited to the two lines it is from
    assert {c.paragraph for c in majority.citations} == {3, 4}, majority.citations


def test_figures_that_do_not_add_up_are_not_declared(tmp_path: Path) -> None:
    """A majority or turnout that the votes contradict: phase stays scheduled, each problem is said."""
    article = write(
        tmp_path,
        "Jane Example has won the Testville by-election with a majority of 5,000.",
        "Jane Example (Lab) 12,345",
        "John Sample (Con) 8,024",
        "Electorate 30,000; Turnout 90.00%",
    )
    report = draft_testville(article, tmp_path / "out")
    status_text = (report.folder / "status.yaml").read_text(encoding="utf-8")
    assert report.phase == "scheduled" and "\nphase: scheduled" in status_text
    assert "majority of 5,000 (¶1) but Jane Example minus John Sample is 4,321" in status_text
    assert "turnout is given as 90.0% but 20,369 of 30,000 is 67.90%" in status_text
    assert (
        '/count declare candidates: "Jane Example (Labour) 12345; John Sample (Conservative) 8024"'
        in status_text
    )
    assert sum("result does not add up" in line for line in report.review) == 2


def test_prose_only_result_is_left_for_the_moderator(tmp_path: Path) -> None:
    """'won with N votes' names some candidates only: the winner's party comes from the prose, no result is declared."""
    article = write(
        tmp_path,
        "Jane Example has won the Testville by-election for Reform UK.",
        "Ms Example took the seat with 12,345 votes, beating Conservative John Sample, who polled 8,024.",
    )
    report = draft_testville(article, tmp_path / "out")
    contest = load_knowledge(tmp_path / "out").contests["testville-2024"]
    people = {p.name: p for p in contest.people.values()}
    assert people["Jane Example"].party == "Reform UK"
    assert people["John Sample"].role == "Conservative candidate"
    assert report.result_lines == 2 and contest.status.phase == "scheduled"
    assert any("not a full results table" in line for line in report.review)


def test_a_majority_that_is_the_first_two_s_difference_names_the_winner(tmp_path: Path) -> None:
    """With no sentence naming the winner, prose votes whose first two differ by the stated
    majority say who won and who came second; 'Tory hopeful X' is the Conservative candidate;
    'their 19,213 majority ... wiped out' is the earlier majority."""
    engine = drafted_engine(
        tmp_path,
        "Rishi Sunak has been dealt a blow after the Lib Dems pulled off a stunning victory.",
        "Lib Dem candidate Jane Example received 21,187 votes, with Tory hopeful John Sample "
        "receiving 10,179.",
        "That gave the Lib Dems a majority of 11,008 on a 29% swing.",
        "The Conservatives saw their 19,213 majority in Testville wiped out.",
    )
    people = {p.name: p for p in engine.kb.contests["testville-2024"].people.values()}
    assert people["Jane Example"].role == "Liberal Democrat candidate who won the by-election"
    before = engine.answer("how big was the tory majority before")
    assert before.answered and "19,213" in before.text, before.text
    now = engine.answer("what was the majority")
    assert now.answered and "11,008" in now.text, now.text
    assert people["John Sample"].party == "Conservative"
    assert people["Rishi Sunak"].role is None or "won" not in people["Rishi Sunak"].role
    for question, name in [("who won?", "Jane Example"), ("who came second", "John Sample")]:
        answer = engine.answer(question)
        assert answer.answered and name in answer.text, (question, answer.text)


def test_a_majority_that_is_not_the_difference_names_no_winner(tmp_path: Path) -> None:
    """When the stated majority is not the first two's difference, the prose may have left out
    a candidate: nobody is made the winner or the runner-up from the votes alone."""
    engine = drafted_engine(
        tmp_path,
        "Rishi Sunak has been dealt a blow after the Lib Dems pulled off a stunning victory.",
        "Lib Dem candidate Jane Example received 21,187 votes, with Tory hopeful John Sample "
        "receiving 10,179.",
        "That gave the Lib Dems a majority of 9,000.",
    )
    people = {p.name: p for p in engine.kb.contests["testville-2024"].people.values()}
    assert "won" not in (people["Jane Example"].role or "")
    answer = engine.answer("who came second")
    assert "John Sample" not in answer.text, answer.text


def test_a_votes_sentence_that_names_no_party_answers_no_party_question(tmp_path: Path) -> None:
    """'Which party did X stand for?' goes only to a fact whose cited text names the party."""
    engine = drafted_engine(
        tmp_path,
        "Jane Example has won the Testville by-election for Reform UK by just six votes.",
        "Ms Example received 12,645 compared to Labour's 12,639.",
    )
    contest = engine.kb.contests["testville-2024"]
    votes = next(f for f in contest.facts if f.id == "votes-jane-example")
    assert "How many votes did Jane Example get?" in votes.questions
    assert not any("party" in q.lower() for q in votes.questions), votes.questions
    for question in ("which party did jane example stand for", "what party is ms example"):
        answer = engine.answer(question)
        assert "12,645" not in answer.text, answer.text  # never the votes sentence
        assert not answer.answered or "Reform UK" in answer.text, answer.text


def test_shares_of_vote_spoilt_papers_and_an_electorate_after_its_figure(tmp_path: Path) -> None:
    """'(86.10% of vote)', 'There were 1,084 spoilt ballot papers' and '(22.36% of 66,462
    electorate)' are read: the result adds up with them and is declared."""
    article = write(
        tmp_path,
        "Jane Example won with 12,792 votes in a contest that saw a low turnout of 24%.",
        "There were 1,084 spoilt ballot papers.",
        "Jane Example (Conservative Party) - 12,792 (86.10% of vote)",
        "John Sample (Psychedelic Movement) - 1,714 (11.54%)",
        "Jo Other (UKIP) - 352 (2.37%)",
        "Turnout: 14,858 (22.36% of 66,462 electorate)",
    )
    report = draft_testville(article, tmp_path / "out")
    status = load_knowledge(tmp_path / "out").contests["testville-2024"].status
    assert report.phase == status.phase == "declared", report.review
    result = status.result
    assert result is not None
    assert (result.winner, result.electorate, result.rejected_ballots) == (
        "Jane Example",
        66462,
        1084,
    )
    assert [c.votes for c in result.ranked] == [12792, 1714, 352]
    engine = Engine(load_knowledge(tmp_path / "out"))
    share = engine.answer("john sample vote share?")
    assert share.answered and "11.54" in " ".join(c.quote for c in share.citations), share.text
    spoilt = engine.answer("how many spoilt ballots")
    assert spoilt.answered and "1,084" in spoilt.text, spoilt.text


def test_what_a_party_stands_for_is_not_its_candidates_votes(tmp_path: Path) -> None:
    """The drafted fact 'which party did X stand for?' does not answer 'what does UKIP stand for?'."""
    engine = drafted_engine(
        tmp_path,
        "Jane Example has won the Testville by-election.",
        "Jane Example, Liberal Democrats - 17,957 (82.6%)",
        "Andrea Allen, Ukip - 3,778 (17.4%)",
    )
    for question in ("what does ukip stand for?", "what does ukip believe in"):
        answer = engine.answer(question)
        assert not answer.answered, answer.text
    party = engine.answer("which party did andrea allen stand for")
    assert party.answered and "UKIP" in party.text, party.text


@pytest.mark.parametrize(
    ("said", "winner", "change"),
    [
        ("The Conservatives have retained the seat.", "Conservative", "Conservative hold"),
        (
            "It was a Liberal Democrat gain from the Conservatives.",
            "Liberal Democrat",
            "Liberal Democrat gain from Conservative",
        ),
    ],
)
def test_a_hold_or_gain_said_in_prose_is_the_result_s_change(
    tmp_path: Path, said: str, winner: str, change: str
) -> None:
    """Whose seat it was, said without a majority, makes the declared result a hold or a gain."""
    loser = "Liberal Democrat" if winner == "Conservative" else "Conservative"
    engine = drafted_engine(
        tmp_path,
        said,
        f"Jane Example ({winner}) - 12,792 (70.2%)",
        f"John Sample ({loser}) - 5,430 (29.8%)",
    )
    answer = engine.answer("who won")
    assert answer.kind == "result" and change in answer.text, answer.text


def test_a_candidate_is_cited_at_their_own_line(tmp_path: Path) -> None:
    """Votes are cited where the sources give that candidate's figure: 95 is not in 17,957, and
    the line with the full name comes before a sentence with the surname."""
    engine = drafted_engine(
        tmp_path,
        "Mrs Example won 17,957 votes while Tory candidate John Sample came second with 3,695.",
        "Turnout: 46.3%",
        "Jane Example, Liberal Democrats - 17,957 (82.6%)",
        "John Sample, Conservative - 3,695 (17.0%)",
        "Jo Other, Independent - 95 (0.4%)",
    )
    for question, line in [
        ("how many votes did jo other get", 5),
        ("who came last", 5),
        ("how many votes did jane example get", 3),
    ]:
        answer = engine.answer(question)
        assert answer.answered and answer.kind == "result", answer.text
        assert {c.paragraph for c in answer.citations} == {line}, (question, answer.citations)


def test_an_earlier_result_is_asked_about_by_its_parties(tmp_path: Path) -> None:
    """A '2019:' line and the line after it: the parties printed there are that fact's parties,
    so 'the tory majority in 2019' and 'labour's votes in 2019' are answered from it."""
    engine = drafted_engine(
        tmp_path,
        "Jane Example has won the Testville by-election for the Green Party.",
        *RESULT_FORMATS["pa"],
        "2019: C maj 20,137 (35.69%) – Turnout 56,418 (71.67%)",
        "Adams (C) 33,995 (60.26%); Rofidi (Lab) 13,858 (24.56%); Macy (LD) 4,842 (8.58%)",
    )
    facts = {f.id: f for f in engine.kb.contests["testville-2024"].facts}
    assert facts["previous-majority"].parties == ["Conservative"]
    assert set(facts["result-2019"].parties) == {"Conservative", "Labour", "Liberal Democrat"}
    majority = engine.answer("how big was the tory majority in 2019")
    assert majority.answered and "20,137" in majority.text, majority.text
    votes = engine.answer("how many votes did labour get in 2019")
    assert votes.answered and "13,858" in votes.text, votes.text
    other = engine.answer("how many votes did reform get in 2019")
    assert not other.answered, other.text  # Reform UK is not in the 2019 line


def test_two_questions_in_one_where_the_second_borrows_the_first(tmp_path: Path) -> None:
    """'who won and by how much' answers the winner and the majority ('won by how much')."""
    engine = drafted_engine(
        tmp_path,
        "Jane Example has won the Testville by-election for the Green Party.",
        "The council said a total of 40,000 votes were cast.",
        "The swing saw Ms Example secure a majority of 1,234.",
    )
    answer = engine.answer("who won and by how much")
    assert "has won the Testville by-election" in answer.text, answer.text
    assert "majority of 1,234" in answer.text, answer.text


def test_two_contests_in_one_folder(tmp_path: Path) -> None:
    """A draft beside the shipped contest proposes no alias that contest claims, and the folder loads."""
    root = tmp_path / "repo" / "knowledge"
    shutil.copytree(ROOT / "knowledge", root)
    shutil.copytree(ROOT / "seeds", tmp_path / "repo" / "seeds")
    article = write(tmp_path, "Jane Example has won the Hartlepool Town by-election.")
    report = draft_knowledge(
        article,
        "hartlepool-town-2024",
        root,
        parties=shipped_parties(),
        name="Hartlepool Town by-election",
        date=dt.date(2024, 7, 4),
    )
    kb = load_knowledge(root)
    assert set(kb.contests) == {CONTEST, "hartlepool-town-2024"}
    assert "hartlepool" not in kb.contests["hartlepool-town-2024"].aliases
    assert "hartlepool town" in kb.contests["hartlepool-town-2024"].aliases
    with pytest.raises(DraftError, match="already claimed by contest 'hartlepool-2021'"):
        draft_knowledge(
            article,
            "hartlepool-2024",
            root,
            parties=shipped_parties(),
            name="Hartlepool by-election",
        )
    assert not any(
        "hartlepool-2021" in line for line in report.review if "alias" in line and "town" in line
    )


def test_quote_marks() -> None:
    """Curly, straight and doubled-apostrophe marks; an unclosed quote runs to the end of the paragraph."""
    text = "He said: \"one''. Then “two” and \"three"
    assert [text[s.inner_start : s.inner_end] for s in quoted_spans(text)] == [
        "one",
        "two",
        "three",
    ]


def test_bad_input(tmp_path: Path) -> None:
    """An empty article or a bad contest id is refused with a reason."""
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n", encoding="utf-8")
    with pytest.raises(DraftError, match="no paragraphs"):
        draft_knowledge(empty, "x-2024", tmp_path / "out", parties=shipped_parties())
    with pytest.raises(DraftError, match="lower case"):
        draft_knowledge(SEED, "X_2024", tmp_path / "out", parties=shipped_parties())


def test_the_new_party_majority_is_the_winner_s_and_a_surname_alone_names_them(
    tmp_path: Path,
) -> None:
    """'the new Labour majority of more than 6,000' is this result's majority, not an earlier
    one; 'bone' names Peter Bone; 'what did bone do?' asks what he did, not his job."""
    engine = drafted_engine(
        tmp_path,
        "Labour's candidate Jane Example has won in Testville, overturning a huge majority.",
        "It took a seat which former Tory MP Peter Bone, who was suspended for misconduct, had "
        "won with a majority of 18,540 at the 2019 general election.",
        "She said the new Labour majority of more than 6,000 was higher than expected.",
    )
    majority = engine.answer("whats the maj")
    assert majority.answered and "6,000" in majority.text, majority.text
    before = engine.answer("bone's maj in 2019?")
    assert before.answered and "18,540" in before.text, before.text
    did = engine.answer("what did bone do")
    assert "Former Tory MP." not in did.text, did.text


def test_a_surname_that_is_a_party_word_is_still_a_name(tmp_path: Path) -> None:
    """'Lib Dem Sarah Greenfield' is plain, but 'Lib Dem Jane Green' and 'Ms Green' are people
    too; 'Boris Johnson's Tories' and '(Eng Dem)' are not."""
    engine = drafted_engine(
        tmp_path,
        "Boris Johnson’s Tories have suffered a humiliating defeat in Testville.",
        "Lib Dem Jane Green is the country’s newest MP after winning the seat.",
        "The contest was triggered by the death of Dame Ann Other, who took the seat with a "
        "majority of 16,233 in the 2019 general election.",
        "The stunning result saw Ms Green defeat Tory John Fleet by a majority of 8,028.",
        "Ms Green said she was “humbled by the faith you have placed in me”.",
        "Therese Example (Eng Dem) 135",
    )
    people = {p.name: p for p in engine.kb.contests["testville-2024"].people.values()}
    assert people["Jane Green"].party == "Liberal Democrat"
    assert people["John Fleet"].party == "Conservative"
    assert not {"Johnson Tories", "Boris Johnson Tories", "Eng Dem"} & set(people)
    quote = engine.answer("who said humbled by the faith")
    assert quote.answered and "Jane Green" in quote.text, quote.text
    won = engine.answer("who won?")
    assert won.answered and "Jane Green" in won.text and "16,233" not in won.text, won.text
    majority = engine.answer("what was the majority")
    assert majority.answered and "8,028" in majority.text, majority.text


def test_someone_the_winner_defeated_stood_as_a_candidate(tmp_path: Path) -> None:
    """'saw Ms Green defeat Tory John Fleet' makes him the Conservative candidate."""
    engine = drafted_engine(
        tmp_path,
        "Lib Dem Jane Green is the country’s newest MP after winning the Testville seat.",
        "The stunning result saw Ms Green defeat Tory John Fleet by a majority of 8,028.",
    )
    answer = engine.answer("who was the tory candidate")
    assert answer.answered and "John Fleet" in answer.text, answer.text
    people = {p.name: p for p in engine.kb.contests["testville-2024"].people.values()}
    assert people["John Fleet"].role == "Conservative candidate"


def test_a_table_of_party_votes_names_whom_the_article_names(tmp_path: Path) -> None:
    """'Labour: 11,719' gives a party's votes: its candidate is the one the prose names beside
    them, else the one person of that party, else no one ('Reform UK candidate')."""
    engine = drafted_engine(
        tmp_path,
        "Labour have taken the Testville seat with a majority of 1,316.",
        "Addressing the 11,719 constituents who voted for her, Jane Example said: “Thank you.”",
        "Her Conservative opponent, John Sample, left by a side door.",
        "Here are the results across all parties:",
        "Labour: 11,719",
        "Conservatives: 10,403",
        "Reform UK: 1,373",
        "Liberal Democrats: 417",
        "Green Party: 417",
    )
    (contest,) = engine.kb.contests.values()
    result = contest.status.result
    assert result is not None and result.winner == "Jane Example" and result.majority == 1316
    assert [(c.name, c.party, c.unnamed) for c in result.ranked][:3] == [
        ("Jane Example", "Labour", False),
        ("John Sample", "Conservative", False),
        ("Reform UK candidate", "Reform UK", True),
    ]
    assert "Her Conservative" not in {p.name for p in contest.people.values()}
    third = engine.answer("who came third?")
    assert third.answered and "Reform UK (candidate not named) 1,373" in third.text, third.text
    green = engine.answer("green votes?")
    assert "417" in green.text and {c.paragraph for c in green.citations} == {9}, green.citations
    unnamed = engine.answer("who was the lib dem candidate?")  # not given a stand-in as a name
    assert unnamed.kind != "result" and not unnamed.text.startswith("Liberal Democrat candidate")


def test_when_a_result_was_announced_and_the_finer_turnout(tmp_path: Path) -> None:
    """'when was the result announced?' is a time, not the winner's votes; the turnout under
    the table (25.91%) is the prose's (26%) printed more exactly; a victory speech is no win."""
    engine = article_engine(tmp_path, "middlesbrough-2012")
    (contest,) = engine.kb.contests.values()
    assert contest.status.result is not None and contest.status.result.turnout_percent == 25.91
    when = engine.answer("when was the result announced")
    assert when.answered and "01:20 GMT" in when.text, when.text
    assert "victory speech" not in when.text, when.text
    winner = next(f for f in contest.facts if f.id == "winner")
    assert "victory speech" not in winner.answer, winner.answer


@pytest.mark.parametrize(
    ("said", "before"),
    [
        ("The seat had been held by Labour's Sir Jo Bloggs since 1983.", "Jo Bloggs"),
        (
            "It overturned a 20,000 majority held by ex-Tory MP Al Pincer, who resigned.",
            "Al Pincer",
        ),
    ],
)
def test_the_mp_before_is_whoever_held_the_seat(tmp_path: Path, said: str, before: str) -> None:
    """'who was the mp before?' is whoever the article says held the seat, or calls ex-MP; the
    by-election's cause, naming no one, does not answer it."""
    engine = drafted_engine(
        tmp_path,
        "Labour has retained the seat of Testville after a by-election triggered by the death "
        "of the town's MP.",
        said,
        "Jane Example (Labour) 10,201",
        "John Sample (UKIP) 1,990",
    )
    for question in ("who was the mp before", "who was the old mp"):
        answer = engine.answer(question)
        assert answer.answered and before in answer.text, (question, answer.text)


def test_a_job_someone_works_as_joins_their_description(tmp_path: Path) -> None:
    """'Mr Example ... works as a solicitor for a trade union law firm' describes him."""
    engine = drafted_engine(
        tmp_path,
        "Labour has retained the seat of Testville.",
        "In his victory speech, Mr Example, a former councillor, said: “Thank you, Testville.”",
        "Mr Example lives with his wife in the town and works as a solicitor for a law firm.",
        "Jo Example (Labour) 10,201",
        "Al Sample (UKIP) 1,990",
    )
    people = {p.name: p for p in engine.kb.default_contest.people.values()}
    assert "Solicitor for a law firm" in (people["Jo Example"].role or "")
    answer = engine.answer("what is jo example's job")
    assert answer.answered and "Solicitor for a law firm" in answer.text, answer.text


def test_the_mp_before_the_winner_is_the_former_mp_not_before_someone_else(
    tmp_path: Path,
) -> None:
    """'who was the MP before Example?' names the winner as a time, not as the one asked
    about; before someone who won another seat, the former MP here is not the answer."""
    engine = drafted_engine(
        tmp_path,
        "Jane Example has won the Testville by-election for Labour.",
        "It follows Labour's victory in the night's other by-election, where Al Other won.",
        "It overturned a 20,000 majority held by ex-Tory MP Al Pincer, who resigned.",
        "Jane Example (Labour) 10,201",
        "John Sample (Conservative) 8,990",
    )
    answer = engine.answer("who was the mp before jane example")
    assert answer.answered and "Al Pincer" in answer.text, answer.text
    other = engine.answer("who was the mp before al other")
    assert "Al Pincer" not in other.text, other.text


@pytest.mark.parametrize(
    "said",
    [
        "This Conservative win is the first time, since 1935, that the constituency has not been "
        "Labour.",
        "The seat had been held by Labour since 1935.",
        "Testville now has its first non-Labour MP for more than 80 years.",
    ],
)
def test_whose_seat_it_was_makes_the_gain(tmp_path: Path, said: str) -> None:
    """Whose seat it was, said in any of these ways, makes the result a gain from them; 'a gain
    or a hold?' is answered without a yes or no."""
    engine = drafted_engine(
        tmp_path,
        "Jane Example has been named Testville's next MP.",
        said,
        "Conservative Jane Example 13,748 votes.",
        "Labour John Sample 11,601 votes.",
    )
    answer = engine.answer("was this a gain or a hold for the conservatives?")
    assert "Conservative gain from Labour" in answer.text, answer.text
    assert not answer.text.startswith(("Yes", "No")), answer.text


PA_RESULT = (
    "Labour have won the Testville by-election, taking the seat from the Conservatives.",
    "Jane Example (Lab) 13,166 (47.94%, +8.13%)",
    "John Sample (Con) 8,241 (30.00%, -17.26%)",
    "Cy Sixth (Reform) 2,872 (10.46%)",
    "Ann Other (Ind) 2,090 (7.61%, +6.60%)",
    "Al Fourth (Green) 587 (2.14%)",
    "Bo Fifth (LD) 508 (1.85%, -2.12%)",
    "Lab maj 4,925 (17.93%)",
    "Electorate 69,601; Turnout 27,464 (39.46%, -25.09%)",
)


def test_how_a_share_moved_is_the_change_its_line_prints(tmp_path: Path) -> None:
    """'how much did Labour's share go up?' is the line's '+8.13%', which the declared result
    does not hold; 'what % did she end up with?' is still her share."""
    engine = drafted_engine(tmp_path, *PA_RESULT)
    assert engine.kb.default_contest.status.phase == "declared"
    moved = engine.answer("how much did labour's share go up")
    assert moved.answered and "+8.13%" in moved.text, moved.text
    level = engine.answer("what percentage did jane example end up with")
    assert level.answered and "47.9" in level.text, level.text
