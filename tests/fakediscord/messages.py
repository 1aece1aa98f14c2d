"""Creating, editing and deleting messages like Discord does (validation + gateway events)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from tests.fakediscord import payloads
from tests.fakediscord.http_utils import ApiError, form_error
from tests.fakediscord.state import StoredMessage, iso_now

if TYPE_CHECKING:
    from tests.fakediscord.server import FakeDiscord

log = logging.getLogger(__name__)

EPHEMERAL = 1 << 6
LOADING = 1 << 7
EMBED_LIMITS = {"title": 256, "description": 4096}


def validate_message_body(body: dict[str, Any], files: list[dict[str, Any]], *, edit: bool) -> None:
    """Reject bodies Discord would reject (empty, too long, too many or oversized embeds)."""
    content = body.get("content") or ""
    if len(content) > 2000:
        raise form_error("content", "BASE_TYPE_MAX_LENGTH", "Must be 2000 or fewer in length.")
    embeds = body.get("embeds") or []
    if len(embeds) > 10:
        raise form_error("embeds", "BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length.")
    total = 0
    for i, embed in enumerate(embeds):
        for key, limit in EMBED_LIMITS.items():
            if len(embed.get(key) or "") > limit:
                raise form_error(f"embeds.{i}.{key}", "BASE_TYPE_MAX_LENGTH", f"Max {limit}.")
        fields = embed.get("fields") or []
        if len(fields) > 25:
            raise form_error(f"embeds.{i}.fields", "BASE_TYPE_MAX_LENGTH", "Max 25 fields.")
        for j, fld in enumerate(fields):
            if len(fld.get("name") or "") > 256 or len(fld.get("value") or "") > 1024:
                raise form_error(f"embeds.{i}.fields.{j}", "BASE_TYPE_MAX_LENGTH", "Too long.")
        total += len(embed.get("title") or "") + len(embed.get("description") or "")
        total += sum(len(f.get("name") or "") + len(f.get("value") or "") for f in fields)
        total += len((embed.get("footer") or {}).get("text") or "")
        total += len((embed.get("author") or {}).get("name") or "")
    if total > 6000:
        raise form_error("embeds", "MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size.")
    keys = ("content", "embeds", "components", "sticker_ids", "poll")
    if not edit and not files and not any(body.get(k) for k in keys):
        raise ApiError(400, 50006, "Cannot send an empty message")


class MessageService:
    """Shared message logic for channel messages, interaction responses and followups."""

    def __init__(self, fake: FakeDiscord) -> None:
        """Bind to a FakeDiscord."""
        self.fake = fake
        self.world = fake.world

    def _attachments(self, files: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Attachment payloads for uploaded files."""
        result = []
        for f in files:
            att_id = self.world.ids.next()
            url = f"{self.fake.base_url}/attachments/{att_id}/{f['filename']}"
            result.append(
                {
                    "id": str(att_id),
                    "filename": f["filename"],
                    "size": f["size"],
                    "url": url,
                    "proxy_url": url,
                    "content_type": f.get("content_type"),
                }
            )
        return result

    def build(
        self,
        channel_id: int,
        author_id: int,
        body: dict[str, Any],
        files: list[dict[str, Any]] | None = None,
        **extra: Any,
    ) -> dict[str, Any]:
        """Validate a create body and turn it into a full message payload."""
        files = files or []
        validate_message_body(body, files, edit=False)
        channel = self.world.channels[channel_id]
        content = body.get("content") or ""
        replied: StoredMessage | None = None
        ref = body.get("message_reference")
        if ref and ref.get("type", 0) == 0:
            replied = self.world.messages.get(int(ref["message_id"]))
            if (replied is None or replied.deleted) and ref.get("fail_if_not_exists", True):
                raise form_error("message_reference", "REPLIES_UNKNOWN_MESSAGE", "Unknown message")
        users, roles, everyone = payloads.resolve_mentions(
            self.world, channel.guild_id, content, body.get("allowed_mentions"), replied
        )
        data = payloads.message_payload(
            self.world,
            message_id=self.world.ids.next(),
            channel_id=channel_id,
            author_id=author_id,
            content=content,
            mentions=users,
            mention_roles=roles,
            mention_everyone=everyone,
            **extra,
        )
        embeds = [dict(e) for e in body.get("embeds") or []]
        for embed in embeds:
            embed.setdefault("type", "rich")
        data.update(
            embeds=embeds,
            components=body.get("components") or [],
            attachments=self._attachments(files),
            tts=bool(body.get("tts")),
            flags=int(body.get("flags") or 0) | int(extra.get("flags") or 0),
        )
        if body.get("nonce") is not None:
            data["nonce"] = body["nonce"]
        if ref:
            data["message_reference"] = {
                "type": ref.get("type", 0),
                "message_id": str(ref["message_id"]),
                "channel_id": str(ref.get("channel_id", channel_id)),
            }
            if channel.guild_id is not None:
                data["message_reference"]["guild_id"] = str(channel.guild_id)
            if replied is not None:
                data["type"] = 19
                data["referenced_message"] = payloads.render_message(replied, self.fake.bot_user_id)
        return data

    async def create(
        self,
        channel_id: int,
        author_id: int,
        body: dict[str, Any],
        files: list[dict[str, Any]] | None = None,
        *,
        interaction_id: int | None = None,
        **extra: Any,
    ) -> StoredMessage:
        """Create, store and (unless ephemeral) dispatch MESSAGE_CREATE for a message."""
        data = self.build(channel_id, author_id, body, files, **extra)
        ephemeral = bool(data["flags"] & EPHEMERAL)
        stored = self.world.store_message(data, ephemeral=ephemeral, interaction_id=interaction_id)
        if not ephemeral:
            await self.dispatch("MESSAGE_CREATE", stored)
        self.fake.recorder.notify()
        return stored

    async def edit(
        self, stored: StoredMessage, body: dict[str, Any], files: list[dict[str, Any]] | None = None
    ) -> StoredMessage:
        """Apply a PATCH body to a stored message and dispatch MESSAGE_UPDATE."""
        validate_message_body(body, files or [], edit=True)
        data = stored.data
        if "content" in body:
            data["content"] = body["content"] or ""
            channel = self.world.channels[stored.channel_id]
            users, roles, everyone = payloads.resolve_mentions(
                self.world, channel.guild_id, data["content"], body.get("allowed_mentions")
            )
            data["mentions"] = payloads.mention_payloads(self.world, channel.guild_id, users)
            data["mention_roles"] = [str(r) for r in roles]
            data["mention_everyone"] = everyone
        if "embeds" in body:
            data["embeds"] = [{"type": "rich", **e} for e in body["embeds"] or []]
        if "components" in body:
            data["components"] = body["components"] or []
        if "attachments" in body or files:
            keep = {str(a.get("id")) for a in body.get("attachments") or []}
            data["attachments"] = [a for a in data["attachments"] if a["id"] in keep]
            data["attachments"] += self._attachments(files or [])
        if body.get("flags") is not None:
            data["flags"] = (data["flags"] & (EPHEMERAL | 1)) | int(body["flags"])
        data["flags"] &= ~LOADING
        data["edited_timestamp"] = iso_now()
        stored.data = data  # a decoded copy: store the change
        if not stored.ephemeral:
            await self.dispatch("MESSAGE_UPDATE", stored)
        self.fake.recorder.notify()
        return stored

    async def delete(self, stored: StoredMessage) -> None:
        """Mark a message deleted and dispatch MESSAGE_DELETE."""
        stored.deleted = True
        if not stored.ephemeral:
            event = {"id": str(stored.id), "channel_id": str(stored.channel_id)}
            if "guild_id" in stored.data:
                event["guild_id"] = stored.data["guild_id"]
            await self.fake.gateway.dispatch("MESSAGE_DELETE", event, self._guild_of(stored))
        self.fake.recorder.notify()

    def _guild_of(self, stored: StoredMessage) -> int | None:
        """Guild id of a stored message (None for DMs)."""
        return self.world.channels[stored.channel_id].guild_id

    async def dispatch(self, event: str, stored: StoredMessage) -> None:
        """Send MESSAGE_CREATE/MESSAGE_UPDATE with the rendered message."""
        data = payloads.render_message(stored, self.fake.bot_user_id)
        await self.fake.gateway.dispatch(event, data, self._guild_of(stored))
