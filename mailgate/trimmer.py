"""Keep the part of an email reply that its author wrote.

Reviewers answer notification emails from every client there is, and each one appends the
message being answered in its own way: attribution lines, Outlook header blocks, '>' quotes,
signatures. We cut those off but keep quotes the author answers inline, because
"> the shadow on the left" followed by "fixed, thanks" only makes sense together.
"""

from dataclasses import dataclass

from mailgate import reply_markers as markers


def trim_reply(text: str) -> str:
    """The part a person wrote: quoted original and signatures removed, inline answers kept."""
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    reply = _Reply(lines, _code_lines(lines))
    kept = reply.without_trailing_quote(reply.scan())
    while kept and not reply.code[kept[-1]] and markers.is_junk(lines[kept[-1]]):
        kept.pop()
    return "\n".join(lines[k].rstrip() for k in kept).strip("\n")


def _code_lines(lines: list[str]) -> list[bool]:
    """Lines inside ``` fences: code is never a quote, a signature or a marker."""
    fences = [i for i, line in enumerate(lines) if markers.is_fence(line)]
    code = [False] * len(lines)
    for start, end in zip(fences[::2], fences[1::2], strict=False):
        code[start : end + 1] = [True] * (end + 1 - start)
    return code


@dataclass
class _Reply:
    lines: list[str]
    code: list[bool]

    def scan(self) -> list[int]:
        """Indexes of the lines to keep, stopping at the first signature or original message."""
        kept: list[int] = []
        i = 0
        while i < len(self.lines):
            if self.code[i] or self.blank(i):
                kept.append(i)
                i += 1
                continue
            intro_end = self.intro_end(i)
            if intro_end is not None:
                resume = self.after_intro(intro_end, written=any(not self.blank(k) for k in kept))
                if resume is None:
                    break
                i = resume
                continue
            if markers.starts_signature(self.lines[i]):
                break
            end = self.quote_end(i) if self.quote(i) else i + 1
            kept.extend(range(i, end))
            i = end
        return kept

    def after_intro(self, intro_end: int, written: bool) -> int | None:
        """Where to go on after an attribution or header block; None cuts the rest.

        Above the author's first words it introduces the original of a bottom-posted reply:
        skip it and its quote. Below them it ends the reply, unless its quote is answered
        inline, in which case only the attribution goes.
        """
        start = self.next_nonblank(intro_end)
        if start < len(self.lines) and self.quote(start):
            end = self.quote_end(start)
            if not written:
                return end
            return start if self.writes_after(end) else None
        return None if written else intro_end

    def intro_end(self, i: int) -> int | None:
        """End of the attribution, separator or header block starting at line i, if any."""
        if self.code[i]:
            return None
        if markers.is_separator(self.lines[i]):
            return i + 1
        return markers.header_block_end(self.lines, i) or self.attribution_end(i)

    def attribution_end(self, i: int) -> int | None:
        end = self._attribution_window(i)
        if end is None or any(self._attribution_window(j) == end for j in range(i + 1, end)):
            return None  # the attribution starts further down; line i is the author's
        return end

    def _attribution_window(self, i: int) -> int | None:
        first = markers.unquote(self.lines[i]).strip()
        if not first or not markers.starts_attribution(first):
            return None
        parts: list[str] = []
        stop = min(len(self.lines), i + markers.ATTRIBUTION_MAX_LINES)
        for end in range(i, stop):
            if self.code[end]:
                break
            parts.append(markers.unquote(self.lines[end]).strip())
            if markers.closes_attribution(first, " ".join(filter(None, parts))):
                return end + 1
        return i + 1 if markers.is_dated_attribution(first) else None

    def writes_after(self, i: int) -> bool:
        """Whether the author wrote more after line i (an inline answer follows a quote)."""
        j = self.next_nonblank(i)
        if j >= len(self.lines):
            return False
        if self.code[j]:
            return True
        line = self.lines[j]
        if self.quote(j) or markers.is_junk(line) or markers.starts_signature(line):
            return False
        return self.intro_end(j) is None

    def without_trailing_quote(self, kept: list[int]) -> list[int]:
        """A quote after everything the author wrote is the original, not an inline answer."""
        content = [k for k in kept if self.code[k] or not markers.is_junk(self.lines[k])]
        tail = len(content)
        while tail and self.quote(content[tail - 1]):
            tail -= 1
        if tail in (0, len(content)):
            return kept
        return [k for k in kept if k < content[tail]]

    def quote_end(self, i: int) -> int:
        """End of the quote block at line i; blank lines inside it belong to it."""
        end = j = i
        while j < len(self.lines) and (self.quote(j) or self.blank(j)):
            if self.quote(j):
                end = j + 1
            j += 1
        return end

    def next_nonblank(self, i: int) -> int:
        while i < len(self.lines) and self.blank(i):
            i += 1
        return i

    def quote(self, i: int) -> bool:
        return not self.code[i] and markers.is_quote(self.lines[i])

    def blank(self, i: int) -> bool:
        return not self.lines[i].strip()
