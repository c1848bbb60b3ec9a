"""Single-line clean-up rules: each says whether one line of a body is junk, not prose.

Extractors (ours included) keep lines that are not article prose: photo credits, image alt text,
"Read more" promos, newsletter pitches, bylines, datelines, tag lists. Each one costs precision on
benchmarks and, worse, feeds NER and quote attribution with sentences nobody wrote. Every rule is
one small named function with the reason it exists; `LINE_RULES` lists the context-free ones that
`junk_reason` applies, the block pass (`newsflow.extract.blocks`) the rest.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from newsflow.extract.normalize import WORD, count_words, ends_sentence, text_key

# Lines longer than this are prose, never a label/promo/credit line.
SHORT_LINE = 160

_WS = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_CREDIT_INLINE = re.compile(
    r"\(\s*(?:(?:photo|image|picture|video|file photo|graphic)s?\s*(?:credit|courtesy)\b\s*[:/]?"
    r"|(?:photo|image|picture|video|file photo|graphic)s?\s*[:/]|credits?\s*[:/]|courtesy\b"
    r"|copyright\b)[^()]{0,80}\)"
    r"|\(\s*(?:AP|AFP|Reuters|Getty|EPA|PA)\s*(?:Photo|Images|Wire)?\s*/[^()]{0,60}\)",
    re.I,
)
_CREDIT_LINE = re.compile(
    r"^(?:(?:photo|image|picture|photograph|video|graphic|illustration)s?"
    r"(?:\s+(?:credit|courtesy|by))?\s*[:/|]"
    r"|credits?\s*:|image\s+(?:copyright|caption|source)\b|source\s*image\s*:"
    r"|getty\s+images\b|\(?(?:ap|afp|reuters|epa|getty)\s+photo\b)",
    re.I,
)


def strip_photo_credit(text: str) -> str:
    """Remove inline '(photo credit: REUTERS)' / '(AP Photo/Name)': they are image
    metadata pasted into the text, not something anybody said or wrote."""
    if "(" not in text:
        return text
    return _WS.sub(" ", _CREDIT_INLINE.sub(" ", text)).strip()


def is_photo_credit(text: str) -> bool:
    """'Photo: AP', 'Credit: Getty Images', 'Image copyright …' as a line of its own:
    caption furniture that would otherwise become ORG entities in the body."""
    return len(text) < SHORT_LINE and _CREDIT_LINE.match(text) is not None


_GLUED_DIGITS = re.compile(r"[^\W\d_]{2,}\d{2,}$")
_FILENAME = re.compile(r"\.(?:jpe?g|png|gif|webp|svg|tiff?|bmp)\b|\b(?:IMG|DSC|DSCN|P)_?\d{3,}\b"
                       r"|\b\d{2,4}x\d{2,4}\b", re.I)


def is_caption_remnant(text: str) -> bool:
    """Image alt text or file names that leaked into the body ('Lavrov Kerry370',
    'IMG_2041.jpg'): a short, unpunctuated line of name-like tokens ending in digits."""
    if len(text) > 80 or ends_sentence(text):
        return False
    if _FILENAME.search(text) and count_words(text) <= 8:
        return True
    tokens = text.split()
    if not 1 <= len(tokens) <= 6:
        return False
    if not _GLUED_DIGITS.search(tokens[-1]):
        return False
    return all(t[:1].isupper() or t[:1].isdigit() for t in tokens)


_PROMO_PATTERNS = [
    r".{0,80}\s[-–—|:]\s*full coverage\s*$",
    r"(?:read|see|watch|listen|view)\s+(?:more|also|next|now|full|the full)\b.{0,120}$",
    r"(?:also|further)\s+read\b.{0,120}$",
    r"\[?\s*(?:related|related\s+(?:post|posts|article|articles|stories|story|content|link|links|"
    r"coverage|reading|news|topics?)|more|also|see also|recommended|most read|popular|trending|"
    r"more from [^:]{1,40}|more on [^:]{1,40}|read next|up next|next)\s*[:|»].{0,150}"
    r"(?<![.!?”\"])$",  # 'More: Headline' is a link; 'More: the council voted.' is prose
    r"also on [a-z0-9.-]+\.[a-z]{2,}\b.{0,150}$",
    r"(?:you (?:may|might) (?:also )?(?:like|enjoy|be interested in)|don'?t miss|"
    r"most read(?: in [^.]{1,40})?|more stories|more news|related (?:stories|articles|posts)|"
    r"recommended for you|editor'?s picks|trending now|top stories|latest news|what to read next)"
    r"\s*[.:…!]*\s*$",
    r"[\w'’ ]{1,40} newsletter\s*$",
    r"(?:sign up|subscribe|register)\b.{0,80}\b(?:newsletters?|inbox|updates|alerts)\b.{0,120}$",
    r"get (?:the|our)\b.{0,60}\b(?:newsletters?|inbox|delivered)\b.{0,120}$",
    r"(?:share|email|tweet|print) (?:this|the) (?:article|story|post|page)\b.{0,60}$",
    r"(?:like this (?:story|article)\?|share it with a friend).{0,80}$",
    r"follow (?:us|@?\w+(?: \w+){0,3}) on (?:twitter|facebook|instagram|linkedin|youtube|"
    r"tiktok|google news)\b.{0,120}$",
    r"follow @\w+.{0,150}$",
    r"click here\b.{0,120}$",
    r".{0,120}\bclick here (?:to|for)\b.{0,80}$",
    r"tell us what you think.{0,40}$",
    r"(?:download|install) (?:our|the) (?:free )?app\b.{0,100}$",
    r"(?:advertisement|advertising|sponsored|sponsored content|ad)\s*$",
    r"this copy is for your personal, non-commercial use only\b.*$",
    r"(?:listen|itunes|spotify|download|subscribe)\s*:\s*https?://\S+$",
    r"if you (?:enjoyed|liked|value|appreciate|appreciated)\b.{0,60}\b(?:article|story|"
    r"journalism|reporting|content)\b.{0,250}$",
    r"get (?:full |unlimited |digital )?access\b.{0,80}\b(?:subscri\w+|membership)\b.{0,250}$",
    r"(?:order reprints|print article|reprints? (?:&|and) permissions|"
    r"this article has been sent to\b.{0,60}|an error has occurred,? please try again.{0,20})$",
]
_PROMO = re.compile(r"^(?:" + "|".join(_PROMO_PATTERNS) + r")", re.I)
# "... [VIDEO]" / "... [INSIGHT]": tabloid cross-links with a bracketed section label.
_BRACKET_LABEL = re.compile(r"\[(?:[A-Z]{3,}(?: [A-Z]+)?)\]\s*\|?\s*$")


_QUOTE_OPENERS = ('"', "“", "‘", "«", "„", "'", "「")
_FOLLOW_SOCIAL = re.compile(
    r"(?:^|[.!?]\s+)follow (?:us|him|her|them|me|@\w+|[A-Z][\w'’.]*(?: [A-Z][\w'’.]*){0,5})\b.{0,40}?"
    r"\b(?:on|at|via) (?:twitter|facebook|instagram|linkedin|youtube|tiktok|threads|bluesky)\b"
    r"|\bfollow\b.{0,60}\bfull coverage\b",
    re.I,
)
# WordPress shortcodes that leaked unrendered: '[button link=...]', '[/button]'.
_SHORTCODE = re.compile(r"\[/?[a-z_]+(?:\s+[a-z_]+=[^\]]*)?\]")


def is_promo(text: str) -> bool:
    """In-body promotion: 'Read more: …', 'Related: …', 'Crisis in Syria - full
    coverage', newsletter pitches, share/follow buttons, tabloid '[VIDEO]' cross-links,
    an author-bio line ending in 'Follow him on Twitter'."""
    if len(text) > 600 or text.startswith(_QUOTE_OPENERS):  # a quotation is never a promo
        return False
    if len(text) < 400 and "ollow" in text and _FOLLOW_SOCIAL.search(text):
        return True
    if len(text) > 600:
        return False
    if "[" in text and _SHORTCODE.search(text) and re.search(r"\[/[a-z_]+\]|=", text):
        return True
    return _PROMO.match(text) is not None or ("[" in text and _BRACKET_LABEL.search(text)
                                              is not None)


# A header line after which the run of short lines is a list of links, not prose.
_PROMO_HEADER = re.compile(
    r"^(?:related(?: \w+)?|more|also|see also|read more|read also|also read|recommended|"
    r"don'?t miss|you (?:may|might) also like|most read(?: in [^.]{1,40})?|more stories|"
    r"more (?:on|from|about) [^.]{1,40}|popular|trending(?: now)?|latest|top stories|"
    r"related (?:stories|articles|posts|coverage|links))\s*[.:…!]*$",
    re.I,
)


def is_promo_header(text: str) -> bool:
    """'DON'T MISS', 'Related', 'More:' on a line of their own introduce a link list."""
    return len(text) < 60 and _PROMO_HEADER.match(text) is not None


_CREDIT_REPORTING = re.compile(
    r"^\(?\s*(?:(?:additional |with )?(?:reporting|writing|editing|research|compiled|"
    r"translated|additional reporting)(?: and \w+)? by\b"
    r"|source\s*:\s[^.!?]{1,60}$"
    r"|sources?\s*:\s*(?:news agencies|agencies|\w+ news)\b)"
    r"|\bcontributed (?:to )?(?:this|the) (?:report|story|article)\b"
    r"|\bcontributed reporting\b",
    re.I,
)


def is_reporting_credit(text: str) -> bool:
    """'Reporting by …; Editing by …', '… contributed to this report', 'SOURCE: AFP':
    staff credits, not article content (and a flood of PERSON entities nobody quoted)."""
    if len(text) >= 400:
        return False
    low = text.lower()
    if "by" not in low and "source" not in low and "contribut" not in low:
        return False
    return _CREDIT_REPORTING.search(text) is not None


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+\.(?:com|org|net|co\.uk)/\S*", re.I)
_HANDLE = re.compile(r"@\w{2,}")
_CONTACT = re.compile(
    r"(?:have a (?:news )?tip\?|may be reached at|can be reached at|reach the (?:reporters?|"
    r"writers?|author)\b|^email (?:\w+ ){1,3}at\b|^contact (?:the )?(?:reporter|writer|author)\b|"
    r"^send (?:us )?(?:a |your )?(?:tips?|news tips?)\b|^write to\b.{0,60}\bat\s+\S+@)",
    re.I,
)


_CONTACT_HINTS = ("@", "http", "www", "/", ".com", "reach", "tip", "mail", "contact")


def is_contact_line(text: str) -> bool:
    """A bare URL/e-mail/handle line or 'X may be reached at …': author contact
    boxes and link residue, never prose."""
    if len(text) > 300:
        return False
    low = text.lower()
    if not any(k in low for k in _CONTACT_HINTS):  # cheap gate before the regexes
        return False
    if _CONTACT.search(text):
        return True
    no_links = _URL.sub(" ", _EMAIL.sub(" ", text))
    rest = _HANDLE.sub(" ", no_links)
    if rest != text and count_words(rest) <= 1:
        return True
    # 'More AP NBA: https://… and https://…' : a short label in front of links
    return no_links != text and len(text) < 200 and count_words(no_links) <= 5


_MONTHS = (r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
           r"sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|janeiro|fevereiro|março|"
           r"abril|maio|junho|julho|agosto|setembro|outubro|novembro|dezembro|januar|februar|"
           r"märz|mai|juni|juli|oktober|dezember|gennaio|febbraio|marzo|aprile|maggio|giugno|"
           r"luglio|settembre|ottobre|dicembre|enero|febrero|mayo|junio|julio|septiembre|"
           r"octubre|noviembre|diciembre")
_DATEISH = re.compile(
    r"\b\d{1,2}:\d{2}\b|\b\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}\b|\b(?:" + _MONTHS + r")\b\.?\s*\d{1,2}"
    r"|\b\d{1,2}\.?\s+(?:de\s+)?(?:" + _MONTHS + r")\b",
    re.I,
)
_DATE_WORDS = re.compile(
    r"\b(?:" + _MONTHS + r"|mon(?:day)?|tue(?:sday)?|wed(?:nesday)?|thu(?:rsday)?|fri(?:day)?|"
    r"sat(?:urday)?|sun(?:day)?|segunda|terça|quarta|quinta|sexta|feira|sábado|domingo|am|pm|"
    r"a\.m|p\.m|gmt|utc|[ecmp][sd]t|amt|cet|bst|ist|at|às|de|on|updated|published|posted|"
    r"last|modified|by|um|uhr|le|el|à|a|h|et|est)\b|\d+",
    re.I,
)


def is_dateline_only(text: str) -> bool:
    """'November 20, 2019 - 11:28 AMT', 'Updated at 1:23 p.m.': a publication
    timestamp left in the body; the date belongs in published_at, not the text."""
    if len(text) > 90 or not _DATEISH.search(text):
        return False
    rest = _DATE_WORDS.sub(" ", text)
    leftover = WORD.findall(rest)
    # allow a short author name after 'by' ('5:45 AM PST 11/19/2019 by Patrick Shanley')
    if re.search(r"\bby\s+[A-Z]", text):
        return len(leftover) <= 4
    return len(leftover) <= 1


_LABEL = re.compile(
    r"^(?:\d+\s+)?(?:comments?|tags?|share|print|e-?mail|advertisement|anzeige|publicidade|"
    r"publicidad|pubblicità|реклама|loading\.*|show comments|view comments|leave a comment|"
    r"comentários|kommentare|commenti|comentarios)\s*[:.]?$"
    r"|^(?:tags?|filed under|categor(?:y|ies)|topics?|posted in|tempo de leitura|reading time|"
    r"lesezeit|tiempo de lectura|keywords)\s*:.{0,250}$"
    r"|^\d+\s*(?:min(?:ute)?s?|minutos?|minuten)\s+(?:read|de leitura|lesezeit|lectura)$",
    re.I,
)


def is_label_line(text: str) -> bool:
    """Widget labels and taxonomies: 'Comments', 'Tags: …', 'Filed under: …',
    'Reading time: 2 minutes'."""
    return len(text) < 300 and _LABEL.match(text) is not None


_COPYRIGHT = re.compile(r"^(?:copyright\b|©|\(c\)\s*\d{4})|\ball rights reserved\b", re.I)


def is_copyright_line(text: str) -> bool:
    """'© 2019 Site', 'copyright X 2019 - ISSN …': page footer, not content."""
    if len(text) >= 200:
        return False
    low = text.lower()
    if "©" not in low and "copyright" not in low and "(c)" not in low and "reserved" not in low:
        return False
    return _COPYRIGHT.search(text) is not None


_TRAILING_WIDGET = re.compile(r"\s*(?:Click (?:To|to) Tweet|Tweet this|Share on (?:Twitter|"
                              r"Facebook))\s*$")


def strip_widget_suffix(text: str) -> str:
    """'… a sentence.Click To Tweet': the sentence is prose, the button label is not."""
    return _TRAILING_WIDGET.sub("", text) if "weet" in text or "Share" in text else text


_NAME = (r"[A-ZÀ-ÖØ-ÞА-Я][\w.'’-]*(?:\s+(?:[A-ZÀ-ÖØ-ÞА-Я][\w.'’-]*|de|da|do|dos|van|von|der"
         r"|den|al|el|bin|le|la|di|du)){0,4}")
_BYLINE = re.compile(
    r"^(?i:by|von|por|par|di|door|от)\s+" + _NAME
    + r"(?:\s*(?:,|and|&|und|e|y)\s*" + _NAME + r"){0,3}(?:\s*[,|/–—-]\s*.{0,60})?$"
)


def is_byline(text: str, authors: Iterable[str] = ()) -> bool:
    """'By Jane Doe' (or just an author's name) repeated at the top of the body; the
    byline is already in Article.authors."""
    if len(text) > 120 or text.endswith((".", "!", "?", "”", '"')):  # bylines are not sentences
        return False
    if _BYLINE.match(text) and count_words(text) <= 14:
        return True
    names = [text_key(a) for a in authors if a]
    if not names or len(text) > 80:
        return False
    key = text_key(text)
    if key and key in names:
        return True
    stripped = text_key(re.sub(r"^\s*by\s+", "", text, flags=re.I))
    return bool(names) and stripped != key and stripped in names


def is_title_repeat(text: str, titles: Iterable[str]) -> bool:
    """The headline (or dek) repeated as a body line: already in Article.title."""
    if len(text) > 400:
        return False
    keys = titles if isinstance(titles, set) else {text_key(t) for t in titles if t}
    if not keys or len(text) > 2 * max(map(len, keys)) + 20:
        return False
    key = text_key(text)
    return bool(key) and key in keys


LINE_RULES = (is_photo_credit, is_caption_remnant, is_promo, is_reporting_credit,
              is_contact_line, is_dateline_only, is_label_line, is_copyright_line)


def junk_reason(text: str) -> str | None:
    """Name of the first single-line rule that rejects `text`, or None if it is kept."""
    if len(text) > 600:  # long prose: no rule applies, skip the regexes
        return None
    for rule in LINE_RULES:
        if rule(text):
            return rule.__name__
    return None
