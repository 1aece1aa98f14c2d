"""Request/opcode recording, fault and delay injection, and waiting on recorded state."""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import json
import logging
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)

Predicate = Callable[[], Any | Awaitable[Any]]

DEFAULT_ERROR_BODIES: dict[int, dict[str, Any]] = {
    400: {"message": "Invalid Form Body", "code": 50035},
    401: {"message": "401: Unauthorized", "code": 0},
    403: {"message": "Missing Permissions", "code": 50013},
    404: {"message": "404: Not Found", "code": 0},
    500: {"message": "500: Internal Server Error", "code": 0},
    502: {"message": "502: Bad Gateway", "code": 0},
    503: {"message": "503: Service Unavailable", "code": 0},
}


def _compile(pattern: str | re.Pattern[str] | None) -> re.Pattern[str] | None:
    """Compile a path regex (None matches every path)."""
    if pattern is None or isinstance(pattern, re.Pattern):
        return pattern
    return re.compile(pattern)


def path_matches(
    method: str | None, pattern: str | re.Pattern[str] | None, req_method: str, req_path: str
) -> bool:
    """True when method (None/'*' = any) and path regex (re.fullmatch) both match."""
    if method not in (None, "*") and method.upper() != req_method.upper():
        return False
    compiled = _compile(pattern)
    return compiled is None or compiled.fullmatch(req_path) is not None


class JsonText:
    """A JSON value kept as text and decoded on every read (a fresh copy each time).

    The double records every request and gateway payload; kept as dicts and lists, a load run's
    records are tens of thousands of objects that each full garbage collection walks, stalling
    the event loop the bot shares with the double. As text they are invisible to the collector.
    """

    def __set_name__(self, owner: type, name: str) -> None:
        self.slot = "_" + name

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:
            return None  # dataclasses read this as the field's default
        text = getattr(obj, self.slot)
        return None if text is None else json.loads(text)

    def __set__(self, obj: Any, value: Any) -> None:
        text = None if value is None else json.dumps(value, separators=(",", ":"))
        object.__setattr__(obj, self.slot, text)


@dataclass
class RecordedRequest:
    """One REST request as the double saw it; `path` is relative to /api/v10.

    `json` (the body) and `response` are decoded from text on every read: mutate a copy.
    """

    index: int
    method: str
    path: str
    query: dict[str, str]
    json: Any = JsonText()  # type: ignore[assignment]
    headers: dict[str, str] = field(default_factory=dict)
    files: list[dict[str, Any]] = field(default_factory=list)
    status: int | None = None
    response: Any = JsonText()  # type: ignore[assignment]
    fault_injected: bool = False
    consumed: bool = False
    at: float = field(default_factory=time.monotonic)

    def matches(self, method: str | None, path: str | re.Pattern[str] | None) -> bool:
        """Whether this request matches a method and a fullmatch path regex."""
        return path_matches(method, path, self.method, self.path)


@dataclass
class GatewayOp:
    """One gateway payload received from or sent to a client connection (`data` decoded on read)."""

    direction: str
    op: int
    event: str | None
    data: Any = JsonText()  # type: ignore[assignment]
    connection_id: int = 0
    shard: tuple[int, int] | None = None
    at: float = field(default_factory=time.monotonic)


@dataclass
class FaultRule:
    """Answer the next `remaining` matching requests with an error."""

    method: str | None
    pattern: re.Pattern[str] | None
    remaining: int
    status: int
    retry_after: float = 0.05
    body: dict[str, Any] | None = None
    is_global: bool = False
    after_handler: bool = False

    def response(self) -> tuple[dict[str, Any], int, dict[str, str]]:
        """The JSON body, status and extra headers of the injected failure."""
        headers: dict[str, str] = {}
        if self.status == 429:
            body = {
                "message": "You are being rate limited.",
                "retry_after": self.retry_after,
                "global": self.is_global,
            }
            headers = {"Via": "1.1 google", "Retry-After": str(max(1, round(self.retry_after)))}
            headers["X-RateLimit-Scope"] = "global" if self.is_global else "user"
        else:
            default = {"message": f"{self.status}: Error", "code": 0}
            body = dict(DEFAULT_ERROR_BODIES.get(self.status, default))
        if self.body is not None:
            body = {**body, **self.body}
        return body, self.status, headers


@dataclass
class DelayRule:
    """Hold the next `remaining` matching requests for `seconds` before answering."""

    method: str | None
    pattern: re.Pattern[str] | None
    remaining: int
    seconds: float


class Recorder:
    """Holds everything recorded and wakes waiters whenever something changes."""

    def __init__(self) -> None:
        """Start with nothing recorded."""
        self.requests: list[RecordedRequest] = []
        self.gateway_ops: list[GatewayOp] = []
        self.faults: list[FaultRule] = []
        self.delays: list[DelayRule] = []
        self.internal_errors: list[str] = []
        self._changed = asyncio.Event()

    def notify(self) -> None:
        """Wake every waiter so it re-checks its predicate."""
        self._changed.set()
        self._changed = asyncio.Event()

    def add_fault(self, method: str | None, pattern: str | None, status: int, **kw: Any) -> None:
        """Queue a fault rule."""
        count = kw.pop("count", 1)
        self.faults.append(FaultRule(method, _compile(pattern), count, status, **kw))

    def add_delay(
        self, method: str | None, pattern: str | None, seconds: float, count: int
    ) -> None:
        """Queue a delay rule."""
        self.delays.append(DelayRule(method, _compile(pattern), count, seconds))

    def take_fault(self, method: str, path: str) -> FaultRule | None:
        """Consume one use of the first fault rule matching this request."""
        return self._take(self.faults, method, path)

    def take_delay(self, method: str, path: str) -> float:
        """Consume one use of the first delay rule matching this request (0 if none)."""
        rule = self._take(self.delays, method, path)
        return rule.seconds if rule else 0.0

    @staticmethod
    def _take(rules: list[Any], method: str, path: str) -> Any:
        """Pop one use of the first matching rule."""
        for rule in rules:
            if rule.remaining > 0 and path_matches(rule.method, rule.pattern, method, path):
                rule.remaining -= 1
                if rule.remaining == 0:
                    rules.remove(rule)
                return rule
        return None

    def find_request(
        self,
        method: str | None,
        path: str | re.Pattern[str] | None,
        predicate: Callable[[RecordedRequest], bool] | None,
        *,
        consume: bool,
        completed: bool = True,
    ) -> RecordedRequest | None:
        """First request matching all filters (skipping consumed ones when consuming)."""
        for req in self.requests:
            if consume and req.consumed:
                continue
            if completed and req.status is None:
                continue
            if req.matches(method, path) and (predicate is None or predicate(req)):
                if consume:
                    req.consumed = True
                return req
        return None

    async def wait_until(
        self, predicate: Predicate, timeout: float = 5.0, *, poll: float = 0.05, what: str = ""
    ) -> Any:
        """Wait until predicate() is truthy (re-checked on every change and every `poll` s)."""
        deadline = time.monotonic() + timeout
        while True:
            event = self._changed
            result = predicate()
            if inspect.isawaitable(result):
                result = await result
            if result:
                return result
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"timed out after {timeout}s waiting for {what or predicate!r}")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), timeout=min(poll, remaining))

    def count_ops(self, op: int, direction: str = "recv") -> int:
        """How many gateway payloads with this opcode were received (or sent)."""
        return sum(1 for o in self.gateway_ops if o.op == op and o.direction == direction)
