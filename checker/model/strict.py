"""The one base of every input model: strict types, no unknown keys, frozen.

Strict, because lax mode silently turns "2017" into 2017; closed (`extra="forbid"`), because
a misspelt key must be an input error rather than a value nobody reads.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, populate_by_name=True)
