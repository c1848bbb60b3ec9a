"""Speaker-label paragraphs (transcripts, 'Name: claim') and Title Case headlines.

Why apart: both read a paragraph's shape rather than its parse (the small model parses
'PENCE: …' and 'Mayor Says Bridge Will Reopen' badly).
"""

from __future__ import annotations

import bisect

from .layout_patterns import LABEL_RE, LABEL_WORDS, NOT_SPEAKER_LABELS
from .lexicon import ALL_MARKS, HEADLINE_VERBS
from .marks import paragraphs
from .records import Candidate
from .scores import HEADLINE, SPEAKER_LABEL
from .state import QuoteState

#: the marks a quoted claim after 'Name:' opens with
OPENING_MARKS = frozenset("\"'“‘„«")
#: words that open a salutation ('DEAR ABBY: My husband …', 'Dear readers: …')
SALUTATION_WORDS = frozenset({"dear"})


def salutation(label: str) -> bool:
    """'DEAR ABBY:' in an advice column or a letter names the addressee, not the speaker: the
    paragraph after it is no statement of Abby's."""
    return label.split()[0].lower() in SALUTATION_WORDS


#: pronouns of the one speaking and the one spoken to: a speaker's line has them, a report seldom
SPEAKING_PRONOUNS = frozenset("i me my mine we us our ours you your yours".split())


def dateline_label(st: QuoteState, label: str, s: int, e: int) -> bool:
    """'NEW DELHI: Their American dream shattered, nearly 150 Indians returned home …': an
    all-caps place opening an article before a long third-person report is a dateline, not a
    speaker; a transcript's 'PENCE: We will …' or a notice's 'FTC: We use …' speaks as 'I' / 'we'."""
    if not label.isupper():
        return False
    words = [st.doc[ti] for ti in st.ix.tokens_between(s, e) if st.doc[ti].is_alpha]
    return len(words) >= 20 and not any(w.lower_ in SPEAKING_PRONOUNS for w in words)


def speaker_labels(st: QuoteState) -> list[Candidate]:
    """Paragraphs opening with a speaker label: transcripts and 'Name: claim' headlines."""
    text = st.text
    out: list[Candidate] = []
    paras = paragraphs(text)
    first_para = paras[0][0] if paras else -1
    for ps, pe in paras:
        m = LABEL_RE.match(text, ps, pe)
        if m is None:
            continue
        ls, le = m.span(1)
        label = m.group(1)
        if salutation(label):
            continue
        claim_quoted = text[m.end():m.end() + 1] in OPENING_MARKS
        if not (label.isupper() and len(label) >= 3):
            toks = st.ix.tokens_between(ls, le)
            ents = {st.ent_by_tok[t].label for t in toks if t in st.ent_by_tok}
            # "Trump: ‘I’m the Worst …’" and the headline "Lynch: No outside influence on the
            # probe" speak even when the model saw no name in the label
            named = (claim_quoted or ps == first_para) and label.split()[0].lower() not in NOT_SPEAKER_LABELS
            if not (ents & {"PERSON", "ORG", "GPE", "NORP"}) and label.lower() not in LABEL_WORDS and not named:
                continue
        s, e = m.end(), pe
        while e > s and (text[e - 1].isspace() or text[e - 1] in ALL_MARKS):
            e -= 1
        if e - s < 8 or len(text[s:e].split()) < 2 or (ps == first_para and dateline_label(st, label, s, e)):
            continue
        quoted = claim_quoted or m.group(0).lstrip()[:1] in "\"“"
        cand = Candidate(pieces=[(s, e)], kind="direct" if quoted else "indirect", cue_tok=None, cue_text=":",
                         cue_bounds=(m.end(1), m.end(1) + 1), speaker_tok=None, speaker_bounds=(ls, le),
                         confidence=SPEAKER_LABEL)
        for ti in st.ix.tokens_between(s, e):
            st.quoted[ti] = True
        out.append(cand)
    return out



def headline(st: QuoteState) -> list[Candidate]:
    """'Mayor Says Bridge Will Reopen, Calls Delay "Unacceptable"': a Title Case headline
    (parsed badly by the small model) read as subject + reporting verb + content."""
    text = st.text
    paras = paragraphs(text)
    if not paras:
        return []
    ps, pe = paras[0]
    words = [w for w in text[ps:pe].split() if w[:1].isalpha()]
    if not 3 <= len(words) <= 30 or sum(w[0].isupper() for w in words) < 0.6 * len(words):
        return []
    toks = list(st.ix.tokens_between(ps, pe))
    out: list[Candidate] = []
    subj: tuple[int, int] | None = None  # token bounds of the subject
    k = 0
    while k < len(toks):
        ti = toks[k]
        tok = st.doc[ti]
        if k == 0 or st.quoted[ti] or tok.lower_ not in HEADLINE_VERBS:
            k += 1
            continue
        if subj is None:
            a, b = toks[0], ti - 1
            while b > a and st.doc[b].is_punct:
                b -= 1
            if not any(st.doc[i].text[:1].isupper() for i in range(a, b + 1)):
                return out
            subj = (a, b)
            if any(st.quoted[i] for i in range(a, b + 1)) or any(
                st.doc[i].text in ALL_MARKS for i in range(a, b + 1)
            ):
                return out  # '“…,” Mayor Tells Protesters': the direct pass has it
        # content: to the next ',' / ';' / 'And' + verb, or the end of the line
        j = k + 1
        while j < len(toks):
            t = st.doc[toks[j]]
            if t.text in (";", ".", "?", "!", ":") and not st.quoted[toks[j]]:
                break
            if t.text == "," and j + 1 < len(toks) and st.doc[toks[j + 1]].lower_ in HEADLINE_VERBS:
                break
            if t.lower_ == "and" and j + 1 < len(toks) and st.doc[toks[j + 1]].lower_ in HEADLINE_VERBS:
                break
            j += 1
        c_end = toks[j - 1] if j - 1 > k else None
        if c_end is not None:
            c_s = st.doc[toks[k + 1]].idx
            c_e = st.doc[c_end].idx + len(st.doc[c_end].text)
            while c_e > c_s and text[c_e - 1] in ",.;:":
                c_e -= 1
            if c_e - c_s >= 3:
                k2 = bisect.bisect_left(st.run_opens, c_s - 1)
                has_mark = k2 < len(st.run_opens) and st.run_opens[k2] < c_e
                sa, sb = subj
                cand = Candidate(pieces=[(c_s, c_e)], kind="mixed" if has_mark else "indirect", cue_tok=tok,
                                 cue_text=tok.text, cue_bounds=(tok.idx, tok.idx + len(tok.text)),
                                 speaker_tok=st.doc[sb],
                                 speaker_bounds=(st.doc[sa].idx, st.doc[sb].idx + len(st.doc[sb].text)),
                                 confidence=HEADLINE)
                st.used_cues.add(ti)
                out.append(cand)
        k = j + 1
    return out

