"""uvicorn's HTTP/1.1 protocol with the two deadlines it lacks, so slow clients cannot hold connections (and file
handles, and memory) for ever: a request's head must arrive within HEADER_TIMEOUT_SECONDS of the connection opening
or of the previous response (408, then close), and a client that stops reading a response for SEND_TIMEOUT_SECONDS
is disconnected. `python -m app serve` runs uvicorn with it (`http=`)."""

from __future__ import annotations

import asyncio
import json

from uvicorn.protocols.http.h11_impl import H11Protocol

from app.api.errors import error_body
from app.core.config import get_settings

_TIMEOUT_BODY = json.dumps(error_body(
    "header_timeout", "请求头没有按时发完。The request headers did not arrive in time.")).encode()
_TIMEOUT_RESPONSE = (b"HTTP/1.1 408 Request Timeout\r\ncontent-type: application/json\r\nconnection: close\r\n"
                     b"content-length: " + str(len(_TIMEOUT_BODY)).encode() + b"\r\n\r\n" + _TIMEOUT_BODY)


class GuardedH11Protocol(H11Protocol):
    """H11Protocol with a deadline for each request head and for a stalled response."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        settings = get_settings()
        self._head_seconds, self._send_seconds = settings.header_timeout_seconds, settings.send_timeout_seconds
        self._head_deadline: asyncio.TimerHandle | None = None
        self._send_deadline: asyncio.TimerHandle | None = None
        self._waiting_after: object = None  # the cycle that was current when the head deadline was set
        self._received = False  # bytes of the awaited head have arrived

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._await_head()

    def data_received(self, data: bytes) -> None:
        self._received = True
        super().data_received(data)

    def handle_events(self) -> None:
        super().handle_events()
        if self._head_deadline is not None and self.cycle is not self._waiting_after:
            self._cancel_head_deadline()  # a request's head arrived: the app has it now

    def on_response_complete(self) -> None:
        if not self.transport.is_closing():
            self._await_head()  # before the next (perhaps pipelined) request is looked at
        super().on_response_complete()

    def pause_writing(self) -> None:
        super().pause_writing()
        if self._send_deadline is None:
            self._send_deadline = self.loop.call_later(self._send_seconds, self._stalled)

    def resume_writing(self) -> None:
        super().resume_writing()
        if self._send_deadline is not None:
            self._send_deadline.cancel()
            self._send_deadline = None

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_head_deadline()
        if self._send_deadline is not None:
            self._send_deadline.cancel()
        super().connection_lost(exc)

    def _await_head(self) -> None:
        self._cancel_head_deadline()
        self._waiting_after, self._received = self.cycle, False
        self._head_deadline = self.loop.call_later(self._head_seconds, self._head_timed_out)

    def _cancel_head_deadline(self) -> None:
        if self._head_deadline is not None:
            self._head_deadline.cancel()
            self._head_deadline = None

    def _head_timed_out(self) -> None:
        self._head_deadline = None
        if not self.transport.is_closing():
            if self._received:  # part of a request came: say why it ends (an idle connection just closes)
                self.transport.write(_TIMEOUT_RESPONSE)
            self.transport.close()

    def _stalled(self) -> None:
        self._send_deadline = None
        if not self.transport.is_closing():
            self.transport.abort()  # its unsent buffer goes with it
