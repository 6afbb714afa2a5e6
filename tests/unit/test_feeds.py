"""Producer side: RSS/Atom entries to RawArticle on feeds written here (no network), and `sitrep push`'s pure parts
(duplicate skipping, input counting for the progress bar, the summary)."""
from __future__ import annotations

from datetime import datetime, timezone

import feedparser

from schemas.article import RawArticle
from streams.feeds import articles_from_feed, outlet_of, read_feed
from streams.ingest import Rejected
from streams.push import PushSummary, Skipped, dedupe, estimate_total

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Riverside Gazette</title>
  <link>https://www.riverside-gazette.test/world</link>
  <language>en-GB</language>
  <item>
    <guid isPermaLink="false">rg-1001</guid>
    <link>https://www.riverside-gazette.test/world/1001</link>
    <title>Market blast in an invented town</title>
    <pubDate>Wed, 03 Mar 2021 14:30:00 +0100</pubDate>
    <description>Teaser only.</description>
    <content:encoded><![CDATA[<p>An explosion at a market killed four people, officials said.</p><p>More text.</p>]]></content:encoded>
  </item>
  <item>
    <link>https://www.riverside-gazette.test/world/1002</link>
    <title>Second report</title>
    <description>Gunmen attacked a checkpoint, wounding two guards.</description>
  </item>
  <item>
    <guid>rg-empty</guid>
    <title>Headline with no body</title>
  </item>
  <item>
    <guid>rg-js</guid>
    <link>javascript:alert(1)</link>
    <description>A link that is not a web page.</description>
  </item>
</channel>
</rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">
  <title>Wire Test</title>
  <link rel="alternate" href="http://wire.example.net/"/>
  <id>urn:wire-test</id>
  <updated>2022-01-10T09:00:00Z</updated>
  <entry>
    <id>urn:wire-test:77</id>
    <title>Attaque</title>
    <link rel="alternate" href="http://wire.example.net/77"/>
    <updated>2022-01-10T08:15:00Z</updated>
    <content type="text">Une attaque a fait trois morts.</content>
  </entry>
</feed>"""


def _articles(xml: bytes, defaults=None):
    return articles_from_feed(feedparser.parse(xml), "test-feed", defaults)


def test_rss_entries_map_to_articles():
    first, second, empty, js = _articles(RSS)
    assert isinstance(first, RawArticle)
    assert first.id == "rg-1001" and first.url == "https://www.riverside-gazette.test/world/1001"
    assert first.title == "Market blast in an invented town"
    assert first.published_at == datetime(2021, 3, 3, 13, 30, tzinfo=timezone.utc)
    assert first.outlet == "riverside-gazette.test" and first.language == "en"
    # The full content wins over the teaser, and stays HTML for the extractor to clean.
    assert first.html and "killed four people" in first.html and first.text is None
    # No guid: the link is the id; the summary is the body.
    assert isinstance(second, RawArticle) and second.id == second.url == "https://www.riverside-gazette.test/world/1002"
    assert "wounding two guards" in (second.html or second.text or "") and second.published_at is None
    assert isinstance(empty, Rejected) and "neither text nor html" in empty.reason and "rg-empty" in empty.source
    assert isinstance(js, RawArticle) and js.url is None and js.id == "rg-js"


def test_atom_plain_text_content_and_language():
    (entry,) = _articles(ATOM)
    assert isinstance(entry, RawArticle)
    assert entry.id == "urn:wire-test:77" and entry.text == "Une attaque a fait trois morts." and entry.html is None
    assert entry.outlet == "wire.example.net" and entry.language == "fr"
    assert entry.published_at == datetime(2022, 1, 10, 8, 15, tzinfo=timezone.utc)


def test_defaults_fill_only_what_the_feed_lacks():
    (entry,) = _articles(ATOM, {"outlet": "Override", "language": "en", "published_at": None})
    assert entry.outlet == "wire.example.net" and entry.language == "fr"
    no_link = ATOM.replace(b'<link rel="alternate" href="http://wire.example.net/"/>', b"").replace(
        b'<link rel="alternate" href="http://wire.example.net/77"/>', b""
    )
    (entry,) = _articles(no_link, {"outlet": "Wire desk"})
    assert entry.outlet == "Wire desk" and entry.url is None


def test_not_a_feed_is_rejected_with_a_reason(tmp_path):
    path = tmp_path / "page.xml"
    path.write_bytes(b"this is <not a feed")
    (item,) = list(read_feed(str(path)))
    assert isinstance(item, Rejected) and item.reason.startswith("not an RSS/Atom feed")
    missing = list(read_feed(str(tmp_path / "absent.xml")))
    assert isinstance(missing[0], Rejected) and "cannot read feed" in missing[0].reason


def test_read_feed_from_a_file(tmp_path):
    path = tmp_path / "feed.rss"
    path.write_bytes(RSS)
    items = list(read_feed(str(path)))
    assert sum(isinstance(i, RawArticle) for i in items) == 3 and sum(isinstance(i, Rejected) for i in items) == 1


def test_outlet_of():
    assert outlet_of("https://www.Example.org/path") == "example.org"
    assert outlet_of("ftp://example.org/") is None and outlet_of(None) is None


def test_push_skips_exact_duplicates_but_sends_revisions():
    a = RawArticle(id="x", text="first version")
    items = list(dedupe([a, Rejected("f:2", "malformed JSON"), a, RawArticle(id="x", text="revised version")]))
    assert [type(i).__name__ for i in items] == ["RawArticle", "Rejected", "Skipped", "RawArticle"]
    summary = PushSummary(sent=2, skipped=[i for i in items if isinstance(i, Skipped)],
                          rejected=[Rejected("f:2", "malformed JSON: unexpected character")])
    text = summary.render()
    assert "sent 2" in text and "skipped 1" in text and "rejected 1" in text
    assert "rejected 1 x malformed JSON" in text and "skipped 1 x duplicate in this input" in text


def test_estimate_total_counts_records(tmp_path):
    (tmp_path / "a.jsonl").write_text('{"text": "one"}\n\n{"text": "two"}\n')
    (tmp_path / "b.txt").write_text("three")
    assert estimate_total([tmp_path / "a.jsonl", tmp_path / "b.txt"]) == 3
    assert estimate_total([tmp_path]) == 2  # a directory with a JSONL index is read through it
    (tmp_path / "c.json").write_text("[]")
    assert estimate_total([tmp_path / "c.json"]) is None
