"""Body cleaning: furniture cut from plain text, HTML through trafilatura."""
from __future__ import annotations

from streams.extract.clean import clean

BODY = (
    "A bomb exploded outside a bakery in the old town on Monday, killing three people, officials said. "
    "The police cordoned off the street and opened an investigation into the blast."
)


def test_furniture_is_cut():
    raw = "\n".join(
        [
            "Accessibility links", "Connect with us", "Breaking News", "Bakery bombed", BODY, "Share this:",
            "Leave a Reply", "Your email address will not be published.", "Previous post Storm hits coast",
        ]
    )
    out = clean(raw, None)
    assert "Bakery bombed" in out and BODY in out
    for junk in ("Accessibility", "Connect with us", "Leave a Reply", "Previous post", "Storm hits"):
        assert junk not in out


def test_continue_reading_drops_appended_articles():
    raw = BODY + "\n\nWorld\n\nMarkets rally on trade hopes\n\nPublished\n\non\n\nShares rose sharply.\n\nContinue Reading"
    out = clean(raw, None)
    assert out.endswith("the blast.")
    assert "Markets" not in out


def test_html_goes_through_trafilatura():
    html = (
        "<html><head><title>x</title></head><body><nav><a href='/'>Home</a> <a href='/w'>World</a></nav>"
        f"<article><h1>Bakery bombed</h1><p>{BODY}</p><p>{BODY}</p></article>"
        "<footer>Copyright 2021 Example News</footer></body></html>"
    )
    out = clean(html, None)
    assert "killing three people" in out
    assert "<p>" not in out and "Copyright" not in out
    assert "killing three people" in clean(None, html)


def test_inline_box_label_before_prose_does_not_end_the_body():
    later = "Deputies said the gunman fled on foot and was arrested two hours later near the river."
    out = clean(BODY + "\n\nTRENDING STORIES:\n\n" + later, None)
    assert later in out and "TRENDING" not in out
    # A label over a list of other stories' headlines still ends the body.
    out = clean(BODY + "\n\nTrending Stories:\n\n- Storm hits coast\n\n- Markets rally on trade hopes", None)
    assert out.endswith("the blast.")
    # Links listed under the label go with it when the article resumes after them.
    raw = BODY + "\n\nRELATED ARTICLES\n\n+ Storm hits coast\n\n+ Markets rally on trade hopes\n\n" + later
    out = clean(raw, None)
    assert later in out and "Storm" not in out and "RELATED" not in out
    out = clean(BODY + "\n\nRelated Coverage Storm hits coast\n\n" + later, None)
    assert later in out and "Storm" not in out


def test_an_inline_box_may_hold_a_prompt_but_a_comment_section_ends_the_body():
    later = "Deputies said the gunman fled on foot and was arrested two hours later near the river."
    raw = BODY + "\n\nRelated Stories Storm hits coast\n\nGet the news first Sign up for\n\nBreaking Alerts\n\n" + later
    out = clean(raw, None)
    assert later in out and "Sign up" not in out
    reader = "I think the town needs more police on the streets at night and better lights on the bridge."
    raw = BODY + "\n\nRelated Stories: Storm hits coast\n\nReader Comments\n\nPosted by Sam\n\n" + reader
    assert clean(raw, None).endswith("the blast.")
