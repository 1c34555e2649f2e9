"""Whatever arrives, the processor never raises and never applies a reply without a valid token."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.models import Comment, Decision
from core.services import inbound

tokens = st.one_of(
    st.text(alphabet="0123456789abcdef-", max_size=60),
    st.builds(lambda v, u, d, s: f"{v:x}-{u:x}-{d:x}-{s}", st.integers(1, 5), st.integers(1, 9),
              st.integers(0, 99999), st.text(alphabet="0123456789abcdef", min_size=24,
                                             max_size=24)),
)
bodies = st.one_of(
    st.binary(max_size=2000),
    st.builds(lambda body: f"From: rev@acme.test\r\nSubject: Re\r\n\r\n{body}".encode(),
              st.sampled_from(["APPROVED", "changes: darker", "nice", ""])),
)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=bodies, token=tokens)
def test_unsigned_replies_are_never_applied(gateway, raw, token):
    mail, _ = inbound.store(gateway.service.processor.core.blobs, raw, token=token,
                            sender="rev@acme.test", message_id=None)
    status = gateway.service.processor.process(mail.id)
    assert status in ("refused", "auto_reply", "quarantined")
    assert Comment.select().count() == 0 and Decision.select().count() == 0
