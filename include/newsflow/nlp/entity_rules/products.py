"""Products and their makers: when a name the model read as an organisation or a person is a
thing one buys, owns or charges ('an iPhone', "Apple's HomePod", 'the Hang Seng Index'), and
when a plural ('iPhones') is its singular's cluster.

Why apart from ``labels``: these rules decide between a product and the business that
makes it, over all of an article's clusters at once, after each cluster has its own label.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from spacy.tokens import Doc

from .companies import company_in_apposition, company_use, firm_company_use, no_person_mark
from .labels import facility_name, family_plural, modifier_use, thing_use
from .mentions import Mention
from .name_kinds import name_head_label
from .names import org_designated
from .places import known_place, known_region
from .word_lists import (
    ACCOUNT_NOUNS,
    ACT_VERBS,
    COMPANY_NOUNS,
    COUNT_WORDS,
    HANDLE_VERBS,
    INDEX_WORDS,
    MEMBER_NOUNS,
    MOVE_VERBS,
    OWNER_WORDS,
    QUANTITY_NOUNS,
    REGION_WORDS,
    ROLE_ENDINGS,
    UNIT_NOUNS,
    VERSION_WORDS,
)

if TYPE_CHECKING:
    from .cluster_keys import Cluster


def product_of_brand(name: str, org_names: set[str]) -> bool:
    """'Nissan Connect', 'Dräger Infinity' next to the ORG 'Nissan' / 'Dräger': a brand's
    name followed by more capitalised words, with no designator or region, is its product;
    'Hang Seng Index' is an index, a product too."""
    words = name.split()
    if len(words) > 1 and words[-1].lower() in INDEX_WORDS:
        return True
    if len(words) < 2 or org_designated(name):
        return False
    if any(w.lower() in MEMBER_NOUNS for w in words[1:]):
        return False  # 'Southwest Airlines Pilots': the people of the brand, a union or group
    for n in range(1, len(words)):
        brand, rest = " ".join(words[:n]).lower(), words[n:]
        if brand in org_names and not any(w.lower() in REGION_WORDS for w in rest) \
                and not known_region(" ".join(rest)):  # 'Lexus Philippines': the maker's arm there
            return all(w[:1].isupper() or w[:1].isdigit() for w in rest)
    return False


def brand_product(doc: Doc, cl: Cluster, org_names: set[str]) -> bool:
    """'Nissan Connect' beside the ORG 'Nissan' (:func:`product_of_brand`,
    :func:`brand_written_before`) is a product, but not a name the article itself marks as a
    company ('the private equity firm Harlow Capital' beside 'Harlow', "Harlow Capital's CEO")."""
    return (product_of_brand(cl.name, org_names) or brand_written_before(doc, cl, org_names)) and \
        not any(called_company(doc, m) for m in cl.mentions)


def called_company(doc: Doc, m: Mention) -> bool:
    """'the private equity firm Harlow Capital', 'a vice president at X', "X's CEO": the
    article calls the name a company, or its staff's employer (not a looser 'on X', 'at X')."""
    prev = doc[m.tok_start - 1] if m.tok_start > 0 else None
    return (prev is not None and prev.is_lower and prev.lower_ in COMPANY_NOUNS) or \
        company_in_apposition(m, doc[m.tok_end - 1]) or firm_company_use(doc, m)


def brand_written_before(doc: Doc, cl: Cluster, org_names: set[str]) -> bool:
    """'Google Lumio launches' where the model's name is only 'Lumio' and the article's
    organisation 'Google': a name the one-word name of an organisation of the same article
    modifies, written right before it, is that brand's product (not when the two modify a
    noun: 'the Reuters Kremlin correspondent'); a designated name is
    no product."""
    if org_designated(cl.name) or any(w.lower() in REGION_WORDS for w in cl.name.split()) or \
            any(w.lower() in MEMBER_NOUNS for w in cl.name.split()[1:]):
        return False
    first = cl.name.lower().split()[0]
    for m in cl.mentions:
        if m.tok_start == 0:
            continue
        brand, head = doc[m.tok_start - 1], doc[m.tok_end - 1]
        if (brand.text[:1].isupper() and brand.lower_ in org_names and brand.lower_ != first
                and brand.whitespace_ and brand.dep_ == "compound" and brand.head.i == head.i
                and not (head.dep_ == "compound" and head.head.tag_.startswith("NN"))):
            return True
    return False


def listed_with_products(doc: Doc, clusters: Sequence[Cluster], labels: list[str]) -> list[str]:
    """'Apple CarPlay and Android Auto, as well as Nissan Connect': an organisation's name (or a
    person's with no person's mark: 'my iPad Pro and Smart Keyboard Folio') listed only with products (as the article's labels now stand) is a product too; repeated
    while the list changes ('Android Auto' turns first, then 'Apple CarPlay')."""
    owner = {i: ci for ci, cl in enumerate(clusters) for m in cl.mentions
             for i in range(m.tok_start, m.tok_end)}
    labels = list(labels)
    for _ in range(3):
        changed = False
        for ci, cl in enumerate(clusters):
            if labels[ci] not in ("ORG", "PERSON") or org_designated(cl.name) or (
                    labels[ci] == "PERSON" and not no_person_mark(doc, cl.mentions)):
                continue
            listed = {labels[owner[t.i]] for m in cl.mentions for t in doc[m.tok_end - 1].conjuncts
                      if t.i in owner and owner[t.i] != ci}
            if listed == {"PRODUCT"}:
                labels[ci], changed = "PRODUCT", True
        if not changed:
            break
    return labels


def product_use(doc: Doc, m: Mention, org_names: set[str], articles: bool = True) -> bool:
    """'an iPhone', 'two iPads', 'her 12-inch MacBook', "Apple's HomePod", 'charge an iPad':
    the mention used as a countable thing someone has, or a brand's possession; without
    ``articles`` a bare 'a'/'an' does not count ('compared to a Mitt Romney')."""
    head = doc[m.tok_end - 1]
    if modifier_use(doc, m):
        return False
    for c in head.children:
        if c.i >= m.tok_start:
            continue
        if c.dep_ in ("det", "poss") and c.lower_ in COUNT_WORDS and not noun_between(doc, c.i, m.tok_start) \
                and (articles or c.lower_ not in ("a", "an")):
            return True
        if c.dep_ == "det" and c.lower_ == "the" and c.i == m.tok_start - 1 and m.tok_end - m.tok_start == 1 \
                and CAMEL_WORD.fullmatch(m.text) and not m.text.isupper():
            return True  # 'the AirPower', 'the iPad': a camel-case word with its own article
        if c.dep_ == "nummod" and c.like_num and not c.text[:1].isdigit() and not people_plural(head.lower_):
            return True  # 'two iPads', not '2019 Apple' nor 'two Purge Troopers'
        if c.dep_ in ("amod", "compound") and re.fullmatch(r"\d+(\.\d+)?-inch", c.text):
            return True
        if c.dep_ == "poss" and c.text[:1].isupper() and c.lower_ in org_names:
            return True  # "Apple's HomePod"
    return head.dep_ == "dobj" and head.head.lemma_.lower() in HANDLE_VERBS and any(
        c.dep_ == "det" and c.lower_ in COUNT_WORDS for c in head.children)


def noun_between(doc: Doc, start: int, end: int) -> bool:
    """'her former label Big Machine': a common noun between the determiner and the name makes
    the name an apposition to that noun, not a thing counted ('her 12-inch MacBook' has none)."""
    return any(t.pos_ == "NOUN" and not (t.i > 0 and doc[t.i - 1].text == "-") for t in doc[start + 1:end])


def people_plural(word: str) -> bool:
    """'Troopers', 'Pilots': the plural of a noun of people (a unit or group, not a product)."""
    return word in MEMBER_NOUNS or (word.endswith("s") and word[:-1].endswith(ROLE_ENDINGS))


#: A camel-case word ('iPhone', 'AirPod'; not a surname's 'McCain', 'MacArthur', "O'Neill", so
#: neither 'MacBook', which cannot be told from them by its letters).
CAMEL_WORD = re.compile(r"(?!Mc|Mac[A-Z]|O')[a-zA-Z][a-z]*[A-Z][A-Za-z]*")


def camel_plural_use(doc: Doc, m: Mention) -> bool:
    """'the first iPhones shipped', 'two AirPods', 'millions of iPads': a camel-case name in the
    plural with a determiner, number, adjective or quantity of its own is a product's many
    items (a company is no plural, and the verb after it says nothing: 'shipped')."""
    head = doc[m.tok_end - 1]
    if m.tok_end - m.tok_start != 1 or head.tag_ not in ("NNS", "NNPS") or not head.text.endswith("s"):
        return False
    if not CAMEL_WORD.fullmatch(head.text[:-1]) or head.text[-2:-1].isupper():
        return False
    if head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.lemma_.lower() in QUANTITY_NOUNS:
        return True  # 'millions of iPhones'
    return any(c.dep_ in ("det", "amod", "nummod") and c.i < head.i for c in head.children)


def business_act(doc: Doc, m: Mention) -> bool:
    """'Samsung announced', 'Anker sells', 'at Best Buy': a use only an organisation has."""
    head = doc[m.tok_end - 1]
    if head.dep_ == "nsubj" and head.head.lemma_.lower() in ACT_VERBS:
        return True
    prev = doc[m.tok_start - 1] if m.tok_start > 0 else None
    return prev is not None and prev.lower_ == "at" and head.dep_ == "pobj"


def noun_title(doc: Doc, m: Mention) -> bool:
    """'former Mac and PC users': a title word before a name that modifies a noun, the title
    word modifying that noun too, is the noun's ('former users'), no title of the name."""
    if not m.titled or m.tok_start == 0:
        return False
    head, title = doc[m.tok_end - 1], doc[m.tok_start - 1]
    while head.dep_ == "conj" and head.head.i < head.i:
        head = head.head  # 'former Mac and PC users': the list's first item
    return (head.dep_ in ("compound", "nmod", "amod") and head.head.i >= m.tok_end
            and title.head.i == head.head.i and head.head.pos_ == "NOUN")


def untitled(doc: Doc, mentions: Sequence[Mention]) -> list[Mention]:
    """The mentions with a noun's title (:func:`noun_title`) no longer counted as the name's."""
    return [replace(m, titled=False) if noun_title(doc, m) else m for m in mentions]


def owned_use(doc: Doc, m: Mention) -> bool:
    """'Apple cancelled its failed AirPower', 'whether its Siri shortcuts': a one-word name after
    'its' (only adjectives between), alone or modifying a noun, is a thing the business
    owns ('its CEO Tim Cook' has a noun between; 'its Instagram unit' is a part of it, 'its
    Twitter account' a platform's); a name the model reads as an organisation's only as the
    phrase's head ('its Senate majority' is the body's)."""
    if m.tok_end - m.tok_start != 1 or m.tok_start == 0:
        return False
    head = doc[m.tok_start]
    phrase = head.head if head.dep_ in ("compound", "nmod") and head.head.i > head.i else head
    if phrase is not head and (m.label == "ORG" or phrase.lower_ in UNIT_NOUNS or phrase.lemma_.lower() in ACCOUNT_NOUNS
                               or phrase.pos_ != "NOUN" or phrase.dep_ in ("compound", "nmod")):
        return False
    owner = next((c for c in phrase.children if c.dep_ == "poss" and c.i < head.i), None)
    return (owner is not None and owner.lower_ in OWNER_WORDS
            and all(t.pos_ in ("ADJ", "VERB", "ADV") for t in doc[owner.i + 1:head.i]))


def owned_thing(doc: Doc, mentions: Sequence[Mention]) -> bool:
    """A name the article writes as a business's own thing ('its AirPower') in at least half
    of its mentions, none of them a business's use (:func:`company_use`: "X's CEO", 'at X')."""
    owned = sum(owned_use(doc, m) for m in mentions)
    return bool(owned) and owned * 2 >= len(mentions) and not any(company_use(doc, m) for m in mentions)


def products_by_use(doc: Doc, clusters: Sequence[Cluster], labels: list[str], org_names: set[str]) -> list[str]:
    """An organisation's or unmarked person's name the article mostly uses as a countable thing
    ('an iPhone', "Apple's HomePod", 'its AirPower') rather than as an acting business is a
    product; a person's marks (a title, a first name, 'X said', 'he') keep a person. A one-word
    name read as a place that is no known place is one too when the article writes it only as a
    business's own thing ('its Siri shortcuts')."""
    out = list(labels)
    for ci, cl in enumerate(clusters):
        if labels[ci] not in ("ORG", "PERSON", "GPE") or org_designated(cl.name) or cl.alias_label:
            continue
        if facility_name(cl.name):
            continue  # "NASA's Goddard Space Flight Center": a centre or building is no product
        if known_place(cl.name) or known_region(cl.name) or not no_person_mark(doc, cl.mentions):
            continue
        if cl.name.isupper():
            continue  # 'an IPO', 'an EV': an acronym with an article is a common noun's, no product
        acts = sum(business_act(doc, m) for m in cl.mentions)
        if owned_thing(doc, cl.mentions) and not acts:
            out[ci] = "PRODUCT"
            continue
        if labels[ci] == "GPE":
            continue
        # the model's person reading gives way to more than one bare 'a X' ('to a Mitt Romney')
        articles = labels[ci] == "ORG" or len(cl.mentions) > 1
        used = sum(product_use(doc, m, org_names - {cl.name.lower()}, articles) for m in cl.mentions)
        if (used and used > acts) or any(camel_plural_use(doc, m) for m in cl.mentions):
            out[ci] = "PRODUCT"
    return out


def index_move(doc: Doc, m: Mention) -> bool:
    """'the Nasdaq rose', 'even the Nifty has been rallying': a name with its own 'the' as the
    subject of a market's move is an index (a company's shares move, written 'Apple rose', with
    no article)."""
    head = doc[m.tok_end - 1]
    prev = doc[m.tok_start - 1] if m.tok_start > 0 else None
    return (prev is not None and prev.lower_ == "the" and head.dep_ == "nsubj"
            and head.head.lemma_.lower() in MOVE_VERBS)


def indexes_by_move(doc: Doc, clusters: Sequence[Cluster], labels: list[str]) -> list[str]:
    """An organisation's name written as a moving index (:func:`index_move`) in at least half of
    its mentions, and never as a business (:func:`business_act`), is the index: PRODUCT."""
    out = list(labels)
    for ci, cl in enumerate(clusters):
        if labels[ci] != "ORG" or org_designated(cl.name) or cl.alias_label:
            continue
        moves = sum(index_move(doc, m) for m in cl.mentions)
        if moves and moves * 2 >= len(cl.mentions) and not any(business_act(doc, m) for m in cl.mentions):
            out[ci] = "PRODUCT"
    return out


def version_of_product(name: str, products: set[str]) -> bool:
    """'iPad Pro' next to the product 'iPad', 'iMac Pro', 'Chromecast Ultra': a version word
    after a product's name of the same article, or after one camel-case word, names a version
    of that product (not a designated name: 'Apple Pro Services Inc')."""
    words = name.split()
    if len(words) < 2 or words[-1].lower() not in VERSION_WORDS or org_designated(name):
        return False
    rest = " ".join(words[:-1])
    return rest.lower() in products or (len(words) == 2 and bool(CAMEL_WORD.fullmatch(rest)))


def versions_of_products(doc: Doc, clusters: Sequence[Cluster], labels: list[str]) -> list[str]:
    """An organisation's, place's or people's reading of a product's version
    (:func:`version_of_product`), or a person's with no person's mark, becomes PRODUCT."""
    products = {cl.name.lower() for cl, label in zip(clusters, labels, strict=True) if label == "PRODUCT"}
    return ["PRODUCT" if label in ("ORG", "PERSON", "GPE", "NORP", "FAC") and not cl.alias_label
            and version_of_product(cl.name, products)
            and (label != "PERSON" or no_person_mark(doc, cl.mentions)) else label
            for cl, label in zip(clusters, labels, strict=True)]


def plural_of(plural: str, singular: str) -> bool:
    """'iPhones' of 'iPhone', 'MacBooks' of 'MacBook' (same case but for the added 's')."""
    return len(singular) > 1 and plural == singular + "s"


def join_plurals(doc: Doc, clusters: Sequence[Cluster], labels: list[str]) -> dict[int, int]:
    """'iPhones' next to 'iPhone' in one article: the plural of a name (not a people's, a
    team's or a family's: no NORP, no person's marks) is the same thing, a product, counted
    under the singular; returns plural cluster index -> singular cluster index and sets both
    labels to PRODUCT (an award's plural, 'multiple World Fantasy Awards', is the award: both
    WORK_OF_ART, see :func:`award_plural`)."""
    names = {cl.name: ci for ci, cl in enumerate(clusters)}
    joined: dict[int, int] = {}
    for ci, cl in enumerate(clusters):
        si = names.get(cl.name[:-1]) if cl.name.endswith("s") and not cl.name.endswith("ss") else None
        if si is None or si == ci:
            continue
        if award_plural(clusters[si].name, labels[si]):
            labels[ci], joined[ci] = "WORK_OF_ART", si
            continue
        pair = (labels[ci], labels[si])
        if not set(pair) <= {"ORG", "PERSON", "GPE", "PRODUCT"} or org_designated(clusters[si].name):
            continue
        if not all(no_person_mark(doc, untitled(doc, clusters[i].mentions)) for i in (ci, si)) or (labels[si] == "PERSON" and family_plural(doc, cl.name)
                                       and all(thing_use(doc, m) for m in cl.mentions)):
            continue  # 'the Bergs' of a Berg the article keeps a person ('chargers for Macs' is no family)
        labels[ci] = labels[si] = "PRODUCT"
        joined[ci] = si
    return joined


def award_plural(singular: str, label: str) -> bool:
    """'multiple World Fantasy Awards' next to 'the World Fantasy Award': the plural of an award's
    name (a work by its head, ``name_kinds.name_head_label``) counts the award itself."""
    return label == "WORK_OF_ART" and name_head_label(singular) == "WORK_OF_ART"
