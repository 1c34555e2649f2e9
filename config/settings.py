"""Settings: config/defaults.toml, then proofdesk.toml (or $PROOFDESK_CONFIG), then environment."""

from __future__ import annotations

import os
import secrets
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from core.errors import InvalidInput

CONFIG_DIR = Path(__file__).resolve().parent
ENV_ALIASES = {  # settings read from the names Slack's own tools use
    "slack_bot_token": "SLACK_BOT_TOKEN",
    "slack_signing_secret": "SLACK_SIGNING_SECRET",
    "slack_app_token": "SLACK_APP_TOKEN",
}


@dataclass(frozen=True)
class Settings:
    values: dict

    def __getitem__(self, key: str):
        return self.values[key]

    def get(self, key: str, default=None):
        return self.values.get(key, default) or default

    @property
    def home(self) -> Path:
        return Path(self.values["home"]).expanduser().resolve()

    @property
    def database_url(self) -> str:
        return self.values["database_url"] or f"sqlite:///{self.home / 'proofdesk.db'}"

    @property
    def channels_file(self) -> Path:
        return Path(self.values.get("channels_file") or CONFIG_DIR / "channels.toml")


def _read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise InvalidInput(f"cannot read settings {path}: {err}") from None


def _coerce(raw: str, default: object) -> object:
    if isinstance(default, bool):
        return raw.lower() in ("1", "true", "yes", "on")
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, list):
        return [part.strip() for part in raw.split(",") if part.strip()]
    return raw


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    env = os.environ if env is None else env
    values = _read_toml(CONFIG_DIR / "defaults.toml")
    for key in ENV_ALIASES:
        values.setdefault(key, "")
    config = Path(env.get("PROOFDESK_CONFIG", "proofdesk.toml"))
    if config.exists() or "PROOFDESK_CONFIG" in env:
        values.update(_read_toml(config))
    for key, default in list(values.items()):
        name = ENV_ALIASES.get(key, f"PROOFDESK_{key.upper()}")
        if name in env:
            values[key] = _coerce(env[name], default)
    return Settings(values)


def secret_key(settings: Settings) -> str:
    """The configured key, or one generated on first use and kept in HOME/secret.key (0600)."""
    if settings["secret_key"]:
        return settings["secret_key"]
    path = settings.home / "secret.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text().strip()
