"""What is not speech, whatever the parser made of it: idioms built on a speech verb, objects
that are no message, a thing being named, the reader addressed, imagined speech, physical acts.

Why apart from the frames (``indirect``): these are the precision rules the reporting-verb
frames and the direct-quote pass consult (ATTRIBUTION-GUIDELINE §2 and H3), each a small
named test chosen on PolNeAR train and the real-world selection half.
"""

from __future__ import annotations

from spacy.tokens import Token

from .lexicon import READER_PRONOUNS, STANCE_FRAMES
from .records import Candidate

#: Fixed phrases built on a speech verb that report no speech (ATTRIBUTION-GUIDELINE §2,
#: idioms); a trailing "," means the phrase must be followed by a comma ('That said, …').
IDIOMS: tuple[tuple[str, ...], ...] = (
    ("that", "said", ","), ("having", "said", "that"), ("easier", "said", "than", "done"),
    ("needless", "to", "say"), ("so", "to", "speak"), ("suffice", "it", "to", "say"),
    ("to", "say", "the", "least"), ("that", "is", "to", "say"), ("all", "told", ","),
    ("truth", "be", "told"), ("said", "and", "done"), ("goes", "without", "saying"),
    ("go", "without", "saying"), ("words", "can", "not", "describe"), ("words", "ca", "n't", "describe"),
    ("words", "can", "not", "express"), ("words", "ca", "n't", "express"),
    # the writer's aside ('It's worth noting that …') and the he-said-she-said dispute
    ("worth", "noting"), ("worth", "mentioning"), ("worth", "pointing", "out"), ("worth", "stressing"),
    ("he", "said", ",", "she", "said"),
)


#: word -> (idiom, the word's place in it), so a token looks up only the idioms holding it
_IDIOMS_BY_WORD: dict[str, list[tuple[tuple[str, ...], int]]] = {}
for _idiom in IDIOMS:
    for _k, _word in enumerate(_idiom):
        _IDIOMS_BY_WORD.setdefault(_word, []).append((_idiom, _k))


def in_idiom(tok: Token) -> bool:
    """Whether ``tok`` is a word of an idiom around it ('easier said than done', 'that
    said,', 'needless to say'): no cue, whatever the parser made of it."""
    places = _IDIOMS_BY_WORD.get(tok.lower_)
    if not places:
        return False
    doc = tok.doc
    for idiom, k in places:
        start = tok.i - k
        if start >= 0 and start + len(idiom) <= len(doc) and all(
            doc[start + j].lower_ == w for j, w in enumerate(idiom)
        ):
            return True
    return False


#: Verbs whose bare noun-phrase object IS what was communicated ('announced the signing
#: of a striker', 'denied both allegations', 'claimed responsibility'): ATTRIBUTION-GUIDELINE
#: §2 / H3. Kept here, not in ``lexicon``, while that module is being edited elsewhere.
NOUN_PHRASE_CUES = frozenset("""
    announce confirm deny report reveal unveil disclose claim dispute reiterate repeat predict
    forecast estimate promise pledge vow demand propose recommend acknowledge admit declare
    assert affirm reaffirm rebut contradict detail outline cite quote recount recite say tell
    ask answer post tweet retweet write state
""".split())


#: Evaluative speech acts with a bare object ('condemned the closure', 'thanked the fans'):
#: ATTRIBUTION-GUIDELINE H3 leaves them out, but PolNeAR train counts them (dropping them
#: with the verbs that communicate nothing cost all-F1 0.013 there), so they stay, doubted
#: by ``trust`` when short.
EVALUATIVE_CUES = frozenset("""
    criticize praise condemn slam blast attack blame thank hail applaud denounce decry bemoan
    lament assail knock rip mock defend endorse congratulate credit dismiss reject question
    challenge oppose support welcome admire disavow downplay rebuke tout veto echo
""".split())


def bare_object(tok: Token, lemma: str, comp: Token) -> bool:
    """A noun-phrase object with no clause in it after a verb that does not communicate it
    ('issued a statement on Tuesday', 'toured the world supporting the likes of X',
    'described the scene'): an object, not what someone said."""
    if comp.dep_ != "dobj" or comp.lower_ in ("what", "which") or lemma in NOUN_PHRASE_CUES | EVALUATIVE_CUES:
        return False
    if "dobj" in STANCE_FRAMES.get(lemma, ()):
        return False  # '19 percent support Clinton': a stance, shown apart from speech
    return not any(t.pos_ in ("VERB", "AUX") for t in comp.subtree)


def withheld(tok: Token, comp: Token) -> bool:
    """'It did not reveal the crash location', 'the company would not disclose the number':
    a negated cue with a noun-phrase object reports that nothing was communicated, like 'did
    not respond to a request for comment' (ATTRIBUTION-GUIDELINE §2). PolNeAR train counts
    some ('did not mention X'): 25 predictions, 12 matches, all-F1 -0.0005. Nor does 'deny X
    to Y' or 'deny Y X' (refusing someone a thing: 'denying flu vaccines to immigrants'), unlike
    'denied the allegations'."""
    if comp.dep_ != "dobj" or comp.head.i != tok.i:
        return False
    if tok.lemma_.lower() == "deny" and any(
            c.dep_ == "dative" or (c.dep_ == "prep" and c.lower_ == "to") for c in tok.children):
        return True
    return any(c.dep_ == "neg" for c in tok.children)


#: Participles that name what their noun is called ('a family of proteins called GPCRs',
#: 'a script called "Wild Rose"', 'a group known as …'): ATTRIBUTION-GUIDELINE §2 ('known
#: as', 'named'). As a reduced relative on a noun they label a thing; nobody is quoted.
NAMING_PARTICIPLES = frozenset({"call", "name", "dub", "title", "know", "term", "label"})


def names_a_thing(tok: Token) -> bool:
    """'a cell type called a tuft cell': a naming participle hung on a noun (``acl``)
    reports no speech (selection: 5 false positives; PolNeAR train: 7 predictions, 1 match)."""
    return (tok.tag_ in ("VBN", "VBD") and tok.dep_ == "acl" and tok.head.pos_ in ("NOUN", "PROPN", "PRON")
            and tok.lemma_.lower() in NAMING_PARTICIPLES)


def speaker_is_the_reader(cand: Candidate) -> bool:
    """'you can reductively call it …', 'you'll stand there wondering why …': outside a
    quotation 'you' is the author talking to the reader, a generic person, not a source
    (PolNeAR train: 3 such predictions, none a gold attribution)."""
    return cand.speaker_tok is not None and cand.speaker_tok.lower_ in READER_PRONOUNS


#: modals of possibility: 'others might argue that …' imagines speech, it reports none
HYPOTHETICAL_MODALS = frozenset({"might", "may", "could"})


def hypothetical(tok: Token) -> bool:
    """'Others may argue that …', 'you could ask for …': speech that might happen is not a
    report that it did (selection: 3 false positives out; PolNeAR train: 9 predictions, 3
    matches, all-F1 unchanged)."""
    return any(c.dep_ == "aux" and c.lower_ in HYPOTHETICAL_MODALS for c in tok.children)


#: particles that turn an evaluative verb into a physical one ('knock down', 'rip up')
PHYSICAL_PARTICLES = frozenset({"out", "down", "off", "up", "over"})


def physical_phrasal(tok: Token, lemma: str) -> bool:
    """'knocking out smaller items on the to-do list', 'knock down my enjoyment': with such a
    particle an evaluative verb is an action, not a verdict on anyone (PolNeAR train: none)."""
    return lemma in EVALUATIVE_CUES and any(
        c.dep_ == "prt" and c.lower_ in PHYSICAL_PARTICLES for c in tok.children)
