"""Patterns of a page's layout the quote rules read: a label before a colon ('Kirby: "…"'), a
transcript's speaker in capitals, a headline's 'X on Y:', a wire dateline ('LIMA, Peru —').

Why apart from the cue lexicon: these match the page's furniture around the words, not a verb
or a noun of speech; the lexicon lists what a sentence says.
"""

from __future__ import annotations

import re

#: a speaker's label before a colon: one to three capitalised words ('Harf: "…"', 'Bank Chief: …')
LABEL_RE = re.compile(
    r"[ \t]*[\"“]?[ \t]*([A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){0,2})[ \t]*:[ \t]+(?=\S)"
)
#: a headline's 'Kirby on Lee's Transcripts:' / 'Bank Chief On Rates:': one to four capitalised
#: words, 'on', a topic (``subject_gaps.topic_label_name``)
TOPIC_LABEL_RE = re.compile(r"([A-Z][\w.'’&-]*(?:[ \t]+[A-Z][\w.'’&-]*){0,3})[ \t]+[Oo]n[ \t]+\S[^\n]*$")
#: a transcript's speaker in capitals before a colon ('MR. LEE: …'): a new turn, not a quotation's end
TRANSCRIPT_RE = re.compile(r"\s*[\"“]?\s*[A-Z][A-Z.'’ -]{1,30}:")
#: labels that name a source though no entity: 'Poll: …', 'Officials: …'
LABEL_WORDS = frozenset({"poll", "survey", "study", "report", "source", "sources", "officials"})
#: labels before a quoted line that are page furniture, not speakers ('Related: "…"')
NOT_SPEAKER_LABELS = frozenset(
    """related update updated watch read video videos photo photos note editor editor's breaking
    exclusive correction headline title quote q a see also more listen""".split()
)
#: a wire-style dateline opening a paragraph: 'HALDEN —', 'LIMA, Peru —', 'NEW YORK (Reuters) -'
DATELINE_RE = re.compile(
    r"[ \t]*[A-Z][A-Z.'’-]+(?:[ \t]+[A-Z][A-Z.'’-]+)*(?:,[ \t]+[A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){0,2})?"
    r"(?:[ \t]+\([^)\n]{1,40}\))?[ \t]+(?:—|–|--?)[ \t]+"
    # AFP style: 'Washington (AFP) –', 'New York (AFP) –' (mixed case, agency required)
    r"|[ \t]*[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+){0,2}(?:,[ \t]+[A-Z][\w.]*)?[ \t]+\([A-Z][A-Za-z]{1,15}\)[ \t]+(?:—|–|--?)[ \t]+"
)
