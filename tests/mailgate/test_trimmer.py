"""The trimmer keeps what a reviewer wrote and drops what their mail client added."""

from pathlib import Path

import pytest

from mailgate.trimmer import trim_reply

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpora" / "email-replies"
EXACT_REQUIRED = 60


def fold(text: str) -> str:
    return " ".join(text.split())


def keeps_all(expected: str, got: str) -> bool:
    """Every non-empty expected line is an output line, in the same order."""
    lines = [fold(line) for line in got.splitlines()]
    position = 0
    for line in filter(None, map(fold, expected.splitlines())):
        try:
            position = lines.index(line, position) + 1
        except ValueError:
            return False
    return True


def test_corpus_score(capsys: pytest.CaptureFixture[str]) -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"no corpus at {CORPUS}")
    emails = sorted((CORPUS / "emails").glob("*.txt"))
    exact, lost = [], []
    for path in emails:
        expected = (CORPUS / "trimmed" / path.name).read_text(encoding="utf-8")
        got = trim_reply(path.read_text(encoding="utf-8"))
        if fold(got) == fold(expected):
            exact.append(path.name)
        if not keeps_all(expected, got):
            lost.append(path.name)
    with capsys.disabled():
        print(
            f"\ntrimmer corpus: {len(exact)}/{len(emails)} exact, "
            f"{len(emails) - len(lost)}/{len(emails)} kept all expected text"
        )
    assert len(emails) == 64
    assert not lost, f"expected text lost in {lost}"
    assert len(exact) >= EXACT_REQUIRED, sorted({p.name for p in emails} - set(exact))


QUOTE = "> Acme has a new version to review: SKU12345 front, version 2.\n> Reply APPROVED.\n"


@pytest.mark.parametrize(
    ("attribution"),
    [
        "On Tue, Mar 5, 2024 at 10:02 AM Proofdesk <review+abc@x.example> wrote:",
        "On Tue, Mar 5, 2024 at 10:02 AM Proofdesk <\nreview+abc@x.example> wrote:",
        "On 5 Mar 2024, at 10:02, Proofdesk <review+abc@x.example> wrote:",
        "On 05/03/2024 10:02, Proofdesk wrote:",
        "On Tuesday, March 5, 2024, 10:02:00 AM GMT+1, Proofdesk <review@x.example> wrote:",
        "Am Di., 5. März 2024 um 10:02 Uhr schrieb Proofdesk <review@x.example>:",
        "Am 05.03.2024 um 10:02 schrieb Proofdesk <review@x.example>:",
        "Le mar. 5 mars 2024 à 10:02, Proofdesk <review@x.example> a écrit :",
        "El mar, 5 mar 2024 a las 10:02, Proofdesk (<review@x.example>) escribió:",
        "Em ter., 5 de mar. de 2024 às 10:02, Proofdesk <review@x.example> escreveu:",
        "Il giorno mar 5 mar 2024 alle ore 10:02 Proofdesk <review@x.example> ha scritto:",
        "Op di 5 mrt 2024 om 10:02 schreef Proofdesk <review@x.example>:",
        "Den tis 5 mars 2024 kl 10:02 skrev Proofdesk <review@x.example>:",
        "wt., 5 mar 2024 o 10:02 Proofdesk <review@x.example> napisał(a):",
        "вт, 5 мар. 2024 г. в 10:02, Proofdesk <review@x.example>:",
        "2024年3月5日(火) 10:02 Proofdesk <review@x.example>:",
        "Proofdesk <review@x.example> 于2024年3月5日周二 10:02写道：",
        "Proofdesk <review@x.example> schrieb am Di., 5. März 2024\num 10:02 Uhr:",
    ],
)
def test_attributions_in_many_clients_and_languages(attribution: str) -> None:
    text = f"Crop tighter, please.\n\n{attribution}\n\n{QUOTE}"
    assert trim_reply(text) == "Crop tighter, please."


@pytest.mark.parametrize(
    "header",
    [
        "From: Proofdesk <review@x.example>\nSent: Tuesday, March 5, 2024 10:02 AM\n"
        "To: Robin\nSubject: Review SKU12345",
        "*From:* Proofdesk\n*Sent:* Tuesday, March 5, 2024 10:02 AM\n*To:* Robin\n*Subject:* x",
        "Von: Proofdesk <review@x.example>\nGesendet: Dienstag, 5. März 2024 10:02\n"
        "An: Robin\nBetreff: Review SKU12345",
        "De : Proofdesk\nEnvoyé : mardi 5 mars 2024 10:02\nÀ : Robin\nObjet : Review",
        "De: Proofdesk\nEnviado el: martes, 5 de marzo de 2024 10:02\nPara: Robin\nAsunto: x",
        "Da: Proofdesk\nInviato: martedì 5 marzo 2024 10:02\nA: Robin\nOggetto: Review",
        "Van: Proofdesk\nVerzonden: dinsdag 5 maart 2024 10:02\nAan: Robin\nOnderwerp: x",
        "Od: Proofdesk\nWysłano: wtorek, 5 marca 2024 10:02\nDo: Robin\nTemat: x",
        "От: Proofdesk\nОтправлено: 5 марта 2024 г. 10:02\nКому: Robin\nТема: x",
        "发件人: Proofdesk\n发送时间: 2024年3月5日 10:02\n收件人: Robin\n主题: x",
        "-----Original Message-----\nFrom: Proofdesk\nSent: Tuesday\nTo: Robin",
        "-----Ursprüngliche Nachricht-----\nVon: Proofdesk",
        "________________________________\nFrom: Proofdesk",
        "---------- Forwarded message ---------\nFrom: Proofdesk",
    ],
)
def test_outlook_header_blocks_and_separators(header: str) -> None:
    reply = trim_reply(f"Background too warm.\n\n{header}\n\nAcme has a new version.\n")
    assert reply == "Background too warm."


@pytest.mark.parametrize(
    "signature",
    [
        "-- \nDana Reviewer\nBrand manager",
        "Sent from my iPhone",
        "Sent from Outlook for Android",
        "Get Outlook for iOS<https://aka.ms/o0ukef>",
        "Von meinem iPhone gesendet",
        "Envoyé de mon iPad",
        "Enviado desde mi iPhone",
        "Verzonden vanaf mijn iPhone",
        "Skickat från min iPhone",
        "從我的 iPhone 傳送",
        "iPhoneから送信",
    ],
)
def test_signatures(signature: str) -> None:
    assert trim_reply(f"Fine by me.\n\n{signature}\n\n{QUOTE}") == "Fine by me."


def test_inline_answers_keep_the_questions() -> None:
    text = (
        "See below.\n\nOn Tue, 5 Mar 2024 at 10:02, Proofdesk <r@x.example> wrote:\n"
        "> Is the crop right?\nNo, tighter.\n> Is the colour right?\nYes.\n\n"
        "> Reply APPROVED to approve.\n"
    )
    assert trim_reply(text) == (
        "See below.\n\n> Is the crop right?\nNo, tighter.\n> Is the colour right?\nYes."
    )


def test_bottom_posted_reply_drops_the_original_above_it() -> None:
    text = f"On 5 Mar 2024, at 10:02, Proofdesk <r@x.example> wrote:\n\n{QUOTE}\nApproved"
    assert trim_reply(text) == "Approved"


@pytest.mark.parametrize(
    "text",
    [
        "On 5 May we shoot the rest.\nThanks",
        "Sent with the wrong background, please redo.\n\nThanks",
        "| angle | verdict |\n|---|---|\n| front | ok |",
        "Notes\n-----\nShadow is fine.",
        "```\n> not a quote\n--\n```\nEnd.",
        "I wrote to the studio on 5 May:\nno answer yet.",
    ],
)
def test_what_people_write_is_kept(text: str) -> None:
    assert trim_reply(text) == text


def test_quote_only_reply_is_kept_for_the_caller_to_judge() -> None:
    assert trim_reply("> Reply APPROVED to approve.\n") == "> Reply APPROVED to approve."


def test_windows_line_endings_and_trailing_rules() -> None:
    assert trim_reply("\r\n\r\nOK\r\nthanks\r\n\r\n____\r\n") == "OK\nthanks"
