"""Typed settings, read from the environment and `.env` (see `.env.example`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from .engine.store import Retention

PACKAGE_ROOT = Path(__file__).resolve().parent


def _project_root() -> Path:
    """The checkout this package runs from; for an installed copy (site-packages), the working
    directory, so `factdesk` run in a checkout or an app directory finds its knowledge/."""
    checkout = PACKAGE_ROOT.parent
    return checkout if (checkout / "knowledge").is_dir() else Path.cwd()


DEFAULT_KNOWLEDGE_DIR = _project_root() / "knowledge"
DEFAULT_DATA_DIR = _project_root() / "data"

IdList = Annotated[list[int], NoDecode]


def _parse_ids(value: object) -> object:
    """`ANSWER_CHANNEL_IDS=1,2 3` -> [1, 2, 3]; a list passes through."""
    if isinstance(value, str):
        parts = value.replace(",", " ").split()
        return [int(p) for p in parts]
    if isinstance(value, int):
        return [value]
    return value


class KnowledgeSettings(BaseSettings):
    """Where the fact base is: KNOWLEDGE_DIR from the environment or `.env` (`~` expanded), else
    the bundled knowledge/. The one place it is resolved: the offline commands read only this
    (`bot.cli.knowledge_dir`), `run` reads it as part of `Settings`."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore", env_ignore_empty=True)

    knowledge_dir: Path = DEFAULT_KNOWLEDGE_DIR

    @field_validator("knowledge_dir")
    @classmethod
    def _expand_home(cls, value: Path) -> Path:
        return value.expanduser()


class Settings(KnowledgeSettings):
    """Every setting FactDesk reads. Secrets have no default."""

    discord_token: SecretStr | None = Field(default=None, description="Bot token; required for `run`.")
    dev_guild_id: int | None = Field(default=None, description="Sync commands to this guild only.")
    answer_channel_ids: IdList = Field(default_factory=list)
    data_dir: Path = DEFAULT_DATA_DIR
    log_level: str = "INFO"
    discord_api_base: str | None = None
    discord_gateway_url: str | None = None
    cooldown_rate: int = Field(default=5, ge=1)
    cooldown_per_seconds: float = Field(default=10.0, gt=0)
    moderator_role_ids: IdList = Field(default_factory=list)
    moderation_guild_ids: IdList = Field(default_factory=list)
    missed_questions_channel_id: int | None = None
    missed_posts_per_minute: int = Field(
        default=3, ge=1, description="Missed questions posted one by one a minute; the rest in one digest a minute."
    )
    kb_git_commit: bool = False
    kb_git_timeout_seconds: float = Field(
        default=30.0, gt=0, description="A git commit (hooks included) running longer is stopped."
    )
    database_url: SecretStr | None = Field(
        default=None,
        description="PostgreSQL (postgresql://user:password@host/db) shared by every process; "
        "unset: SQLite in DATA_DIR. Needs `pip install factdesk[postgres]`.",
    )
    feedback_retention_days: int = Field(default=90, ge=1)
    feedback_max_rows: int = Field(default=50_000, ge=100)
    missed_retention_days: int = Field(default=90, ge=1)
    missed_max_rows: int = Field(default=50_000, ge=100)
    followup_seconds: float = Field(
        default=600.0, ge=0, description="How long a reader's last answer is context for a follow-up (0: never)."
    )
    shard_count: int | None = Field(default=None, ge=1, description="Total shards across all processes.")
    shard_ids: IdList = Field(default_factory=list, description="The shards this process runs (needs SHARD_COUNT).")

    @model_validator(mode="after")
    def _shards(self) -> Settings:
        if self.shard_ids and self.shard_count is None:
            raise ValueError("SHARD_IDS needs SHARD_COUNT (the total number of shards)")
        if self.shard_count is not None and any(i >= self.shard_count for i in self.shard_ids):
            raise ValueError("every id in SHARD_IDS must be below SHARD_COUNT")
        return self

    @field_validator("answer_channel_ids", "moderator_role_ids", "moderation_guild_ids", "shard_ids", mode="before")
    @classmethod
    def _ids(cls, value: object) -> object:
        return _parse_ids(value)

    @field_validator("log_level")
    @classmethod
    def _level(cls, value: str) -> str:
        value = value.upper()
        if value not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL")
        return value

    @property
    def retention(self) -> Retention:
        return Retention(
            feedback_days=self.feedback_retention_days,
            feedback_rows=self.feedback_max_rows,
            missed_days=self.missed_retention_days,
            missed_rows=self.missed_max_rows,
        )

    @property
    def moderation_guilds(self) -> set[int]:
        if self.moderation_guild_ids:
            return set(self.moderation_guild_ids)
        return {self.dev_guild_id} if self.dev_guild_id else set()
