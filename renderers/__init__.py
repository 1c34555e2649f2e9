"""Image renderers: master bytes in, channel renditions, previews and measurements out.

Pure functions over Pillow; channel specs come in as values. No database, no configuration.
"""

from renderers.contact_sheet import contact_sheet
from renderers.diff import version_diff
from renderers.errors import ImageRejected
from renderers.phash import phash_distance
from renderers.pipeline import Check, Output, RenderResult, probe, render_master
from renderers.specs import ChannelSpec, Rule, load_channel_specs

__all__ = [
    "ChannelSpec",
    "Check",
    "ImageRejected",
    "Output",
    "RenderResult",
    "Rule",
    "contact_sheet",
    "load_channel_specs",
    "phash_distance",
    "probe",
    "render_master",
    "version_diff",
]
