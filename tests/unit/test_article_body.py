"""The article page's text (newsflow.newsroom.article_body): blocks and sub-headings, quote marks that
link to their entry in the list (and the anchor the list links back to), escaping kept."""

from __future__ import annotations

from html.parser import HTMLParser

from newsflow.newsroom.article_body import article_html, blocks, is_subheading, render_body
from newsflow.newsroom.highlight import Span, highlight

PARA_1 = "Wheat prices rose to their highest level in three years on Tuesday after forecasters cut estimates."
PARA_2 = ('"The market had been betting on a big crop," said Tom Harcourt, an analyst at Greyfield & Co. '
          '"Importers are now scrambling."')
PARA_3 = "Countries in North Africa and the Middle East, which import much of their wheat, are most exposed."


class _Tree(HTMLParser):
    """The elements (tag, attrs, text, ancestors' tags) and the text; fails on badly nested HTML."""

    VOID = {"br", "img"}

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[dict] = []
        self.stack: list[dict] = []
        self.text = ""
        self.feed(html)
        self.close()
        assert self.stack == [], "unclosed elements"

    def handle_starttag(self, tag, attrs):
        el = {"tag": tag, "attrs": dict(attrs), "text": "", "parents": [p["tag"] for p in self.stack]}
        self.elements.append(el)
        if tag not in self.VOID:
            self.stack.append(el)

    def handle_endtag(self, tag):
        assert self.stack and self.stack.pop()["tag"] == tag, "badly nested HTML"

    def handle_data(self, data):
        self.text += data
        for el in self.stack:
            el["text"] += data

    def find(self, tag: str, **attrs: str) -> list[dict]:
        return [e for e in self.elements if e["tag"] == tag
                and all(e["attrs"].get(k.replace("_", "-")) == v for k, v in attrs.items())]


def _quote(start: int, end: int, kind: str = "direct", spans: list | None = None, speaker: str | None = "Ann",
           cue: str | None = "said") -> dict:
    return {"spans": spans or [], "start_char": start, "end_char": end, "kind": kind, "speaker": speaker,
            "cue": cue}


def _article(text: str, quotes: list[dict] = (), stances: list[dict] = (), mentions: list[dict] = ()) -> dict:
    return {"text": text, "quotes": list(quotes), "stances": list(stances), "mentions": list(mentions)}


def _mention(text: str, surface: str, label: str, occurrence: int = 0) -> dict:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(surface, start + 1)
    return {"start_char": start, "end_char": start + len(surface), "label": label,
            "entity_key": f"{label.lower()}:{surface.lower()}", "canonical_name": surface}


def _with_heading(heading: str) -> str:
    return f"{PARA_1}\n\n{PARA_2}\n\n{heading}\n\n{PARA_3}"


# ---- blocks and sub-headings ---------------------------------------------------------------------

def test_blocks_are_the_runs_between_blank_lines_without_their_edges():
    text = "  One line.\nsame block\n\n\n  Two. \n \n\nThree\n"
    assert [text[s:e] for s, e in blocks(text)] == ["One line.\nsame block", "Two.", "Three"]
    assert blocks("") == [] and blocks(" \n\n \n") == []


def test_a_short_unpunctuated_line_between_paragraphs_is_a_subheading():
    for heading in ("Importers exposed", "Farmers see mixed fortunes", "Cafés hope for a return of trade",
                    "Farmers' Party holds firm"):
        assert is_subheading(heading, PARA_2, PARA_3), heading


def test_subheadings_are_conservative():
    assert not is_subheading("Importers exposed", None, PARA_3)  # the first block
    assert not is_subheading("Importers exposed", PARA_3, None)  # the last block
    assert not is_subheading("Will it last?", PARA_2, PARA_3)  # a question stays a paragraph
    assert not is_subheading("Importers exposed.", PARA_2, PARA_3)  # a sentence
    assert not is_subheading("Importers, exporters,", PARA_2, PARA_3)  # runs on
    assert not is_subheading("Importers and exporters —", PARA_2, PARA_3)
    assert not is_subheading("importers exposed", PARA_2, PARA_3)  # not capitalised
    assert not is_subheading("Exposed", PARA_2, PARA_3)  # one word: a label, a name
    assert not is_subheading("Importers\nexposed", PARA_2, PARA_3)  # two lines
    assert not is_subheading(" ".join(["Word"] * 15), PARA_2, PARA_3)  # too many words
    assert not is_subheading("Higher wages for nurses", "The union wants three things:", PARA_3)  # a list item
    assert not is_subheading("Higher wages for nurses", "Shorter shifts for all", PARA_3)  # no prose before
    assert not is_subheading("Higher wages for nurses", PARA_2, "Shorter shifts for all staff now")  # nor after
    assert not is_subheading("Higher wages for nurses and doctors", PARA_2, "It is done.")  # shorter prose after


def test_the_body_renders_paragraphs_and_subheadings_and_keeps_the_text_whole():
    text = "\n" + _with_heading("Importers exposed") + "\n\nWill it last?\n\nNobody knows yet, the traders said.\n"
    html = str(article_html(_article(text)))
    tree = _Tree(html)
    assert tree.text == text  # every character, in order: the gaps stay between the elements
    assert [h["text"] for h in tree.find("h3", **{"class": "article-subhead"})] == ["Importers exposed"]
    assert [p["text"] for p in tree.find("p")] == [PARA_1, PARA_2, PARA_3, "Will it last?",
                                                  "Nobody knows yet, the traders said."]
    assert not any(e["parents"] for e in tree.elements if e["tag"] in ("p", "h3"))  # blocks never nest


def test_a_quoted_line_is_never_a_subheading():
    text = _with_heading("Importers exposed")
    start = text.index("Importers exposed")
    body = render_body(_article(text, quotes=[_quote(start, start + len("Importers"))]))
    tree = _Tree(str(body.html))
    assert tree.find("h3") == [] and len(tree.find("p")) == 4


def test_entities_in_a_subheading_stay_marked():
    text = _with_heading("Farmers see mixed fortunes")
    tree = _Tree(str(article_html(_article(text, mentions=[_mention(text, "Farmers", "ORG")]))))
    heading = tree.find("h3")[0]
    assert heading["text"] == "Farmers see mixed fortunes"
    assert [m["text"] for m in tree.find("mark") if "h3" in m["parents"]] == ["Farmers"]


# ---- quotes: links to the list, and back ---------------------------------------------------------

def test_each_quote_piece_links_to_its_entry_and_the_first_carries_the_way_back():
    text = _with_heading("Importers exposed")
    first = (text.index("The market"), text.index(',"'))
    second = (text.index("Importers are"), text.index('."', text.index("Importers are")) + 1)
    mentions = [_mention(text, "Tom Harcourt", "PERSON"), _mention(text, "Greyfield & Co", "ORG")]
    stance_at = text.index("which import")
    body = render_body(_article(text, quotes=[_quote(0, 0, spans=[list(second), list(first)], speaker="Tom Harcourt")],
                                stances=[_quote(stance_at, stance_at + 24, kind="stance")], mentions=mentions))
    tree = _Tree(str(body.html))
    assert tree.text == text
    links = tree.find("a")
    assert [(a["attrs"]["href"], a["text"]) for a in links] == [
        ("#quote-1", text[slice(*first)]), ("#quote-1", text[slice(*second)]), ("#quote-2", text[stance_at:stance_at + 24])]
    assert all(a["attrs"]["class"] == "quote-link" and a["parents"][-1] == "mark" for a in links)
    assert links[0]["attrs"]["aria-describedby"] == "quote-1-by quote-1-how"
    assert links[2]["attrs"]["aria-describedby"] == "quote-2-by quote-2-how"  # stances numbered after quotes
    # The way back: one id per quote, on its first piece in the text (not the first stored).
    anchored = [(e["attrs"]["id"], e["text"]) for e in tree.elements if "id" in e["attrs"]]
    assert anchored == [("quote-1-in-text", text[slice(*first)]), ("quote-2-in-text", text[stance_at:stance_at + 24])]
    assert body.in_text == {1, 2}
    marks = tree.find("mark", **{"class": "quote"})
    assert [(m["attrs"]["data-quote"], m["attrs"]["data-kind"]) for m in marks] == [
        ("1", "direct"), ("1", "direct"), ("2", "stance")]
    assert marks[0]["attrs"]["title"] == "Tom Harcourt (said)"  # the hover stays, for a mouse


def test_a_quote_over_two_paragraphs_is_cut_at_the_break_and_anchored_once():
    text = f"{PARA_1}\n\n{PARA_3}"
    start, end = text.index("three years"), text.index("North Africa") + len("North Africa")
    body = render_body(_article(text, quotes=[_quote(start, end)]))
    tree = _Tree(str(body.html))
    marks = tree.find("mark")
    assert [m["parents"] for m in marks] == [["p"], ["p"]]  # one in each paragraph, none over the break
    assert "".join(m["text"] for m in marks) == text[start:end].replace("\n\n", "")
    assert [a["attrs"]["href"] for a in tree.find("a")] == ["#quote-1", "#quote-1"]
    assert [e["attrs"]["id"] for e in tree.elements if "id" in e["attrs"]] == ["quote-1-in-text"]


def test_an_entity_crossing_a_quote_cuts_the_link_but_not_the_anchor():
    text = "Ann said Harbor Bank would pay, and left."
    quote = _quote(text.index("Bank"), text.index(", and"))  # starts inside the mention
    mention = _mention(text, "Harbor Bank", "ORG")
    tree = _Tree(str(article_html(_article(text, quotes=[quote], mentions=[mention]))))
    assert tree.text == text
    assert [a["text"] for a in tree.find("a")] == ["Bank", " would pay"]  # closed with the mention, reopened
    assert [e["attrs"]["id"] for e in tree.elements if "id" in e["attrs"]] == ["quote-1-in-text"]


def test_a_quote_inside_a_quote_never_nests_a_link():
    text = 'She said "he told me to go home" and went.'
    outer = _quote(text.index("he told"), text.index('" and'))
    inner = _quote(text.index("to go"), text.index("home") + 4, kind="indirect")
    tree = _Tree(str(article_html(_article(text, quotes=[outer, inner]))))
    assert tree.text == text
    assert not any("a" in e["parents"] for e in tree.find("a"))  # HTML cannot nest links
    assert [a["attrs"]["href"] for a in tree.find("a")] == ["#quote-1"]  # the inner one reached from the list
    assert {e["attrs"]["id"] for e in tree.elements if "id" in e["attrs"]} == {"quote-1-in-text", "quote-2-in-text"}


def test_malformed_or_outside_pieces_are_not_marked_nor_linked_back():
    text = "abc def ghi"
    quotes = [_quote(0, 3), _quote(0, 0, spans=[[0], ["8", "x"], [True, 3]]), _quote(4, 99), _quote(0, 0, spans=[[8, 11]])]
    body = render_body(_article(text, quotes=quotes))
    assert body.in_text == {1, 4}
    assert [a["attrs"]["href"] for a in _Tree(str(body.html)).find("a")] == ["#quote-1", "#quote-4"]
    assert render_body(_article(None)).html == "" and render_body(_article("")).in_text == frozenset()


def test_web_text_stays_text():
    text = f'{PARA_1}\n\n<script>alert(1)</script> said "<img src=x onerror=alert(2)>" on Monday.'
    start = text.index("<img")
    quote = _quote(start, start + len("<img src=x onerror=alert(2)>"), speaker='"><script>x</script>',
                   cue="<b>")
    html = str(article_html(_article(text, quotes=[quote], mentions=[_mention(text, "<script>", "ORG")])))
    assert "<script>" not in html and "<img" not in html and "<b>" not in html
    tree = _Tree(html)
    assert tree.text == text
    assert {e["tag"] for e in tree.elements} == {"p", "mark", "a"}
    assert tree.find("mark", **{"class": "quote"})[0]["attrs"]["title"] == '"><script>x</script> (<b>)'


def test_highlight_puts_a_link_inside_the_mark_and_the_anchor_on_its_first_mark_only():
    span = Span(0, 7, "quote", {"data-quote": "1"}, link={"href": "#q1"}, anchor="q1-text")
    html = str(highlight("abc def", [span, Span(2, 5, "entity", {"data-label": "ORG"}),
                                     Span(4, 7, "entity", {"data-label": "GPE"})]))
    assert html.startswith('<mark class="quote" data-quote="1" id="q1-text"><a href="#q1">ab')
    assert html.count('id="q1-text"') == 1 and html.count("<a ") == html.count("</a>")
    assert _Tree(html).text == "abc def"
