"""The English word lists of the entity rules, in one place (as the quote rules keep theirs in
``quotes/lexicon`` and ``quotes/word_lists``), grouped by the rule module that reads them.

Why apart: the rule modules then hold rules only, a reviewer sees every list (and any overlap
between two of them) together, and a list two modules share lives in neither. Lists computed from
data (the gazetteer's place names in ``places``) and sets of the model's labels stay with
their rules. Each list says what it is for, with an example shape.
"""

from __future__ import annotations

# Cluster keys: words around a name that are no part of it (``cluster_keys``).
#: Place types written after a place's name ('Logar province', 'Kern County').
PLACE_TYPES = frozenset("province county district region prefecture oblast state".split())
#: Determiners and possessives before a name, no part of it ('another Justice Department').
LEADING_DETERMINERS = ("the ", "a ", "an ", "another ", "this ", "that ", "these ", "those ",
                       "its ", "their ", "his ", "her ", "our ", "every ", "each ")

# Businesses by use (``companies``).
#: Nouns of a business written right before its name ('case maker Brydge', 'retailer Best Buy').
COMPANY_NOUNS = frozenset("""maker manufacturer retailer company companies firm startup brand vendor
    provider developer publisher giant rival competitor supplier chain operator carrier""".split())
#: Lower-case nouns a business has and a person rarely does ("Nomad's version", "X's lineup").
BUSINESS_THINGS = frozenset("""version product products device devices charger chargers app service
    services lineup model models vehicle rocket lander hardware software stores store""".split())
#: Verbs whose subject, with a product as object, is a business ('Anker also has chargers').
SELL_VERBS = frozenset("have sell make offer ship launch release".split())
#: Verbs of going after which 'to X' is a shop or venue ('rushed over to Best Buy').
GO_VERBS = frozenset("go head rush run drive walk return come".split())
#: Verbs of supplying or owning after which 'by X' or 'from X' is a source or an owner
#: ('provided by Statista', 'the site owned by Alibaba', 'developed by Respawn').
SUPPLY_VERBS = frozenset("""provide supply make offer sell produce manufacture available buy order
    own operate develop publish acquire distribute license""".split())
#: Nouns a business's possessive owns and a place's never does ("Eurogamer's review", "X's CEO",
#: "X's shares"): read also for a name the model reads as a place.
CORPORATE_THINGS = frozenset("""ceo cfo cto founder co-founder cofounder shares stock website app
    apps review reviews subscribers earnings spokesperson""".split())
#: Nouns of a document or figures a source publishes ('a survey from Piper Jaffray', 'data from
#: Statista'): 'from X' after them is an organisation, not a place's or a person's.
DOCUMENT_NOUNS = frozenset("""survey surveys report reports study poll polls note research analysis
    data estimate estimates forecast forecasts ranking rankings figures index""".split())
#: Nouns of people's jobs a business employs ('analysts at Piper Jaffray', 'a director at Varo').
STAFF_NOUNS = frozenset("""analyst executive employee engineer scientist economist strategist
    researcher director manager partner staff staffer worker spokesperson spokesman spokeswoman
    ceo cfo cto head chief president founder investor developer designer""".split())
#: Verbs an organisation is the subject of as a business ('Alibaba announced', 'Bloomberg
#: reported', 'Varo acquired', 'X partnered with'); a person's name is rarely written so alone.
BUSINESS_ACTS = frozenset("announce report acquire partner unveil disclose".split())
#: Words of a business's legal or trade form after its first word ('Tyvak Nano-Satellite
#: Systems Inc', 'Ceres Robotics'): that first word alone is the business's short name.
COMPANY_FORMS = frozenset("""inc inc. corp corp. co co. ltd ltd. llc plc ag gmbh sa nv group company
    corporation holdings systems technologies robotics labs studios entertainment games motors
    airlines networks communications ventures industries enterprises pharmaceuticals aerospace
    software""".split())
#: Heads of institutions', firms' and instruments' names that news drops once the name is given, as it
#: drops a company's form ('Harvard' after 'Harvard University', 'Bain' after 'Bain Capital').
DROPPED_HEADS = frozenset("university college institution capital media telescope observatory".split())
#: Participles after 'X-' that make X an owner or maker ('Alibaba-owned', 'Google-backed').
OWNED_WORDS = frozenset("owned backed funded operated made branded".split())
#: Verbs whose agent ('owned by X') is an owner, operator or publisher, not a person's act.
OWNED_BY_VERBS = frozenset("own operate develop publish acquire distribute".split())
#: Verbs and nouns that 'in' and a journal's name follow ('published in X', 'featured in X', 'a
#: paper in X'): the journal is where the work appears, an organisation like a newspaper.
PUBLISHED_IN = frozenset("publish appear feature print paper article study".split())

# Lists of names that mark a business (``company_marks``).
#: Words a list of names is written with besides the names ('X, Y and the Z').
LIST_WORDS = frozenset({",", "-", "–", "and", "or", "the", "&"})

# Newspapers, sites, vehicles and bodies in the sky (``craft_papers``).
#: Last words of a newspaper's name ('the Miami Herald', 'the Kansas City Star', 'the Hartford
#: Courant', 'the San Diego Union-Tribune'): the mastheads of English-language papers.
MASTHEAD_WORDS = frozenset("""herald star courant tribune times post journal gazette sentinel
    chronicle examiner observer inquirer dispatch register bee globe telegraph""".split())
#: Last words of a site's name where work is done, which no organisation's name ends in by
#: itself ('W.M. Keck Observatory', 'Michoud Assembly Facility').
SITE_HEADS = frozenset("observatory facility shipyard refinery".split())
#: Nouns of a made vehicle or instrument a name can modify ('the Falcon Heavy rocket', 'its
#: Starship vehicle', 'the Hubble Space Telescope').
CRAFT_NOUNS = frozenset("""rocket rockets vehicle vehicles spacecraft spaceship telescope probe
    capsule lander rover orbiter booster launcher satellite""".split())
#: The vehicle nouns that end a craft's own name ('Hubble Space Telescope', 'Parker Solar Probe');
#: not 'rover' ('Land Rover' is a maker) nor 'rocket(s)' ('Houston Rockets' is a team).
CRAFT_NAME_HEADS = frozenset("telescope spacecraft orbiter lander probe capsule".split())
#: Nouns of a body in the sky a name is written after ('the planet Mercury', 'the moon Titania').
BODY_NOUNS = frozenset("planet planets moon moons asteroid comet".split())
#: Nouns a body in the sky owns ("Saturn's moon", "Neptune's rings").
BODY_PARTS = frozenset("moon ring".split())

# Spans that hold no name (``junk_filters``).
#: Measurement units the model takes for organisations ("5 GW of capacity").
UNITS = frozenset(
    """gw mw kw tw gwh mwh kwh twh w kv mv hz khz mhz ghz km kg mg mm cm mph kph kmh gb tb mb
    kb mbps gbps ppm ppb bbl mtpa""".split()
)
#: Words that make a span a date or time ('8 days', 'the 1990s', 'Q3'): months, days,
#: seasons, units of time, relative days.
TIME_WORDS = frozenset("""
day days week weeks weekend weekends month months year years decade decades century centuries
quarter quarters season seasons today tonight yesterday tomorrow morning afternoon evening night
spring summer fall autumn winter hour hours minute minutes annual annually daily weekly monthly
january february march april may june july august september october november december jan feb mar
apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday
""".split())

# Kind nouns written beside a name (``kinds_said``).
#: Kind nouns that also come before other things' names ('the state Senate', 'the model
#: Gigi Hadid', 'the city Council'): not read before a name.
NOT_BEFORE = frozenset({"model", "show", "single", "company", "firm"})

# Cluster labels (``labels``).
#: Words that make a name an organisation's, never a person's ('Ascom Holding AG').
ORG_DESIGNATORS = frozenset(
    """inc inc. corp corp. co co. ltd ltd. llc plc ag gmbh sa nv group company corporation
    holdings holding bank university institute association agency council committee
    ministry department foundation fund party union league club federation commission
    news studios systems networks network entertainment airlines motors labs technologies
    communications pictures television radio records productions animation media games
    studio press partners ventures solutions services industries enterprises publishing
    broadcasting academy college school schools police army navy""".split()
)
#: Regions a company's subsidiary is named after ('Ascom North America').
REGIONS = frozenset("america americas europe asia africa pacific international global".split())
#: Last words of a building's or site's name ('Moscone Center', 'Barclays Center', 'Wembley
#: Stadium', 'Heathrow Airport'): a facility, whatever person or place reading the model gives.
FACILITY_HEADS = frozenset("""center centre stadium arena airport bridge hall tower museum library
    cathedral mosque temple church palace castle plaza mall terminal station""".split())
#: The last word of a venue's name only ('Bridgestone Arena'), and a venue's compound ('Blossom Music Center').
VENUE_HEADS = frozenset("amphitheatre amphitheater arena stadium pavilion auditorium coliseum ballpark".split())
VENUE_KINDS = frozenset("music arts concert convention civic".split())
VENUE_COMPOUND_HEADS = frozenset("center centre hall theatre theater park".split())
#: Lemmas of the words written around a team's name ('the Raiders won', 'Rams coach').
GAME_WORDS = frozenset("""beat defeat win lose play season coach quarterback game playoff league
    match touchdown inning roster halftime championship stadium scoreboard""".split())
#: Last words of a polity's name ('the Galactic Republic', 'the Holy Roman Empire').
POLITY_WORDS = frozenset("republic kingdom empire emirate emirates state states islands federation".split())

# Platforms and media (``media``).
#: Prepositions after which a name is a platform or medium, not a person ('on Twitter').
MEDIUM_PREPS = frozenset({"on", "via"})
#: Verbs a news outlet or company is the subject of ('Bloomberg reported', 'Alibaba announced').
REPORT_VERBS = frozenset("report announce publish reveal disclose confirm".split())
#: Verbs and nouns of publishing that 'on X' follows when X is a medium ('wrote on Facebook',
#: 'available on Netflix', 'a post on Instagram'); 'on Long Island' follows none of them.
MEDIUM_HEADS = frozenset(
    """post tweet write say share announce stream watch air appear publish upload broadcast
    available video account page feed message livestream premiere release""".split()
)
#: Nouns of a platform's parts and people ('Twitter account', 'Instagram users', 'Twitter CEO').
ACCOUNT_NOUNS = frozenset("account handle feed page profile user follower post story announcement app ceo".split())
#: Verbs of posting or voicing after 'turned to X to …' when X is a platform ('turned to Twitter
#: to describe his city as …'; not 'turned to Maren to ask for help').
VOICE_VERBS = MEDIUM_HEADS | frozenset(
    """describe express vent complain slam blast criticize criticise respond react thank voice
    lament mock""".split())

# Works' titles in the mentions (``mentions``).
#: Nouns after which a colon-joined name is a work's title even when written once.
WORK_WORDS = frozenset("film movie album song book novel game series show episode documentary sequel".split())
#: Small words inside a work's title ('Lucy in the Sky', 'Star Trek Into Darkness').
TITLE_SMALL_WORDS = frozenset("in the of into on at a an to for from with under over".split())
#: Nouns an apposition after a title names a work by ('Lucy in the Sky, his debut').
WORK_APPOSITION = WORK_WORDS | frozenset({"debut", "sequel", "hit", "bestseller", "memoir"})

# Labels a name's own words or its neighbours give (``name_kinds``).
#: Event heads that also end a body's name ('the Southeastern Conference', a league): an event
#: only where the article uses it as one (:func:`event_use`).
BODY_OR_EVENT = frozenset({"conference"})
#: Words right before an event's name ('at the … Conference', 'attended the annual …').
EVENT_CUES = frozenset("at during attend attended attending host hosted hosting annual upcoming".split())
#: Lower-case nouns of a site or building written after its proper name ('the Hoa Lo prison',
#: 'the Moscone convention center'); not a business's premises ('the Google campus', 'the
#: Tesla factory'), which name the business.
FACILITY_NOUNS = frozenset("""prison jail penitentiary stadium arena airport museum center centre
    cathedral mosque temple church shrine palace castle bridge tunnel dam monument memorial""".split())
#: Facility nouns a business or a team also names its premises with ('the Pew research center',
#: 'the Yankees stadium'): not read after an organisation's name.
PREMISES_NOUNS = frozenset("center centre museum arena stadium".split())
#: Endings of the plural of a demonym ('Delhiites', 'Californians', 'Koreans').
DEMONYM_ENDINGS = ("ites", "ians", "eans")
#: Lower-case nouns of a people or faith a group's name modifies ('the Sikh religious minority').
COMMUNITY_NOUNS = frozenset("minority minorities diaspora tribe tribes clan clans sect faithful".split())
#: Words before a plural that count or gather people ('all Delhiites', 'a million Uighurs').
GROUP_WORDS = frozenset("""all many most some several thousands millions hundreds million thousand
    hundred ethnic fellow""".split())
#: Endings of a people's adjective ('Ukrainian', 'Afghan', 'Japanese', 'Turkish', 'Iraqi').
DEMONYM_ADJECTIVE_ENDINGS = ("an", "ese", "ish", "i")
#: Lower-case nouns of a vehicle a model's name modifies ('the Mustang performance car', 'the
#: Mach E SUV'); not 'model' or 'version', which follow places too ('the Nordic model').
CAR_NOUNS = frozenset("""car sedan suv hatchback coupe crossover pickup truck minivan wagon
    convertible roadster""".split())
#: Nouns of a product line whose examples are models ('newer models like the Altima').
MODEL_NOUNS = CAR_NOUNS | frozenset("""cars sedans suvs hatchbacks coupes crossovers pickups
    trucks vehicles model models version versions""".split())
#: Last words of a trim or version ('RAV4 Hybrid', 'Galaxy S10 Plus').
TRIM_WORDS = frozenset("hybrid prime plus pro max mini sport limited turbo electric ev gt".split())
#: Last words of a device's, vehicle's or craft's name ('Linksys Velop Mesh Router', 'LC
#: Convertible Concept', 'Polar Exploration Rover'): a product. Not 'monitor', 'watch' or
#: 'system', which also end a newspaper's, a body's or a place's name.
PRODUCT_HEADS = frozenset("""router modem keyboard mouse trackpad headset headphones earbuds charger
    smartphone laptop notebook tablet console drone rover lander orbiter telescope concept
    convertible coupe sedan hatchback roadster""".split())

# Titles before a person's name (``names``).
#: Titles written before names; they are not part of the person's canonical name.
TITLES = frozenset(
    """mr mr. mrs mrs. ms ms. miss dr dr. sen sen. senator rep rep. gov gov. governor
    president vice secretary minister prime gen gen. general lt lt. col col. sgt capt capt.
    judge justice rev rev. sir lord lady king queen prince princess pope chairman
    chancellor mayor ambassador professor prof prof. speaker premier deputy spokesman
    spokeswoman representative candidate nominee former foreign state captain headteacher
    headmaster headmistress principal director commissioner councillor councilor alderman
    inspector superintendent detective sergeant constable officer coach dean bishop
    archbishop rabbi imam pastor father sister doctor nurse lieutenant colonel commander
    admiral marshal chief executive ceo chair chairwoman chairperson president-elect
    senator-elect leader manager economist analyst mp mep cardinal sheikh emir
    spokesperson maj maj. adm adm. cpl pvt supt cmdr hon hon. atty insp det sgt.""".split()
)
#: words that only occur inside a title phrase ("Library Director", "Foreign Minister")
TITLE_MODIFIERS = frozenset(
    """library school city county state regional deputy assistant associate acting interim
    executive managing foreign finance interior defence defense health education justice
    police fire prime vice general first junior senior attorney surgeon union party
    district national federal council club team head chief""".split()
)

# Partial and variant names (``partial_names``).
#: Head words of the names of public bodies and leagues ('… Committee', 'Department of …').
PUBLIC_BODY_HEADS = frozenset("""department ministry bureau agency commission committee council office
    administration authority board service league directorate secretariat""".split())
#: Bodies news names by their object alone ('Homeland Security' of 'Department of Homeland Security').
OBJECT_NAMED_BODIES = frozenset({"department", "ministry"})
#: Particles joined by a hyphen to an Arabic surname ('al-Assad'), which news drops ('Assad').
SURNAME_PARTICLES = ("al-", "el-", "ad-", "as-", "ash-", "at-", "az-", "an-", "ar-")

# People the model read as things (``people_as_things``).
#: Nouns of a person's relatives and partners ("Ford's mother", "Lee's wife"): no business has them
#: ('parent' is none; "Ford's sister company" owns 'company', not 'sister').
KIN_NOUNS = frozenset("""mother father sister brother wife husband son daughter widow widower parents
    grandmother grandfather grandson granddaughter uncle aunt niece nephew cousin fiancee fiance
    girlfriend boyfriend stepfather stepmother""".split())

# A person's marks (``person_marks``).
#: Verbs of speech whose subject the small model rarely mislabels when it says PERSON.
SPEECH_VERBS = frozenset("say tell add ask write explain reply respond recall insist argue claim warn tweet".split())
#: Pronouns of a person ('Lund told reporters she would stay').
PERSON_PRONOUNS = frozenset("he she".split())
#: Endings of nouns of people's roles ('professor', 'economist', 'historian', 'consultant').
ROLE_ENDINGS = ("or", "er", "ist", "ian", "ant", "ent", "man", "woman", "person")
#: Nouns of a team's staff and players a team's name modifies ('Wild coach Bruce Boudreau',
#: 'Steelers quarterback Mason Rudolph', 'Pittsburgh goaltender Matt Murray').
TEAM_ROLES = frozenset("""coach goalie goaltender defenseman winger quarterback linebacker pitcher
    shortstop striker midfielder goalkeeper""".split())

# Place readings (``place_readings``).
#: Prepositions after which a name is a place ('in Madison', 'to Kyiv').
PLACE_PREPS = frozenset("in near across outside throughout inside around into toward towards from to at".split())
#: Prepositions after which a name is a place and never a person ('in Castava'; not 'a letter
#: from Xi', 'wrote to Biden').
FIRM_PLACE_PREPS = frozenset("in near across outside throughout inside".split())

# A player's marks (``player_marks``).
#: Nouns of a player's position or sport written before a player's name ('keeper Kepa
#: Arrizabalaga', 'diver Keetan Munsell', 'Steelers quarterback Mason Rudolph').
PLAYER_ROLES = frozenset("""goalie goaltender goalkeeper keeper netminder defenseman defender winger
    centre-back fullback midfielder striker quarterback linebacker receiver
    pitcher shortstop catcher outfielder infielder diver swimmer sprinter hurdler runner
    wrestler boxer golfer""".split())
#: Plural nouns of a player's statistics ('22 shots', '35 saves', '3 steals'); 'points' only
#: right after the name ('Armani Sheffield 19 points'), since an index also 'fell 200 points'.
STAT_NOUNS = frozenset("""saves shots goals assists rebounds steals blocks yards touchdowns
    strikeouts hits runs tackles sacks interceptions aces birdies""".split())

# Products and their makers (``products``).
#: Verbs an organisation is the subject of when it acts as a business ('Anker sells',
#: 'Samsung announced'): no product does them.
ACT_VERBS = REPORT_VERBS | SPEECH_VERBS | frozenset(
    "sell launch release introduce cancel acquire hire offer ship manufacture partner recruit".split())
#: Last words of a market index's name ('Hang Seng Index', 'Shanghai Composite'): a
#: product of an exchange, not an organisation.
INDEX_WORDS = frozenset("index composite average".split())
#: Verbs a market index is the subject of ('the Nasdaq rose', 'the Nifty has been rallying').
MOVE_VERBS = frozenset("rise fall gain drop climb slip rally tumble surge jump dip sink slide soar plunge retreat advance".split())
#: Words of a regional subsidiary's name ('Ascom North America'): still the organisation.
REGION_WORDS = frozenset("north south east west america americas europe asia africa pacific international global".split())
#: Plural nouns of people that end a group's or union's name ('Southwest Airlines Pilots',
#: 'Amazon Workers'): an organisation of people, never the brand's product.
MEMBER_NOUNS = frozenset(
    """pilots workers employees staff members teachers nurses drivers engineers fans players
    owners dealers investors shareholders attendants machinists mechanics crews riders
    users customers retirees veterans alumni students""".split()
)
#: Words before a countable thing's name that no company or person takes ('an iPhone',
#: 'my MacBook', 'two iPads', 'another HomePod').
COUNT_WORDS = frozenset("a an another my your his her our their every each".split())
#: Verbs whose object is a thing one has or handles ('charge an iPhone', 'own a Kindle').
HANDLE_VERBS = frozenset("buy purchase charge use own plug pair replace upgrade unbox".split())
#: Nouns of a quantity a plural is counted by ('millions of iPhones', 'dozens of iPads').
QUANTITY_NOUNS = frozenset("hundred thousand million billion dozen lot lots number pair couple".split())
#: Possessive determiners of a business before a thing it owns ('its AirPower', 'its Siri
#: shortcuts'; not 'their', which people say of their things: 'their Nike shoes').
OWNER_WORDS = frozenset({"its"})
#: Nouns a business's own unit, site or people are named by ('its Instagram unit', 'its Fremont
#: plant'): the name before them is no product.
UNIT_NOUNS = frozenset("""unit division subsidiary arm business businesses operation operations
    office offices plant factory headquarters campus branch team staff employees workers
    partner partners brand brands group program programme project mission initiative""".split())
#: Last words of a product's version ('iPad Pro', 'Chromecast Ultra', 'MacBook Air').
VERSION_WORDS = TRIM_WORDS | frozenset({"ultra", "air", "lite"})

# Two names run into one (``run_splits``).
#: Lower-case words inside names ('Bank of England', 'Trinidad and Tobago', 'Ludwig van
#: Beethoven', 'Dancing with the Stars'): never a cut between two names.
NAME_INNER_WORDS = frozenset("""of and the for with a an in on at to de del della da du la le von van
    der den y e al bin ibn &""".split())
#: 'defeated' as a result line abbreviates it ('Melbourne d. Cocoa 8-0').
DEFEATED = frozenset({"d.", "def.", "beat", "defeated"})

# Short forms of longer names (``short_forms``).
#: Small words an acronym leaves out ('Centers for Disease Control and Prevention').
ACRONYM_SKIP = frozenset("of for and the & on in de du la to".split())
#: Words after which the rest of a name is its object, not its head ('Bank of England',
#: 'Centers for Disease Control'): the object is another thing.
OBJECT_WORDS = frozenset("of for on in at de du des del la le to".split())
#: Continents and world regions, places of their own wherever a name ends in them
#: ('Europe' is no short form of 'Life Care Solutions Europe').
CONTINENTS = frozenset("""europe asia africa america americas antarctica oceania australia
    caribbean scandinavia balkans""".split())
#: Generational suffixes written after a person's surname ('Joseph R. Kendrew Jr.').
NAME_SUFFIXES = frozenset("jr jr. sr sr. ii iii iv".split())
#: Words of a company's legal form: 'SoftBank Group Corp', 'Sierra Nevada Corp.' and 'Sierra
#: Nevada Corporation' are the companies 'SoftBank' and 'Sierra Nevada' (not 'bank' or
#: 'university': 'Washington' is no 'Washington University').
LEGAL_FORMS = frozenset("inc inc. corp corp. corporation co co. company ltd ltd. limited llc plc ag gmbh sa nv group holdings".split())
#: Words after a product's name that make another model of it ('iPhone 11 Pro Max', 'Switch Lite').
VARIANT_WORDS = frozenset("pro max mini plus lite ultra air se xl xs neo edge prime go".split())

# Span joins (``span_joins``).
#: Heads of the names of organisations that belong to a place: 'Bank of X', 'University of X',
#: 'the X Senate', 'X State Department of Health'.
PLACE_BODY_HEADS = frozenset(
    """bank university college institute academy school museum church council court department
    ministry office board commission agency society association federation union league club
    chamber government parliament assembly authority bureau hospital library orchestra police
    senate legislature fund foundation committee zoo symphony observatory seminary cathedral
    diocese archdiocese guard corps""".split()
)
#: Place types a place's organisation writes after the place ('New York State Attorney General',
#: 'Los Angeles County Sheriff', 'New York City Council').
PLACE_TYPE_WORDS = frozenset({"state", "county", "city"})
#: Offices of a state, county or city, named after it ('New York State Attorney General').
OFFICE_HEADS = PLACE_BODY_HEADS | frozenset({"general", "comptroller", "sheriff", "treasurer", "auditor"})
#: Words a role is written with before 'of' and an organisation's name ('Founder of Ceres Robotics').
ROLE_WORDS = frozenset(
    """founder co-founder cofounder ceo cto cfo coo chairman chairwoman chairperson president
    director member owner head employee spokesman spokeswoman spokesperson""".split()
)
#: Words that end an organisation's name: its legal form or a body's head ('Ceres Robotics Inc.').
ORG_ENDINGS = PLACE_BODY_HEADS | frozenset(
    "inc inc. corp corp. corporation co co. company ltd ltd. limited llc plc ag gmbh sa nv group holdings".split())
#: Words before a number that make a law's or a body's name, no product's ('House Bill 1523',
#: 'Teamsters Local 294', 'Proposition 65').
NUMBERED_NOT_PRODUCT = frozenset(
    """bill act resolution amendment proposition measure article section chapter title rule
    local lodge post district division unit precinct ward branch squadron battalion regiment
    brigade troop platoon flight route highway interstate""".split()
)

# Span repairs (``span_repairs``).
#: Reporting verbs the model puts in front of a name ('Said Ohtani, through his interpreter').
SPEECH_WORDS = frozenset("said says told asked added wrote".split())
#: Auxiliaries a headline in title case writes after a name ('Sanders Are Not …').
HEADLINE_AUXILIARIES = frozenset("are is was were be been has have had does did".split())
#: Heads of the names of states ('Soviet Union', 'Czech Republic', 'Ottoman Empire').
POLITY_HEADS = frozenset("union republic kingdom empire federation emirates states confederation".split())
#: Lower-case words the model runs two names together over ('Thibaut Courtois to Real Madrid').
JOINING_WORDS = frozenset({"to", "vs", "vs.", "versus", "v."})

# Result lines (``team_pairs``).
#: Prepositions of the beaten side after a winning verb ('lead St. Louis past Tampa Bay').
LOSER_PREPOSITIONS = frozenset({"past", "over"})

# Teams in game reports (``teams``).
#: Verbs of one side winning over the other ('Columbus beat Montreal', 'Winnipeg defeated Nashville').
BEAT_VERBS = frozenset("""beat defeat edge top blank rout outlast outscore upset sweep eliminate
    trounce thrash overpower shut""".split())
#: Words of play a player does for a team ('scored for Ottawa', 'a goal for Detroit').
PLAY_WORDS = frozenset("score goal save assist point play".split())
#: Verbs a game report writes with the team as object ('to lift Florida', 'to lead Boston past …').
CARRY_VERBS = frozenset("lift lead carry propel".split())
#: Verbs of a team's run of results ('Columbus improved to 8-8-4', 'Winnipeg has won three').
RESULT_VERBS = frozenset("improve win lose trail rally fall snap extend".split())
#: Lemmas that make a sentence a game report's ('goals', 'saves', 'overtime').
GAME_LEMMAS = frozenset("""goal save assist overtime shutout inning touchdown quarterback halftime
    playoff score penalty""".split())

# Missed surnames (``missed_names``).
#: Articles before a capitalised word that make it a thing's name or a common noun ('the Doctor').
ARTICLES = frozenset({"the", "a", "an"})
