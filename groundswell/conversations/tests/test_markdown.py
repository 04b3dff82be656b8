"""Markdown becomes safe HTML: hostile input never yields script, handlers, dangerous links or images."""

from __future__ import annotations

import re

from django.test import SimpleTestCase

from groundswell.conversations.markdown import (
    ALLOWED_TAGS,
    Mentioned,
    excerpt,
    mention_candidates,
    render,
    sanitise,
)

# Real tags only: what the sanitiser escaped shows as &lt;...&gt; and is text.
TAG = re.compile(r"<\s*/?\s*([A-Za-z][A-Za-z0-9]*)([^>]*)>")
ATTRIBUTE = re.compile(r'([^\s=/]+)\s*=\s*"([^"]*)"')

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](java\tscript:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    "![pixel](https://tracker.example.com/p.gif)",
    '<iframe src="https://example.com"></iframe>',
    "<svg onload=alert(1)>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '[x](https://example.com "title" onmouseover="alert(1)")',
    "<details open ontoggle=alert(1)>",
    "`<script>alert(1)</script>`",
    "```html\n<script>alert(1)</script>\n```",
    "<!-- <script>alert(1)</script> -->",
    "<form action=https://evil.example><button>Go</button></form>",
    '<object data="data:text/html,<script>alert(1)</script>">',
]


class SanitiseTestCase(SimpleTestCase):
    def test_it_never_lets_hostile_markdown_through(self) -> None:
        for source in HOSTILE:
            with self.subTest(source=source):
                html = render(source).html
                for tag, attributes in TAG.findall(html):
                    self.assertIn(tag.lower(), ALLOWED_TAGS)
                    for name, value in ATTRIBUTE.findall(attributes):
                        self.assertIn(name.lower(), {"href", "title", "rel", "class", "start"})
                        if name.lower() == "href":
                            self.assertRegex(value, r"^(https?:|mailto:|/)")

    def test_it_cleans_stored_html_again_on_the_way_out(self) -> None:
        html = sanitise(
            '<p onclick="x()">hi <a href="javascript:x()">a</a><img src="https://t.example/p.gif"></p><script>x</script>'
        )
        self.assertEqual(html, '<p>hi <a rel="nofollow noopener noreferrer ugc">a</a></p>')

    def test_it_shows_raw_html_as_text(self) -> None:
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;", render("<script>alert(1)</script>").html)

    def test_it_turns_images_into_links_so_nothing_loads_from_elsewhere(self) -> None:
        html = render("![the chart](https://example.org/chart.png)").html
        self.assertNotIn("<img", html)
        self.assertIn('<a href="https://example.org/chart.png"', html)

    def test_it_keeps_ordinary_formatting_and_marks_links(self) -> None:
        html = render("**bold** *it* ~~gone~~\n\n- one\n- two\n\n> quoted\n\n[NICE](https://www.nice.org.uk/)").html
        for fragment in ["<strong>bold</strong>", "<em>it</em>", "<s>gone</s>", "<li>one</li>", "<blockquote>"]:
            self.assertIn(fragment, html)
        self.assertIn('href="https://www.nice.org.uk/" rel="nofollow noopener noreferrer ugc"', html)

    def test_it_turns_headings_into_bold_paragraphs(self) -> None:
        """A post must not break the page's heading outline."""
        html = render("# Big\n\n### Small").html
        self.assertNotRegex(html, r"<h\d")
        self.assertIn("<p><strong>Big</strong></p>", html)

    def test_it_makes_plain_excerpts(self) -> None:
        self.assertEqual(excerpt(render("**Hello** <b>world</b> & more").html, 200), "Hello <b>world</b> & more")
        self.assertTrue(excerpt(render("word " * 100).html, 30).endswith("…"))


class MentionTestCase(SimpleTestCase):
    people = {
        "mina member": Mentioned(5, "Mina Member", "/people/5/"),
        "dr tom reyes": Mentioned(6, "Dr Tom Reyes", "/people/6/"),
        "tom": Mentioned(7, "Tom", "/people/7/"),
    }

    def test_it_finds_the_names_an_at_sign_could_start(self) -> None:
        self.assertEqual(
            mention_candidates("Thanks @Mina Member! email me@example.org"),
            {"mina", "mina member"},
        )

    def test_it_links_the_longest_name_that_is_a_member(self) -> None:
        rendered = render("Over to @Dr Tom Reyes and @Tom, cc @Nobody Here", self.people)
        self.assertIn('<a href="/people/6/" class="gs-mention"', rendered.html)
        self.assertIn(">@Dr Tom Reyes</a>", rendered.html)
        self.assertIn(">@Tom</a>", rendered.html)
        self.assertIn("@Nobody Here", rendered.html)
        self.assertEqual({m.person_id for m in rendered.mentioned}, {6, 7})

    def test_it_leaves_mentions_in_code_and_links_alone(self) -> None:
        rendered = render("`@Tom` and [@Tom](https://example.org)", self.people)
        self.assertEqual(rendered.mentioned, [])
