"""The data model (see docs/ARCHITECTURE): peewee models bound to `core.db.database`.

Only core/ imports this module; front-ends receive plain views from core services.
"""

from __future__ import annotations

import datetime as dt
import json

import peewee as pw

from .db import database

NO_DEADLINE = dt.date(9999, 12, 31)  # sorts after every real deadline, and indexes well


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class JSONField(pw.TextField):
    """JSON stored as text, portable across SQLite and PostgreSQL."""

    def db_value(self, value):
        return None if value is None else json.dumps(value, sort_keys=True, separators=(",", ":"))

    def python_value(self, value):
        return None if value is None else json.loads(value)


class BaseModel(pw.Model):
    class Meta:
        database = database
        legacy_table_names = False


class Brand(BaseModel):
    slug = pw.CharField(unique=True, max_length=64)
    name = pw.CharField()
    slack_channel = pw.CharField(null=True)
    digest_cron = pw.CharField(default="0 9 * * mon-fri")
    timezone = pw.CharField(default="UTC")
    created_at = pw.DateTimeField(default=utcnow)


class User(BaseModel):
    email = pw.CharField(unique=True)
    name = pw.CharField()
    slack_user_id = pw.CharField(null=True, unique=True)
    active = pw.BooleanField(default=True)
    notify_email = pw.BooleanField(default=True)
    notify_slack = pw.BooleanField(default=True)
    notify_digest = pw.BooleanField(default=True)
    created_at = pw.DateTimeField(default=utcnow)


class UserAddress(BaseModel):
    """Extra sender addresses a user may reply from."""

    user = pw.ForeignKeyField(User, backref="addresses", on_delete="CASCADE")
    email = pw.CharField(unique=True)


class Membership(BaseModel):
    """A role for one brand, or studio-wide when brand is null."""

    user = pw.ForeignKeyField(User, backref="memberships", on_delete="CASCADE")
    brand = pw.ForeignKeyField(Brand, null=True, backref="memberships", on_delete="CASCADE")
    role = pw.CharField(max_length=32)

    class Meta:
        indexes = ((("user", "brand", "role"), True),)


class Season(BaseModel):
    brand = pw.ForeignKeyField(Brand, backref="seasons")
    name = pw.CharField()

    class Meta:
        indexes = ((("brand", "name"), True),)


class Collection(BaseModel):
    brand = pw.ForeignKeyField(Brand, backref="collections")
    name = pw.CharField()

    class Meta:
        indexes = ((("brand", "name"), True),)


class Product(BaseModel):
    brand = pw.ForeignKeyField(Brand, backref="products")
    sku = pw.CharField(max_length=64)
    name = pw.CharField()
    collection = pw.ForeignKeyField(Collection, null=True, backref="products")
    season = pw.ForeignKeyField(Season, null=True, backref="products")
    created_at = pw.DateTimeField(default=utcnow)

    class Meta:
        indexes = (
            (("brand", "sku"), True),
            (("sku",), False),
            (("season", "sku"), False),
        )


class Order(BaseModel):
    brand = pw.ForeignKeyField(Brand, backref="orders")
    title = pw.CharField()
    status = pw.CharField(default="open", max_length=32)
    brief = JSONField(default=dict)
    notes = pw.TextField(default="")
    guidelines = pw.TextField(default="")
    deadline = pw.DateField(null=True)
    created_by = pw.ForeignKeyField(User, null=True)
    created_at = pw.DateTimeField(default=utcnow)
    origin = JSONField(default=dict)  # how a brand submitted it: via, address or Slack user

    class Meta:
        indexes = ((("brand", "status", "deadline"), False),)


class OrderLine(BaseModel):
    """One cell row of the brief: a product and an angle, delivered to some channels."""

    order = pw.ForeignKeyField(Order, backref="lines", on_delete="CASCADE")
    product = pw.ForeignKeyField(Product, backref="order_lines")
    angle = pw.CharField(max_length=32)
    channels = pw.CharField()  # comma-separated channel names
    notes = pw.TextField(default="")

    class Meta:
        indexes = ((("order", "product", "angle"), True),)


class Invoice(BaseModel):
    order = pw.ForeignKeyField(Order, backref="invoices")
    number = pw.CharField(unique=True)
    amount_minor = pw.BigIntegerField()
    currency = pw.CharField(max_length=3)
    status = pw.CharField(default="issued", max_length=16)
    issued_on = pw.DateField(default=dt.date.today)
    paid_on = pw.DateField(null=True)


class Asset(BaseModel):
    """One picture of one product from one angle in one period; it has versions."""

    brand = pw.ForeignKeyField(Brand, backref="assets")
    product = pw.ForeignKeyField(Product, backref="assets")
    order_line = pw.ForeignKeyField(OrderLine, null=True, backref="assets")
    angle = pw.CharField(max_length=32)
    period = pw.CharField(max_length=7)  # YYYY-MM
    state = pw.CharField(default="active", max_length=16)  # active | archived
    current_version_id = pw.IntegerField(null=True)
    current_number = pw.IntegerField(default=0)
    status = pw.CharField(default="in_review", max_length=24)  # of the current version
    verdict = pw.CharField(default="pass", max_length=16)  # worst compliance of its renditions
    due = pw.DateField(default=NO_DEADLINE)  # the order's deadline, copied for the pending list
    waiting_since = pw.DateTimeField(default=utcnow)
    updated_at = pw.DateTimeField(default=utcnow)

    class Meta:
        indexes = (
            (("product", "angle", "period"), True),
            (("brand", "status", "due", "waiting_since"), False),
            (("order_line",), False),
        )


class AssetVersion(BaseModel):
    asset = pw.ForeignKeyField(Asset, backref="versions")
    number = pw.IntegerField()
    master_sha256 = pw.CharField(max_length=64)
    master_ext = pw.CharField(max_length=8)
    original_name = pw.CharField()
    size_bytes = pw.BigIntegerField()
    width = pw.IntegerField()
    height = pw.IntegerField()
    phash = pw.CharField(max_length=16, null=True)
    uploaded_by = pw.ForeignKeyField(User, null=True)
    uploaded_at = pw.DateTimeField(default=utcnow)
    status = pw.CharField(default="in_review", max_length=24)

    class Meta:
        indexes = ((("asset", "number"), True), (("master_sha256",), False))


class Rendition(BaseModel):
    """A channel output (or the preview/thumbnail) derived from one version's master."""

    version = pw.ForeignKeyField(AssetVersion, backref="renditions", on_delete="CASCADE")
    channel = pw.CharField(max_length=32)
    sha256 = pw.CharField(max_length=64)
    ext = pw.CharField(max_length=8)
    width = pw.IntegerField()
    height = pw.IntegerField()
    size_bytes = pw.IntegerField()
    file_name = pw.CharField()
    verdict = pw.CharField(default="pass", max_length=16)  # pass | advisory | fail
    checks = JSONField(default=list)

    class Meta:
        indexes = ((("version", "channel"), True),)


class Comment(BaseModel):
    asset = pw.ForeignKeyField(Asset, backref="comments")
    version = pw.ForeignKeyField(AssetVersion, null=True, backref="comments")
    author = pw.ForeignKeyField(User, null=True)
    author_label = pw.CharField(default="")
    verified = pw.BooleanField(default=True)
    body = pw.TextField()
    source = pw.CharField(max_length=16)  # slack | email | tui | cli
    external_id = pw.CharField(null=True)
    parent = pw.ForeignKeyField("self", null=True, backref="replies")
    created_at = pw.DateTimeField(default=utcnow)
    edited_at = pw.DateTimeField(null=True)
    deleted_at = pw.DateTimeField(null=True)

    class Meta:
        indexes = ((("source", "external_id"), True), (("asset", "created_at"), False))


class CommentAttachment(BaseModel):
    comment = pw.ForeignKeyField(Comment, backref="attachments", on_delete="CASCADE")
    sha256 = pw.CharField(max_length=64)
    filename = pw.CharField()
    content_type = pw.CharField()
    size_bytes = pw.IntegerField()


class Decision(BaseModel):
    """Bound to exactly one version; the unique index makes a second decision impossible."""

    version = pw.ForeignKeyField(AssetVersion, backref="decisions", unique=True)
    user = pw.ForeignKeyField(User)
    verdict = pw.CharField(max_length=24)  # approved | changes_requested
    reason = pw.TextField(default="")
    source = pw.CharField(max_length=16)
    at = pw.DateTimeField(default=utcnow)


class AuditEvent(BaseModel):
    """Append-only and hash-chained: `hash` covers the row and the previous row's hash."""

    at = pw.DateTimeField(default=utcnow)
    actor = pw.CharField()
    action = pw.CharField(max_length=64)
    brand_id = pw.IntegerField(null=True, index=True)
    subject = pw.CharField(default="")
    data = JSONField(default=dict)
    prev_hash = pw.CharField(max_length=64)
    hash = pw.CharField(max_length=64, unique=True)


class OutboxMessage(BaseModel):
    kind = pw.CharField(max_length=64)
    payload = JSONField(default=dict)
    idempotency_key = pw.CharField(unique=True)
    ordering_key = pw.CharField(default="", max_length=64)
    created_at = pw.DateTimeField(default=utcnow)
    attempts = pw.IntegerField(default=0)
    next_attempt_at = pw.DateTimeField(default=utcnow)
    lease_owner = pw.CharField(null=True)
    lease_until = pw.DateTimeField(null=True)
    delivered_at = pw.DateTimeField(null=True)
    failed_at = pw.DateTimeField(null=True)
    last_error = pw.TextField(null=True)

    class Meta:
        indexes = (
            (("delivered_at", "failed_at", "next_attempt_at"), False),
            (("ordering_key", "id"), False),
        )


class Download(BaseModel):
    """Who took which rendition (or master) for which channel, and how: usage, not guesses."""

    user = pw.ForeignKeyField(User, null=True)
    actor = pw.CharField()
    brand_id = pw.IntegerField()
    asset_id = pw.IntegerField()
    version_id = pw.IntegerField()
    channel = pw.CharField(max_length=32)
    via = pw.CharField(max_length=16)  # export | tui | slack | cli
    at = pw.DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("brand_id", "channel", "at"), False), (("version_id",), False))


class SlackPost(BaseModel):
    asset = pw.ForeignKeyField(Asset, unique=True, backref="slack_posts")
    channel = pw.CharField()
    ts = pw.CharField()


class InboundMail(BaseModel):
    message_id = pw.CharField(null=True)
    dedupe_key = pw.CharField(unique=True)
    token = pw.CharField(default="")
    sender = pw.CharField(default="")
    raw_sha256 = pw.CharField(max_length=64)
    status = pw.CharField(default="accepted", max_length=16)
    reason = pw.TextField(default="")
    released = pw.BooleanField(default=False)  # an admin vouched for a quarantined message
    received_at = pw.DateTimeField(default=utcnow)
    processed_at = pw.DateTimeField(null=True)

    class Meta:
        indexes = ((("status", "received_at"), False),)


class DigestRun(BaseModel):
    kind = pw.CharField(max_length=32)
    recipient = pw.CharField()
    period_key = pw.CharField(max_length=32)
    created_at = pw.DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("kind", "recipient", "period_key"), True),)


class SchemaVersion(BaseModel):
    version = pw.IntegerField()
    applied_at = pw.DateTimeField(default=utcnow)


ALL_MODELS = (
    Brand, User, UserAddress, Membership, Season, Collection, Product, Order, OrderLine,
    Invoice, Asset, AssetVersion, Rendition, Comment, CommentAttachment, Decision,
    AuditEvent, OutboxMessage, Download, SlackPost, InboundMail, DigestRun, SchemaVersion,
)
