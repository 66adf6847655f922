"""Validate REST request bodies against Discord's official OpenAPI description.

Discord publishes its REST API as an OpenAPI 3.1 document (repository
``discord/discord-api-spec``). OpenAPI 3.1 schemas are JSON Schema Draft
2020-12, so every request body the bot sends can be checked with
``jsonschema`` the way Discord's own validation would reject it (an embed
title over 256 characters, more than 25 choices, a command description over
100 characters, ...).

Public API:

``load_spec(path) -> SpecValidator``
    Parse the document once per process (it is about 1 MB) and return a
    cached validator for it.
``SpecValidator.find_operation(method, path) -> Operation | None``
    Match a concrete request path (the part after ``/api/v10``) against the
    document's path templates, e.g. ``/channels/123/messages`` against
    ``/channels/{channel_id}/messages``. Literal segments beat parameters, so
    ``/messages/@original`` is not mistaken for ``/messages/{message_id}``.
``SpecValidator.validate(method, path, body) -> list[str]``
    Validate ``body`` against the operation's ``requestBody`` schema and
    return human readable violations (empty when the body is valid). Returns
    an empty list for operations without a JSON request body.
``template_regex(template) -> (pattern, literal_segment_count)``
    Compile an OpenAPI-style path template (``/a/{b}/c``) to a regex with
    one named group per parameter (the fake reuses it for its own routes).
``discord_rule_violations(method, path, body) -> list[str]``
    Limits Discord enforces that the schema cannot express (the 6000
    character total across all embeds of one message).

One deliberate deviation from the document: snowflakes may be integers
(see ``_accept_integer_snowflakes``).

Validators are compiled lazily per operation and cached, because compiling
the whole document up front would cost seconds for the handful of routes a
bot actually uses.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

# The document has no $id; it is registered under this fixed URI so that
# "#/components/schemas/..." references resolve against the whole document.
SPEC_URI = "urn:discord:openapi"

# Discord counts these embed parts towards one 6000 character budget per
# message (https://discord.com/developers/docs/resources/message, "Embed
# Limits"); JSON Schema has no way to sum string lengths across fields.
EMBED_TOTAL_LIMIT = 6000

_MAX_MESSAGE_CHARS = 400  # keeps violations readable when a value is huge

_cache: dict[Path, SpecValidator] = {}
_cache_lock = threading.Lock()


def load_spec(path: str | Path) -> SpecValidator:
    """Return the process-wide validator for the OpenAPI file at ``path``."""
    resolved = Path(path).resolve()
    with _cache_lock:
        validator = _cache.get(resolved)
        if validator is None:
            with resolved.open(encoding="utf-8") as fh:
                document = json.load(fh)
            validator = SpecValidator(document)
            _cache[resolved] = validator
        return validator


@dataclass
class Operation:
    """One OpenAPI operation (method + path template) of the document."""

    method: str
    template: str
    pattern: re.Pattern[str]
    literal_segments: int
    pointer: str  # JSON pointer of the operation object inside the document
    operation: dict[str, Any]
    _validator: Draft202012Validator | None = field(default=None, repr=False)
    _has_body: bool | None = field(default=None, repr=False)


def _accept_integer_snowflakes(document: dict[str, Any]) -> None:
    """Let ``SnowflakeType`` be a JSON integer as well as a decimal string.

    The document types snowflakes as strings only, but Discord accepts
    integers, and discord.py sends them (``message_reference.message_id``,
    ``allowed_mentions.users``, ...). Without this every reply would be a
    false violation. All snowflakes in the document use this one schema.
    """
    schemas = document.get("components", {}).get("schemas", {})
    string_form = schemas.get("SnowflakeType")
    if string_form is not None:
        schemas["SnowflakeType"] = {
            "anyOf": [string_form, {"type": "integer", "minimum": 0}],
        }


def _escape_pointer(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def template_regex(template: str) -> tuple[re.Pattern[str], int]:
    parts = []
    literal = 0
    for segment in template.strip("/").split("/"):
        if segment.startswith("{") and segment.endswith("}"):
            parts.append(f"(?P<{segment[1:-1]}>[^/]+)")
        else:
            parts.append(re.escape(segment))
            literal += 1
    return re.compile("^/" + "/".join(parts) + "$"), literal


class SpecValidator:
    """Request-body validation for one parsed OpenAPI document."""

    def __init__(self, document: dict[str, Any]) -> None:
        _accept_integer_snowflakes(document)
        self.document = document
        resource = Resource.from_contents(document, default_specification=DRAFT202012)
        self.registry: Registry = Registry().with_resource(SPEC_URI, resource)
        self._lock = threading.Lock()
        self._operations: dict[tuple[str, int], list[Operation]] = {}
        for template, path_item in document.get("paths", {}).items():
            pattern, literal = template_regex(template)
            depth = template.strip("/").count("/") + 1
            for method, operation in path_item.items():
                if method in ("parameters", "summary", "description", "servers"):
                    continue
                op = Operation(
                    method=method.upper(),
                    template=template,
                    pattern=pattern,
                    literal_segments=literal,
                    pointer=f"/paths/{_escape_pointer(template)}/{method}",
                    operation=operation,
                )
                self._operations.setdefault((op.method, depth), []).append(op)
        # Most specific template first: literal segments beat parameters.
        for ops in self._operations.values():
            ops.sort(key=lambda op: -op.literal_segments)

    def find_operation(self, method: str, path: str) -> Operation | None:
        path = "/" + path.strip("/")
        depth = path.strip("/").count("/") + 1
        for op in self._operations.get((method.upper(), depth), []):
            if op.pattern.match(path):
                return op
        return None

    def _validator_for(self, op: Operation) -> Draft202012Validator | None:
        with self._lock:
            if op._has_body is None:
                content = (op.operation.get("requestBody") or {}).get("content") or {}
                # The multipart schema is the JSON schema plus binary
                # "files[n]" parts; payload_json is validated against the
                # JSON one, falling back to multipart for upload-only routes.
                for media in ("application/json", "multipart/form-data"):
                    if "schema" in content.get(media, {}):
                        ref = f"{SPEC_URI}#{op.pointer}/requestBody/content/{_escape_pointer(media)}/schema"
                        op._validator = Draft202012Validator({"$ref": ref}, registry=self.registry)
                        break
                op._has_body = op._validator is not None
            return op._validator

    def validate(self, method: str, path: str, body: Any) -> list[str]:
        """Return the violations of ``body`` for ``method path`` (may be empty).

        Raises ``LookupError`` if the document has no such operation, so that
        a route the fake serves but Discord does not is noticed.
        """
        op = self.find_operation(method, path)
        if op is None:
            raise LookupError(f"no operation {method} {path} in the OpenAPI document")
        validator = self._validator_for(op)
        if validator is None:
            return []
        errors = list(validator.iter_errors(body))
        return [_describe(error) for error in errors]


def _deepest(error: ValidationError) -> ValidationError:
    """Pick the most informative error below an anyOf/oneOf.

    Discord unions (e.g. the interaction callback body, one branch per
    callback type) fail in every branch; the branch that got furthest into
    the instance is the one the body was meant to match.
    """
    best = error
    for sub in error.context or ():
        candidate = _deepest(sub)
        if len(candidate.absolute_path) > len(best.absolute_path):
            best = candidate
    return best


_LIMIT_WORDING = {
    "maxLength": ("characters", "at most"),
    "minLength": ("characters", "at least"),
    "maxItems": ("items", "at most"),
    "minItems": ("items", "at least"),
}


def _describe(error: ValidationError) -> str:
    error = _deepest(error)
    location = "$" + "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in error.absolute_path)
    wording = _LIMIT_WORDING.get(str(error.validator))
    if wording is not None and isinstance(error.instance, str | list):
        # The default message repeats the whole (possibly huge) value.
        unit, bound = wording
        message = f"{len(error.instance)} {unit}, Discord allows {bound} {error.validator_value}"
    else:
        message = error.message
    if len(message) > _MAX_MESSAGE_CHARS:
        message = message[: _MAX_MESSAGE_CHARS - 3] + "..."
    return f"{location}: {message}"


def _embeds_of(body: Any) -> list[Any]:
    if not isinstance(body, dict):
        return []
    # Interaction callbacks wrap the message in "data".
    if isinstance(body.get("data"), dict) and "type" in body:
        body = body["data"]
    embeds = body.get("embeds")
    return embeds if isinstance(embeds, list) else []


def _embed_chars(embed: Any) -> int:
    if not isinstance(embed, dict):
        return 0

    def text(value: Any) -> int:
        return len(value) if isinstance(value, str) else 0

    total = text(embed.get("title")) + text(embed.get("description"))
    for part, key in (("footer", "text"), ("author", "name")):
        if isinstance(embed.get(part), dict):
            total += text(embed[part].get(key))
    for fld in embed.get("fields") or []:
        if isinstance(fld, dict):
            total += text(fld.get("name")) + text(fld.get("value"))
    return total


def discord_rule_violations(method: str, path: str, body: Any) -> list[str]:
    """Limits Discord enforces beyond the schema (see module docstring)."""
    total = sum(_embed_chars(embed) for embed in _embeds_of(body))
    if total > EMBED_TOTAL_LIMIT:
        return [f"$.embeds: {total} characters in total, Discord allows {EMBED_TOTAL_LIMIT}"]
    return []
