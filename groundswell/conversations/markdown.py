"""Markdown in, safe HTML out; and @mentions of people.

People write posts in CommonMark (with tables and strikethrough). markdown-it-py renders it
with raw HTML switched off, and nh3 then keeps only a short list of tags and attributes, so
nothing a writer types can run script, carry an event handler, link to a ``javascript:`` or
``data:`` address, or load anything from elsewhere: there is no ``<img>`` at all, because an
image from another site tells that site who read the post (a tracking pixel). Markdown images
become plain links. Headings become bold paragraphs, so a post cannot break the page's
heading outline.

A mention is ``@`` followed by the person's name as their profile shows it ("@Mina Patel",
"@Dr Tom Reyes"). The writer's text is scanned for the names that could follow each ``@``;
the caller looks those up among the community's members; rendering turns each one found
into a link to the person's profile. Mentions inside code are left alone.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt
from markdown_it.token import Token

ALLOWED_TAGS = frozenset(
    {
        "a",
        "blockquote",
        "br",
        "code",
        "del",
        "em",
        "hr",
        "li",
        "ol",
        "p",
        "pre",
        "s",
        "strong",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "ul",
    }
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Links leave the site without telling the destination where they came from, and search
# engines are told that nobody here vouches for them.
LINK_REL = "nofollow noopener noreferrer ugc"

# The most words a mentioned name may have ("@Dr Mary Anne Smith-Jones").
MENTION_WORDS = 5
_MENTION_START = re.compile(r"(?<![\w@])@(?=[^\W\d_])")
_NAME_WORD = re.compile(r"[^\W\d_][\w'\u2019\-]*")


def _heading_open(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    return "<p><strong>"


def _heading_close(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    return "</strong></p>\n"


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.disable(["image"])
    md.add_render_rule("heading_open", _heading_open)
    md.add_render_rule("heading_close", _heading_close)
    return md


_MD = _parser()


@dataclass(frozen=True)
class Mentioned:
    """A person a post mentions: their id, name as written in the profile, and profile path."""

    person_id: int
    name: str
    url: str


def _names_after(text: str, at: int) -> list[str]:
    """Return the names that could follow the ``@`` at ``at``: one word, two words, ..."""
    names: list[str] = []
    position = at + 1
    words: list[str] = []
    while len(words) < MENTION_WORDS:
        match = _NAME_WORD.match(text, position)
        if match is None:
            break
        words.append(match.group())
        names.append(" ".join(words))
        position = match.end()
        # Words of one name are separated by a single space.
        if text[position : position + 1] != " ":
            break
        position += 1
    return names


def mention_candidates(body: str, *, fold: bool = True) -> set[str]:
    """Return every name that an ``@`` in the text could be mentioning (in lower case if ``fold``)."""
    found: set[str] = set()
    for match in _MENTION_START.finditer(body):
        found.update(name.casefold() if fold else name for name in _names_after(body, match.start()))
    return found


def _split_mentions(token: Token, people: Mapping[str, Mentioned], found: dict[int, Mentioned]) -> list[Token]:
    """Turn the mentions in one text token into links; return the tokens that replace it."""
    text = token.content
    out: list[Token] = []
    position = 0
    for match in _MENTION_START.finditer(text):
        if match.start() < position:
            continue
        for name in reversed(_names_after(text, match.start())):
            person = people.get(name.casefold())
            if person is None:
                continue
            end = match.start() + 1 + len(name)
            if match.start() > position:
                out.append(_text(text[position : match.start()]))
            link = Token("link_open", "a", 1, attrs={"href": person.url, "class": "gs-mention"})
            out.extend([link, _text("@" + text[match.start() + 1 : end]), Token("link_close", "a", -1)])
            found[person.person_id] = person
            position = end
            break
    if not out:
        return [token]
    if position < len(text):
        out.append(_text(text[position:]))
    return out


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token


@dataclass(frozen=True)
class Rendered:
    html: str
    mentioned: list[Mentioned]


def render(body: str, people: Mapping[str, Mentioned] | None = None) -> Rendered:
    """Render Markdown to sanitised HTML, linking mentions of ``people`` (keyed by lower-case name)."""
    tokens = _MD.parse(body)
    found: dict[int, Mentioned] = {}
    if people:
        for token in tokens:
            if token.type != "inline" or not token.children:
                continue
            children: list[Token] = []
            inside_link = 0
            for child in token.children:
                if child.type == "link_open":
                    inside_link += 1
                elif child.type == "link_close":
                    inside_link -= 1
                if child.type == "text" and not inside_link:
                    children.extend(_split_mentions(child, people, found))
                else:
                    children.append(child)
            token.children = children
    raw = _MD.renderer.render(tokens, _MD.options, {})
    return Rendered(html=sanitise(raw), mentioned=list(found.values()))


def sanitise(markup: str) -> str:
    """Keep only the tags, attributes and link schemes a post may use."""
    return nh3.clean(
        markup,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        allowed_classes={"a": {"gs-mention"}},
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    )


def safe(markup: str) -> SafeString:
    """Stored post HTML, sanitised again on the way out (it was sanitised when written), ready to show."""
    # Safe: nh3 has just removed anything not on the short list of allowed tags and attributes.
    return mark_safe(sanitise(markup))


def plain_text(markup: str) -> str:
    """Return the words of rendered HTML without any markup, for excerpts and emails."""
    return " ".join(html.unescape(nh3.clean(markup, tags=set())).split())


def excerpt(markup: str, length: int = 200) -> str:
    """Return the start of the post's words, cut at a word boundary."""
    text = plain_text(markup)
    if len(text) <= length:
        return text
    return text[:length].rsplit(" ", 1)[0] + "…"
