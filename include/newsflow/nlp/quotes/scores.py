"""The confidence each quote rule gives its candidates, named in one place.

Why one module: the numbers order the rules by how often their frame was a gold
attribution on PolNeAR train and the real-world selection (a cue inside the sentence
beats a colon guess, which beats a follow-on), and ``confidence.calibrate`` is fitted on
them; reading them side by side keeps that order visible. Passes import these names
instead of writing the numbers inline.
"""

from __future__ import annotations

#: '"…," he said': a quote with a speech verb in its own frame.
DIRECT_WITH_CUE = 0.9
#: '"…" ― Pamela Padilla': a dash byline names the speaker, no verb.
DIRECT_DASH_BYLINE = 0.8
#: 'Kasich resisted: "…"' / a colon closing the previous paragraph: the frame's subject
#: is a guess at the source.
DIRECT_COLON_INTRO = 0.6
#: a quoted passage with no frame found yet (a follow-on or an orphan).
DIRECT_BARE = 0.5
#: a cue-less quote that takes the speaker of the attribution before it.
FOLLOW_ON = 0.6

#: 'X said (that) …', 'according to X, …', 'Y, X said, Z': a reporting verb's clause.
REPORTED_CLAUSE = 0.7
#: 'Harf said: the plan …' without quote marks: the rest of the paragraph.
REPORTED_COLON = 0.6
#: 'In a CBS News poll, 50 percent …': the poll is the source.
IN_SOURCE = 0.6
#: 'Trump's claim that …': a speech noun's clause.
NOUN_CONTENT = 0.55
#: a stance frame ('19 percent support Clinton'): about 51% precise on PolNeAR train.
STANCE_CONFIDENCE = 0.5

#: 'PENCE: …' / 'Lynch: No outside influence': a speaker-label paragraph.
SPEAKER_LABEL = 0.7
#: an embedded post's line, signed '— Name (@handle) Date' on the line after it.
EMBEDDED_POST = 0.9
#: a Q&A interview's answer ('A: …'), the interviewee its speaker.
INTERVIEW_ANSWER = 0.8
#: a reader's letter to an advice column ('DEAR ABBY: …' signed '-- WORRIED IN OHIO').
COLUMN_LETTER = 0.8
#: a signed blurb of a review round-up or testimonial page ('…¶[ The Verge ]', '“…”¶– Ali***').
SIGNED_BLURB = 0.8
#: 'Mayor Says Bridge Will Reopen': a Title Case headline.
HEADLINE = 0.6

#: The confidence of a doubted attribution (``trust``, ``sources``): below any threshold a
#: user filters at.
DOUBTFUL = 0.2

#: Less for a speaker found through an antecedent ('he' -> the person named before) ...
VIA_ANTECEDENT = 0.1
#: ... and more for a pronoun no person of the article fits (the mention stays, unresolved).
UNRESOLVED_PRONOUN = 0.15
