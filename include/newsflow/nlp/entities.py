"""Named-entity clean-up and canonicalisation within one article.

Why: the small spaCy model slips in ways the rest of the same article can correct
("Lavrov" as ORG next to "Sergei Lavrov" as PERSON, "Echoing Kerry" as a name,
possessive "'s" inside the span), and analysts need one name per real-world entity
("Kerry" and "John Kerry" counted together), so every mention gets a canonical name
and a normalised key that also joins across articles.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from .doctext import doc_text as doc_text_of
from .entity_rules.cluster_keys import Cluster, state_written_out
from .entity_rules.clusters import build_clusters, split_run_together
from .entity_rules.company_marks import listed_with_organisations, ticker_named
from .entity_rules.count_trims import trim_counts
from .entity_rules.craft_papers import papers_sites_vehicles
from .entity_rules.dateline_names import join_dateline_place
from .entity_rules.event_days import event_days
from .entity_rules.hyphen_pairs import split_hyphen_pairs
from .entity_rules.key_names import key_text
from .entity_rules.key_names import plus_kept as plus_kept  # noqa: F401 (public before the move)
from .entity_rules.labels import decide_label, facility_name
from .entity_rules.mentions import KEEP_LABELS as KEEP_LABELS  # noqa: F401 (public before the split)
from .entity_rules.mentions import Mention, acronyms_defined, collect_mentions
from .entity_rules.missed_names import missed_speakers, missed_surnames
from .entity_rules.name_agreement import one_reading_per_name
from .entity_rules.names import clean_name
from .entity_rules.partial_names import bare_first_name
from .entity_rules.people_as_things import people_read_as_things
from .entity_rules.person_marks import strong_person_mark, things_after_the
from .entity_rules.place_readings import firm_place_reading
from .entity_rules.priced_products import priced_products
from .entity_rules.products import (
    brand_product,
    indexes_by_move,
    join_plurals,
    listed_with_products,
    products_by_use,
    versions_of_products,
)
from .entity_rules.run_splits import split_run_together_names
from .entity_rules.team_nicknames import place_with_nickname
from .entity_rules.team_pairs import result_line_pairs
from .entity_rules.team_places import team_uses_apart
from .entity_rules.teams import team_named
from .entity_rules.tour_dates import listed_tour_dates
from .entity_rules.year_events import year_events


@dataclass(frozen=True)
class Entity:
    """One entity mention: ``text == analysed_text[start:end]``."""

    text: str
    label: str
    start: int
    end: int
    canonical: str
    key: str
    sentence: int | None = None


@lru_cache(maxsize=65536)
def normalise_key(label: str, name: str) -> str:
    """``person:john kerry``: case-, accent- and punctuation-insensitive, for joins; a '+'
    after a name is kept (see :func:`plus_kept`). Cached: pure, and asked of every mention."""
    return f"{label.lower()}:{key_text(name)}"


def extract_entities(doc: Doc, text: str | None = None) -> list[Entity]:
    """Clean, cluster and label ``doc.ents`` using evidence from the whole article:
    mentions trimmed and junk dropped (``entity_rules.mentions``), partial mentions joined to
    their fullest name (``entity_rules.clusters``), one label per cluster (``entity_rules.labels``)."""
    # Doc.text re-joins every token on each access: read it once (or take the caller's)
    doc_text = doc_text_of(doc) if text is None else text
    return finish_entities(doc, doc_text, *rule_labelled_clusters(doc, doc_text))


def rule_labelled_clusters(doc: Doc, doc_text: str) -> tuple[list[Mention], list[Cluster], list[str]]:
    """The article's mentions, their clusters and each cluster's label as the rules decide it
    (apart from :func:`finish_entities` so that ``newsflow_dev.entity_labels_fit`` can try a learnt
    label step between the two)."""
    sent_starts: list[int] = []
    if doc.has_annotation("SENT_START"):
        sent_starts = [s.start_char for s in doc.sents]
    mentions = join_dateline_place(doc, doc_text, collect_mentions(doc, doc_text, sent_starts), sent_starts)
    mentions = place_with_nickname(doc, doc_text, listed_tour_dates(doc, doc_text, mentions, sent_starts))
    mentions = event_days(doc, doc_text, trim_counts(doc, year_events(doc, doc_text, mentions)), sent_starts)
    mentions = split_run_together(split_hyphen_pairs(doc, split_run_together_names(doc, mentions)))
    mentions = sorted(mentions + missed_speakers(doc, doc_text, sent_starts, mentions), key=lambda m: m.start)
    mentions = sorted(mentions + missed_surnames(doc, doc_text, sent_starts, mentions), key=lambda m: m.start)
    things_after_the(doc, mentions)
    one_reading_per_name(doc, mentions)
    people_read_as_things(doc, mentions)
    place_read = frozenset(m.start for m in mentions if firm_place_reading(doc, m))
    marked = frozenset(m.start for m in mentions
                       if (m.label == "PERSON" or bare_first_name(m)) and strong_person_mark(doc, [m]))
    clusters = build_clusters(mentions, acronyms_defined(doc_text, mentions), place_read, marked)
    places = frozenset(cl.name.lower() for cl in clusters if not any(m.titled for m in cl.mentions)
                       and any(m.start in place_read for m in cl.mentions))
    labels = [cl.alias_label or decide_label(doc, cl.mentions, cl.name, places) for cl in clusters]
    labels = papers_sites_vehicles(doc, clusters, labels)
    orgs = {cl.name.lower() for cl, label in zip(clusters, labels, strict=True) if label == "ORG"}
    labels = [
        "PRODUCT" if label == "ORG" and not facility_name(cl.name)  # 'NASA Goddard Space Flight Center'
        and brand_product(doc, cl, orgs)
        else label for cl, label in zip(clusters, labels, strict=True)
    ]
    labels = versions_of_products(doc, clusters, products_by_use(doc, clusters, labels, orgs))
    labels = indexes_by_move(doc, clusters, labels)
    labels = priced_products(doc_text, clusters, listed_with_products(doc, clusters, labels))
    labels = ["ORG" if team_named(doc, cl.mentions, cl.name, label) or ticker_named(doc, doc_text, cl, label)
              else label for cl, label in zip(clusters, labels, strict=True)]
    return mentions, clusters, listed_with_organisations(doc, clusters, labels)


def finish_entities(doc: Doc, doc_text: str, mentions: list[Mention], clusters: list[Cluster],
                    labels: list[str]) -> list[Entity]:
    """Each cluster's label and canonical name written to its mentions (a place's team uses
    apart, plurals under their singular), then the mentions as entities."""
    clusters, labels = team_uses_apart(doc, clusters, labels)
    plural_to = join_plurals(doc, clusters, labels)
    for ci, (cl, label) in enumerate(zip(clusters, labels, strict=True)):
        for m in cl.mentions:
            m.label, m.canonical = label, state_written_out(label, clusters[plural_to.get(ci, ci)].name)
    result_line_pairs(doc, doc_text, mentions)
    for m in mentions:
        if not m.canonical:  # dates and languages: their own text
            m.canonical = clean_name(m.text)
    return [
        Entity(text=m.text, label=m.label, start=m.start, end=m.end, canonical=m.canonical,
               key=normalise_key(m.label, m.canonical), sentence=m.sent)
        for m in mentions
    ]


def entity_at(entities: list[Entity], start: int, end: int) -> Entity | None:
    """The entity mention overlapping [start, end), preferring PERSON, then the longest."""
    best: Entity | None = None
    for e in entities:
        if e.start < end and start < e.end:
            if best is None or (e.label == "PERSON") > (best.label == "PERSON") or (
                (e.label == "PERSON") == (best.label == "PERSON")
                and e.end - e.start > best.end - best.start
            ):
                best = e
    return best


# --------------------------------------------------------------------------- component

#: Name of the pipeline component and of the Doc extension holding its result.
ENTITIES_COMPONENT = "newsflow_entities"
_ENTITY_FIELDS = tuple(f.name for f in fields(Entity))


def entity_to_data(ent: Entity) -> list:
    """One entity as a plain list (msgpack-serialisable, travels with the Doc)."""
    return [getattr(ent, f) for f in _ENTITY_FIELDS]


def entity_from_data(data: Sequence) -> Entity:
    """The inverse of :func:`entity_to_data`."""
    return Entity(*data)


def doc_entities(doc: Doc) -> list[Entity]:
    """The entities the ``newsflow_entities`` component stored on ``doc`` (computed here
    when the Doc did not go through it)."""
    data = doc._.newsflow_entities if Doc.has_extension(ENTITIES_COMPONENT) else None
    if data is None:
        return extract_entities(doc)
    return [Entity(*d) for d in data]


@Language.factory(ENTITIES_COMPONENT)
def make_entities_component(nlp: Language, name: str) -> EntitiesComponent:
    """``nlp.add_pipe("newsflow_entities")`` after the ner: canonical entities on the Doc."""
    return EntitiesComponent()


class EntitiesComponent:
    """Writes :func:`extract_entities` to ``doc._.newsflow_entities`` as plain lists.

    Why plain data on the Doc: ``nlp.pipe(n_process=N)`` sends Docs back from its workers
    as bytes, user data included, so the work done in a worker arrives with the Doc.
    """

    def __init__(self) -> None:
        if not Doc.has_extension(ENTITIES_COMPONENT):
            Doc.set_extension(ENTITIES_COMPONENT, default=None)

    def __call__(self, doc: Doc) -> Doc:
        """Canonical entities of one Doc, stored as lists."""
        doc._.newsflow_entities = [entity_to_data(e) for e in extract_entities(doc)]
        return doc
