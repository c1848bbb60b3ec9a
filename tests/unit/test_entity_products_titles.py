"""Products, works and lists the NER cuts or runs together (issue 18; own example sentences)."""

from __future__ import annotations

from newsflow.nlp.entity_rules.cluster_keys import Cluster
from newsflow.nlp.entity_rules.mentions import Mention
from newsflow.nlp.entity_rules.priced_products import priced
from newsflow.nlp.entity_rules.products import CAMEL_WORD
from newsflow.nlp.entity_rules.short_forms import product_shortened

from support import entities as _ents
from support import keys_by_text as _keys


def test_a_brand_and_its_product_word_are_one_product() -> None:
    """'an Apple TV box' where the article names 'Apple TV', 'the new Apple TV+ service': the
    product, not the brand; 'Apple said' stays the organisation."""
    text = ("Apple introduced AirPlay 2 for smart TVs without an Apple TV box. Recent TVs include "
            "the Apple TV app, and viewers can watch the new Apple TV+ streaming service. The "
            "current Apple TV lineup costs $150. Apple said sales rose.")
    ents = _ents(text)
    assert {e.key for e in ents if e.text.startswith("Apple TV") and "+" not in e.text} == {"product:apple tv"}, ents
    # 'Apple TV+' is the streaming service, another product than the box: its own key
    assert {e.key for e in ents if e.text.startswith("Apple TV+")} == {"product:apple tv+"}, ents
    assert {e.text for e in ents if e.key == "org:apple"} == {"Apple"}
    assert sum(e.key == "org:apple" for e in ents) == 2, ents  # 'Apple introduced', 'Apple said'


def test_a_title_or_a_role_after_a_brand_is_no_product_word() -> None:
    text = "Apple CEO Tim Cook spoke on Monday. Apple said sales rose."
    ents = _ents(text)
    assert not any(e.text.startswith("Apple C") for e in ents), ents
    assert _keys(text)["Tim Cook"] == {"person:tim cook"}


def test_a_brand_before_a_common_product_word_named_once_stays_the_brand() -> None:
    """'the Samsung TV remote' (no 'Samsung TV' named elsewhere, no '+'): the brand, as the
    model reads it."""
    text = "The shop sold the Samsung TV remote for $20, and Samsung said it sells well."
    assert {e.text for e in _ents(text) if e.text.startswith("Samsung")} == {"Samsung"}


def test_a_word_cut_inside_a_hyphenated_code_is_dropped() -> None:
    """'Monoprice Essentials USB' of 'the Monoprice Essentials USB-C cable': the port is no part."""
    text = "It pairs well with the black Monoprice Essentials USB-C charging cable, sold in five lengths."
    names = {e.text for e in _ents(text)}
    assert "Monoprice Essentials" in names and not any(n.endswith("USB") for n in names), names


def test_a_products_name_shortened_after_it_is_written_in_full_is_one_key() -> None:
    text = ("I prefer the on-screen keyboard or Smart Keyboard Folio for writing. She took my iPad "
            "Pro and Smart Keyboard Folio. She said the 11-inch Smart Keyboard felt cramped to her.")
    keys = _keys(text)
    assert keys["Smart Keyboard"] == keys["Smart Keyboard Folio"], keys


def test_a_name_written_first_and_often_is_no_short_form_of_a_later_longer_one() -> None:
    """'Apple TV' named first and often; a later 'Apple TV Channels' is another product."""
    text = ("The Apple TV costs $150. I use the Apple TV every day, and the Apple TV remote is "
            "small. You can subscribe to HBO through Apple TV Channels.")
    keys = _keys(text)
    if "Apple TV Channels" in keys:
        assert keys["Apple TV Channels"] != keys.get("Apple TV"), keys


def test_a_title_joined_by_small_words_is_one_work() -> None:
    """'Lucy in the Sky, his debut,' (read as a person and an organisation) and 'Star Trek Into
    Darkness' (read as 'Star Trek'): one title each."""
    text = ("The new movie will be Hawley's second film. Lucy in the Sky, his debut, is a quieter "
            "drama. 2009's Star Trek and 2013's Star Trek Into Darkness were directed by J.J. Abrams.")
    keys = _keys(text)
    assert keys.get("Lucy in the Sky") == {"work_of_art:lucy in the sky"}, keys
    assert "Lucy" not in keys and "Sky" not in keys, keys
    assert "Star Trek Into Darkness" in keys, keys
    assert keys["Star Trek Into Darkness"] != keys["Star Trek"], keys


def test_names_joined_by_small_words_without_a_title_cue_stay_apart() -> None:
    text = "Maria Lopez in the Bronx said the rent rose. Lopez moved to Queens last year."
    keys = _keys(text)
    assert not any(" in the " in name for name in keys), keys


def test_two_names_listed_with_a_comma_in_one_span_are_two() -> None:
    """'Starship, Blue Origin' as one span: both written alone elsewhere, so two names."""
    text = ("NASA has recruited SpaceX's Starship, Blue Origin's Blue Moon and three other landers. "
            "Blue Origin will build a lander. SpaceX said the Starship rocket will fly in 2024.")
    names = {e.text for e in _ents(text)}
    assert not any("," in n for n in names), names
    assert {"Starship", "Blue Origin"} <= names, names


def test_a_name_and_its_legal_form_after_a_comma_stay_one() -> None:
    text = "Draeger, Inc. makes masks. Draeger said demand rose. Inc. magazine covered it."
    assert any(e.text == "Draeger, Inc." for e in _ents(text))


def test_a_camel_case_plural_with_a_determiner_is_a_product() -> None:
    """'the first iPhones shipped': many items of a product, not the business ('shipped')."""
    text = "After the first iPhones shipped, people began using them for work. Apple sold millions."
    assert _keys(text)["iPhones"] == {"product:iphones"}
    assert CAMEL_WORD.fullmatch("iPhone") and CAMEL_WORD.fullmatch("AirPod")
    assert not CAMEL_WORD.fullmatch("McCain") and not CAMEL_WORD.fullmatch("MacArthur")


def test_another_model_or_a_body_is_no_short_form() -> None:
    """'iPhone 11' after 'iPhone 11 Pro', 'U.S. House' after 'U.S. House Intelligence
    Committee': another model, the body a committee belongs to; each keeps its key."""
    text = ("The iPhone 11 Pro costs $999 and the iPhone 11 Pro sells well. The iPhone 11 costs "
            "$699. She testified before the U.S. House Intelligence Committee. Critics attacked "
            "her U.S. House testimony.")
    keys = _keys(text)
    if "iPhone 11" in keys and "iPhone 11 Pro" in keys:
        assert keys["iPhone 11"] != keys["iPhone 11 Pro"], keys
    if "U.S. House" in keys:
        assert keys["U.S. House"] != keys["the U.S. House Intelligence Committee"], keys


def _cluster(name: str, label: str, *starts: int) -> Cluster:
    return Cluster(name, [Mention(s, s + len(name), name, label, 0, 0, 1) for s in starts])


def test_which_longer_names_a_short_form_may_stand_for() -> None:
    folio = _cluster("Smart Keyboard Folio", "PERSON", 10, 50)
    assert product_shortened(_cluster("Smart Keyboard", "ORG", 90), ["smart", "keyboard"], folio,
                             ["smart", "keyboard", "folio"])
    short = _cluster("Smart Keyboard", "ORG", 5)  # written before the full name: its own thing
    assert not product_shortened(short, ["smart", "keyboard"], folio, ["smart", "keyboard", "folio"])
    pro = _cluster("iPhone 11 Pro", "PRODUCT", 10, 50)
    assert not product_shortened(_cluster("iPhone 11", "PRODUCT", 90), ["iphone", "11"], pro,
                                 ["iphone", "11", "pro"])
    lite = _cluster("Nintendo Switch Lite", "PRODUCT", 10)
    assert not product_shortened(_cluster("Nintendo Switch", "ORG", 90), ["nintendo", "switch"], lite,
                                 ["nintendo", "switch", "lite"])
    committee = _cluster("U.S. House Intelligence Committee", "ORG", 10)
    assert not product_shortened(_cluster("U.S. House", "ORG", 90), ["u.s.", "house"], committee,
                                 ["u.s.", "house", "intelligence", "committee"])
    place = _cluster("New York Times", "ORG", 10)
    assert not product_shortened(_cluster("New York", "GPE", 90), ["new", "york"], place, ["new", "york", "times"])


def test_a_camel_case_plural_counted_by_a_quantity_is_a_products_items() -> None:
    from newsflow.nlp.entity_rules.products import camel_plural_use
    from newsflow.nlp.model import get_nlp

    doc = get_nlp()("Apple has already adopted it with millions of iPhones.")
    i = next(t.i for t in doc if t.text == "iPhones")
    m = Mention(doc[i].idx, doc[i].idx + 7, "iPhones", "ORG", 0, i, i + 1)
    assert camel_plural_use(doc, m)
    j = next(t.i for t in doc if t.text == "Apple")
    assert not camel_plural_use(doc, Mention(0, 5, "Apple", "ORG", 0, j, j + 1))


def test_a_name_written_as_a_business_s_own_thing_is_a_product() -> None:
    """'its failed FlowPad charging mat', 'its Vela shortcuts': a one-word
    name after 'its' is the business's thing, a product ('its Senate majority' is no product)."""
    keys = _keys("Zentrix said on Monday that it had cancelled its failed FlowPad charging mat. "
                 "Buyers of the FlowPad were refunded.")
    assert keys["FlowPad"] == {"product:flowpad"}, keys
    keys = _keys("The company keeps improving and quickly adding features, whether its Vela shortcuts, "
                 "or handoffs, he told reporters.")
    assert keys["Vela"] == {"product:vela"}, keys
    keys = _keys("The party kept its Senate majority. The Senate voted on Friday.")
    assert keys["Senate"] == {"org:senate"}, keys  # read as an organisation: only as the head


def test_a_platform_or_a_unit_after_its_is_no_product() -> None:
    """'its Twitter account' is a platform's, 'its Orvana unit' a part of the business."""
    keys = _keys("Orvana posted the video on its Twitter account on Tuesday. Orvana said sales rose.")
    assert keys["Twitter"] == {"org:twitter"}, keys
    assert keys["Orvana"] == {"org:orvana"}, keys


def test_a_title_of_the_noun_a_name_modifies_is_no_person_mark() -> None:
    """'former Mac and PC users': 'former' is the users', so 'Mac' next to 'chargers for Macs'
    is one product, not a person and an organisation."""
    keys = _keys("The case is a highly regarded keyboard among former Mac and PC users. It also works "
                 "with Macs.")
    assert keys["Mac"] == keys["Macs"] == {"product:mac"}, keys


def test_a_camel_case_word_with_its_own_article_is_a_product() -> None:
    """'like the eSlate', 'for the eSlate': a camel-case word with 'the' of its own is a thing;
    an acronym with 'the' ('at the ICC') stays an organisation."""
    assert _keys("We are not fans of typing on glass, like the eSlate. Typing is slow.")["eSlate"] == {"product:eslate"}
    assert _keys("Officials at the ICC said the case would go ahead.")["ICC"] == {"org:icc"}



def test_a_name_with_the_that_rises_or_falls_is_an_index() -> None:
    """'the Tarvo rose': a market's move with its own 'the' is an index, a product; a name
    that acts as a business stays the organisation."""
    text = "Analysts at Brenmoor said the Tarvo rose 1.1% as bank shares gained."
    keys = _keys(text)
    assert keys["Tarvo"] == {"product:tarvo"}
    assert keys["Brenmoor"] == {"org:brenmoor"}


def test_a_brand_name_the_article_calls_a_firm_stays_the_organisation() -> None:
    """'the private equity firm Alcott Capital' beside the ORG 'Alcott': a company, no product
    of the brand."""
    text = ("Newspapers owned by Alcott have cut staff. The private equity firm Alcott Capital, "
            "which owns six dailies, cut 200 jobs last year.")
    keys = _keys(text)
    assert keys["Alcott Capital"] == {"org:alcott capital"}
    assert keys["Alcott"] == {"org:alcott"}


def test_a_name_written_with_its_price_is_a_product() -> None:
    """'the Marlow Pro ($129, regular $149)', a deal's heading 'Kestrel Mavic Air for $399': a
    thing for sale, though the model reads it as a company or a person; 'bought the Tribune for
    $500 million' inside a sentence is a company sold, and stays one."""
    assert _keys("She carries the Marlow Pro ($129, regular $149) everywhere.")["the Marlow Pro"] == {
        "product:marlow pro"}
    text = "Holiday picks\n\nKestrel Mavic Air for $399\n\nThe drone folds flat and flies for 30 minutes."
    assert _keys(text)["Kestrel Mavic Air"] == {"product:kestrel mavic air"}
    assert _keys("Gannett bought the Tribune for $500 million in cash.")["Tribune"] == {"org:tribune"}
    text = "Gannett bought the Tribune for $500 million."
    start = text.index("Tribune")
    assert not priced(text, Mention(start, start + 7, "Tribune", "ORG", 0, 3, 4))
    text = "Tribune for $500\n\nThe paper is sold."
    assert priced(text, Mention(0, 7, "Tribune", "ORG", 0, 0, 1))  # a line's heading: for sale
    text = "Tickets cost 49.95 Euro (£40) at the door."
    start = text.index("Euro")
    assert not priced(text, Mention(start, start + 4, "Euro", "PERSON", 0, 3, 4))  # a currency
