"""Word lists the quote rules added after ``lexicon`` reached its size limit (~400 lines).

Why apart: ``lexicon`` holds the lists the passes share; these serve ``trust`` and the drops in
``unlikely`` (which ``trust`` imports, so the stance cues cannot live in ``trust``), and the
content runs of ``clause_runs``.
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
