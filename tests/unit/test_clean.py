"""Text clean-up rules and clean_text on the seed article."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from newsflow.extract.article import EMPTY, OK, TOO_SHORT, Block
from newsflow.extract.clean import (
    clean_blocks,
    clean_text,
    is_byline,
    is_caption_remnant,
    is_contact_line,
    is_dateline_only,
    is_label_line,
    is_photo_credit,
    is_promo,
    is_reporting_credit,
    is_title_repeat,
    strip_photo_credit,
    strip_site_repeats,
    strip_widget_suffix,
)

SEED_DIR = Path(__file__).resolve().parents[2] / ".." / "shared" / "seed"
SEED = SEED_DIR / "000_8dd391c1737d1510.txt"


@pytest.fixture(scope="module")
def seed_text() -> str:
    if not SEED.is_file():
        pytest.skip(f"seed article not available at {SEED} (shared folder absent)")
    return SEED.read_text("utf-8")


def _seed_prose_lines(seed: str) -> list[str]:
    """The seed's article prose: the long lines (the junk lines are all short)."""
    return [x.strip() for x in seed.splitlines() if len(x.strip()) > 80]


def test_seed_title_and_standfirst(seed_text):
    art = clean_text(seed_text)
    assert art.title == "As Syria talks open, US and Russia diverge on issue of military force"
    assert art.standfirst == (
        "Russia's Lavrov makes clear that it wants US to set aside military threats.")
    assert art.status == OK


def test_seed_every_prose_paragraph_survives_intact(seed_text):
    art = clean_text(seed_text)
    prose = _seed_prose_lines(seed_text)
    assert len(prose) >= 15
    for para in prose:
        assert para in art.paragraphs, para[:60]
    # and none was merged with another one
    assert len(art.paragraphs) == len(prose)


def test_seed_junk_removed(seed_text):
    art = clean_text(seed_text)
    for junk in ("Lavrov Kerry370", "photo credit", "full coverage"):
        assert junk.lower() not in art.text.lower()
    assert "Crisis in Syria" not in art.text


def test_seed_subheading_is_a_heading_block(seed_text):
    art = clean_text(seed_text)
    heading = "US warns Syria against using stalling tactics"
    assert [b.kind for b in art.blocks if b.text == heading] == ["heading"]
    assert heading not in art.paragraphs
    # its own paragraph in text, so sentence splitting never glues it to the next line
    assert f"\n\n{heading}\n\n" in art.text


def test_seed_title_not_repeated_in_body(seed_text):
    art = clean_text(seed_text)
    assert art.title not in art.text
    assert art.standfirst not in art.text


@pytest.mark.parametrize("line", [
    "(photo credit: REUTERS)", "Photo: AP", "Credit: Getty Images",
    "Image copyright Getty Images", "Photograph: Jane Doe/Reuters", "Getty Images",
])
def test_photo_credit_lines(line):
    assert is_photo_credit(line) or strip_photo_credit(line) == ""


def test_inline_photo_credit_stripped_text_kept():
    assert strip_photo_credit("Lavrov Kerry370 (photo credit: REUTERS)") == "Lavrov Kerry370"
    assert strip_photo_credit("Protesters march (AP Photo/Evan Vucci)") == "Protesters march"
    keep = "He tested Nomad's version (pictured above) that launched first."
    assert strip_photo_credit(keep) == keep


@pytest.mark.parametrize("line", ["Lavrov Kerry370", "Obama Putin G20summit2013",
                                  "IMG_2041.jpg", "DSC01234"])
def test_caption_remnants(line):
    assert is_caption_remnant(line)


@pytest.mark.parametrize("line", ["US warns Syria against using stalling tactics",
                                  "Apollo 11", "The G20 summit opened on Thursday in Osaka.",
                                  "Windows 10"])
def test_not_caption_remnants(line):
    assert not is_caption_remnant(line)


@pytest.mark.parametrize("line", [
    "Crisis in Syria - full coverage", "Read more: Alibaba poised to launch listing",
    "READ MORE: China plague outbreak confirmed", "Related: The 15 Weirdest Galaxies",
    "[Related: Salesforce Dreamforce Keynote]", "Also read: Why markets fell",
    "Sign up for our newsletter", "Share this article", "Follow us on Twitter",
    "Click here for more information.", "You may also like...", "DON'T MISS",
    "Also on rt.com Journalists threatened with arrests",
    "Plane passengers quarantined after BUBONIC PLAGUE outbreak [NEWS]",
    "Like this story? Share it with a friend!",
    "Mike's book is out now. Follow him on Twitter @mike.",
    "Subscribe to the Morning Review newsletter",
])
def test_promos(line):
    assert is_promo(line)


@pytest.mark.parametrize("line", [
    "Also on Thursday, the US State Department said that documents cannot be a substitute.",
    "More than 100 people were injured, officials said.",
    "Related to that, the council voted on Tuesday.",
    "\"Read more books,\" she told the students.",
    "He said he would follow the rules on Twitter and elsewhere in the future, he added, in a long sentence that keeps going and going for the purpose of being prose not a promo at all." * 3,
])
def test_not_promos(line):
    assert not is_promo(line)


def test_other_single_line_rules():
    assert is_reporting_credit("Reporting by Rodrigo Campos; Editing by Nick Zieminski")
    assert is_reporting_credit("Fox News’ Jessica Napoli contributed to this report.")
    assert is_reporting_credit("SOURCE: Al Jazeera News")
    assert not is_reporting_credit("The source said the talks would resume.")
    assert is_contact_line("paul.takahashi@chron.com")
    assert is_contact_line("twitter.com/paultakahashi")
    assert is_contact_line("Have a tip? Amy may be reached at amy@example.com.")
    assert not is_contact_line("Officials said the site example.com was hacked on Monday by a group.")
    assert is_dateline_only("November 20, 2019 - 11:28 AMT")
    assert is_dateline_only("segunda-feira, 22 de janeiro de 2018 às 0:13")
    assert is_dateline_only("Updated at 1:23 p.m.")
    assert not is_dateline_only("The game starts at 7:30 p.m. on Sunday in Dallas.")
    assert is_label_line("Comments") and is_label_line("Tags: meth, south dakota")
    assert is_label_line("Filed under: Khawarij |")
    assert strip_widget_suffix("Every business exists in time.Click To Tweet") == \
        "Every business exists in time."


def test_byline_and_title_duplicates():
    assert is_byline("By Jane Doe")
    assert is_byline("by Jeff Foust")
    assert is_byline("Jane Doe", ["Jane Doe"])
    assert not is_byline("By the end of the day, the markets had recovered.")
    assert is_title_repeat("Syria talks open!", ["Syria talks open"])
    blocks = [Block("heading", "Syria talks open"), Block("paragraph", "By Jane Doe"),
              Block("paragraph", "Kerry and Lavrov met in Geneva on Thursday to talk.")]
    out = clean_blocks(blocks, titles=["Syria talks open"], authors=["Jane Doe"])
    assert [b.text for b in out] == ["Kerry and Lavrov met in Geneva on Thursday to talk."]


def test_link_list_after_promo_header_dropped():
    blocks = [Block("paragraph", "The moon has water, NASA said on Monday in a statement."),
              Block("paragraph", "Related: Possible Water Plumes on Europa"),
              Block("list", "NASA Europa Mission Could Spot Life\nPhotos: Europa, Icy Moon"),
              Block("paragraph", "Scientists will now plan a new mission to the moon.")]
    out = clean_blocks(blocks)
    assert [b.text for b in out] == [blocks[0].text, blocks[3].text]


def test_quotes_and_paragraphs_kept_separate():
    blocks = [Block("paragraph", "“We will  win,”\u00a0she said."),
              Block("quote", "“This is not a game,” Kerry said.")]
    out = clean_blocks(blocks)
    assert [b.text for b in out] == ["“We will win,” she said.", "“This is not a game,” Kerry said."]


def test_clean_text_nfc_whitespace_and_paragraphs():
    body = "\n".join(f"Paragraph {i} has  some   words in it, like café, and it ends here."
                     for i in range(8))
    text = unicodedata.normalize("NFD", "A headline about cafés\n\n" + body)
    art = clean_text(text)
    assert art.title == "A headline about cafés"
    assert len(art.paragraphs) == 8
    assert all("  " not in p for p in art.paragraphs)
    assert unicodedata.is_normalized("NFC", art.text)


def test_clean_text_rejoins_hard_wrapped_prose():
    para = ("The council met on Tuesday to discuss the budget and the new bridge, which has "
            "been delayed for years because of rising costs and a lawsuit by residents who "
            "live near the river and object to the noise of the construction work. ")
    wrapped = "\n".join(re.findall(r".{1,70}(?:\s|$)", para.strip()))
    second = wrapped.replace("The council", "Then the mayor")
    art = clean_text("Bridge delayed again\n\n" + wrapped + "\n\n" + second)
    assert art.standfirst is None
    assert len(art.paragraphs) == 2
    assert art.paragraphs[0] == para.strip()


@pytest.mark.parametrize("text,status", [("", EMPTY), ("   \n\n ", EMPTY),
                                         ("Title\n\nJust one short line.", TOO_SHORT)])
def test_clean_text_statuses(text, status):
    assert clean_text(text).status == status


def test_clean_text_odd_input_does_not_raise():
    assert clean_text(None).status == EMPTY  # type: ignore[arg-type]
    assert clean_text("\x00\x01 binary \ufffd").status in (EMPTY, TOO_SHORT)


def test_strip_site_repeats():
    footer = "Ascom is a global solutions provider focused on healthcare ICT."
    docs = [[f"Story {i} body text.", footer] for i in range(4)] + [["Another story."]]
    out = strip_site_repeats(docs)
    assert all(footer not in d for d in out)
    assert out[0] == ["Story 0 body text."] and out[4] == ["Another story."]
    # too few documents: nothing is removed
    assert strip_site_repeats(docs[:2]) == docs[:2]
    # below the share threshold: kept
    few = [["x"]] * 10 + [[footer]] * 3
    assert any(footer in d for d in strip_site_repeats(few))


def test_headline_link_list_dropped_but_name_list_kept():
    from newsflow.extract.clean import is_headline_list

    related = Block("list", "15 Amazing Images of Stars\n11 Fascinating Facts About Our Milky "
                            "Way Galaxy\nThe 11 Biggest Unanswered Questions About Dark Matter")
    names = Block("list", "Blue Origin, Kent, Washington\nSpaceX, Hawthorne, California\n"
                          "Ceres Robotics, Palo Alto, California")
    steps = Block("list", "Preheat the oven to 200C.\nMix the flour and the sugar.")
    assert is_headline_list(related)
    assert not is_headline_list(names)
    assert not is_headline_list(steps)
    out = clean_blocks([Block("paragraph", "Body text of the story goes here, in a sentence."),
                        related, names, steps])
    assert [b.text for b in out][1:] == [names.text, steps.text]


def test_newsletter_box_and_long_membership_pitch():
    assert is_promo("Pick Six Newsletter")
    assert is_promo("If you enjoyed this article, we have a proposition for you: Join NRPLUS. "
                    "Members get all of our content (including the magazine), no paywalls or "
                    "content meters, complete access to exclusive events and commentary, and "
                    "an ad-free experience, all for just a few dollars a month.")


def test_clean_text_accepts_feed_html_fragment():
    frag = ("<p>Kerry &amp; Lavrov met in Geneva on Thursday, officials said.</p>"
            "<figure><img src='x.jpg'><figcaption>Photo: AP</figcaption></figure>"
            "<p>“We proceed from the fact,” Lavrov said.<br>He spoke for an hour.</p>")
    art = clean_text(frag)
    assert art.paragraphs == ["Kerry & Lavrov met in Geneva on Thursday, officials said.",
                              "“We proceed from the fact,” Lavrov said.", "He spoke for an hour."]


@pytest.mark.parametrize("line", [
    "More: the council will vote on Tuesday.",
    "Source: The ministry said 40 people were hurt.",
    "By Monday, the water had receded.",
    "“I will follow him on Twitter,” she said.",
    "He was born on March 3, 1950.",
    "Watch: the moment the bridge collapsed",
])
def test_prose_that_resembles_junk_is_kept(line):
    out = clean_blocks([Block("paragraph", line)])
    assert [b.text for b in out] == [line]
