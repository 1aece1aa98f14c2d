"""HTTP plumbing shared by the REST handlers: JSON replies, API errors, body parsing, middleware."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from aiohttp import web

from tests.fakediscord.recording import RecordedRequest

if TYPE_CHECKING:
    from tests.fakediscord.server import FakeDiscord

log = logging.getLogger(__name__)

API_PREFIX = "/api/v10"
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
NO_AUTH_PREFIXES = ("/interactions/", "/webhooks/", "/gateway")
RECORD = web.RequestKey("fakediscord_record", RecordedRequest)
BODY = web.RequestKey("fakediscord_body", object)
FILES = web.RequestKey("fakediscord_files", list)
SENT_JSON = web.ResponseKey("fakediscord_sent_json", object)


def json_response(
    data: Any, status: int = 200, headers: dict[str, str] | None = None
) -> web.Response:
    """A JSON reply with Content-Type exactly `application/json` (discord.py insists)."""
    resp = web.Response(
        body=json.dumps(data).encode(),
        status=status,
        headers={"Content-Type": "application/json", **(headers or {})},
    )
    resp[SENT_JSON] = data
    return resp


def no_content() -> web.Response:
    """A 204 reply."""
    return web.Response(status=204)


class ApiError(Exception):
    """Raised by handlers to answer with a Discord-style JSON error."""

    def __init__(self, status: int, code: int, message: str, errors: Any = None) -> None:
        """Remember status, Discord error code, message and optional form errors."""
        super().__init__(f"{status} {code} {message}")
        self.status, self.code, self.message, self.errors = status, code, message, errors

    def response(self) -> web.Response:
        """Render the error."""
        body: dict[str, Any] = {"message": self.message, "code": self.code}
        if self.errors is not None:
            body["errors"] = self.errors
        return json_response(body, self.status)


def form_error(field: str, code: str, message: str) -> ApiError:
    """A 400 Invalid Form Body error for one field."""
    errors = {field: {"_errors": [{"code": code, "message": message}]}}
    return ApiError(400, 50035, "Invalid Form Body", errors)


async def parse_body(request: web.Request) -> tuple[Any, list[dict[str, Any]]]:
    """Parse a JSON or multipart (payload_json + files[n]) body."""
    if request.content_type.startswith("multipart/"):
        body: Any = None
        files: list[dict[str, Any]] = []
        reader = await request.multipart()
        while (part := await reader.next()) is not None:
            if part.name == "payload_json":
                body = json.loads(await part.text())
                continue
            data = await part.read()
            files.append(
                {
                    "field": part.name,
                    "filename": part.filename,
                    "content_type": part.headers.get("Content-Type"),
                    "size": len(data),
                    "data": bytes(data),
                }
            )
        return body, files
    raw = await request.read()
    if not raw:
        return None, []
    try:
        return json.loads(raw), []
    except ValueError:
        return raw.decode(errors="replace"), []


def make_middleware(fake: FakeDiscord) -> Callable[..., Awaitable[web.StreamResponse]]:
    """Build the middleware that records, delays, fails, authenticates and maps errors."""

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        """Record every /api request and turn exceptions into Discord-style replies."""
        if not request.path.startswith(API_PREFIX):
            return await handler(request)
        path = request.path[len(API_PREFIX) :] or "/"
        body, files = await parse_body(request)
        record = RecordedRequest(
            index=len(fake.recorder.requests),
            method=request.method,
            path=path,
            query=dict(request.query),
            json=body,
            headers=dict(request.headers),
            files=files,
        )
        fake.recorder.requests.append(record)
        request[RECORD], request[BODY], request[FILES] = record, body, files
        try:
            response = await _respond(fake, request, handler, record)
        except asyncio.CancelledError:
            record.status = 499
            raise
        record.status = response.status
        record.response = response.get(SENT_JSON)
        fake.recorder.notify()
        return response

    return middleware


async def _respond(
    fake: FakeDiscord, request: web.Request, handler: Handler, record: RecordedRequest
) -> web.StreamResponse:
    """Apply delay and fault rules, check auth, then run the handler."""
    recorder = fake.recorder
    delay = recorder.take_delay(record.method, record.path)
    if delay:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(fake.stopping.wait(), delay)
    fault = recorder.take_fault(record.method, record.path)
    if fault is not None and not fault.after_handler:
        record.fault_injected = True
        return json_response(*fault.response())
    needs_auth = not record.path.startswith(NO_AUTH_PREFIXES)
    if needs_auth and request.headers.get("Authorization") != f"Bot {fake.token}":
        return json_response({"message": "401: Unauthorized", "code": 0}, 401)
    response = await _run_handler(fake, request, handler, record)
    if fault is not None:
        record.fault_injected = True
        return json_response(*fault.response())
    return response


async def _run_handler(
    fake: FakeDiscord, request: web.Request, handler: Handler, record: RecordedRequest
) -> web.StreamResponse:
    """Run the route handler, mapping exceptions to Discord-style JSON errors."""
    try:
        return await handler(request)
    except ApiError as exc:
        return exc.response()
    except web.HTTPNotFound:
        return json_response({"message": "404: Not Found", "code": 0}, 404)
    except web.HTTPMethodNotAllowed:
        return json_response({"message": "405: Method Not Allowed", "code": 0}, 405)
    except Exception as exc:
        log.exception("fake discord handler failed for %s %s", record.method, record.path)
        fake.recorder.internal_errors.append(f"{record.method} {record.path}: {exc!r}")
        return json_response({"message": "500: Internal Server Error", "code": 0}, 500)
