"""Quote extraction and speaker attribution over a parsed spaCy ``Doc``.

Why rules and not a model: they are cheap (linear passes over the Doc, no
re-parsing, so enrichment keeps pace with raw spaCy), explainable, and measured on
PolNeAR with ``newsflow.nlp.eval``. Three passes:

1. quote marks are paired character by character (curly, straight, single,
   guillemets, multi-paragraph quotes, stray marks tolerated);
2. sentence-level quoted passages become *direct* quotes, attributed through the
   frame next to them ("…," he said / Harf replied: "…" / according to X), a split
   quote ("…," he said. "…") is joined into one quote with ``spans``; a quote with
   no frame follows on from the previous speaker;
3. reporting verbs with a clausal complement give *indirect* (or *mixed*, when the
   clause holds quote marks) speech, plus "according to X", "In a poll, …", colon
   frames, parenthetical frames ("X, he said, Y" -> two pieces) and speaker-label
   paragraphs (transcripts, "Name: claim" headlines).

Measured with ``shared/tools/eval_quotes.py --extractor newsflow.nlp.eval:extract``
(PolNeAR dev); the cue lexicon below was derived from PolNeAR train only.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from .entities import Entity, normalise_key

# Cue lexicons. Derived from the Cue spans of PolNeAR's *training* split (lemmas of
# the verbs annotated as attribution cues, most frequent first), then pruned by how
# often each lemma with a clausal complement is a gold attribution on train.
#: verbs that introduce or close a direct quote ('"…," he said', 'Harf replied: "…"')
SPEECH_LEMMAS = frozenset(
    """say tell add ask write explain continue note reply respond answer recall insist argue
    claim declare warn tweet state announce acknowledge admit joke quip shout exclaim conclude
    observe remark complain suggest concede emphasize stress predict promise vow urge agree
    counter assert testify report comment mention repeat reiterate describe boast lament
    whisper yell scream chant post quote cite plead caution confirm deny wonder muse think
    believe recount read email text tout charge allege proclaim announce retort interject
    offer point write sing demand""".split()
)
#: reporting verb -> the dependents that hold its content, in priority order. Derived
#: from PolNeAR train: (lemma, dependency) pairs whose subtree matched a gold content
#: (IoU >= 0.5) at least 45% of the time and at least 4 times, then the pairs at 35-45%
#: whose verb reports speech, thought, stance or intent (a prediction right more often
#: than F1/2 ~ 0.35 raises F1; measured +0.005 on dev and train); "prep_about" means
#: the object of "about".
_FRAMES_SRC = """
    accept:ccomp accuse:prep_of acknowledge:ccomp,dobj add:advcl,ccomp admire:dobj
    admit:ccomp,dobj advocate:dobj,prep_for affirm:dobj agree:ccomp,prep_on,prep_with,xcomp
    aim:xcomp allege:ccomp announce:ccomp,dobj answer:dobj apologize:prep_for
    appear:ccomp,oprd,xcomp applaud:dobj argue:advcl,ccomp,prep_for articulate:dobj
    ask:advcl,ccomp,prep_about,xcomp assail:dobj assert:ccomp,dobj assume:ccomp
    assure:ccomp,prep_of attack:advcl believe:ccomp,xcomp bemoan:dobj blame:dobj,prep_for
    blast:advcl,dobj boast:ccomp boo:advcl brush:dobj calculate:ccomp
    call:advcl,ccomp,oprd,prep_for,prep_with,xcomp campaign:advcl,prep_against,prep_for
    cast:prep_as caution:ccomp challenge:xcomp chant:dobj,xcomp characterize:dobj
    charge:ccomp,prep_with circulate:dobj cite:dobj,prep_as claim:ccomp,xcomp clarify:ccomp
    come:prep_against comment:prep_on compare:advcl,dobj complain:advcl,ccomp,prep_about
    concede:ccomp conclude:ccomp condemn:dobj confirm:ccomp,dobj congratulate:dobj
    consider:ccomp,xcomp contemplate:dobj contend:ccomp contradict:dobj convince:ccomp
    counter:dobj credit:dobj criticize:advcl,dobj,prep_as,prep_for decide:xcomp
    declare:ccomp,dobj,oprd decline:advcl,dobj,xcomp decry:advcl,dobj deem:dobj
    defend:advcl,dobj,prep_against deliver:advcl demand:ccomp demonstrate:ccomp
    denounce:dobj deny:ccomp describe:advcl,ccomp,dobj,prep_as detail:dobj determine:ccomp
    devote:dobj disagree:ccomp disavow:dobj disclose:dobj discuss:ccomp,dobj
    dismiss:dobj,prep_as dispute:dobj distance:prep_from double:prep_on doubt:ccomp
    downplay:dobj dub:oprd echo:advcl,dobj email:advcl emphasize:ccomp,dobj encourage:xcomp
    endorse:advcl,dobj escalate:advcl estimate:ccomp expand:advcl expect:ccomp,xcomp
    explain:ccomp,dobj express:advcl,ccomp,dobj fear:ccomp feel:ccomp find:ccomp,prep_with
    fire:advcl follow:ccomp forget:ccomp frame:prep_as guess:ccomp hail:dobj
    highlight:ccomp,dobj hint:ccomp,prep_at hop:ccomp,prep_for,xcomp hope:ccomp
    imagine:ccomp imply:ccomp indicate:ccomp insist:ccomp intend:xcomp issue:dobj joke:ccomp
    knock:dobj know:prep_for,xcomp label:dobj lament:ccomp,dobj lead:xcomp learn:ccomp
    like:xcomp liken:prep_to list:dobj,prep_as look:xcomp love:xcomp maintain:ccomp
    make:ccomp mention:dobj,prep_as mock:advcl,dobj note:ccomp,dobj notice:ccomp offer:xcomp
    open:prep_about oppose:advcl,dobj,xcomp order:ccomp,xcomp outline:dobj paint:prep_as
    pitch:dobj plan:xcomp pledge:ccomp,xcomp point:advcl,ccomp,dobj,prep_as,prep_to
    portray:prep_as post:ccomp,dobj praise:advcl,dobj predict:ccomp,dobj prefer:dobj,xcomp
    press:advcl,prep_about,prep_for promise:advcl,ccomp,xcomp propose:advcl,ccomp,dobj,xcomp
    prove:xcomp pursue:advcl push:advcl,prep_for,xcomp question:ccomp,dobj rail:prep_against
    read:ccomp reaffirm:dobj realize:ccomp rebut:dobj recall:advcl,ccomp,dobj recite:dobj
    recognize:ccomp recommend:ccomp,dobj recount:dobj refer:prep_to reference:dobj
    refuse:advcl,xcomp regard:prep_as reiterate:ccomp,dobj reject:advcl,dobj release:advcl
    remark:ccomp remember:advcl,ccomp remind:ccomp,dobj renew:dobj repeat:dobj reply:ccomp
    report:advcl,ccomp,dobj,xcomp require:ccomp resist:dobj respond:advcl,ccomp,prep_to
    restrict:dobj retweete:dobj reveal:ccomp,dobj rip:dobj rule:ccomp
    say:advcl,ccomp,dobj,prep_about,prep_for,prep_to,xcomp see:prep_as,xcomp
    seek:advcl,xcomp seem:ccomp,prep_like,xcomp seize:advcl share:ccomp
    show:ccomp,prep_with,xcomp side:prep_with signal:ccomp slam:dobj
    speak:prep_about,prep_of speculate:ccomp sponsor:dobj state:ccomp,dobj stress:ccomp,dobj
    sue:advcl suggest:ccomp,dobj,xcomp support:xcomp suspect:ccomp talk:prep_about,prep_of
    tell:ccomp thank:dobj think:prep_about threaten:xcomp throw:prep_behind touch:prep_on
    tout:dobj tweet:advcl,ccomp urge:advcl,dobj,xcomp veto:dobj view:prep_as voice:dobj
    vote:xcomp vouch:prep_for vow:advcl,ccomp,xcomp warn:advcl,ccomp,prep_of,xcomp
    witness:dobj wonder:ccomp worry:ccomp write:advcl,ccomp,prep_about
"""
_DEP_ORDER = ("ccomp", "xcomp", "dobj", "oprd", "acomp", "attr")
INDIRECT_FRAMES: dict[str, tuple[str, ...]] = {}
for _item in _FRAMES_SRC.split():
    _lemma, _deps = _item.split(":")
    _ds = _deps.split(",")
    INDIRECT_FRAMES[_lemma] = tuple(
        sorted(_ds, key=lambda d: _DEP_ORDER.index(d) if d in _DEP_ORDER else 10 + (d == "advcl"))
    )
CUE_LEMMAS = frozenset(INDIRECT_FRAMES)
#: weaker cues, taken only when their content holds quote marks ('called it "a joke"')
_QUOTE_VERBS = frozenset(
    """call describe label dub term brand liken deem name tout cite use chant praise blast slam
    mock attack criticize refer promise vow pledge offer compare characterize dismiss
    tweet post write say tell add ask note""".split()
)
_QUOTE_VERB_DEPS = ("ccomp", "oprd", "xcomp", "dobj", "attr", "prep_as", "prep_to", "prep_of")
_LABEL_RE = re.compile(
    r"[ \t]*[\"“]?[ \t]*([A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){0,2})[ \t]*:[ \t]+(?=\S)"
)
_TRANSCRIPT_RE = re.compile(r"\s*[\"“]?\s*[A-Z][A-Z.'’ -]{1,30}:")
_LABEL_WORDS = frozenset({"poll", "survey", "study", "report", "source", "sources", "officials"})
#: nouns that name a source in 'In a <noun>, …' ("In a statement, …", "In a poll, …")
_SOURCE_NOUNS = frozenset(
    """poll survey statement interview letter report study email tweet post op-ed memo
    speech editorial column book filing complaint lawsuit ad video message release
    analysis note essay article""".split()
)
#: frames kept only with a third-person subject (train precision 0.45-0.6 that way)
_THIRD_PERSON_FRAMES: dict[str, tuple[str, ...]] = {
    "think": ("ccomp",), "want": ("ccomp",), "oppose": ("dobj",), "back": ("dobj",),
}
#: a wire-style dateline opening a paragraph: 'HALDEN —', 'LIMA, Peru —', 'NEW YORK (Reuters) -'
_DATELINE_RE = re.compile(
    r"[ \t]*[A-Z][A-Z.'’-]+(?:[ \t]+[A-Z][A-Z.'’-]+)*(?:,[ \t]+[A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){0,2})?"
    r"(?:[ \t]+\([^)\n]{1,40}\))?[ \t]+(?:—|–|--?)[ \t]+"
)
#: 'X seems / appears to …': the impression is the content, subject included
#: speech and thought nouns whose 'that' clause is attributed content ('his claim that …')
_CONTENT_NOUNS = frozenset(
    """claim argument assertion belief view idea warning fear concern promise pledge vow demand
    hope suggestion allegation accusation insistence contention notion statement admission
    complaint prediction assurance announcement finding conclusion message threat call
    proposal plan request recommendation criticism acknowledgment acknowledgement
    reminder case point sense feeling worry charge rumor rumour report""".split()
)
_TO_NOUNS = frozenset("promise pledge vow demand call proposal plan request threat decision".split())


def lemma_takes_to(tok: Token) -> bool:
    return tok.lemma_.lower() in _TO_NOUNS


#: reporting verbs as Title Case headlines write them ('Says', 'Calls', 'Endorses')
_HEADLINE_VERBS = frozenset(
    f for lemma in SPEECH_LEMMAS | CUE_LEMMAS | {"back", "slam", "blast", "rip", "want", "urge", "endorse"}
    for f in (lemma + "s", lemma + "es", lemma[:-1] + "ies" if lemma.endswith("y") else lemma + "s")
) - {"plans", "cases", "leads", "looks", "comes", "issues", "points", "orders", "rules"}

_VERB_CUES = SPEECH_LEMMAS | CUE_LEMMAS | _QUOTE_VERBS
_EVIDENTIAL = frozenset({"seem", "appear"})
_OBJ_PREPS = frozenset({"for", "as", "over", "of", "to", "about", "on"})
_CLEAR_WORDS = frozenset({"clear", "plain", "known", "obvious"})


_OPEN_DOUBLE = "“„«"
_CLOSE_DOUBLE = "”»"
_OPEN_SINGLE = "‘‹"
_CLOSE_SINGLE = "’›"
_ALL_MARKS = "\"'“”„«»‘’‹›"
_OPEN_CONTEXT = " \t\n\r([{—–-/:;,"
_TERMINAL = ",.!?;:—–…-"
_DASHES = "―—–-"
_PRONOUNS_PERSON = frozenset({"he", "she", "him", "her", "i"})
_PRONOUN_GENDER = {"he": "m", "him": "m", "she": "f", "her": "f"}
#: honorifics and role nouns that say a person's gender when written next to the name
_ROLE_F = """mrs ms miss madam lady queen princess duchess spokeswoman chairwoman congresswoman
    councilwoman businesswoman stateswoman anchorwoman policewoman actress""".split()
_ROLE_M = """mr sir lord king prince duke spokesman chairman congressman councilman businessman
    statesman anchorman policeman actor""".split()
#: family words say it too, but only written before the name ('his wife, Heidi Cruz', not
#: 'Cruz, whose wife …')
_KIN_F = "wife mother daughter sister widow grandmother aunt niece girlfriend woman".split()
_KIN_M = "husband father son brother widower grandfather uncle nephew boyfriend man".split()
_GENDER_WORDS = {**dict.fromkeys(_ROLE_F + _KIN_F, "f"), **dict.fromkeys(_ROLE_M + _KIN_M, "m")}
_KIN_WORDS = frozenset(_KIN_F + _KIN_M)
_PRONOUNS_GROUP = frozenset({"they", "we", "it", "them", "us"})
_MENTION_LEFT_DEPS = frozenset({"det", "compound", "amod", "poss", "nmod", "nummod", "quantmod"})


@dataclass
class Quote:
    """One attribution: content offsets exclude the quote marks; ``spans`` are its pieces."""

    start: int
    end: int
    text: str
    kind: str  # 'direct' | 'mixed' | 'indirect'
    cue: str | None
    speaker_start: int | None
    speaker_end: int | None
    speaker_text: str | None
    speaker: str | None
    speaker_label: str | None
    confidence: float
    spans: list[tuple[int, int]] = field(default_factory=list)
    cue_start: int | None = None
    cue_end: int | None = None
    speaker_key: str | None = None


# --------------------------------------------------------------------------- marks


@dataclass
class _Raw:
    """A run of text inside quote marks (possibly over several paragraphs)."""

    open_pos: int  # index of the opening mark
    close_pos: int | None  # index of the closing mark (None: unclosed at paragraph end)
    pieces: list[tuple[int, int]]  # content pieces, marks excluded
    close_len: int = 1  # 2 for the NYT-style '' mark

    @property
    def start(self) -> int:
        return self.pieces[0][0]

    @property
    def end(self) -> int:
        return self.pieces[-1][1]

    @property
    def after(self) -> int:
        """First character after the closing mark (or after the content)."""
        return self.close_pos + self.close_len if self.close_pos is not None else self.end


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out = []
    pos = 0
    n = len(text)
    while pos < n:
        nl = text.find("\n", pos)
        if nl < 0:
            nl = n
        if text[pos:nl].strip():
            out.append((pos, nl))
        pos = nl + 1
    return out


def _mid_sentence(text: str, i: int) -> bool:
    j = i - 1
    while j >= 0 and text[j] == " ":
        j -= 1
    return j >= 0 and j < i - 1 and text[j].isalnum()


def _is_opener_context(text: str, i: int) -> bool:
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    return (prev in _OPEN_CONTEXT or prev in _OPEN_DOUBLE or prev in _OPEN_SINGLE) and not nxt.isspace()


def _double_runs(text: str, ps: int, pe: int) -> tuple[list[tuple[int, int | None]], int | None]:
    """Pairs (open, close) of double marks in one paragraph; returns unclosed opener too."""
    pairs: list[tuple[int, int | None]] = []
    open_at: int | None = None
    family = ""
    depth = 0  # nested double quotes of the other family inside an open quote
    for i in range(ps, pe):
        c = text[i]
        if c in _OPEN_DOUBLE:
            if open_at is None:
                open_at, family, depth = i, "curly", 0
            elif family == "straight" or _mid_sentence(text, i):
                depth += 1  # nested quote ('what he calls “hell” than')
            else:
                open_at, depth = i, 0  # previous opener was stray
        elif c in _CLOSE_DOUBLE:
            if open_at is None:
                # a closing mark misused as an opener at the start of a passage
                if _is_opener_context(text, i) and (i == ps or text[i - 1] in " \t\n"):
                    open_at, family, depth = i, "curly", 0
            elif depth:
                depth -= 1
            else:
                pairs.append((open_at, i))
                open_at = None
        elif c == '"':
            if open_at is None:
                if _is_opener_context(text, i):
                    open_at, family, depth = i, "straight", 0
            elif family == "curly" and _is_opener_context(text, i) and i - 1 != open_at:
                depth += 1  # a straight quote nested in a curly one
            elif depth:
                depth -= 1
            else:
                pairs.append((open_at, i))  # closes either family ("…,” or “…,")
                open_at = None
    return pairs, open_at


def _single_runs(text: str, ps: int, pe: int, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Single quote marks used as quote marks (outside double-quoted runs)."""
    pairs = []
    open_at: int | None = None
    ti = 0
    for i in range(ps, pe):
        while ti < len(taken) and taken[ti][1] < i:
            ti += 1
        if ti < len(taken) and taken[ti][0] <= i <= taken[ti][1]:
            open_at = None
            continue
        c = text[i]
        if c not in "'‘’‹›":
            continue
        prev = text[i - 1] if i > 0 else " "
        nxt = text[i + 1] if i + 1 < len(text) else " "
        if open_at is None:
            if c in "'‘‹" and (prev.isspace() or prev in "([{—–") and (nxt.isalnum() or nxt in "$"):
                open_at = i
        elif c in "'’›" and not prev.isspace() and not nxt.isalnum():
            if i - open_at > 2:
                pairs.append((open_at, i))
            open_at = None
    return pairs


def _family(mark: str) -> str | None:
    """A writer repeats the same opening mark at each paragraph of a long quote; a
    paragraph opening with another style (a pasted excerpt's straight marks, then the
    article's curly ones) starts something new."""
    if mark == '"':
        return "straight"
    if mark in "“„”":
        return "curly"
    if mark in "«»":
        return "guillemet"
    return None


def find_quote_marks(text: str) -> list[_Raw]:
    """All runs of quoted text, in order; never raises on unbalanced marks."""
    if not any(c in text for c in _ALL_MARKS):
        return []
    if "''" in text or "``" in text:
        # NYT style ''…'' (and ``…''): scan a copy where each two-character mark is one
        # straight double mark followed by a NUL (same length, so offsets still hold)
        text = text.replace("``", '"\x00').replace("''", '"\x00')
    paras = _paragraphs(text)
    runs: list[_Raw] = []
    carry: _Raw | None = None
    for pi, (ps, pe) in enumerate(paras):
        pairs, unclosed = _double_runs(text, ps, pe)
        if carry is not None:
            # the paragraph opens with a mark continuing a multi-paragraph quote
            same = _family(text[ps:pe].lstrip()[:1]) == _family(text[carry.open_pos])
            if same and pairs and text[ps:pairs[0][0]].strip() == "":
                o, c = pairs[0]
                carry.pieces.append((o + 1, c))
                carry.close_pos = c
                runs.append(carry)
                carry = None
                pairs = pairs[1:]
            elif same and not pairs and unclosed is not None and text[ps:unclosed].strip() == "":
                carry.pieces.append((unclosed + 1, pe))
                unclosed = None
            else:
                runs.append(carry)
                carry = None
        for o, c in pairs:
            runs.append(_Raw(o, c, [(o + 1, c)]))
        singles = _single_runs(text, ps, pe, [(o, c) for o, c in pairs if c is not None])
        for o, c in singles:
            runs.append(_Raw(o, c, [(o + 1, c)]))
        if unclosed is not None and carry is None:
            nxt = paras[pi + 1] if pi + 1 < len(paras) else None
            raw = _Raw(unclosed, None, [(unclosed + 1, pe)])
            if (
                nxt is not None
                and _family(text[nxt[0]:nxt[1]].lstrip()[:1]) == _family(text[unclosed])
                and not _TRANSCRIPT_RE.match(text, nxt[0], nxt[1])
            ):
                carry = raw
            else:
                runs.append(raw)
    if carry is not None:
        runs.append(carry)
    runs.sort(key=lambda r: r.open_pos)
    # trim whitespace inside pieces; drop empty
    out = []
    for r in runs:
        pieces = []
        if r.close_pos is not None and text[r.close_pos + 1:r.close_pos + 2] == "\x00":
            r.close_len = 2
        for s, e in r.pieces:
            while s < e and (text[s].isspace() or text[s] == "\x00"):
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e > s:
                pieces.append((s, e))
        if pieces:
            r.pieces = pieces
            out.append(r)
    return out


# --------------------------------------------------------------------------- helpers


class _Index:
    """Char offset -> token lookups for one Doc (built once, O(log n) per query)."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        # to_array avoids creating a Token object per token
        self.starts = doc.to_array("IDX").tolist() if len(doc) else []

    def token_at(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.starts, pos) - 1)

    def tokens_between(self, start: int, end: int) -> range:
        """Token indices whose start lies in [start, end)."""
        a = bisect.bisect_left(self.starts, start)
        b = bisect.bisect_left(self.starts, end)
        return range(a, b)


def _is_cue(tok: Token, lemmas: frozenset[str]) -> bool:
    return tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in lemmas or (
        tok.lower_ in ("said", "says", "say", "told", "tells", "added", "asked", "wrote")
    )


def _mention_bounds(tok: Token, entities_by_tok: dict[int, Entity]) -> tuple[int, int]:
    """Character bounds of a compact speaker mention headed by ``tok``."""
    ent = entities_by_tok.get(tok.i)
    if ent is not None:
        return ent.start, ent.end
    left = tok.i
    for child in tok.lefts:
        if child.dep_ in _MENTION_LEFT_DEPS:
            left = min(left, child.left_edge.i)
    right = tok.i
    for child in tok.rights:
        if child.dep_ in ("compound", "flat") or (child.dep_ == "prep" and child.lower_ == "of"):
            right = max(right, child.right_edge.i)
    doc = tok.doc
    while left < tok.i and (doc[left].is_punct or doc[left].is_space):
        left += 1
    while right > tok.i and (doc[right].is_punct or doc[right].is_space):
        right -= 1
    return doc[left].idx, doc[right].idx + len(doc[right].text)


def _subject_of(tok: Token) -> Token | None:
    """nsubj of the cue, climbing through participles/conjuncts ("..., saying", "and added")."""
    cur: Token | None = tok
    for _ in range(4):
        if cur is None:
            return None
        for child in cur.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                return child
        for child in cur.children:
            if child.dep_ == "agent":
                for gc in child.children:
                    if gc.dep_ == "pobj":
                        return gc
        if cur.dep_ in ("conj", "advcl", "xcomp", "pcomp", "acl", "dep") and cur.head is not cur:
            if cur.dep_ == "acl" and cur.head.pos_ in ("NOUN", "PROPN"):
                return cur.head
            cur = cur.head
            if cur.dep_ == "prep":
                cur = cur.head
        else:
            return None
    return None


# --------------------------------------------------------------------------- main


@dataclass
class _Cand:
    pieces: list[tuple[int, int]]
    kind: str
    cue_tok: Token | None
    cue_text: str | None
    cue_bounds: tuple[int, int] | None
    speaker_tok: Token | None
    speaker_bounds: tuple[int, int] | None
    confidence: float
    follows: _Cand | None = None  # the quote whose speaker a cue-less follow-on took


class _Extractor:
    def __init__(self, doc: Doc, entities: Sequence[Entity], text: str | None = None) -> None:
        self.doc = doc
        self.text = doc.text if text is None else text  # Doc.text re-joins tokens: once
        self.ix = _Index(doc)
        self.entities = list(entities)
        self.ent_starts = [e.start for e in self.entities]
        self.ent_by_tok: dict[int, Entity] = {}
        for e in self.entities:
            for ti in self.ix.tokens_between(e.start, e.end):
                self.ent_by_tok[ti] = e
        self.quoted = [False] * len(doc)  # token inside a direct quote's content
        self.used_cues: set[int] = set()
        # datelines ('HALDEN, Norland — …'): (start, end) per paragraph that opens with one
        self.datelines: list[tuple[int, int]] = []
        if "—" in self.text or "–" in self.text or "-" in self.text:
            for ps, pe in _paragraphs(self.text):
                m = _DATELINE_RE.match(self.text, ps, pe)
                if m is not None and len(m.group(0).split()[0].strip(",")) >= 2:
                    self.datelines.append((ps, m.end()))
        self.dl_starts = [a for a, _ in self.datelines]
        self.runs: list[_Raw] = []  # quote-mark runs, by opening position
        self.run_opens: list[int] = []
        self.nick_after: dict[int, int] = {}  # opening mark of a quoted nickname -> its end
        self._genders: dict[str, str] | None = None  # person key -> "f" / "m", built on demand
        # speakers already resolved, for 'it' / 'they': (position, speaker, label, key, plural)
        self.history: list[tuple[int, str, str | None, str | None, bool]] = []

    def dateline_end(self, pos: int) -> int | None:
        """End of the dateline holding ``pos`` (None when ``pos`` is in no dateline)."""
        k = bisect.bisect_right(self.dl_starts, pos) - 1
        if k >= 0 and pos < self.datelines[k][1]:
            return self.datelines[k][1]
        return None

    # ---- frames --------------------------------------------------------------------
    def _region_after(self, r: _Raw, limit: int) -> tuple[int, int]:
        """From the closing mark to the end of the sentence frame (., ?, !, next mark)."""
        text = self.text
        s = r.after
        e = s
        while e < limit:
            c = text[e]
            if e in self.nick_after:
                e = self.nick_after[e]  # 'Marcia "Cia" Price': a nickname inside the frame
                continue
            if c == "\n" or c in _OPEN_DOUBLE or c == '"' or c in "!?;":
                break
            if c == "." and _sentence_stop(text, e):
                break
            e += 1
        return s, e

    def _nickname(self, r: _Raw) -> bool:
        """'Marcia "Cia" Price': one or two capitalised words quoted between name parts."""
        if r.close_pos is None or len(r.pieces) != 1:
            return False
        words = self.text[r.start:r.end].split()
        before = self.text[max(0, r.open_pos - 30):r.open_pos].split()
        after = self.text[r.after:r.after + 30].split()
        return (
            1 <= len(words) <= 2 and all(w[:1].isupper() and w.isalpha() for w in words)
            and bool(before) and before[-1][:1].isupper() and before[-1].isalpha()
            and bool(after) and after[0][:1].isupper() and after[0].rstrip(",.").isalpha()
            and self.text[r.open_pos - 1:r.open_pos] == " " and self.text[r.after:r.after + 1] == " "
        )

    def _region_before(self, r: _Raw, floor: int) -> tuple[int, int]:
        text = self.text
        e = r.open_pos
        s = e
        while s > floor:
            c = text[s - 1]
            if c == "\n" or c in "!?;" or c in _CLOSE_DOUBLE or (c == '"' and s - 1 != e):
                break
            if c == "." and _sentence_stop(text, s - 1):
                break
            s -= 1
        return s, e

    def _find_cue(self, s: int, e: int, last: bool) -> Token | None:
        toks = self.ix.tokens_between(s, e)
        found = None
        for ti in toks:
            tok = self.doc[ti]
            if self.quoted[ti]:
                continue
            if _is_cue(tok, SPEECH_LEMMAS) or tok.lower_ == "according":
                found = tok
                if not last:
                    return tok
        return found

    def _speaker_for(self, cue: Token, s: int, e: int) -> Token | None:
        if cue.lower_ == "according":
            for child in cue.children:
                if child.lower_ == "to":
                    for gc in child.children:
                        if gc.dep_ == "pobj":
                            return gc
            nxt = cue.i + 2
            if nxt < len(self.doc):
                return self.doc[nxt]
            return None
        subj = _subject_of(cue)
        if subj is not None and not self.quoted[subj.i]:
            dl_end = self.dateline_end(subj.idx) if self.datelines else None
            if dl_end is None:
                return self._named_appositive(subj)
            # 'HALDEN — The city council said': the place of the dateline is no speaker
            if dl_end < cue.idx:
                return self._first_name_in(dl_end, cue.idx)
            return None
        # inverted frames ("said Kerry") or a misparse: first nominal in the frame
        for ti in self.ix.tokens_between(s, e):
            tok = self.doc[ti]
            if ti == cue.i or self.quoted[ti]:
                continue
            if tok.pos_ in ("PROPN", "PRON", "NOUN") and tok.lower_ not in ("it", "statement"):
                # prefer the head of a compound
                while tok.dep_ in ("compound", "flat") and tok.head.i != tok.i and s <= tok.head.idx < e:
                    tok = tok.head
                if tok.dep_ == "poss" and tok.head.i != tok.i and s <= tok.head.idx < e:
                    tok = tok.head  # 'said Veltron's chief executive': the executive speaks
                return self._named_appositive(tok)
        return None

    def _named_appositive(self, tok: Token) -> Token:
        """'the company's chief executive, Sara Lindholm': the named person, when given."""
        if tok.i in self.ent_by_tok and self.ent_by_tok[tok.i].label == "PERSON":
            return tok
        for child in tok.rights:
            if child.dep_ == "appos":
                ent = self.ent_by_tok.get(child.i)
                if ent is not None and ent.label == "PERSON":
                    return child
        return tok

    # ---- pass 1+2: direct quotes ----------------------------------------------------
    def direct(self, runs: list[_Raw]) -> list[_Cand]:
        text = self.text
        n = len(text)
        cands: list[tuple[_Raw, _Cand | None, bool]] = []
        prev_close = 0
        prev_cand: _Cand | None = None
        prev_raw: _Raw | None = None
        nicks = {r.open_pos: r.after for r in runs if self._nickname(r)}
        self.nick_after = nicks
        runs = [r for r in runs if r.open_pos not in nicks]
        for k, r in enumerate(runs):
            nxt_open = runs[k + 1].open_pos if k + 1 < len(runs) else n
            bs, be = self._region_before(r, prev_close)
            as_, ae = self._region_after(r, nxt_open)
            prev_close = r.after
            content = text[r.start:r.end]
            before = text[bs:be]
            after = text[as_:ae]
            words = len(content.split())
            pre_cue = self._find_cue(bs, be, last=True)
            post_cue = self._find_cue(as_, ae, last=False)
            pre_clean = before.strip()
            if pre_cue is not None:
                between = text[pre_cue.idx + len(pre_cue.text):be]
                bw = between.lower().split()
                if len(bw) > 7 or any(w in ("that", "if", "whether", "how", "why") for w in bw) or (
                    between.strip() and between.strip()[-1] not in ",:—–-"
                ):
                    pre_cue = None
            starts_sentence = pre_clean.strip(",;—–-") == "" or pre_clean.endswith(":") or (
                pre_cue is not None and (pre_clean.endswith(",") or pre_cue.idx + len(pre_cue.text) >= be - 2)
            )
            last_ch = content.rstrip().rstrip("'’ ")[-1:]  # '…super predator,’”' ends in ','
            term = last_ch in _TERMINAL or (r.close_pos is None)
            if (
                not starts_sentence and post_cue is not None and pre_clean.endswith(",")
                and len(pre_clean.split()) <= 4 and pre_cue is None and not _title_like(content)
                and not any(self.doc[ti].pos_ in ("VERB", "AUX") for ti in self.ix.tokens_between(bs, be))
            ):
                starts_sentence = True  # 'As for complexity, "…," Mr. Kamin said.': a lead-in
            after_clean = after.strip()
            if post_cue is not None and last_ch in ".!?" and not after[:1].isspace():
                post_cue = None
            elif post_cue is not None and last_ch in ".!?":
                first = self.doc[self.ix.tokens_between(as_, ae)[0]] if len(self.ix.tokens_between(as_, ae)) else None
                if first is not None and first.i != post_cue.i and first.pos_ not in ("PRON", "PROPN", "DET", "NOUN"):
                    post_cue = None  # '"… kidding." To which she said, "…"': a new sentence
            if post_cue is None and term and after[:1].isspace():
                post_cue = self._generic_post_cue(as_, ae)
            ends_sentence = (
                after_clean == ""
                or (last_ch in ".!?" and after_clean[:1].isupper())
                or (term and pre_cue is not None and last_ch in ",.!?")
                or (post_cue is not None and (term or after_clean[:1] in ",—–-"))
                or after_clean[:1] in ".!?;"
                or (after_clean[:1] in _DASHES and term)
            )
            multi = len(r.pieces) > 1
            if (
                prev_cand is not None and prev_raw is not None and (ends_sentence or term)
                and self._continues(prev_cand, prev_raw, r, post_cue)
            ):
                prev_cand.pieces.extend(r.pieces)
                prev_raw = r
                for ti in self.ix.tokens_between(r.start, r.end):
                    self.quoted[ti] = True
                continue
            is_direct = starts_sentence and ends_sentence and (words >= 3 or term or post_cue is not None or pre_cue is not None)
            if multi:
                is_direct = True
            if is_direct and pre_cue is None and post_cue is None and not pre_clean.endswith(":") and _title_like(content):
                is_direct = False  # 'Coal Isn't the Villain.': a headline or title, not speech
            if not is_direct:
                cands.append((r, None, False))
                continue
            for ti in self.ix.tokens_between(r.start, r.end):
                self.quoted[ti] = True
            cue = None
            fs, fe = as_, ae
            if post_cue is not None and (term or after_clean[:1] in ",—–-"):
                cue, fs, fe = post_cue, as_, ae
            elif pre_cue is not None:
                cue, fs, fe = pre_cue, bs, be
            elif not pre_clean:
                # 'Harf said:' closing the previous paragraph introduces this quote
                k = r.open_pos - 1
                while k >= 0 and text[k].isspace():
                    k -= 1
                if k > 0 and text[k] == ":" and "\n" in text[k:r.open_pos]:
                    ps = text.rfind("\n", 0, k) + 1
                    colon_cue = self._find_cue(ps, k, last=True)
                    if colon_cue is not None:
                        cue, fs, fe = colon_cue, ps, k
            cand = _Cand(list(r.pieces), "direct", cue, None, None, None, None, 0.5)
            if cue is not None:
                self._fill_cue(cand, cue, fs, fe)
                cand.confidence = 0.9
            elif after_clean[:1] in _DASHES:
                # '"…" ― Pamela Padilla': a dash byline names the speaker
                sp = self._first_name_in(as_, ae)
                if sp is not None:
                    cand.speaker_tok = sp
                    cand.speaker_bounds = _mention_bounds(sp, self.ent_by_tok)
                    cand.cue_text = after_clean[:1]
                    cand.confidence = 0.8
            elif pre_clean.endswith(":") and len(pre_clean.split()) >= 4 and "\n" not in text[bs:be]:
                # 'The piece used her words as its headline: "Finally …"': the quoted words
                # are the content; the clause's subject is the best guess at a source
                cand.confidence = 0.6
                for ti in self.ix.tokens_between(bs, be):
                    if self.doc[ti].dep_ in ("nsubj", "nsubjpass"):
                        cand.speaker_tok = self.doc[ti]
                        cand.speaker_bounds = _mention_bounds(self.doc[ti], self.ent_by_tok)
                        break
            cands.append((r, cand, cue is not None and cue is post_cue))
            prev_cand, prev_raw = cand, r
        return self._join(cands)

    def _continues(self, prev: _Cand, prev_raw: _Raw, r: _Raw, post_cue: Token | None) -> bool:
        """'"…," he said, "…"': the second run goes on with the first one's speaker."""
        cue = prev.cue_tok
        if cue is None or not (prev_raw.after <= cue.idx < r.open_pos):
            return False
        gap = self.text[prev_raw.after:r.open_pos]
        if "\n" in gap or len(gap) > 400:
            return False
        g = gap.rstrip()
        for conj in (" but", " and"):
            if g.endswith(conj):
                g = g[: -len(conj)].rstrip()
        if g[-1:] not in ",.:;—–-":
            return False
        # the gap must be the frame only: no new sentence, no second reporting verb
        for ti in self.ix.tokens_between(prev_raw.after, r.open_pos):
            tok = self.doc[ti]
            if ti != cue.i and _is_cue(tok, SPEECH_LEMMAS) and tok.dep_ != "aux":
                return False
        inner = g[:-1]
        for k, ch in enumerate(inner):
            if ch in ".!?" and _sentence_stop(self.text, prev_raw.after + k) and inner[k + 1:].strip():
                return False
        return post_cue is None or post_cue.i == cue.i

    def _generic_post_cue(self, s: int, e: int) -> Token | None:
        """'"…?" Vitter demanded.': a short subject + verb frame closing the sentence."""
        toks = self.ix.tokens_between(s, e)
        if not 2 <= len(toks) <= 8 or self.text[e:e + 1] not in (".", ""):
            return None
        for ti in toks:
            tok = self.doc[ti]
            if tok.pos_ == "VERB" and tok.tag_ in ("VBD", "VBZ"):
                subj = [c for c in tok.children if c.dep_ == "nsubj" and s <= c.idx < e]
                if subj or (ti == toks[0] and ti + 1 < len(self.doc) and self.doc[ti + 1].pos_ == "PROPN"):
                    return tok
        return None

    def _first_name_in(self, s: int, e: int) -> Token | None:
        for ti in self.ix.tokens_between(s, e):
            tok = self.doc[ti]
            if tok.pos_ in ("PROPN", "NOUN", "PRON") or ti in self.ent_by_tok:
                while tok.dep_ in ("compound", "flat") and s <= tok.head.idx < e and tok.head.i != tok.i:
                    tok = tok.head
                return tok
        return None

    def _fill_cue(self, cand: _Cand, cue: Token, fs: int, fe: int) -> None:
        self.used_cues.add(cue.i)
        cue_s, cue_e = cue.idx, cue.idx + len(cue.text)
        cue_text = cue.text
        if cue.lower_ == "according" and cue.i + 1 < len(self.doc):
            cue_e = self.doc[cue.i + 1].idx + len(self.doc[cue.i + 1].text)
            cue_text = self.text[cue_s:cue_e]
        cand.cue_tok = cue
        cand.cue_text = cue_text
        cand.cue_bounds = (cue_s, cue_e)
        sp = self._speaker_for(cue, fs, fe)
        if sp is not None:
            cand.speaker_tok = sp
            cand.speaker_bounds = _mention_bounds(sp, self.ent_by_tok)

    def _join(self, cands: list[tuple[_Raw, _Cand | None, bool]]) -> list[_Cand]:
        """Join "…," he said. "…" into one quote; attribute follow-on quotes."""
        text = self.text
        out: list[_Cand] = []
        last: _Cand | None = None
        last_raw: _Raw | None = None
        for r, cand, _post in cands:
            if cand is None:
                continue
            if last is not None and last_raw is not None:
                gap = text[last_raw.after:r.open_pos]
                same_para = "\n" not in gap
                last_post = last.cue_tok is not None and last_raw.after <= last.cue_tok.idx < r.open_pos
                same_cue = cand.cue_tok is None or (
                    last.cue_tok is not None and cand.cue_tok.i == last.cue_tok.i
                )
                if same_para and same_cue and len(gap) < 120 and (
                    last_post or (cand.cue_tok is None and last.kind == "direct")
                ):
                    # continuation of the previous speaker's quote in the same paragraph
                    last.pieces.extend(r.pieces)
                    last_raw = r
                    continue
                if cand.cue_tok is None and cand.speaker_bounds is None and last.speaker_bounds is not None:
                    paras_between = len([b for b in gap.split("\n")[1:-1] if b.strip()])
                    if paras_between == 0 and "\n" in gap:
                        residual = gap
                        if last_post and last.cue_tok is not None:
                            k = last.cue_tok.idx - last_raw.after
                            stop = min((gap.find(c, k) for c in ".!?\n" if gap.find(c, k) >= 0),
                                       default=len(gap))
                            residual = gap[stop + 1:]
                        if not residual.strip():
                            # the next paragraph goes on quoting the same speaker: one quote
                            last.pieces.extend(r.pieces)
                            last_raw = r
                            continue
                    if paras_between <= 1:
                        cand.speaker_tok = last.speaker_tok
                        cand.speaker_bounds = last.speaker_bounds
                        cand.cue_text = None
                        cand.confidence = 0.6
                        cand.follows = last
            out.append(cand)
            last, last_raw = cand, r
        return out

    def attach_follow_ons(self, direct: list[_Cand], indirect: list[_Cand]) -> list[_Cand]:
        """'The summit did "too little," he added. "Without reform, Europe risks a lot."':
        a cue-less quote goes on from the latest attribution before it, reported speech
        included; right after that attribution's sentence it is the same attribution."""
        text = self.text
        reported = sorted(
            (c for c in indirect if c.speaker_bounds is not None and c.cue_bounds is not None),
            key=lambda c: c.pieces[-1][1],
        )
        ends = [c.pieces[-1][1] for c in reported]
        out: list[_Cand] = []
        taken_by: dict[int, _Cand] = {}  # id of a follow-on -> the attribution it went on from
        for cand in direct:
            if cand.cue_tok is not None or cand.cue_text is not None:
                out.append(cand)
                continue
            if cand.follows is not None and id(cand.follows) in taken_by:
                # the quote before it went on from reported speech: so does this one
                prev = taken_by[id(cand.follows)]
                cand.speaker_tok, cand.speaker_bounds, cand.follows = prev.speaker_tok, prev.speaker_bounds, prev
                taken_by[id(cand)] = prev
                out.append(cand)
                continue
            start = cand.pieces[0][0]
            k = bisect.bisect_right(ends, start - 1) - 1
            prev = reported[k] if k >= 0 else None
            gap = text[ends[k]:start] if prev is not None else ""
            colon = gap.strip(" \t\"'“‘`\x00") == ":"
            if cand.follows is None and cand.speaker_bounds is not None:
                # 'she said she has the quality a president needs: "Steadiness …"': the
                # colon hands the reported speech over to the quoted words
                if colon:
                    prev.pieces.extend(cand.pieces)
                    prev.kind = "mixed"
                else:
                    out.append(cand)
                continue
            floor = cand.follows.pieces[-1][1] if cand.follows is not None else -1
            if prev is None or ends[k] <= floor or prev.pieces[0][0] <= floor:
                self._keep_unless_orphan(cand, out)
                continue
            if len([b for b in gap.split("\n")[1:-1] if b.strip()]) > 0 or len(gap) > 400:
                self._keep_unless_orphan(cand, out)
                continue
            cand.speaker_tok, cand.speaker_bounds = prev.speaker_tok, prev.speaker_bounds
            cand.follows, cand.confidence = prev, 0.6
            taken_by[id(cand)] = prev
            stop = min((gap.find(c) for c in ".!?" if gap.find(c) >= 0), default=-1)
            other_cue = any(
                _is_cue(self.doc[ti], SPEECH_LEMMAS) and (prev.cue_tok is None or ti != prev.cue_tok.i)
                for ti in self.ix.tokens_between(ends[k], start)
            )
            if colon or "\n" not in gap and stop >= 0 and not other_cue and not gap[stop + 1:].strip(" \t\"'“”‘’`\x00"):
                prev.pieces.extend(cand.pieces)
                prev.kind = "mixed"
                continue
            out.append(cand)
        return out

    def _keep_unless_orphan(self, cand: _Cand, out: list[_Cand]) -> None:
        """A quoted passage nobody is said to have said and no colon introduces (a pull
        quote, an embedded post, a pasted title) is no attribution: on PolNeAR train such
        passages were a gold quote 2 times in 14."""
        if cand.speaker_bounds is None and cand.follows is None:
            k = cand.pieces[0][0] - 1
            while k >= 0 and (self.text[k].isspace() or self.text[k] in _ALL_MARKS or self.text[k] == "\x00"):
                k -= 1
            if k < 0 or self.text[k] != ":":
                return
        out.append(cand)

    def labels(self) -> list[_Cand]:
        """Paragraphs opening with a speaker label: transcripts and 'Name: claim' headlines."""
        text = self.text
        out: list[_Cand] = []
        for ps, pe in _paragraphs(text):
            m = _LABEL_RE.match(text, ps, pe)
            if m is None:
                continue
            ls, le = m.span(1)
            label = m.group(1)
            if not (label.isupper() and len(label) >= 3):
                toks = self.ix.tokens_between(ls, le)
                ents = {self.ent_by_tok[t].label for t in toks if t in self.ent_by_tok}
                if not (ents & {"PERSON", "ORG", "GPE", "NORP"}) and label.lower() not in _LABEL_WORDS:
                    continue
            s, e = m.end(), pe
            while e > s and (text[e - 1].isspace() or text[e - 1] in _ALL_MARKS):
                e -= 1
            if e - s < 8 or len(text[s:e].split()) < 2:
                continue
            cand = _Cand([(s, e)], "direct" if m.group(0).lstrip()[:1] in "\"“" else "indirect",
                         None, ":", (m.end(1), m.end(1) + 1), None, (ls, le), 0.7)
            for ti in self.ix.tokens_between(s, e):
                self.quoted[ti] = True
            out.append(cand)
        return out

    # ---- headlines ---------------------------------------------------------------------
    def headline(self) -> list[_Cand]:
        """'Mayor Says Bridge Will Reopen, Calls Delay "Unacceptable"': a Title Case headline
        (parsed badly by the small model) read as subject + reporting verb + content."""
        text = self.text
        paras = _paragraphs(text)
        if not paras:
            return []
        ps, pe = paras[0]
        words = [w for w in text[ps:pe].split() if w[:1].isalpha()]
        if not 3 <= len(words) <= 30 or sum(w[0].isupper() for w in words) < 0.6 * len(words):
            return []
        toks = list(self.ix.tokens_between(ps, pe))
        out: list[_Cand] = []
        subj: tuple[int, int] | None = None  # token bounds of the subject
        k = 0
        while k < len(toks):
            ti = toks[k]
            tok = self.doc[ti]
            if k == 0 or self.quoted[ti] or tok.lower_ not in _HEADLINE_VERBS:
                k += 1
                continue
            if subj is None:
                a, b = toks[0], ti - 1
                while b > a and self.doc[b].is_punct:
                    b -= 1
                if not any(self.doc[i].text[:1].isupper() for i in range(a, b + 1)):
                    return out
                subj = (a, b)
                if any(self.quoted[i] for i in range(a, b + 1)) or any(
                    self.doc[i].text in _ALL_MARKS for i in range(a, b + 1)
                ):
                    return out  # '“…,” Mayor Tells Protesters': the direct pass has it
            # content: to the next ',' / ';' / 'And' + verb, or the end of the line
            j = k + 1
            while j < len(toks):
                t = self.doc[toks[j]]
                if t.text in (";", ".", "?", "!", ":") and not self.quoted[toks[j]]:
                    break
                if t.text == "," and j + 1 < len(toks) and self.doc[toks[j + 1]].lower_ in _HEADLINE_VERBS:
                    break
                if t.lower_ == "and" and j + 1 < len(toks) and self.doc[toks[j + 1]].lower_ in _HEADLINE_VERBS:
                    break
                j += 1
            c_end = toks[j - 1] if j - 1 > k else None
            if c_end is not None:
                c_s = self.doc[toks[k + 1]].idx
                c_e = self.doc[c_end].idx + len(self.doc[c_end].text)
                while c_e > c_s and text[c_e - 1] in ",.;:":
                    c_e -= 1
                if c_e - c_s >= 3:
                    k2 = bisect.bisect_left(self.run_opens, c_s - 1)
                    has_mark = k2 < len(self.run_opens) and self.run_opens[k2] < c_e
                    sa, sb = subj
                    cand = _Cand([(c_s, c_e)], "mixed" if has_mark else "indirect", tok, tok.text,
                                 (tok.idx, tok.idx + len(tok.text)), self.doc[sb],
                                 (self.doc[sa].idx, self.doc[sb].idx + len(self.doc[sb].text)), 0.6)
                    self.used_cues.add(ti)
                    out.append(cand)
            k = j + 1
        return out

    # ---- pass 3: indirect speech ----------------------------------------------------
    def indirect(self, direct: list[_Cand], runs: list[_Raw]) -> list[_Cand]:
        doc = self.doc
        text = self.text
        out: list[_Cand] = []
        direct_spans = sorted(p for c in direct for p in c.pieces)
        dstarts = [s for s, _ in direct_spans]
        mark_pos = sorted(r.open_pos for r in runs)
        for tok in doc:
            if self.quoted[tok.i] or tok.i in self.used_cues:
                continue
            low = tok.lower_
            if low == "according":
                cand = self._according(tok)
                if cand is not None:
                    out.append(cand)
                continue
            if low == "in" and tok.i - tok.sent.start <= 1 and tok.dep_ == "prep":
                cand = self._in_source(tok)
                if cand is not None:
                    out.append(cand)
                continue
            lemma = tok.lemma_.lower()
            if tok.pos_ == "NOUN" and lemma in _CONTENT_NOUNS:
                cand = self._noun_content(tok, dstarts, direct_spans, mark_pos)
                if cand is not None:
                    out.append(cand)
                continue
            if tok.pos_ not in ("VERB", "AUX"):
                continue
            quote_only = False
            if tok.dep_ == "parataxis" and lemma in SPEECH_LEMMAS and tok.head.i != tok.i:
                comp = tok.head  # 'X, he said, Y' / 'X, he said.': content around the frame
            elif lemma in CUE_LEMMAS:
                comp = self._content_head(tok, lemma)
                if comp is None and lemma in _QUOTE_VERBS:
                    comp = self._content_head(tok, lemma, _QUOTE_VERB_DEPS)
                    quote_only = comp is not None
            elif lemma in _THIRD_PERSON_FRAMES and not any(
                c.dep_ == "nsubj" and c.lower_ in ("i", "we", "you") for c in tok.children
            ) and any(c.dep_ == "nsubj" for c in tok.children):
                # 'Trump thinks that …' is attributed thought; 'I think' in a quote is not
                comp = self._content_head(tok, lemma, _THIRD_PERSON_FRAMES[lemma])
                if comp is None:
                    continue
            elif lemma in _QUOTE_VERBS:
                # weaker cues ("called it ...") count only with quote marks in the content
                comp = self._content_head(tok, lemma, _QUOTE_VERB_DEPS)
                quote_only = True
                if comp is None:
                    continue
            else:
                # 'kept pounding Trump as a “con artist”': any verb casting its object as
                # something in quote marks characterises it in the source's words
                comp = self._content_head(tok, lemma, ("prep_as",))
                quote_only = True
                if comp is None or not any(c.dep_ == "dobj" for c in tok.children):
                    continue
            if comp is None:
                # colon frame: 'Harf said: the plan ...'
                nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
                if nxt is not None and nxt.text == ":" and lemma in SPEECH_LEMMAS:
                    s = nxt.idx + 1
                    e = text.find("\n", s)
                    e = len(text) if e < 0 else e
                    while s < e and text[s].isspace():
                        s += 1
                    if e - s > 3 and not self._overlaps(dstarts, direct_spans, s, e):
                        cand = _Cand([(s, e)], "indirect", None, None, None, None, None, 0.6)
                        self._fill_cue(cand, tok, tok.sent.start_char, tok.sent.end_char)
                        out.append(cand)
                continue
            s_tok, e_tok = comp.left_edge.i, comp.right_edge.i
            if s_tok <= tok.i <= e_tok:
                # 'Acts of protest, Mr. Obama said, are acts of patriotism': a parenthetical
                # frame inside its own content -> two pieces around the frame
                cand = self._parenthetical(tok, s_tok, e_tok, dstarts, direct_spans)
                if cand is not None:
                    out.append(cand)
                continue
            if comp.dep_ in ("pobj", "oprd"):
                # 'painted Romney as a rich guy': the object belongs to the content
                for child in tok.children:
                    if child.dep_ == "dobj" and tok.i < child.i < s_tok:
                        s_tok = child.left_edge.i
            if lemma in _EVIDENTIAL and comp.dep_ == "xcomp":
                # 'the senator seemed to be losing ground': the subject is part of the content
                for child in tok.lefts:
                    if child.dep_ in ("nsubj", "nsubjpass"):
                        s_tok = min(s_tok, child.left_edge.i)
            for child in tok.lefts:
                if child.dep_ == "dobj" and child.lower_ in ("what", "which") and child.i < s_tok:
                    s_tok = child.i  # 'what it calls "a witch hunt"'
            if comp.dep_ == "dobj":
                # 'blasted the media for being "dishonest"': the reason belongs to the content
                for child in tok.rights:
                    if child.dep_ == "prep" and child.i == e_tok + 1 and child.lower_ in _OBJ_PREPS:
                        e_tok = child.right_edge.i
            e_tok = _cut_trailing_adjunct(comp, s_tok, e_tok)
            while e_tok > s_tok and (doc[e_tok].is_punct or doc[e_tok].is_space):
                e_tok -= 1
            while s_tok < e_tok and (doc[s_tok].is_punct or doc[s_tok].is_space):
                s_tok += 1
            s = doc[s_tok].idx
            e = doc[e_tok].idx + len(doc[e_tok].text)
            s, e = self._same_paragraph(tok, s, e)
            if e - s < 3 or e_tok - s_tok < 1:
                continue
            if self._overlaps(dstarts, direct_spans, s, e):
                continue
            k = bisect.bisect_left(mark_pos, s - 1)
            has_mark = k < len(mark_pos) and mark_pos[k] < e
            if quote_only and not has_mark:
                continue
            pieces = [(s, e)]
            kind = "mixed" if has_mark else "indirect"
            if has_mark:
                inner = [r for r in runs[k:] if r.open_pos < e and r.end <= e + 1]
                covered = sum(min(b, e) - max(a, s) for r in inner for a, b in r.pieces)
                if inner and covered >= 0.85 * (e - s):
                    kind = "direct"  # the complement is (nearly) all quoted words
                    if lemma not in SPEECH_LEMMAS and len(text[s:e].split()) <= 6:
                        # 'dubbed him "the little senator"', 'calling for "appropriate
                        # assistance"': a label in the source's words, not a statement
                        # (train: 1 gold direct quote in 6)
                        continue
            cand = _Cand(pieces, kind, None, None, None, None, None, 0.7)
            self._fill_cue(cand, tok, tok.sent.start_char, tok.sent.end_char)
            out.append(cand)
        return out

    def _noun_content(
        self, tok: Token, dstarts: list[int], dspans: list[tuple[int, int]], mark_pos: list[int]
    ) -> _Cand | None:
        """'Trump's claim that the vote was rigged', 'a warning that …', 'her pledge to …':
        the clause a speech noun governs is the content; a possessive names the source."""
        doc = self.doc
        comp = None
        for child in tok.rights:
            if child.dep_ in ("acl", "ccomp", "relcl") and child.pos_ in ("VERB", "AUX"):
                first = child.left_edge
                if first.lower_ == "that" and first.dep_ == "mark" or (
                    child.dep_ == "acl" and first.lower_ == "to" and lemma_takes_to(tok)
                ):
                    comp = child
                    break
        if comp is None:
            return None
        s_tok, e_tok = comp.left_edge.i, comp.right_edge.i
        while e_tok > s_tok and (doc[e_tok].is_punct or doc[e_tok].is_space):
            e_tok -= 1
        if e_tok - s_tok < 2 or any(self.quoted[i] for i in range(s_tok, e_tok + 1)):
            return None
        s, e = self._same_paragraph(tok, doc[s_tok].idx, doc[e_tok].idx + len(doc[e_tok].text))
        if e - s < 3 or self._overlaps(dstarts, dspans, s, e):
            return None
        k = bisect.bisect_left(mark_pos, s - 1)
        kind = "mixed" if k < len(mark_pos) and mark_pos[k] < e else "indirect"
        cand = _Cand([(s, e)], kind, tok, tok.text, (tok.idx, tok.idx + len(tok.text)), None, None, 0.55)
        for child in tok.lefts:
            if child.dep_ == "poss":
                cand.speaker_tok = child
                cand.speaker_bounds = _mention_bounds(child, self.ent_by_tok)
                if self.text[cand.speaker_bounds[1] - 2:cand.speaker_bounds[1]] in ("'s", "’s"):
                    cand.speaker_bounds = (cand.speaker_bounds[0], cand.speaker_bounds[1] - 2)
        if cand.speaker_tok is None and tok.dep_ in ("dobj", "pobj") and tok.head.i != tok.i:
            # 'Officials voiced concern that …': the one who holds the noun's content
            head = tok.head.head if tok.dep_ == "pobj" else tok.head
            subj = _subject_of(head) if head.pos_ in ("VERB", "AUX") else None
            if subj is not None and not self.quoted[subj.i]:
                cand.speaker_tok = subj
                cand.speaker_bounds = _mention_bounds(subj, self.ent_by_tok)
        return cand

    def _same_paragraph(self, cue: Token, s: int, e: int) -> tuple[int, int]:
        """Clip a content to the cue's paragraph (a headline without a full stop is
        parsed into the next sentence); an empty result means no content."""
        text = self.text
        ps = text.rfind("\n", 0, cue.idx) + 1
        pe = text.find("\n", cue.idx)
        pe = len(text) if pe < 0 else pe
        s, e = max(s, ps), min(e, pe)
        while e > s and (text[e - 1].isspace() or text[e - 1] in ",.;:"):
            e -= 1
        return (s, e) if e > s else (s, s)

    def _parenthetical(
        self, tok: Token, s_tok: int, e_tok: int, dstarts: list[int], dspans: list[tuple[int, int]]
    ) -> _Cand | None:
        doc = self.doc
        subj = _subject_of(tok)
        if subj is None or subj.i > tok.i:
            left = tok.i
        else:
            left = min(subj.left_edge.i, tok.i)
        right = tok.i
        if left <= s_tok or doc[left - 1].text != ",":
            return None
        a_end = left - 2
        while s_tok < a_end and (doc[s_tok].is_punct or doc[s_tok].is_space):
            s_tok += 1
        if a_end - s_tok < 1:
            return None
        pieces = [(doc[s_tok].idx, doc[a_end].idx + len(doc[a_end].text))]
        if right < e_tok and doc[right + 1].text == ",":
            b_start = right + 2
            while e_tok > b_start and (doc[e_tok].is_punct or doc[e_tok].is_space):
                e_tok -= 1
            if e_tok - b_start >= 1:
                pieces.append((doc[b_start].idx, doc[e_tok].idx + len(doc[e_tok].text)))
        elif any(not (doc[i].is_punct or doc[i].is_space) for i in range(right + 1, e_tok + 1)):
            return None  # the frame is not at the end of the sentence either
        if self._overlaps(dstarts, dspans, pieces[0][0], pieces[-1][1]):
            return None
        if any(self.quoted[i] for i in range(s_tok, e_tok + 1)):
            return None
        cand = _Cand(pieces, "indirect", None, None, None, None, None, 0.7)
        self._fill_cue(cand, tok, tok.sent.start_char, tok.sent.end_char)
        return cand

    def _content_head(
        self, tok: Token, lemma: str, deps: tuple[str, ...] | None = None
    ) -> Token | None:
        """The dependent of a reporting verb that holds what was said (or None)."""
        text = self.text
        ps = text.rfind("\n", 0, tok.idx) + 1
        pe = text.find("\n", tok.idx)
        pe = len(text) if pe < 0 else pe
        # a paragraph without a full stop gets parsed into the next one: stay in ours
        children = [c for c in tok.children if ps <= c.idx < pe]
        if lemma == "make":
            # "made (it) clear that ...": the clause under "clear"
            for child in children:
                if child.dep_ in ("ccomp", "oprd", "acomp", "xcomp") and child.lower_ in _CLEAR_WORDS:
                    for gc in child.children:
                        if gc.dep_ in ("ccomp", "advcl"):
                            return gc
                    for other in children:
                        if other.dep_ == "ccomp" and other.i > child.i:
                            return other
            return None
        for dep in deps or INDIRECT_FRAMES.get(lemma, ()):
            if dep.startswith("prep_"):
                word = dep[5:]
                # 'accused X of Y': the preposition may hang on the verb or on its object
                holders = children + [g for c in children if c.dep_ == "dobj" for g in c.rights]
                for child in holders:
                    if child.dep_ == "prep" and child.lower_ == word:
                        for gc in child.children:
                            if gc.dep_ in ("pobj", "pcomp"):
                                return gc
                continue
            best = None
            for child in children:
                if child.dep_ == dep and (best is None or _width(child) > _width(best)):
                    best = child
            if best is not None and not (dep == "ccomp" and best.lower_ in _CLEAR_WORDS):
                return best
        if deps is None and lemma in SPEECH_LEMMAS:
            return self._misattached_that_clause(tok, children)
        return None

    def _misattached_that_clause(self, tok: Token, children: list[Token]) -> Token | None:
        """'told a meeting of leaders that few people understood …': the small parser hangs
        the complement clause on the nearest noun as a relative clause; take it back."""
        for child in children:
            if child.i < tok.i or child.dep_ not in ("dobj", "prep", "npadvmod", "dative"):
                continue
            for t in child.subtree:
                if t.dep_ != "relcl" or t.i - t.left_edge.i < 2:
                    continue
                first = t.left_edge
                if first.lower_ == "that" and first.dep_ in ("mark", "advmod") and any(
                    c.dep_ in ("nsubj", "nsubjpass") and c.lower_ != "that" for c in t.children
                ):
                    return t
        return None

    def _overlaps(self, dstarts: list[int], spans: list[tuple[int, int]], s: int, e: int) -> bool:
        k = bisect.bisect_right(dstarts, e)
        for j in range(max(0, k - 3), k):
            ds, de = spans[j]
            if ds < e and s < de:
                return True
        return False

    def _according(self, tok: Token) -> _Cand | None:
        doc = self.doc
        if tok.i + 1 >= len(doc) or doc[tok.i + 1].lower_ != "to":
            return None
        to = doc[tok.i + 1]
        phrase_end = to.right_edge.i if to.right_edge.i > to.i else min(len(doc) - 1, to.i + 1)
        sent = tok.sent
        ps, pe = tok.i, phrase_end
        # content = the rest of the sentence; a phrase in the middle ('At the heart of it,
        # according to Ross, was a decision …') leaves a piece on each side of it
        if ps - sent.start <= 1:
            ranges = [(pe + 1, sent.end - 1)]
        else:
            ranges = [(sent.start, ps - 1), (pe + 1, sent.end - 1)]
        pieces: list[tuple[int, int]] = []
        for s_tok, e_tok in ranges:
            while s_tok <= e_tok and (doc[s_tok].is_punct or doc[s_tok].is_space):
                s_tok += 1
            while e_tok >= s_tok and (doc[e_tok].is_punct or doc[e_tok].is_space):
                e_tok -= 1
            if e_tok - s_tok < (2 if not pieces else 1):
                continue
            if any(self.quoted[i] for i in range(s_tok, e_tok + 1)):
                if pieces:
                    break  # the rest is a direct quote of its own
                return None
            pieces.append((doc[s_tok].idx, doc[e_tok].idx + len(doc[e_tok].text)))
        if not pieces:
            return None
        cand = _Cand(pieces, "indirect", None, None, None, None, None, 0.7)
        self._fill_cue(cand, tok, sent.start_char, sent.end_char)
        return cand

    def _in_source(self, tok: Token) -> _Cand | None:
        """'In a CBS News poll released Monday, 50 percent …': the poll is the source."""
        doc = self.doc
        pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
        if pobj is None or pobj.lemma_.lower() not in _SOURCE_NOUNS:
            return None
        pe = tok.right_edge.i
        if pe + 1 >= len(doc) or doc[pe + 1].text != ",":
            return None
        sent = tok.sent
        s_tok, e_tok = pe + 2, sent.end - 1
        while e_tok >= s_tok and (doc[e_tok].is_punct or doc[e_tok].is_space):
            e_tok -= 1
        if e_tok - s_tok < 2 or any(self.quoted[i] for i in range(s_tok, e_tok + 1)):
            return None
        for i in range(s_tok, e_tok + 1):
            t = doc[i]
            if t.pos_ == "VERB" and t.lemma_.lower() in _VERB_CUES and any(
                c.dep_ == "nsubj" for c in t.children
            ):
                return None  # 'In a statement, Husted said …': the verb frame names the source
        s, e = self._same_paragraph(tok, doc[s_tok].idx, doc[e_tok].idx + len(doc[e_tok].text))
        if e - s < 3:
            return None
        cand = _Cand([(s, e)], "indirect", None, None, None, None, None, 0.6)
        cand.cue_tok, cand.cue_text = tok, tok.text
        cand.cue_bounds = (tok.idx, tok.idx + len(tok.text))
        cand.speaker_tok = pobj
        cand.speaker_bounds = (pobj.left_edge.idx, pobj.idx + len(pobj.text))
        return cand

    # ---- speaker resolution ---------------------------------------------------------
    def resolve(self, cand: _Cand, quote_spans: list[tuple[int, int]]) -> Quote:
        text = self.text
        pieces = sorted(cand.pieces)
        if self.datelines:
            # 'HALDEN, Norland — Pilots have voted …': the dateline is not the content
            dl_end = self.dateline_end(pieces[0][0])
            if dl_end is not None and dl_end < pieces[0][1]:
                pieces[0] = (dl_end, pieces[0][1])
            if cand.speaker_bounds is not None and self.dateline_end(cand.speaker_bounds[0]) is not None:
                cand.speaker_bounds = cand.speaker_tok = None
        if self.run_opens:
            # 'that waterboarding is “peanuts,” compared to …': a content that stops inside
            # quote marks goes on to the closing mark
            ps_, pe_ = pieces[-1]
            j = bisect.bisect_left(self.run_opens, pe_) - 1
            if j >= 0:
                r = self.runs[j]
                if r.open_pos >= ps_ - 1 and r.close_pos is not None and len(r.pieces) == 1 and r.end > pe_:
                    pieces[-1] = (ps_, r.end)
        start, end = pieces[0][0], pieces[-1][1]
        sp_s = sp_e = None
        sp_text = speaker = label = key = None
        conf = cand.confidence
        if cand.speaker_bounds is not None:
            sp_s, sp_e = cand.speaker_bounds
            sp_text = text[sp_s:sp_e]
            ent = self._entity_in(sp_s, sp_e)
            head = cand.speaker_tok
            if (
                ent is not None and head is not None and head.pos_ == "NOUN" and head.i not in self.ent_by_tok
                and any(c.dep_ == "poss" and c.i in self.ent_by_tok for c in head.children)
            ):
                ent = None  # "Scott's niece said": the niece speaks, not Scott
            low = sp_text.lower()
            if ent is not None:
                speaker, label, key = ent.canonical, ent.label, ent.key
            elif low in _PRONOUNS_PERSON:
                ref = self._antecedent(sp_s, quote_spans, ("PERSON",), _PRONOUN_GENDER.get(low))
                if ref is not None:
                    speaker, label, key = ref.canonical, ref.label, ref.key
                    conf -= 0.1
            elif low in _PRONOUNS_GROUP:
                # 'it' / 'they': the latest organisation, group or place (else unresolved);
                # 'it was reported that …' is no one
                pleonastic = low == "it" and cand.speaker_tok is not None and cand.speaker_tok.dep_ in (
                    "nsubjpass", "expl"
                )
                ref2 = None if pleonastic else self._group_antecedent(sp_s, low, quote_spans)
                if ref2 is not None:
                    speaker, label, key = ref2
                    conf -= 0.1
            elif sp_text.isupper() and (named := self._person_named(sp_text)) is not None:
                # transcript label 'WALLACE:' -> the article's Chris Wallace
                speaker, label, key = named.canonical, named.label, named.key
            else:
                speaker, label = _strip_det(sp_text), "ANON"
                key = normalise_key("anon", speaker)
            if speaker is not None and label in ("ANON", "ORG", "NORP", "GPE") and low not in _PRONOUNS_GROUP:
                tok = cand.speaker_tok
                plural = tok is not None and tok.tag_ in ("NNS", "NNPS")
                self.history.append((sp_s, speaker, label, key, plural))
        kind = cand.kind
        if kind == "direct" and len(pieces) == 1 and cand.speaker_bounds is None and cand.cue_tok is None:
            conf = min(conf, 0.5)
        cue_s, cue_e = cand.cue_bounds if cand.cue_bounds else (None, None)
        return Quote(
            start=start, end=end, text=text[start:end], kind=kind, cue=cand.cue_text,
            speaker_start=sp_s, speaker_end=sp_e, speaker_text=sp_text, speaker=speaker,
            speaker_label=label, confidence=round(max(0.05, min(conf, 1.0)), 2),
            spans=pieces, cue_start=cue_s, cue_end=cue_e, speaker_key=key,
        )

    def _group_antecedent(
        self, pos: int, pron: str, quote_spans: list[tuple[int, int]]
    ) -> tuple[str, str | None, str | None] | None:
        """The speaker 'it' / 'they' stands for: the nearest earlier ORG/GPE(/NORP) mention
        or group-noun speaker ('the airline … It said', 'Unions said … They said')."""
        they = pron in ("they", "them")
        labels = ("ORG", "GPE", "NORP") if they else ("ORG", "GPE")
        best: tuple[int, tuple[str, str | None, str | None]] | None = None
        ent = self._antecedent(pos, quote_spans, labels)
        if ent is not None and self.dateline_end(ent.start) is None:
            best = (ent.start, (ent.canonical, ent.label, ent.key))
        for hpos, speaker, label, key, plural in reversed(self.history):
            if hpos >= pos:
                continue
            if pos - hpos > 3000 or (best is not None and hpos <= best[0]):
                break
            if label != "ANON" or plural == they:
                best = (hpos, (speaker, label, key))
                break
        return best[1] if best is not None else None

    def _gender_of(self, key: str) -> str | None:
        """What the article itself says of a person's gender (an honorific, a gendered
        role noun next to the name), or None; conflicting evidence is None too."""
        if self._genders is None:
            seen: dict[str, set[str]] = {}
            for ent in self.entities:
                if ent.label != "PERSON":
                    continue
                # 'Mrs. Clinton', 'his wife, Heidi Cruz', 'spokeswoman Marie Harf'
                before = [w.strip(".,").lower() for w in self.text[max(0, ent.start - 40):ent.start].split()[-1:]]
                found = {_GENDER_WORDS[w] for w in before if w in _GENDER_WORDS}
                # 'Marie Harf, a State Department spokeswoman,' (not 'Cruz, whose wife …')
                after = self.text[ent.end:ent.end + 80].split(",")
                if len(after) > 1 and after[0].strip() == "":
                    for w in after[1].split()[:6]:
                        w = w.strip(".").lower()
                        if w in ("his", "her", "whose", "their", "its", "who", "which"):
                            break
                        if w in _GENDER_WORDS and w not in _KIN_WORDS:
                            found.add(_GENDER_WORDS[w])
                if found:
                    seen.setdefault(ent.key, set()).update(found)
            self._genders = {k: next(iter(v)) for k, v in seen.items() if len(v) == 1}
        return self._genders.get(key)

    def _person_named(self, label: str) -> Entity | None:
        want = label.strip().lower()
        for ent in self.entities:
            if ent.label == "PERSON" and ent.canonical.lower().split()[-1:] == [want]:
                return ent
        return None

    def _entity_in(self, s: int, e: int) -> Entity | None:
        best = None
        k = bisect.bisect_left(self.ent_starts, e)
        for j in range(max(0, k - 6), k):
            ent = self.entities[j]
            if ent.start < e and s < ent.end and ent.label not in ("DATE",):
                if best is None or (ent.label == "PERSON" and best.label != "PERSON"):
                    best = ent
        return best

    def _antecedent(
        self, pos: int, quote_spans: list[tuple[int, int]], labels: tuple[str, ...], gender: str | None = None
    ) -> Entity | None:
        k = bisect.bisect_left(self.ent_starts, pos)
        qstarts = [s for s, _ in quote_spans]
        for j in range(k - 1, -1, -1):
            ent = self.entities[j]
            if pos - ent.start > 3000:
                break
            if ent.label not in labels:
                continue
            if gender is not None and self._gender_of(ent.key) not in (None, gender):
                continue  # 'she said' after 'Mr. Trump …': not him
            q = bisect.bisect_right(qstarts, ent.start) - 1
            if q >= 0 and quote_spans[q][0] <= ent.start < quote_spans[q][1]:
                continue
            return ent
        return None


def _cut_trailing_adjunct(head: Token, s_tok: int, e_tok: int) -> int:
    """End the content before a trailing ', which …' / ', contradicting …' / appositive.

    PolNeAR contents stop there (the adjunct is the writer's, not the source's)."""
    doc = head.doc
    for i in range(s_tok + 3, e_tok):
        if doc[i].text in ("—", "–", "--") and (
            doc[i + 1].lower_ in ("a", "an", "the") or doc[i + 1].tag_ == "VBG"
        ):
            return i - 1  # '… the "suburbs of St. Petersburg" — a metaphor for …': the writer's aside
        if doc[i].text != ",":
            continue
        n = doc[i + 1]
        adj = None
        if n.lower_ in ("which", "who", "whose") and n.head.dep_ == "relcl":
            adj = n.head
        elif n.tag_ == "VBG" and n.dep_ in ("advcl", "acl", "xcomp"):
            adj = n
        elif n.dep_ == "appos":
            adj = n
        elif n.head.dep_ == "appos" and n.head.left_edge.i == n.i:
            adj = n.head
        elif n.lower_ in ("more", "less") and n.dep_ in ("amod", "advmod", "npadvmod"):
            adj = n.head if n.head.i > n.i else n
        if adj is not None and adj.right_edge.i >= e_tok:
            return i - 1
    return e_tok


_TITLE_SMALL_WORDS = frozenset("a an the and or but nor of in on at to for by with from as vs".split())


def _title_like(content: str) -> bool:
    """Title Case ('Legend in the Coal Fields'): the small words stay lower case."""
    words = [w for w in content.split() if w[:1].isalpha() and w.lower() not in _TITLE_SMALL_WORDS]
    if not 2 <= len(words) <= 12:
        return False
    caps = sum(1 for w in words if w[0].isupper())
    return caps >= 0.75 * len(words) and caps >= 2


def _width(tok: Token) -> int:
    return tok.right_edge.i - tok.left_edge.i


def _sentence_stop(text: str, i: int) -> bool:
    """Whether the period at ``i`` ends a sentence (not "N.C.," / "Mr." / "3.5")."""
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if not (nxt.isspace() or nxt in _ALL_MARKS):
        return False
    j = i
    while j > 0 and text[j - 1].isalpha():
        j -= 1
    word = text[j:i]
    if len(word) == 1 and word.isupper():
        return False  # an initial: "Vann R. Newkirk"
    if word in _TITLE_ABBREVIATIONS:
        return False  # 'state Del. Marcia Price', 'Sens. Cruz and Rubio'
    if word and (word[0].isupper() and len(word) <= 3 or len(word) == 1):
        k = i + 1
        while k < len(text) and text[k] == " ":
            k += 1
        if k < len(text) and text[k] in ",;:" or (k < len(text) and text[k].islower()):
            return False
    return True


_TITLE_ABBREVIATIONS = frozenset(
    """Mr Mrs Ms Dr St Sen Sens Rep Reps Gov Govs Gen Lt Jr Sr Del Col Capt Sgt Adm Maj Cpl Pvt
    Prof Rev Hon Atty Supt Cmdr Insp Det Gens Messrs""".split()
)


def _strip_det(s: str) -> str:
    low = s.lower()
    for det in ("the ", "a ", "an "):
        if low.startswith(det):
            return s[len(det):]
    return s


def _drop_nested(cands: list[_Cand]) -> list[_Cand]:
    """'He said he planned to stay': one attribution (the outer one), not two near-copies,
    and no second one for a clause wholly inside another's content ('said members voted to
    strike …')."""
    def hull(c: _Cand) -> tuple[int, int]:
        return c.pieces[0][0], c.pieces[-1][1]

    spans = [hull(c) for c in cands]
    order = sorted(range(len(cands)), key=lambda i: spans[i][0])
    keep = [True] * len(cands)
    for ii, i in enumerate(order):
        s, e = spans[i]
        for j in order[ii + 1:]:
            s2, e2 = spans[j]
            if s2 >= e:
                break
            for outer, inner in ((i, j), (j, i)):
                n = cands[inner]
                if n.cue_bounds is None or not keep[outer]:
                    continue
                os_, oe = spans[outer]
                ns, ne = spans[inner]
                if not (os_ <= n.cue_bounds[0] < oe):
                    continue
                oc = cands[outer].cue_bounds
                if oc is not None and oc[0] > n.cue_bounds[0] and n.cue_tok is not None and (
                    n.cue_tok.lemma_.lower() in SPEECH_LEMMAS
                ):
                    # 'Assad said that …, Interfax reported': speech reported by another
                    # source is two attributions; 'protocol called for …, he said' is one
                    continue
                inter = max(0, min(oe, ne) - max(os_, ns))
                union = max(oe, ne) - min(os_, ns)
                # a near-copy (IoU >= 0.5) or a clause wholly inside the outer content
                if union and (inter / union >= 0.5 or inter >= 0.95 * (ne - ns)):
                    keep[inner] = False
    return [c for c, k in zip(cands, keep, strict=True) if k]


def extract_quotes(doc: Doc, entities: Sequence[Entity], text: str | None = None) -> list[Quote]:
    """All attributions in ``doc`` (direct, mixed, indirect), ordered by position."""
    if len(doc) == 0:
        return []
    ex = _Extractor(doc, entities, text)
    runs = find_quote_marks(ex.text)
    ex.runs, ex.run_opens = runs, [r.open_pos for r in runs]
    labels = ex.labels()
    if labels:
        # 'PENCE: …' / 'Pat Caddell: …': the labelled paragraph wins over a quote-mark run
        lab_spans = [(c.pieces[0][0] - 60, c.pieces[-1][1]) for c in labels]
        runs = [r for r in runs if not any(a <= r.start < b for a, b in lab_spans)]
    direct = ex.direct(runs) + labels
    heads = ex.headline() if not labels or labels[0].pieces[0][0] > 300 else []
    indirect = _drop_nested(heads + ex.indirect(direct, runs))
    direct = ex.attach_follow_ons(direct, indirect)
    quote_spans = sorted(p for c in direct for p in c.pieces)
    # in text order, so that 'it' / 'they' can look back at the speakers before them
    cands = sorted(direct + indirect, key=lambda c: min(p[0] for p in c.pieces))
    out = [ex.resolve(c, quote_spans) for c in cands]
    out.sort(key=lambda q: (q.start, q.end))
    return out
