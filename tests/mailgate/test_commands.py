"""Only an unmistakable first line approves or requests changes; the rest is a comment."""

import pytest

from mailgate.commands import DEFAULT_APPROVE_WORDS, ReplyCommand, parse_command


@pytest.mark.parametrize(
    "reply",
    [
        "approved",
        "Approved.",
        "APPROVED!",
        "*Approved*",
        "  lgtm  ",
        "OK to publish",
        "Freigegeben!",
        "approuve",
        "Approuvé.",
        "godkänd",
        "Одобрено",
        "批准。",
        "\n\napproved\n",
        "> Reply APPROVED to approve this version.\napproved",
    ],
)
def test_approval_words(reply: str) -> None:
    assert parse_command(reply) == ReplyCommand("approve", "")


def test_text_after_an_approval_is_kept_as_its_note() -> None:
    assert parse_command("Approved\n\nGreat work, thanks!") == ReplyCommand(
        "approve", "Great work, thanks!"
    )


@pytest.mark.parametrize(
    "reply",
    [
        "not approved",
        "approved?",
        "approved but the shadow is too dark",
        "Approved, but crop tighter",
        "I have approved the other one",
        "looks approved to me",
        "ok",
        "> approved",
        "",
        "changes:",
    ],
)
def test_ambiguous_replies_are_comments(reply: str) -> None:
    assert parse_command(reply) is None


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        ("changes: crop tighter", "crop tighter"),
        ("Changes: crop tighter\nand warmer", "crop tighter\nand warmer"),
        ("CHANGES:\n- crop tighter\n- warmer", "- crop tighter\n- warmer"),
    ],
)
def test_changes_requests(reply: str, reason: str) -> None:
    assert parse_command(reply) == ReplyCommand("request_changes", reason)


def test_configured_words_replace_the_defaults() -> None:
    assert parse_command("ship it", approve_words=["Ship it"]) == ReplyCommand("approve", "")
    assert parse_command("approved", approve_words=["ship it"]) is None


def test_default_words_are_multilingual() -> None:
    assert {"approved", "lgtm", "freigegeben", "goedgekeurd", "aprobado", "批准"} <= set(
        DEFAULT_APPROVE_WORDS
    )
