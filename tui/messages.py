"""What workers post back to the UI thread: one small dataclass per kind of answer.

Every database call runs in a thread worker; its result travels back as one of these,
so widgets are only ever touched on the UI thread.
"""

from __future__ import annotations

from dataclasses import dataclass

from PIL.Image import Image
from textual.message import Message

from core.audit import ChainReport
from core.services.auditlog import EventView
from core.services.brands import BrandView
from core.services.catalog import ProductView
from core.services.inbound import MailView
from core.services.insights import Insights
from core.services.invoices import InvoiceView
from core.services.library import AssetDetail, Page
from core.services.orders import OrderDetail, OrderView
from core.services.people import UserView


@dataclass
class Failed(Message):
    """A service refused (ProofdeskError) or broke; shown as a notification."""

    text: str
    unexpected: bool = False


@dataclass
class Done(Message):
    """A write succeeded; the screen says so and reloads what it shows."""

    text: str


@dataclass
class BrandsLoaded(Message):
    brands: list[BrandView]


@dataclass
class ProductsLoaded(Message):
    """Products of one brand, for the library tree's seasons and products."""

    brand: str
    products: list[ProductView]


@dataclass
class AssetsLoaded(Message):
    """One page of the library table; `generation` drops pages of a superseded filter."""

    page: Page
    generation: int
    append: bool


@dataclass
class AssetLoaded(Message):
    detail: AssetDetail


@dataclass
class ImageLoaded(Message):
    """A decoded preview (or version diff), keyed by what it shows."""

    key: str
    image: Image


@dataclass
class OrdersLoaded(Message):
    orders: list[OrderView]
    invoices: list[InvoiceView]


@dataclass
class OrderLoaded(Message):
    detail: OrderDetail


@dataclass
class UsersLoaded(Message):
    users: list[UserView]


@dataclass
class MailLoaded(Message):
    mails: list[MailView]


@dataclass
class MailOpened(Message):
    mail_id: int
    reply: str
    raw: str


@dataclass
class EventsLoaded(Message):
    events: list[EventView]
    append: bool


@dataclass
class ChainChecked(Message):
    report: ChainReport


@dataclass
class MoreWanted(Message):
    """The library table is scrolled near its end and another page exists."""


@dataclass
class InsightsLoaded(Message):
    insights: Insights
