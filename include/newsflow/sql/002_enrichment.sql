-- 002: entities, mentions, quotes, and the per-article enrichment record.
CREATE TABLE news.entities (
    entity_key      text PRIMARY KEY,
    canonical_name  text NOT NULL,
    label           text NOT NULL,
    first_seen_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX entities_label_idx ON news.entities (label);
COMMENT ON TABLE news.entities IS 'Canonical named entities across all articles (one row per normalised key, e.g. person:john kerry).';
COMMENT ON COLUMN news.entities.entity_key IS 'Normalised key: lower-case label, colon, accent-free lower-case canonical name. Counts one person/org/place across articles.';
COMMENT ON COLUMN news.entities.canonical_name IS 'Display name: the fullest form seen in an article (John Kerry for Kerry).';
COMMENT ON COLUMN news.entities.label IS 'spaCy label: PERSON, ORG, GPE, NORP, LOC, FAC, EVENT, LAW, DATE, ...';
COMMENT ON COLUMN news.entities.first_seen_at IS 'When the entity first reached the warehouse.';

CREATE TABLE news.article_enrichment (
    article_id      uuid PRIMARY KEY REFERENCES news.articles (article_id) ON DELETE CASCADE,
    status          text NOT NULL CHECK (status IN ('ok', 'error', 'skipped')),
    status_reason   text,
    model           text NOT NULL,
    content_hash    text,
    entity_count    integer NOT NULL DEFAULT 0,
    quote_count     integer NOT NULL DEFAULT 0,
    batch_key       text,
    analyzed_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX article_enrichment_status_idx ON news.article_enrichment (status);
COMMENT ON TABLE news.article_enrichment IS 'One row per analysed article: did NLP succeed, with which model, how many entities and quotes it stored.';
COMMENT ON COLUMN news.article_enrichment.article_id IS 'The article (news.articles).';
COMMENT ON COLUMN news.article_enrichment.status IS 'ok, error (analysis raised; see status_reason) or skipped (no text).';
COMMENT ON COLUMN news.article_enrichment.status_reason IS 'Why analysis failed or was skipped.';
COMMENT ON COLUMN news.article_enrichment.model IS 'spaCy model and newsflow rules version that produced the rows; a new one re-enriches on reprocess.';
COMMENT ON COLUMN news.article_enrichment.content_hash IS 'news.articles.content_hash of the text that was analysed: when the article text changes, the article is analysed again.';
COMMENT ON COLUMN news.article_enrichment.entity_count IS 'Rows in news.entity_mentions for the article.';
COMMENT ON COLUMN news.article_enrichment.quote_count IS 'Rows in news.quotes for the article.';
COMMENT ON COLUMN news.article_enrichment.batch_key IS 'The enrich batch that analysed it (news.enrich_batches).';
COMMENT ON COLUMN news.article_enrichment.analyzed_at IS 'When it was analysed.';

CREATE TABLE news.entity_mentions (
    article_id      uuid NOT NULL REFERENCES news.articles (article_id) ON DELETE CASCADE,
    start_char      integer NOT NULL CHECK (start_char >= 0),
    end_char        integer NOT NULL,
    entity_key      text NOT NULL REFERENCES news.entities (entity_key),
    label           text NOT NULL,
    surface         text NOT NULL,
    sentence_start  integer,
    sentence_end    integer,
    PRIMARY KEY (article_id, start_char, end_char),
    CHECK (end_char > start_char)
);
CREATE INDEX entity_mentions_entity_idx ON news.entity_mentions (entity_key);
COMMENT ON TABLE news.entity_mentions IS 'Every named-entity mention in every analysed article, with its canonical entity.';
COMMENT ON COLUMN news.entity_mentions.article_id IS 'The article.';
COMMENT ON COLUMN news.entity_mentions.start_char IS 'Start offset (characters, 0-based) of the mention in news.articles.text.';
COMMENT ON COLUMN news.entity_mentions.end_char IS 'End offset (exclusive): substr(text, start_char + 1, end_char - start_char) = surface.';
COMMENT ON COLUMN news.entity_mentions.entity_key IS 'The canonical entity (news.entities).';
COMMENT ON COLUMN news.entity_mentions.label IS 'Label of this mention (after article-level corrections).';
COMMENT ON COLUMN news.entity_mentions.surface IS 'The mention as written (Kerry, the US).';
COMMENT ON COLUMN news.entity_mentions.sentence_start IS 'Start offset of the sentence holding the mention.';
COMMENT ON COLUMN news.entity_mentions.sentence_end IS 'End offset of that sentence.';

CREATE TABLE news.quotes (
    quote_id        uuid PRIMARY KEY,
    article_id      uuid NOT NULL REFERENCES news.articles (article_id) ON DELETE CASCADE,
    start_char      integer NOT NULL CHECK (start_char >= 0),
    end_char        integer NOT NULL,
    spans           jsonb NOT NULL DEFAULT '[]',
    quote_text      text NOT NULL,
    kind            text NOT NULL CHECK (kind IN ('direct', 'mixed', 'indirect')),
    cue             text,
    cue_start       integer,
    cue_end         integer,
    speaker_start   integer,
    speaker_end     integer,
    speaker_text    text,
    speaker         text,
    speaker_label   text,
    speaker_key     text,
    confidence      real NOT NULL CHECK (confidence BETWEEN 0 AND 1),
    UNIQUE (article_id, start_char, end_char),
    CHECK (end_char > start_char)
);
CREATE INDEX quotes_article_idx ON news.quotes (article_id);
CREATE INDEX quotes_speaker_key_idx ON news.quotes (speaker_key);
CREATE INDEX quotes_kind_idx ON news.quotes (kind);
COMMENT ON TABLE news.quotes IS 'Quotes and reported speech with who said them: one row per attribution.';
COMMENT ON COLUMN news.quotes.quote_id IS 'Deterministic id: uuid5 of article id and content offsets.';
COMMENT ON COLUMN news.quotes.article_id IS 'The article.';
COMMENT ON COLUMN news.quotes.start_char IS 'Start of the quote content in news.articles.text (quote marks excluded).';
COMMENT ON COLUMN news.quotes.end_char IS 'End (exclusive) of the content; for an interrupted quote, of its last piece.';
COMMENT ON COLUMN news.quotes.spans IS 'Pieces of a quote interrupted by its attribution, as [[start, end], ...]; [] when it is one piece.';
COMMENT ON COLUMN news.quotes.quote_text IS 'The content (pieces joined with a space when interrupted).';
COMMENT ON COLUMN news.quotes.kind IS 'direct (wholly in quote marks), mixed (partly quoted), indirect (reported speech).';
COMMENT ON COLUMN news.quotes.cue IS 'The attribution cue: said, told, according to, a colon introduction...';
COMMENT ON COLUMN news.quotes.cue_start IS 'Start offset of the cue.';
COMMENT ON COLUMN news.quotes.cue_end IS 'End offset of the cue.';
COMMENT ON COLUMN news.quotes.speaker_start IS 'Start offset of the speaker mention as written (he, Kerry, a spokesman).';
COMMENT ON COLUMN news.quotes.speaker_end IS 'End offset of the speaker mention.';
COMMENT ON COLUMN news.quotes.speaker_text IS 'The speaker mention as written.';
COMMENT ON COLUMN news.quotes.speaker IS 'Resolved speaker: canonical name (John Kerry for he or Kerry), or the anonymous source as written.';
COMMENT ON COLUMN news.quotes.speaker_label IS 'PERSON, ORG, GPE, NORP... of the resolved speaker; NULL or ANON for anonymous sources.';
COMMENT ON COLUMN news.quotes.speaker_key IS 'Entity key of the resolved speaker (joins news.entities), NULL when unresolved.';
COMMENT ON COLUMN news.quotes.confidence IS 'Confidence of the attribution, 0..1.';

CREATE TABLE news.enrich_batches (
    batch_key   text NOT NULL,
    article_id  uuid NOT NULL REFERENCES news.articles (article_id) ON DELETE CASCADE,
    run_id      text NOT NULL,
    claimed_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (batch_key, article_id)
);
CREATE INDEX enrich_batches_run_idx ON news.enrich_batches (run_id);
COMMENT ON TABLE news.enrich_batches IS 'Which articles an enrich run claimed in which batch (the mapped tasks receive only batch keys).';
COMMENT ON COLUMN news.enrich_batches.batch_key IS 'run_id#NNNN.';
COMMENT ON COLUMN news.enrich_batches.article_id IS 'A claimed article.';
COMMENT ON COLUMN news.enrich_batches.run_id IS 'The enrich run.';
COMMENT ON COLUMN news.enrich_batches.claimed_at IS 'When it was claimed.';
