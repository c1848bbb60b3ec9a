"""Word lists the quote rules added after ``lexicon`` reached its size limit (~400 lines).

Why apart: ``lexicon`` holds the lists the passes share; these serve ``trust`` and the drops in
``unlikely`` (which ``trust`` imports, so the stance cues cannot live in ``trust``), the
content runs of ``clause_runs``, and the message objects of ``message_objects`` (verbs whose
noun-phrase object is itself what was said); the media and hearsay adverbs of the clause edges;
the share nouns of ``sources`` (a share of people can speak).
"""

from __future__ import annotations

#: Subjects that make a cue the writer's (or outlet's) own outside a quotation: 'as we have
#: noted', 'I have to say' (ATTRIBUTION-GUIDELINE §2, first-person author voice).
WRITER_SUBJECTS = frozenset({"i", "we"})

#: Cues of cognition, intent, evaluation or evidence, not of communication (ATTRIBUTION-GUIDELINE
#: §1 'stance'): an attribution they introduce is a stance, not something said.
#: The second set (issue 17): wondering and realising are thought; hoping, refusing, declining
#: and agreeing (to do) are intentions ('the rebels refused to negotiate', 'declined to comment',
#: 'agreed to play the lead': ATTRIBUTION-GUIDELINE §2 'agreed to do', H9 'push for'); focusing
#: is attention ('nurses can focus on patient care', 'the work focused on gut cells'); 'require'
#: is a need or a rule's demand, not a communication (H8, regulatory acts); 'regard X as Y' is
#: 'consider' (issue 17, third round: 1 false positive). spaCy lemmatizes
#: 'hoped' as 'hop'. PolNeAR counts them as attributions, so they stay, kinded apart from speech
#: (selection half: 20 false positives out of speech, no gold speech lost). The third set: nouns
#: of thought whose 'that' clause is held, not said ('entrenched the idea that …', 'it made sense
#: that …', 'are of the view that …'; selection: 3 false positives, none gold speech).
STANCE_CUE_LEMMAS = frozenset("""
    believe think feel consider expect hope want wish fear worry plan intend support oppose find show
    suggest seem appear know see decide aim like love prefer assume realize remember forget imagine doubt
    guess suspect learn notice recognize determine prove look seek demonstrate indicate mean
""".split()) | frozenset("""
    wonder realise ponder contemplate hop focus refuse decline agree push require regard
""".split()) | frozenset("""
    idea belief view notion sense feeling fear worry concern finding
""".split())

#: openers of a restatement that goes on with the same statement ('…: that is, …')
RESTATEMENT_OPENERS = frozenset({"that is", "in other words", "i.e.", "namely"})

#: Verbs whose object, left behind a relative clause, is the message itself ('the plan the
#: mayor announced', 'the figure McKinley cited'): ATTRIBUTION-GUIDELINE H3 announce / confirm /
#: deny / report / reveal + NP, and cite / quote / promise / predict (a published message). Not
#: 'write' / 'post' / 'tell' / 'ask' ('the book she wrote', 'the question he asked' name a thing).
RELATIVE_MESSAGE_CUES = frozenset("""
    announce confirm deny reveal disclose unveil cite quote claim promise pledge predict
    forecast estimate propose recommend reiterate repeat demand allege
""".split())

#: Phrasal verbs whose object is a message (verb, particle): 'ruled out a rate cut' denies it
#: (ATTRIBUTION-GUIDELINE H3, deny + NP); 'played down the risk' is an evaluation, left out.
PHRASAL_MESSAGE_CUES = frozenset({("rule", "out")})

#: Frames (lemma:dependents, as in ``lexicon``) whose content is a noun phrase, not a clause:
#: 'told them of her death', 'informed passengers of the delay' (the 'of' phrase is the news),
#: 'attributed the rally to the ruling' (a claim of cause; content 'X to Y' as in 'accuse X of Y',
#: ATTRIBUTION-GUIDELINE §3). Issue 17, notfound4: chosen-on misses.
MESSAGE_FRAMES = """
    tell:prep_of inform:prep_of notify:prep_of attribute:prep_to
"""

#: Verbs whose object is whom the message reached, with the message in an 'of' phrase ('told
#: them of the loss', 'informed passengers of the delay'): the object is no part of the content.
ADDRESSEE_OF_CUES = frozenset({"tell", "inform", "notify"})

#: Verbs whose passive takes a 'that' clause about the person told ('Lopez, told that he had lost,
#: said …'): a participle of these after a name may be a reduced passive even with the clause.
TOLD_THAT_CUES = frozenset({"tell", "ask", "inform", "notify", "advise", "warn", "assure", "remind",
                            "promise", "convince", "persuade", "reassure"})

#: Subjects of an impersonal passive ("it's revealed that …", "there's said to be …"): no speaker.
IMPERSONAL_SUBJECTS = frozenset({"it", "there"})

#: Nouns of the medium a statement was made in ('denied the allegations in a statement').
MEDIUM_NOUNS = frozenset("""statement post video interview tweet letter email e-mail episode broadcast
    blog podcast appearance message filing speech newsletter op-ed column essay memo""".split())
#: adverbs by which the writer marks a claim as someone else's ('which will reportedly focus on …')
HEARSAY_ADVERBS = frozenset({"reportedly", "allegedly", "reputedly", "purportedly"})

#: A verb and the preposition whose object is what was demanded or admitted ('calling for a
#: meeting', 'clamoring for a fix', 'confessed to the killing'): the object is the message, as
#: with 'demand' and 'admit' (ATTRIBUTION-GUIDELINE §1, 'urge / call for / demand').
DEMAND_OR_ADMISSION_FRAMES = frozenset({
    ("call", "for"), ("clamor", "for"), ("clamour", "for"), ("appeal", "for"), ("plead", "for"),
    ("confess", "to"),
})

#: Nouns for a share or count of a group ('74 percent said', 'half of voters say', 'a growing
#: number of Democrats warned', 'two-thirds of attendees described …'): with people after 'of', or
#: nothing (a poll's respondents), the share stands for those people; the fractions are matched on
#: the last part of a hyphenated word ('three-fourths').
SHARE_NOUNS = frozenset("""percent per cent % pct half halves third thirds quarter quarters fourth fourths
    fifth fifths tenth tenths fraction proportion share number majority plurality minority""".split()) | frozenset(
    # counts and collectives ('a handful of Democrats said', 'dozens of women charge', 'hundreds of
    # demonstrators chanting', 'a wide array of economists say', 'none of the three has declared')
    """handful handfuls dozen dozens hundreds thousands millions scores array host slew trio pair
    none""".split())

#: Share nouns that also name a thing of their own (a figure, a stake, a period of the year): they
#: stand for people only with people after their 'of' ('the number suggests …', 'the quarter
#: showed …' are no poll's respondents; 'a number of Democrats warned' is).
SHARE_NOUNS_NEEDING_OF = frozenset("""number share quarter quarters fraction proportion array host slew trio
    pair scores""".split())

#: Nouns of a course of action whose 'to' clause says what the action is for ('steps to tighten …',
#: 'efforts to find …'); with ``lexicon.TO_NOUNS``, the object nouns that keep a 'to' clause the
#: parser hangs on the cue ('announced steps to …', not 'confirmed the layoffs to calm investors').
ACTION_NOUNS = frozenset("""step measure action effort move bid attempt push campaign
    initiative bill legislation law program fund funding money""".split())

#: Speaker nouns that also name an event between people, read so with 'of', 'between' or 'with'
#: after them ('an exchange of letters', 'the exchange between the leaders'; 'the exchange said'
#: is a market).
EVENT_SENSE_SPEAKER_NOUNS = frozenset({"exchange"})

#: Nouns of a demand whose 'for' object is what was demanded ('the mayor's call for an
#: independent audit', 'her plea for calm'): ATTRIBUTION-GUIDELINE §1 'call for', H7. Not 'demand' or
#: 'appeal' ('China's demand for oil', 'the show's appeal for teens' are a market and a charm).
CALL_NOUNS = frozenset({"call", "plea"})

#: Verbs whose subject is the one who calls ('the coach made a plea for patience', 'renewed her
#: call for …'); the subject of 'got', 'received' or 'answered' a call is the one called on.
CALL_MAKING_VERBS = frozenset("make issue renew repeat reiterate voice echo sound lead launch".split())

#: Verbs of asking whose 'for X' may go on with X's infinitive ('lobbied for the board to delay
#: …', 'called for the director to resign'): a request (H8); not 'apologized for the delay to
#: reassure …', where the infinitive is the speaker's purpose.
FOR_TO_REQUEST_LEMMAS = frozenset("""ask appeal beg plead clamor clamour lobby petition call push press
    advocate campaign""".split())

#: What 'according to' names in its other sense, 'in accordance with' ('they vote according to
#: their preference', 'it went according to plan'): a plan, a wish or a measure, no source.
ACCORDANCE_NOUNS = frozenset("""plan plans schedule script preference preferences wish wishes need needs
    taste tastes size age custom tradition instinct""".split())

#: Texts of rules and works of reference: what 'according to' them holds is what a rule provides or
#: a reference shows ('according to the constitution', 'according to the rules', 'according to
#: legend', 'according to the map'), not what a source communicated (issue 17, doubts4); a
#: record, a tally or a report after 'according to' is a source.
REFERENCE_NOUNS = frozenset("""constitution law rule regulation statute bylaw charter doctrine legend lore
    myth folklore map chart atlas bible scripture dictionary encyclopedia""".split())

#: Verbs of speaking whose agent noun (verb + -er / -or) is the person who speaks ('the narrator
#: says', 'callers asked', 'a heckler yelled', 'one questioner wanted to know'); verbs whose -er
#: noun is also a device or a thing ('charger', 'poster', 'pointer') are not here.
SPEAKING_AGENT_VERBS = frozenset("""speak call narrate heckle question interview announce endorse preach
    lecture broadcast""".split())

#: Nouns for people or outlets the speaker-noun list lacks (PolNeAR train, issue 17 doubts4:
#: 'Clinton's biggest boosters insisted', 'many marchers and spectators chanting', 'a Romanian
#: hacker, admitting that …', 'progressive heavyweights wrote', 'the tabloid ran a cover saying
#: …', 'a conservative publication, arguing …'); 'goer' and 'checker' head compounds
#: ('caucus-goers', 'fact-checkers'). Each names a person or an outlet in its common sense.
MORE_PERSON_NOUNS = frozenset("""guy fellow celebrity spectator onlooker marcher booster hacker reviewer
    magnate heavyweight impersonator spymaster denizen goer checker tabloid publication""".split())

#: The shortest speaker noun ending a compound that the compound still names a person by
#: ('neurosurgeon', 'superdelegate', 'speechwriter', 'frontrunner'); shorter ones end words that
#: are no people ('ghost', 'overhead', 'safeguard', 'banking').
COMPOUND_SPEAKER_MIN = 6

#: Speaker nouns of a place, not an agent, though they end in one's '-er' ('the center said'): as
#: the last part of a closed compound they name the place ('the epicenter suggests …').
COMPOUND_PLACE_ENDS = frozenset({"center", "centre"})

#: Verbs that voice a feeling ('expressed outrage over …', 'voiced frustration with …'): with
#: only a noun-phrase object they report no content (ATTRIBUTION-GUIDELINE H6).
FEELING_CUES = frozenset({"express", "voice"})

#: Words that open a list of examples ('30 cities including Nashville, Toronto …', 'such as'):
#: what they hold are instances of a noun, never what someone said.
EXAMPLE_MARKERS = frozenset({"including", "include", "like"})

#: Verbs of not knowing after 'left' ('will be left to wonder: "…?"', 'left guessing'): the
#: question is one nobody asked aloud.
LEFT_WONDERING_VERBS = frozenset({"wonder", "guess", "ponder", "speculate"})

#: Particles that make 'call' summon people to a job ('called in engineers to assess …'), not
#: voice a request ('called on the board to resign' is one: ATTRIBUTION-GUIDELINE H8).
SUMMONING_PARTICLES = frozenset({"in"})

#: Possessives of an object 'claim' takes as one's own ('claim their place', 'claimed his seat'):
#: taking possession, not asserting.
TAKING_CLAIM_DETERMINERS = frozenset({"my", "your", "his", "her", "its", "our", "their"})

#: Verbs of apology: with only what it was for as object, an emotive act with no content (H6).
APOLOGY_LEMMAS = frozenset({"apologize", "apologise"})

#: Reflexive pronouns: words told to oneself ('kept telling myself') are thought, not speech.
#: Only as the addressee of a verb of telling or asking (ADDRESSING_LEMMAS, or after 'to'):
#: 'described themselves as moderates' is said of oneself, to others.
REFLEXIVE_PRONOUNS = frozenset({"myself", "yourself", "himself", "herself", "itself", "ourselves",
                                "yourselves", "themselves", "oneself"})

#: Verbs whose object is the one addressed ('told myself', 'asked herself whether …'); not
#: 'assure' ('"Yes," he assures himself' on camera is said aloud: fresh set, a gold quote).
ADDRESSING_LEMMAS = frozenset({"tell", "ask"})

#: Words that open an adverbial clause of time after a reported noun phrase ('reported earnings …
#: as revenue fell short', 'called for more even as the lights came up'): the clause is the
#: report's circumstance, not its content. Not 'because' ('accused the utility of overkill …
#: because it failed to …': the source's reason, kept in the selection set's gold).
CLAUSE_MARKERS = frozenset({"as", "while"})

#: Lower-case words a signed name may hold ('Jean de la Fontaine', 'Guardian of the Past'); any
#: other lower-case word makes a credit or a byline ('Reporting by …'), no signature.
NAME_PARTICLES = frozenset({"of", "the", "de", "del", "der", "da", "di", "du", "la", "le", "van", "von", "and", "&"})
