"""Duplicate linking through the SimHash band indexes, starting only from changed articles."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime, timedelta

import psycopg2
import pytest

from newsflow.extract import urls
from newsflow.warehouse import db
from newsflow.warehouse.duplicates import (
    BANDS,
    GUARANTEED_DISTANCE,
    LINK_SQL,
    band_probes,
    link_duplicates,
    simhash_bands,
)

from support import query

NOW = datetime.now(UTC)
_COLUMNS = ("article_id", "feed_name", "entry_key", "url", "canonical_url", "status", "content_hash",
            "simhash", "published_at", "updated_at", "duplicate_of", "duplicate_kind")


def _signed(value: int) -> int:
    value &= (1 << 64) - 1
    return value - (1 << 64) if value >= 1 << 63 else value


def _flip(value: int, bits: list[int]) -> int:
    for bit in bits:
        value ^= 1 << bit
    return _signed(value)


def _spread_bits(distance: int, rng: random.Random) -> list[int]:
    """The hardest spread for banding: flips dealt round-robin over the bands."""
    bits: list[int] = []
    for i in range(distance):
        shift, width = BANDS[i % len(BANDS)]
        choices = [b for b in range(shift, shift + width) if b not in bits]
        bits.append(rng.choice(choices))
    return bits


def _row(name: str, simhash: int, published: datetime, *, updated: datetime | None = None,
         content: str | None = None, duplicate_of: uuid.UUID | None = None, kind: str | None = None) -> dict:
    url = f"http://dup.test/{name}"
    return {"article_id": str(urls.article_id(url)), "feed_name": "f", "entry_key": name, "url": url,
            "canonical_url": url, "status": "ok", "content_hash": content or f"hash-{name}",
            "simhash": simhash, "published_at": published, "updated_at": updated or datetime.now(UTC),
            "duplicate_of": duplicate_of, "duplicate_kind": kind}


def _insert(dsn: str, rows: list[dict]) -> None:
    with db.connection(dsn) as conn, conn.cursor() as cur:
        cur.execute("INSERT INTO news.feeds (feed_name, url) VALUES ('f', 'http://dup.test/feed') "
                    "ON CONFLICT DO NOTHING")
        cur.executemany(
            f"INSERT INTO news.articles ({', '.join(_COLUMNS)}) VALUES ({', '.join(['%s'] * len(_COLUMNS))})",
            [tuple(r[c] for c in _COLUMNS) for r in rows],
        )


def _links(dsn: str) -> dict[str, tuple[str, str]]:
    rows = query(dsn, """SELECT a.entry_key, d.entry_key, a.duplicate_kind FROM news.articles a
                           JOIN news.articles d ON d.article_id = a.duplicate_of""")
    return {later: (earlier, kind) for later, earlier, kind in rows}


def _articles_md5(dsn: str) -> str:
    return query(dsn, "SELECT md5(string_agg(a::text, '|' ORDER BY a.article_id)) FROM news.articles a")[0][0]


# ------------------------------------------------------------------ bands


def test_bands_cover_64_bits_and_guarantee_the_threshold():
    assert sorted(b for s, w in BANDS for b in range(s, s + w)) == list(range(64))
    assert GUARANTEED_DISTANCE >= urls.NEAR_DUPLICATE_DISTANCE


def test_probes_find_every_copy_within_distance_8_where_exact_16_bit_bands_do_not():
    rng = random.Random(5)
    four_exact_missed = {}
    for distance in range(1, 9):
        missed_here = 0
        for _ in range(300):
            base = _signed(rng.getrandbits(64))
            copy = _flip(base, rng.sample(range(64), distance))
            assert urls.hamming(base, copy) == distance
            probes, bands = band_probes(base), simhash_bands(copy)
            assert any(b in p for b, p in zip(bands, probes, strict=True)), (distance, base, copy)
            unsigned_a, unsigned_b = base & (2**64 - 1), copy & (2**64 - 1)
            missed_here += all((unsigned_a >> s) & 0xFFFF != (unsigned_b >> s) & 0xFFFF for s in (0, 16, 32, 48))
        four_exact_missed[distance] = missed_here
    # the trade-off the probes avoid: exact 16-bit bands miss pairs from distance 4 on
    assert four_exact_missed[3] == 0 and four_exact_missed[8] > 50


def test_generated_band_columns_match_python(migrated_dsn):
    rng = random.Random(7)
    values = [0, -1, 1, -(2**63), 2**63 - 1] + [_signed(rng.getrandbits(64)) for _ in range(50)]
    _insert(migrated_dsn, [_row(f"b{i}", v, NOW) for i, v in enumerate(values)])
    rows = query(migrated_dsn, """SELECT simhash, simhash_band0, simhash_band1, simhash_band2, simhash_band3,
                                         simhash_band4 FROM news.articles""")
    assert len(rows) == len(values)
    for simhash, *bands in rows:
        assert tuple(bands) == simhash_bands(simhash)


# ------------------------------------------------------------------ linking


def test_near_copies_at_every_distance_are_linked_to_the_earliest(migrated_dsn):
    rng = random.Random(11)
    base = _signed(rng.getrandbits(64))
    rows = [_row("base", base, NOW - timedelta(days=3))]
    expected = {}
    for distance in range(1, 9):
        for n in range(4):
            bits = _spread_bits(distance, rng) if n % 2 else rng.sample(range(64), distance)
            name = f"d{distance}-{n}"
            rows.append(_row(name, _flip(base, bits), NOW - timedelta(days=2, minutes=distance * 10 + n)))
            expected[name] = ("base", "near")
    for distance in (10, 16, 32):  # beyond the threshold: never linked
        rows.append(_row(f"far{distance}", _flip(base, rng.sample(range(64), distance)), NOW - timedelta(days=2)))
    _insert(migrated_dsn, rows)
    result = link_duplicates(migrated_dsn)
    assert _links(migrated_dsn) == expected
    assert result == {"linked_now": 32, "exact": 0, "near": 32}


def test_identical_second_call_changes_nothing(migrated_dsn):
    base = 0x1234_5678_9ABC_DEF0
    _insert(migrated_dsn, [_row("a", base, NOW - timedelta(days=1)),
                           _row("b", _flip(base, [1, 20, 40]), NOW),
                           _row("c", 77, NOW, content="hash-a")])
    first = link_duplicates(migrated_dsn)
    assert _links(migrated_dsn) == {"b": ("a", "near"), "c": ("a", "exact")}
    assert first == {"linked_now": 2, "exact": 1, "near": 1}
    before = _articles_md5(migrated_dsn)
    assert link_duplicates(migrated_dsn) == {"linked_now": 0, "exact": 1, "near": 1}
    assert _articles_md5(migrated_dsn) == before


def test_exact_copy_by_content_hash_is_linked_as_before(migrated_dsn):
    _insert(migrated_dsn, [_row("first", 5, NOW - timedelta(days=400), content="same"),
                           _row("second", -9_000_000_000, NOW, content="same")])
    assert link_duplicates(migrated_dsn)["exact"] == 1  # exact copies need no date window
    assert _links(migrated_dsn) == {"second": ("first", "exact")}


def test_near_copy_far_outside_the_date_window_is_not_linked(migrated_dsn):
    base = 0x0F0F_0F0F_0F0F_0F0F
    _insert(migrated_dsn, [_row("old", base, NOW - timedelta(days=200)),
                           _row("new", _flip(base, [3]), NOW),
                           _row("edge", _flip(base, [5]), NOW - timedelta(days=29))])
    link_duplicates(migrated_dsn, window_days=30)
    assert _links(migrated_dsn) == {"new": ("edge", "near")}


def test_only_articles_changed_since_the_last_run_are_compared(migrated_dsn):
    """Rows the previous runs already saw are not compared again: an old unlinked near pair stays
    unlinked (the old linker would re-compare it every day), an old link stays as it is."""
    old = NOW - timedelta(days=10)
    base = 0x7777_0000_1111_2222
    root = _row("root", base, old - timedelta(days=1), updated=old)
    _insert(migrated_dsn, [
        root,
        _row("linked", _flip(base, [2, 9]), old, updated=old, duplicate_of=root["article_id"], kind="near"),
        _row("quiet-a", 0x5555, old, updated=old),
        _row("quiet-b", _flip(0x5555, [1]), old, updated=old),  # near pair, compared before: left alone
    ])
    assert link_duplicates(migrated_dsn)["linked_now"] == 0
    _insert(migrated_dsn, [_row("today", _flip(base, [2, 9, 30]), NOW),  # near "linked", 4 from root
                           _row("other", 0x1_0000_0000, NOW)])
    result = link_duplicates(migrated_dsn)
    assert _links(migrated_dsn) == {"linked": ("root", "near"), "today": ("root", "near")}
    assert result["linked_now"] == 1
    # an explicit `since` re-compares older rows: the quiet pair is found then
    link_duplicates(migrated_dsn, since=old - timedelta(days=1))
    assert _links(migrated_dsn)["quiet-b"] == ("quiet-a", "near")


def test_chains_are_flattened_and_a_new_earlier_copy_becomes_the_root(migrated_dsn):
    old = NOW - timedelta(days=5)
    base = 0x0123_4567_89AB_CDEF
    root = _row("root", base, old, updated=old)
    _insert(migrated_dsn, [root, _row("copy", _flip(base, [0, 1, 2]), old + timedelta(hours=1), updated=old,
                                      duplicate_of=root["article_id"], kind="near")])
    # far from root (9 bits) but 6 from copy: linked to copy, flattened to root
    _insert(migrated_dsn, [_row("via-copy", _flip(base, [0, 1, 2, 20, 21, 22, 40, 41, 42]), NOW)])
    link_duplicates(migrated_dsn)
    assert _links(migrated_dsn) == {"copy": ("root", "near"), "via-copy": ("root", "near")}
    # a copy published before the root arrives late: the cluster moves under it
    _insert(migrated_dsn, [_row("earliest", _flip(base, [63]), old - timedelta(days=1))])
    link_duplicates(migrated_dsn)
    assert _links(migrated_dsn) == {"root": ("earliest", "near"), "copy": ("earliest", "near"),
                                    "via-copy": ("earliest", "near")}


def test_a_failed_run_leaves_the_watermark_so_the_next_run_compares_its_articles(migrated_dsn):
    mark = query(migrated_dsn, "SELECT compared_through FROM news.duplicate_link_state")[0][0]
    _insert(migrated_dsn, [_row("x", 42, NOW - timedelta(hours=1)), _row("y", 43, NOW)])
    with pytest.raises(psycopg2.Error):
        link_duplicates(migrated_dsn, window_days="thirty")  # type: ignore[arg-type]
    assert query(migrated_dsn, "SELECT compared_through FROM news.duplicate_link_state")[0][0] == mark
    assert link_duplicates(migrated_dsn)["linked_now"] == 1
    assert query(migrated_dsn, "SELECT compared_through FROM news.duplicate_link_state")[0][0] > mark


# ------------------------------------------------------------------ plan


def test_plan_probes_the_band_indexes_and_reads_only_changed_rows(migrated_dsn):
    old = NOW - timedelta(days=30)
    with db.connection(migrated_dsn) as conn, conn.cursor() as cur:
        cur.execute("INSERT INTO news.feeds (feed_name, url) VALUES ('f', 'http://dup.test/feed')")
        cur.execute("""
            INSERT INTO news.articles (article_id, feed_name, entry_key, url, canonical_url, status,
                                       content_hash, simhash, published_at, updated_at)
            SELECT gen_random_uuid(), 'f', 'k' || i, 'http://dup.test/' || i, 'http://dup.test/' || i, 'ok',
                   md5(i::text), ('x' || md5('s' || i))::bit(64)::bigint,
                   %(old)s - make_interval(hours => i %% 8000), %(old)s
              FROM generate_series(1, 20000) i""", {"old": old})
        cur.execute("ANALYZE news.articles")
    _insert(migrated_dsn, [_row(f"new{i}", _signed(random.Random(i).getrandbits(64)), NOW) for i in range(5)])
    params = {"since": NOW - timedelta(seconds=1), "window": 30, "distance": urls.NEAR_DUPLICATE_DISTANCE}
    with db.connection(migrated_dsn) as conn, conn.cursor() as cur:
        cur.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " + LINK_SQL, params)
        plan = "\n".join(r[0] for r in cur.fetchall())
        conn.rollback()
    for i in range(len(BANDS)):
        assert f"articles_simhash_band{i}_idx" in plan, plan
    assert "articles_updated_at_idx" in plan, plan
    assert "Seq Scan on articles" not in plan, plan


def test_an_old_copy_keeps_an_earlier_target_than_a_new_candidate(migrated_dsn):
    """The new article is compared only with the copy, not with the copy's (earlier) root: the
    copy's stored link is weighed against the new find, and the earliest wins."""
    old = NOW - timedelta(days=5)
    base = 0x2222_3333_4444_5555
    root = _row("root", base, old - timedelta(days=2), updated=old)
    copy_bits = [0, 1, 2, 3, 4, 5]
    _insert(migrated_dsn, [root, _row("copy", _flip(base, copy_bits), old, updated=old,
                                      duplicate_of=root["article_id"], kind="near")])
    _insert(migrated_dsn, [_row("between", _flip(base, [*copy_bits, 20, 21, 22, 23]), old - timedelta(days=1))])
    assert link_duplicates(migrated_dsn)["linked_now"] == 0
    assert _links(migrated_dsn) == {"copy": ("root", "near")}


def test_a_backdated_page_naming_an_article_as_its_canonical_cannot_displace_it(migrated_dsn):
    """rel=canonical says which is the copy: a hostile page claiming an earlier date and naming a
    real article as its canonical must not make that article its duplicate (and drop it from NLP)."""
    real = _row("real", 11, NOW - timedelta(days=1))
    fake = _row("fake", -77, NOW - timedelta(days=300), content="attacker text")
    _insert(migrated_dsn, [real, fake])
    query(migrated_dsn, "UPDATE news.articles SET page_canonical_url = %s WHERE entry_key = 'fake'",
          (real["canonical_url"],))
    link_duplicates(migrated_dsn)
    assert _links(migrated_dsn) == {"fake": ("real", "exact")}
