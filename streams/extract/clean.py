"""Body text cleaning: reads a RawArticle's text or HTML, writes the plain body text that every Span points into.

HTML goes through trafilatura. Plain text goes through a line cutter: site furniture (navigation, share and
subscribe boxes, copyright lines) is dropped line by line, and the body ends at the first tail marker
("Leave a Reply", "Previous post", "Continue Reading" followed by other stories...); a bare box label such as
"TRENDING STORIES:" or "Related Coverage" with prose after its links and prompts marks a box inside the article and is
only dropped, links and all.
"""
from __future__ import annotations

import re

_HTML_TAG = re.compile(r"<\s*(?:html|head|body|p|div|br|span|a|article|section|h[1-6]|li|ul|script|meta)\b", re.I)

# Whole lines that are page chrome, never prose. Matched against a stripped line.
_FURNITURE_LINE = re.compile(
    r"""^(?:
        accessibility\ links|skip\ to\ (?:main\ )?content|breaking\ news|update[d]?:?|connect\ with\ us|published|on|
        xs|sm|md|lg|xl|advertisement|advertisements|sponsored|email|e-mail|print|share|share\ this(?::.*)?|tweet|
        facebook|twitter|google\+?|pinterest|linkedin|whatsapp|reddit|pocket|more|close|comments?|photos?|video|
        enlarge|today|tonight|menu|search|home|sections|log\ ?in|sign\ ?in|sign\ up|subscribe|newsletter|
        read\ more|watch\ this\ story|hide\ transcript(?:\ show\ transcript)?|show\ transcript|
        \d+\ pending\ comments|poster\ speaks(?:/box)?|_{2,}|-{2,}|—{2,}|[-–—_=*•·|]+
    )$""",
    re.I | re.X,
)
_FURNITURE_START = re.compile(
    r"""^(?:
        copyright\b|©|\(©|all\ rights\ reserved|please\ enable\ javascript|click\ here\b|sign\ in\ using|
        like\ this:|share\ this:|follow\ (?:us|[A-Z0-9.]+\ ?on|[A-Z0-9.]+:)|download\ (?:our|the)\ .*app|
        never\ miss\ another|join\ the\ conversation|stay\ up\ to\ date|thank\ you\ for\ registering|
        already\ (?:a\ subscriber|have\ an\ account)|need\ an\ account|welcome\ back|re-enter\ zip|get\ digital\ access|
        sign\ up\ (?:today|for)|your\ notification\ has|there\ was\ a\ problem\ saving|just\ one\ more\ thing|
        why\ are\ we\ asking|report\ an\ error|click\ here\ for\ reuse|you\ are\ the\ owner\ of\ this|
        read\ more\ top\ trending|for\ more\ neighborhood\ news|your\ email\ address\ will\ not\ be\ published|
        required\ fields\ are\ marked
    )""",
    re.I | re.X,
)
# Lines after which nothing belongs to the article any more.
_TAIL_MARKER = re.compile(
    r"""^(?:
        leave\ a\ (?:reply|comment)|previous\ (?:post|article|story)\b.*|next\ (?:post|article|story)\b.*|
        continue\ reading|no\ comments|related\ (?:articles?|stories|posts|content|coverage|news)\b.*|
        trending\ stories:?|you\ (?:may|might)\ also\ like.*|more\ (?:from|stories|on\ this)\b.*|recommended\b.*|
        most\ (?:read|popular)\b.*|read\ next\b.*|about\ the\ author|comments\ are\ closed\b.*|
        (?:\d+\ )?comments?\ ?\(?\d*\)?:?|join\ the\ discussion|popular\ (?:posts|stories)\b.*|
        sponsored\ content|from\ around\ the\ web|post\ navigation|share\ this\ article
    )$""",
    re.I | re.X,
)
# A box of links to other stories ("TRENDING STORIES:", "Related Coverage 4 hurt in ...", "RELATED ARTICLES" over
# "+ headline" items): when prose follows its label and items, the box sat inside the article, which it does not end.
_INLINE_BOX = re.compile(r"^(?:trending\ (?:stories|now)|related\ (?:articles?|stories|content|coverage))\b", re.I)
_LIST_ITEM = re.compile(r"^[-+•*·]")
_BOX_LINE = re.compile(r"^(?!.*\bcomment)(?:[-+•*·].*|.{1,80}[^.!?\"'”’)])$", re.I)
# A sentence of eight words or more, no list item.
_PROSE = re.compile(r"^(?![-+•*·])\S+(?:\s+\S+){7,}[.!?][\"'”’)]*$")
_BYLINE_STAMP = re.compile(r"^(?:published|posted|updated)(?: on)?:?$", re.I)
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)]*$")
_VIDEO_ITEM = re.compile(r"^\d{1,2}:\d\d\s+\S")  # "0:33 Mother's ashes saved": a related-video list
_WS = re.compile(r"[ \t\u00a0\u2009\u200a\u202f]+")


def looks_like_html(text: str) -> bool:
    return len(_HTML_TAG.findall(text[:20000])) >= 3


def html_to_text(html: str) -> str:
    """Main text of an HTML page via trafilatura; empty when it finds none (never raises on odd markup)."""
    try:
        import trafilatura

        extracted = trafilatura.extract(
            html, include_comments=False, include_tables=False, favor_precision=True, deduplicate=True
        )
    except (ValueError, TypeError, AttributeError, RecursionError):  # parser errors on broken markup
        extracted = None
    if extracted:
        return extracted
    # Last resort for fragments trafilatura rejects: strip tags.
    return re.sub(r"<[^>]+>", " ", re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", html))


_INLINE_JUNK = re.compile(
    r"(?:Photo:\s*[\w .'-]{0,40}?\s*)?(?:(?:Image|Photo)\s+\d+\s+of\s*/?\s*\d+\s*)+(?:Caption\s*)?(?:Close\s*)?"
    r"(?:(?:Image|Photo)\s+\d+\s+of\s*/?\s*\d+\s*)*|\bCaption\s+Close\b|\bHide\s+Caption\b",
    re.I,
)


def cut_furniture(text: str) -> str:
    """Plain text minus site furniture; paragraphs joined by blank lines."""
    text = _INLINE_JUNK.sub(" ", text)
    lines = [_WS.sub(" ", line).strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    kept: list[str] = []
    body_chars = 0
    box_end = -1
    for n, line in enumerate(lines):
        if not line or n <= box_end:
            continue
        if _INLINE_BOX.match(line):
            after = next((k for k in range(n + 1, len(lines)) if lines[k] and not _LIST_ITEM.match(lines[k])), None)
            # Besides its links a box may hold a few unpunctuated lines (a headline, "Subscribe to alerts"); a
            # comment section after it is the page's tail.
            odd = 0
            while after is not None and odd < 3 and _BOX_LINE.match(lines[after]):
                odd += 1
                after = next((k for k in range(after + 1, len(lines)) if lines[k]), None)
            if after is not None and _PROSE.match(lines[after]):
                box_end = after - 1
                continue
        # Tail markers end the body once some body exists; before that they are navigation.
        if _TAIL_MARKER.match(line):
            if body_chars >= 80:
                break
            continue
        if body_chars >= 200 and _BYLINE_STAMP.match(line):
            # A "Published" stamp after the body opens an appended story: drop its section label and headline too.
            while kept and len(kept[-1]) < 160 and not _SENTENCE_END.search(kept[-1]):
                kept.pop()
            break
        if _FURNITURE_LINE.match(line) or _FURNITURE_START.match(line) or _VIDEO_ITEM.match(line):
            continue
        if kept and kept[-1] == line:  # photo captions and headlines printed twice
            continue
        kept.append(line)
        body_chars += len(line)
    return "\n\n".join(kept)


def clean(text: str | None, html: str | None) -> str:
    """The cleaned body: HTML (given, or text that is plainly HTML) via trafilatura, plain text via the cutter."""
    if text and text.strip():
        source = html_to_text(text) if looks_like_html(text) else text
    elif html and html.strip():
        source = html_to_text(html)
    else:
        return ""
    return cut_furniture(source)
