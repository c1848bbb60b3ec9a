"""People the model did not tag, added where the sentence marks the name as a person's.

Why: the small model misses names it has rarely seen ('Eswar Prasad, a trade professor at
Cornell, said …'); with no entity there, a later 'he said' went to the last person it had
tagged, paragraphs before. Only strong evidence adds one: the subject of a verb of speech, two
or three capitalised proper nouns with no article, and a known first name or a role noun set
off after it ('a trade professor').
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from .entity_mentions import Mention, sent_index
from .entity_person_marks import first_name_known
from .entity_word_lists import ROLE_ENDINGS, SPEECH_VERBS


def missed_speakers(doc: Doc, doc_text: str, sent_starts: list[int], mentions: list[Mention]) -> list[Mention]:
    """PERSON mentions for the untagged names that speak (none overlapping a kept mention or an entity)."""
    taken = {i for m in mentions for i in range(m.tok_start, m.tok_end)} | {t.i for e in doc.ents for t in e}
    out: list[Mention] = []
    for verb in doc:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in SPEECH_VERBS:
            continue
        for subj in verb.children:
            if subj.dep_ != "nsubj" or subj.pos_ != "PROPN" or subj.i in taken:
                continue
            first = subj.i
            while first > 0 and doc[first - 1].pos_ == "PROPN" and doc[first - 1].dep_ == "compound" \
                    and doc[first - 1].head.i == subj.i:
                first -= 1
            words = doc[first: subj.i + 1]
            if not 2 <= len(words) <= 3 or any(t.i in taken or not capitalised(t.text) for t in words):
                continue
            if any(c.dep_ == "det" for c in subj.children):
                continue  # 'the Hill said': a thing's name
            if not (first_name_known(words.text) or role_after(subj)):
                continue
            start, end = words[0].idx, words[-1].idx + len(words[-1].text)
            out.append(Mention(start, end, doc_text[start:end], "PERSON", sent_index(sent_starts, start),
                               first, subj.i + 1))
    return out


def capitalised(word: str) -> bool:
    """'Prasad', 'Al-Amin', not 'IBM' or 'iPhone'."""
    return word[:1].isupper() and word[1:].replace("-", "").replace("'", "").islower()


def role_after(head: Token) -> bool:
    """'Eswar Prasad, a trade professor at Cornell,': a lower-case noun of a role set off after the name."""
    return any(c.dep_ == "appos" and c.pos_ == "NOUN" and c.is_lower and c.lower_.endswith(ROLE_ENDINGS)
               for c in head.children)
