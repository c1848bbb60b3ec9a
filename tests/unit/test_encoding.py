"""Encoding detection: the same article served four ways must decode identically."""

from __future__ import annotations

import unicodedata

import pytest

from newsflow.extract import extract_article
from newsflow.extract.encoding import decode_html, detect_encoding, normalize_label

ARTICLE = (
    "<html><head><title>Café talks</title>{meta}</head><body><article>"
    "<h1>Café talks</h1>"
    "<p>“We will meet again,” said José Müller — the mayor of Liège — on Tuesday.</p>"
    "<p>The naïve résumé cost €5, and the crème brûlée was ‘excellent’ … he added.</p>"
    "</article></body></html>"
)
EXPECTED = ARTICLE.format(meta="")


def _page(meta: str = "") -> str:
    return ARTICLE.format(meta=meta)


def test_utf8_declared_in_header():
    data = _page().encode("utf-8")
    assert decode_html(data, "text/html; charset=utf-8") == EXPECTED


def test_utf8_undeclared():
    assert decode_html(_page().encode("utf-8")) == EXPECTED


def test_windows_1252_via_meta():
    meta = '<meta charset="windows-1252">'
    assert decode_html(_page(meta).encode("cp1252")) == _page(meta)


def test_iso_8859_1_label_is_decoded_as_cp1252():
    # curly quotes, dashes, € and … only exist in cp1252, yet pages label them latin-1
    data = _page().encode("cp1252")
    assert decode_html(data, "text/html; charset=ISO-8859-1") == EXPECTED


def test_iso_8859_1_meta_on_latin1_text():
    page = "<html><head><meta http-equiv='Content-Type' content='text/html; charset=iso-8859-1'>" \
           "</head><body><p>Bientôt à Genève, señor Müller.</p></body></html>"
    assert decode_html(page.encode("latin-1")) == page


def test_mislabelled_header_latin1_but_bytes_utf8():
    data = _page().encode("utf-8")
    assert decode_html(data, "text/html; charset=iso-8859-1") == EXPECTED


def test_mislabelled_meta_latin1_but_bytes_utf8():
    meta = '<meta charset="iso-8859-1">'
    assert decode_html(_page(meta).encode("utf-8")) == _page(meta)


def test_all_variants_identical_text_after_extraction():
    variants = [
        (_page().encode("utf-8"), "text/html; charset=utf-8"),
        (_page().encode("cp1252"), "text/html; charset=windows-1252"),
        (_page().encode("cp1252"), "text/html; charset=iso-8859-1"),
        (_page().encode("utf-8"), "text/html; charset=iso-8859-1"),
    ]
    decoded = {decode_html(data, ct) for data, ct in variants}
    assert decoded == {EXPECTED}
    texts = {extract_article(decode_html(d, ct)).text for d, ct in variants}
    assert len(texts) == 1
    assert "“We will meet again,” said José Müller — the mayor of Liège" in texts.pop()


def test_bom_wins():
    data = b"\xef\xbb\xbf" + _page().encode("utf-8")
    assert decode_html(data, "text/html; charset=iso-8859-1") == EXPECTED
    data16 = _page().encode("utf-16")  # with BOM
    assert decode_html(data16) == EXPECTED


def test_result_is_nfc():
    decomposed = unicodedata.normalize("NFD", "<p>Café résumé</p>")
    out = decode_html(decomposed.encode("utf-8"))
    assert out == "<p>Café résumé</p>"
    assert unicodedata.is_normalized("NFC", out)


def test_undeclared_cp1252_is_sniffed():
    text = ("<html><body><p>" + "Le café était très apprécié à Genève, déjà célèbre. " * 20
            + "</p></body></html>")
    assert decode_html(text.encode("cp1252")) == text


def test_utf8_with_a_stray_byte_stays_utf8():
    data = ("<p>Café, résumé, naïve, Zürich, Liège</p>".encode() + b"\x92" +
            "<p>déjà vu</p>".encode())
    out = decode_html(data)
    assert "Café, résumé, naïve, Zürich, Liège" in out and "déjà vu" in out


@pytest.mark.parametrize("data", [b"", b"\x00\x01\x02", bytes(range(256)) * 4])
def test_never_raises(data):
    assert isinstance(decode_html(data), str)


def test_label_normalisation():
    assert normalize_label("ISO-8859-1") == "cp1252"
    assert normalize_label("latin1") == "cp1252"
    assert normalize_label("UTF8") == "utf-8"
    assert normalize_label("x-no-such-charset") is None
    assert detect_encoding(b"plain ascii") == "utf-8"
