"""Text-level clean-up rules shared by HTML extraction and plain-text input.

Extractors (ours included) keep lines that are not article prose: photo credits,
image alt text, "Read more" promos, newsletter pitches, bylines, datelines, tag
lists. Each one costs precision on benchmarks and, worse, feeds NER and quote
attribution with sentences nobody wrote. Every rule below is one small named
function with the reason it exists; `clean_blocks` applies them in order and
never merges two paragraphs into one.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence

from newsflow.extract.article import EMPTY, OK, TOO_SHORT, Article, Block

# Below these sizes the "article" is a teaser, a stub or an error page.
MIN_BODY_CHARS = 300
MIN_BODY_WORDS = 50
# Lines longer than this are prose, never a label/promo/credit line.
SHORT_LINE = 160

_WS = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_WORD = re.compile(r"\w+")
_END_PUNCT = ('.', '!', '?', '"', '”', '’', "'", '…', ':', ';', ')', '»', '。', '！', '？')
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


# --------------------------------------------------------------------------
# whitespace and normalisation

def normalize_line(text: str) -> str:
    """NFC + collapse runs of spaces/nbsp inside a line; never touches line structure."""
    if not text.isascii():
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
        # soft hyphen, BOM and zero-width space are invisible but split words for NLP
        text = text.replace("\u00ad", "").replace("\ufeff", "").replace("\u200b", "")
    return " ".join(text.split())  # str.split() knows every Unicode space, nbsp included


def text_key(text: str) -> str:
    """Comparison key: case-folded word tokens, so punctuation/spacing differences vanish."""
    return " ".join(_WORD.findall(text.casefold()))


_key = text_key


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def _ends_sentence(text: str) -> bool:
    return text.rstrip().endswith(_END_PUNCT)


# --------------------------------------------------------------------------
# single-line rules: each returns True when the line is junk


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
    if len(text) > 80 or _ends_sentence(text):
        return False
    if _FILENAME.search(text) and _words(text) <= 8:
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
    if rest != text and _words(rest) <= 1:
        return True
    # 'More AP NBA: https://… and https://…' : a short label in front of links
    return no_links != text and len(text) < 200 and _words(no_links) <= 5


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
    leftover = _WORD.findall(rest)
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
    if _BYLINE.match(text) and _words(text) <= 14:
        return True
    names = [_key(a) for a in authors if a]
    if not names or len(text) > 80:
        return False
    key = _key(text)
    if key and key in names:
        return True
    stripped = _key(re.sub(r"^\s*by\s+", "", text, flags=re.I))
    return bool(names) and stripped != key and stripped in names


def is_title_repeat(text: str, titles: Iterable[str]) -> bool:
    """The headline (or dek) repeated as a body line: already in Article.title."""
    if len(text) > 400:
        return False
    keys = titles if isinstance(titles, set) else {_key(t) for t in titles if t}
    if not keys or len(text) > 2 * max(map(len, keys)) + 20:
        return False
    key = _key(text)
    return bool(key) and key in keys


# --------------------------------------------------------------------------
# block-level pass

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


def _is_link_like(text: str) -> bool:
    """A list item or short headline in a 'Related' run (not a prose sentence)."""
    return len(text) < SHORT_LINE and (text.startswith(("-", "•", "*", "–", "—", "·"))
                                       or not _ends_sentence(text) or _words(text) <= 12)


def _headline_case(text: str) -> bool:
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", text) if len(w) >= 4]
    return len(words) >= 2 and sum(w[0].isupper() for w in words) >= 0.75 * len(words)


def is_headline_list(block: Block) -> bool:
    """A list whose every item is a short Title-Cased headline with no sentence end is a
    'related stories' link list (content lists are sentence-case or punctuated)."""
    if block.kind != "list":
        return False
    items = [x for x in block.text.split("\n") if x.strip()]
    # headlines have a verb phrase; name/place lists ('SpaceX, Hawthorne, California') don't
    return len(items) >= 2 and all(
        len(x) <= 120 and _words(x) >= 4 and not _ends_sentence(x) and _headline_case(x)
        for x in items) and sum(map(_words, items)) >= 5 * len(items)


def clean_blocks(
    blocks: Sequence[Block],
    *,
    titles: Iterable[str] = (),
    authors: Iterable[str] = (),
) -> list[Block]:
    """Apply every rule to every block; list blocks are cleaned item by item.

    `titles` are the headline/standfirst variants and `authors` the byline names: body
    lines equal to them are duplicates. Paragraphs are never merged; whitespace inside a
    line is normalised and the text NFC-normalised.
    """
    titles = {_key(t) for t in titles if t}  # is_title_repeat accepts a set of keys
    authors = list(authors)
    out: list[Block] = []
    in_promo_run = False  # after a bare 'Related' / "DON'T MISS" header: drop the link run
    after_promo = False  # the previous line was a promo: a link list right after it goes too
    for block in blocks:
        lines = [normalize_line(x) for x in block.text.split("\n")]
        lines = [x for x in (strip_widget_suffix(strip_photo_credit(x)) for x in lines)
                 if x and _WORD.search(x)]
        if after_promo and block.kind == "list" and lines and all(map(_is_link_like, lines)):
            continue
        if is_headline_list(Block(block.kind, "\n".join(lines))):
            continue
        kept: list[str] = []
        for line in lines:
            if in_promo_run:
                if _is_link_like(line) and not is_title_repeat(line, titles):
                    continue
                in_promo_run = False
            if is_promo_header(line):
                in_promo_run = after_promo = True
                continue
            if is_promo(line):
                after_promo = True
                continue
            if junk_reason(line) or is_title_repeat(line, titles) or is_byline(line, authors):
                continue
            after_promo = False
            kept.append(line)
        if kept:
            out.append(Block(block.kind, "\n".join(kept)))
    return out


def strip_site_repeats(
    docs: list[list[str]], min_docs: int = 3, min_share: float = 0.5
) -> list[list[str]]:
    """Drop paragraphs that recur verbatim across many articles of one site.

    Sign-offs, disclaimers and 'About the company' boxes repeat on every page of a site;
    no single-page rule can tell them from prose, but counting across a host's articles
    can. A paragraph is removed when it appears in at least `min_docs` documents and in
    at least `min_share` of them. The pipeline calls this once per host.
    """
    if len(docs) < min_docs:
        return [list(d) for d in docs]
    counts: Counter[str] = Counter()
    for doc in docs:
        counts.update({_key(p) for p in doc if _key(p)})
    threshold = max(min_docs, min_share * len(docs))
    repeated = {k for k, n in counts.items() if n >= threshold}
    return [[p for p in doc if _key(p) not in repeated] for doc in docs]


# --------------------------------------------------------------------------
# assembling an Article

PROSE_KINDS = ("paragraph", "quote")


def body_status(text: str) -> tuple[str, str | None]:
    """OK, EMPTY or TOO_SHORT for a cleaned body, with a short reason."""
    n_chars = len(text.strip())
    if n_chars == 0:
        return EMPTY, "no body text found"
    n_words = _words(text)
    cjk = len(_CJK.findall(text)) > n_chars // 4
    if n_chars < MIN_BODY_CHARS or (n_words < MIN_BODY_WORDS and not cjk):
        return TOO_SHORT, f"body has {n_chars} chars / {n_words} words"
    return OK, None


def fill_body(article: Article, blocks: list[Block]) -> Article:
    """Set text/paragraphs/blocks (and an OK/EMPTY/TOO_SHORT status) from clean blocks."""
    article.blocks = blocks
    article.text = "\n\n".join(b.text for b in blocks)
    article.paragraphs = [b.text for b in blocks if b.kind in PROSE_KINDS]
    article.status, article.status_reason = body_status("\n".join(article.paragraphs)
                                                        or article.text)
    return article


# --------------------------------------------------------------------------
# plain text input

_HEADING_MAX_WORDS = 14
STANDFIRST_MAX_CHARS = 320


def looks_like_heading(line: str, prev: str | None, nxt: str | None) -> bool:
    """A short, unpunctuated, capitalised line between prose lines is a sub-heading:
    keeping it as its own block stops NLP from gluing it onto the next sentence."""
    if nxt is None or prev is None:
        return False
    if len(line) > 120 or _words(line) > _HEADING_MAX_WORDS or _words(line) < 2:
        return False
    if _ends_sentence(line) or not line[:1].isupper():
        return False
    return len(nxt) > len(line)


def _split_paragraphs(text: str) -> list[list[str]]:
    """Blank-line separated groups of lines. Hard-wrapped prose (most lines of similar
    width, no sentence end) is re-joined within a group; otherwise each line is kept
    as its own paragraph, because feeds and pasted pages use one line per paragraph."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    groups = [[normalize_line(x) for x in g.split("\n")] for g in re.split(r"\n\s*\n", text)]
    groups = [[x for x in g if x] for g in groups]
    groups = [g for g in groups if g]
    lines = [x for g in groups for x in g]
    multi = [g for g in groups if len(g) > 1]
    if multi and len(lines) >= 6:
        widths = sorted(len(x) for g in multi for x in g[:-1])
        unended = sum(1 for g in multi for x in g[:-1] if not _ends_sentence(x))
        inner = sum(len(g) - 1 for g in multi)
        median = widths[len(widths) // 2]
        if 40 <= median <= 100 and unended > 0.6 * inner and widths[-1] <= median * 1.3:
            return [[" ".join(g)] for g in groups]
    return groups


_HTML_BLOCK = re.compile(r"<(?:p|br|div|li|h[1-6]|blockquote)\b[^>]*>", re.I)
_HTML_BREAK = re.compile(r"<br\s*/?>", re.I)
_HTML_PARA_END = re.compile(r"</?(?:p|div|li|ul|ol|h[1-6]|blockquote|section|article|figure"
                            r"|table|tr)\b[^>]*>", re.I)
_FRAGMENT_DROP = ("script", "style", "figcaption")
_HTML_TAG = re.compile(r"<[^>]+>")


def drop_elements(markup: str, tags: tuple[str, ...], replacement: str = " ") -> str:
    """`markup` without the named elements (content included) and without comments, in one pass.

    What `re.sub(r"<(tag)\\b.*?</\\1\\s*>|<!--.*?-->", …)` does, without its cost on hostile
    pages: there every unclosed opener rescans the rest of the page (200,000 `<script>` took an
    hour). Here an element with no closing tag is left as it is, and once a tag is known to have
    no closing tag further on, its later openers are not searched again: linear in the page."""
    names = "|".join(map(re.escape, tags))
    opener = re.compile(rf"<({names})\b|<!--", re.I)
    closers = {t: re.compile(rf"</{re.escape(t)}\s*>", re.I) for t in tags}
    unclosed: set[str] = set()  # lower-cased tag names (or "--") with no closing tag ahead
    out: list[str] = []
    pos = kept = 0
    while (m := opener.search(markup, pos)) is not None:
        name = (m.group(1) or "--").lower()
        if name in unclosed:
            pos = m.end()
            continue
        if name == "--":
            close_at = markup.find("-->", m.end())
            end = close_at + 3 if close_at >= 0 else -1
        else:
            close = closers[next(t for t in tags if t.lower() == name)].search(markup, m.end())
            end = close.end() if close else -1
        if end < 0:
            unclosed.add(name)
            pos = m.end()
            continue
        out.append(markup[kept:m.start()])
        out.append(replacement)
        pos = kept = end
    out.append(markup[kept:])
    return "".join(out)


def html_fragment_to_text(fragment: str) -> str:
    """Feed full-text fields often carry a little HTML: keep its paragraph breaks, drop
    the tags, unescape entities (one paragraph per line, blank line between)."""
    import html

    text = drop_elements(fragment, _FRAGMENT_DROP)
    text = _HTML_BREAK.sub("\n", text)
    text = _HTML_PARA_END.sub("\n\n", text)
    text = html.unescape(_HTML_TAG.sub("", text))
    return re.sub(r"\n\s*\n\s*", "\n\n", text).strip()


def clean_text(text: str) -> Article:
    """Clean text that arrived without HTML (a feed's full-text field, a pasted page).

    The first line is taken as the title when it reads like one; a short standalone
    paragraph right after it is the standfirst. Body lines then go through the same
    rules as extracted HTML, and short unpunctuated lines between prose become heading
    blocks. Never raises on odd input.
    """
    article = Article(extractor="newsflow", extractor_version=_version())
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    if _HTML_BLOCK.search(text):
        text = html_fragment_to_text(text)
    groups = _split_paragraphs(text)
    if not groups:
        return fill_body(article, [])
    first = groups[0][0]
    if len(groups[0]) >= 1 and len(first) <= 200 and not first.endswith((".", ";", ",")) \
            and sum(len(x) for g in groups for x in g) > 2 * len(first):
        article.title = first
        groups[0] = groups[0][1:]
        groups = [g for g in groups if g]
        # a dek stands alone before the body; when every paragraph stands alone we cannot
        # tell it from a lead paragraph, so only a short one counts
        one_per_group = all(len(g) == 1 for g in groups)
        max_dek = STANDFIRST_MAX_CHARS // 2 if one_per_group else STANDFIRST_MAX_CHARS
        if len(groups) > 1 and len(groups[0]) == 1 and 20 <= len(groups[0][0]) <= max_dek \
                and not junk_reason(groups[0][0]):
            article.standfirst = groups.pop(0)[0]
    titles = [t for t in (article.title, article.standfirst) if t]
    blocks = [Block("paragraph", x) for g in groups for x in g]
    blocks = clean_blocks(blocks, titles=titles)
    texts = [b.text for b in blocks]
    for i, b in enumerate(blocks):
        prev = texts[i - 1] if i > 0 else None
        nxt = texts[i + 1] if i + 1 < len(texts) else None
        if looks_like_heading(b.text, prev, nxt):
            b.kind = "heading"
    return fill_body(article, blocks)


def _version() -> str:
    from newsflow import __version__

    return f"newsflow-{__version__}"
