"""Readable text from an HTML-only reply, shaped so the trimmer can read it.

Quoted originals (Gmail's `gmail_quote`, Apple's `type=cite`, Yahoo's) are all blockquotes, so
they come out as '>' lines rather than being dropped: the trimmer then treats HTML and plain
text alike, and keeps a quote the reviewer answers inline. Signature blocks get the '-- '
delimiter the plain-text part would have had.
"""

import re
from html.parser import HTMLParser

_BLOCKS = frozenset(
    "address article aside center dd div dl dt fieldset figure footer form h1 h2 h3 h4 h5 h6"
    " header hr li ol p pre section table tbody thead tr ul".split()
)
_HIDDEN = frozenset({"script", "style", "title", "template"})
_SIGNATURE_CLASSES = frozenset({"gmail_signature", "moz-signature"})
_SPACES = re.compile(r"\s+")
_BLANK_RUNS = re.compile(r"\n{3,}")


def html_to_text(html: str) -> str:
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    return parser.text()


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._lines: list[str] = []
        self._line = ""
        self._depth = 0  # blockquote nesting
        self._hidden = 0
        self._pre = 0

    def text(self) -> str:
        self._end_line()
        return _BLANK_RUNS.sub("\n\n", "\n".join(self._lines)).strip("\n")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self._hidden += 1
        elif tag == "br":
            self._end_line(force=True)
        elif tag == "blockquote":
            self._end_line()
            self._depth += 1
        elif tag in _BLOCKS:
            self._end_line()
            self._pre += tag == "pre"
            if tag == "li":
                self._line = "- "
        if _is_signature(dict(attrs)):
            self._end_line()
            self._lines.append(self._prefix() + "-- ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif tag == "blockquote":
            self._end_line()
            self._depth = max(0, self._depth - 1)
        elif tag in _BLOCKS:
            self._end_line()
            if tag == "pre":
                self._pre = max(0, self._pre - 1)
            if tag == "p":
                self._lines.append(self._prefix().rstrip())
        elif tag == "td":
            self._line += " "

    def handle_data(self, data: str) -> None:
        if self._hidden:
            return
        if self._pre:
            first, *rest = data.split("\n")
            self._line += first
            for part in rest:
                self._end_line(force=True)
                self._line = part
            return
        text = _SPACES.sub(" ", data)
        self._line += text.lstrip() if not self._line.strip() else text

    def _end_line(self, force: bool = False) -> None:
        line = self._line if self._pre else self._line.strip()
        if line or force:
            self._lines.append(self._prefix() + line)
        self._line = ""

    def _prefix(self) -> str:
        return "> " * self._depth


def _is_signature(attrs: dict[str, str | None]) -> bool:
    classes = set((attrs.get("class") or "").split())
    return bool(classes & _SIGNATURE_CLASSES) or attrs.get("id") == "Signature"
