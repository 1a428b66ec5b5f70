"""Today's date, or the date in ``ASSISTANT_TODAY`` (YYYY-MM-DD) so that runs and tests are
deterministic. The policy engine never calls this: callers pass the date in."""

from __future__ import annotations

import datetime as _dt
import os

TODAY_ENV = "ASSISTANT_TODAY"


def today_from_env(environ=os.environ) -> _dt.date:
    """Today, or ``ASSISTANT_TODAY``; a malformed value raises :class:`ValueError` with a Chinese message."""
    value = environ.get(TODAY_ENV)
    if value:
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{TODAY_ENV} 应为 YYYY-MM-DD 格式的日期，收到 {value!r}") from None
    return _dt.date.today()
