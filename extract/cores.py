"""How many processes one document may use for its pages. Alone, one per core. Inside a batch worker, what the
batch grants: the batch runs one document per core already, so a scanned document gets only the cores idle at
that moment (N documents each starting a pool of every core would oversubscribe the machine N times)."""
from __future__ import annotations

import os
from contextlib import contextmanager
from typing import Iterator, Optional, Protocol


class Broker(Protocol):
    def acquire(self, extra: int) -> int: ...  # up to `extra` more cores, without waiting; how many it got

    def release(self, extra: int) -> None: ...


_broker: Optional[Broker] = None


def set_broker(broker: Optional[Broker]) -> None:
    global _broker
    _broker = broker


@contextmanager
def claim(wanted: int) -> Iterator[int]:
    """Processes to run `wanted` jobs with (at least 1), held for the block."""
    wanted = max(1, wanted)
    if _broker is None:
        yield min(wanted, os.cpu_count() or 1)
        return
    extra = _broker.acquire(wanted - 1) if wanted > 1 else 0
    try:
        yield 1 + extra
    finally:
        if extra:
            _broker.release(extra)
