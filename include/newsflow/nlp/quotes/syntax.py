"""Parse-tree and sentence helpers the passes share (mentions, subjects, adjuncts).

Why apart: they read one token or one string and know nothing of a pass's state, so
each is testable on a parsed sentence alone.
"""

from __future__ import annotations

from spacy.tokens import Token

from ..entities import Entity
from .lexicon import ALL_MARKS, MENTION_LEFT_DEPS, SPEECH_LEMMAS


def is_cue(tok: Token, lemmas: frozenset[str]) -> bool:
    """A reporting verb of ``lemmas``, or one of the commonest reporting forms."""
    return tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in lemmas or (
        tok.lower_ in ("said", "says", "say", "told", "tells", "added", "asked", "wrote")
    )


def mention_bounds(tok: Token, entities_by_tok: dict[int, Entity]) -> tuple[int, int]:
    """Character bounds of a compact speaker mention headed by ``tok``."""
    ent = entities_by_tok.get(tok.i)
    if ent is not None:
        return ent.start, ent.end
    left = tok.i
    for child in tok.lefts:
        if child.dep_ in MENTION_LEFT_DEPS:
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


def subject_of(tok: Token) -> Token | None:
    """nsubj of the cue, climbing through participles/conjuncts ("..., saying", "and added")."""
    cur: Token | None = tok
    for _ in range(4):
        if cur is None:
            return None
        # a passive's agent before its subject: 'Rubio was asked by Baker whether …'
        for child in cur.children:
            if child.dep_ == "agent":
                for gc in child.children:
                    if gc.dep_ == "pobj":
                        return gc
        for child in cur.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                return child
        if cur.dep_ in ("conj", "advcl", "xcomp", "pcomp", "acl", "dep") and cur.head is not cur:
            if cur.dep_ == "acl" and cur.head.pos_ in ("NOUN", "PROPN"):
                obj = cur.head
                if obj.dep_ in ("dobj", "dative") and obj.head.pos_ in ("VERB", "AUX"):
                    # 'emailed supporters saying …': the participle is the emailer's
                    # (spaCy hangs it on the object); climb to that verb's subject
                    cur = obj.head
                    continue
                return obj  # 'a voice over saying …': the noun speaks
            if (cur.dep_ == "advcl" and cur.tag_ == "VBG" and cur.head.dep_ == "ccomp"
                    and cur.head.head.i != cur.head.i and cur.head.head.lemma_.lower() in SPEECH_LEMMAS):
                # 'Trump argued that a wall would work, saying …': spaCy hangs the
                # participle on the reported clause; the arguer is the one saying
                cur = cur.head.head
                continue
            cur = cur.head
            if cur.dep_ == "prep":
                cur = cur.head
        else:
            return None
    return None


def cut_trailing_adjunct(head: Token, s_tok: int, e_tok: int) -> int:
    """End the content before a trailing ', which …' / ', contradicting …' / ', a …' aside.

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
        elif n.head.dep_ == "appos" and n.head.left_edge.i == n.i:
            # (a bare appositive ', Hillary Clinton' stays: cutting it cost exact F1 on train)
            adj = n.head
        elif n.lower_ in ("more", "less") and n.dep_ in ("amod", "advmod", "npadvmod"):
            adj = n.head if n.head.i > n.i else n
        if adj is not None and adj.right_edge.i >= e_tok:
            return i - 1
    return e_tok


TITLE_SMALL_WORDS = frozenset("a an the and or but nor of in on at to for by with from as vs".split())


def title_like(content: str) -> bool:
    """Title Case ('Legend in the Coal Fields'): the small words stay lower case."""
    words = [w for w in content.split() if w[:1].isalpha() and w.lower() not in TITLE_SMALL_WORDS]
    if not 2 <= len(words) <= 12:
        return False
    caps = sum(1 for w in words if w[0].isupper())
    return caps >= 0.75 * len(words) and caps >= 2


def subtree_width(tok: Token) -> int:
    """How many tokens the subtree of ``tok`` spans."""
    return tok.right_edge.i - tok.left_edge.i


def sentence_stop(text: str, i: int) -> bool:
    """Whether the period at ``i`` ends a sentence (not "N.C.," / "Mr." / "3.5")."""
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if not (nxt.isspace() or nxt in ALL_MARKS):
        return False
    j = i
    while j > 0 and text[j - 1].isalpha():
        j -= 1
    word = text[j:i]
    if len(word) == 1 and word.isupper():
        return False  # an initial: "Vann R. Newkirk"
    if word in TITLE_ABBREVIATIONS:
        return False  # 'state Del. Marcia Price', 'Sens. Cruz and Rubio'
    if word and (word[0].isupper() and len(word) <= 3 or len(word) == 1):
        k = i + 1
        while k < len(text) and text[k] == " ":
            k += 1
        if k < len(text) and text[k] in ",;:" or (k < len(text) and text[k].islower()):
            return False
    return True


TITLE_ABBREVIATIONS = frozenset(
    """Mr Mrs Ms Dr St Sen Sens Rep Reps Gov Govs Gen Lt Jr Sr Del Col Capt Sgt Adm Maj Cpl Pvt
    Prof Rev Hon Atty Supt Cmdr Insp Det Gens Messrs""".split()
)


def strip_det(s: str) -> str:
    """'the minister' -> 'minister': an anonymous speaker's name without its article."""
    low = s.lower()
    for det in ("the ", "a ", "an "):
        if low.startswith(det):
            return s[len(det):]
    return s
