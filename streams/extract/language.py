"""Language identification: reads text, writes an ISO 639-1 code and a confidence, from stopword profiles.

A stopword vote is enough to tell English from the other languages news feeds carry and costs microseconds;
it ships no model and downloads nothing. Only English is extracted for now (SUPPORTED).
"""
from __future__ import annotations

import re
from collections import Counter

SUPPORTED = frozenset({"en"})

_STOPWORDS = {
    "en": "the and of to in is was were that for on with by at from said have has are it this as an be after",
    "fr": "le la les des et est dans une pour sur par qui que du au avec ont été sont ce cette pas il elle",
    "es": "el la los las y en del que por con una para se al fue han sido son este esta su lo como más",
    "pt": "o a os as e do da dos das em que por com uma para foi são não ao na no pelo pela mais",
    "de": "der die das und ist nicht ein eine mit von zu den auf im dem für sich des wurde sind bei auch",
    "it": "il la le gli e di che per con una sono è del della nel alla non più anche stato dei",
    "nl": "de het een en van is dat op te in niet zijn met voor werd door ook bij aan",
    "tr": "ve bir bu da de ile için olarak olan en çok gibi daha sonra ancak",
    "id": "yang dan di ini itu dengan untuk tidak dari dalam akan pada juga ke karena",
    "sv": "och att det som en på är av för med till den har inte om var ett",
    "pl": "i w na nie z się do że jest to o jak po przez oraz był",
    "ro": "și în de la cu pe care este din pentru o un au fost mai",
}
# Single letters ("a", "e", "o", "i") are words in too many languages to vote.
_PROFILES = {lang: {w for w in words.split() if len(w) > 1} for lang, words in _STOPWORDS.items()}
# Word -> the languages it votes for, in profile order: one lookup per word instead of one per language.
_VOTES = {w: tuple(lang for lang, p in _PROFILES.items() if w in p) for p in _PROFILES.values() for w in p}
_SCRIPTS = [
    ("ar", re.compile(r"[\u0600-\u06ff]")),
    ("ru", re.compile(r"[\u0400-\u04ff]")),
    ("zh", re.compile(r"[\u4e00-\u9fff]")),
    ("ja", re.compile(r"[\u3040-\u30ff]")),
    ("ko", re.compile(r"[\uac00-\ud7af]")),
    ("hi", re.compile(r"[\u0900-\u097f]")),
    ("he", re.compile(r"[\u0590-\u05ff]")),
    ("el", re.compile(r"[\u0370-\u03ff]")),
    ("th", re.compile(r"[\u0e00-\u0e7f]")),
]
_ANY_SCRIPT = re.compile("|".join(p.pattern for _, p in _SCRIPTS))
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def detect(text: str, sample: int = 4000) -> tuple[str | None, float]:
    """(language code, share of stopword hits won); (None, 0.0) when the text has too few words to tell."""
    chunk = text[:sample]
    if _ANY_SCRIPT.search(chunk):  # text in Latin letters alone goes straight to the word vote
        letters = sum(1 for ch in chunk if ch.isalpha())
        if letters == 0:
            return None, 0.0
        for lang, pattern in _SCRIPTS:
            if len(pattern.findall(chunk)) > 0.3 * letters:
                return lang, 0.9
    words = [w.lower() for w in _WORD.findall(chunk)]
    if len(words) < 5:
        return None, 0.0
    counts: Counter[str] = Counter()
    for w in words:
        for lang in _VOTES.get(w, ()):
            counts[lang] += 1
    if not counts:
        return None, 0.0
    lang, hits = counts.most_common(1)[0]
    return lang, hits / max(1, sum(counts.values()))
