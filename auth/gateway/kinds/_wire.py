"""The base models of the gateway's OpenAPI document that a kind's part builds its challenge models on
(`GatewayKind.challenge_models`). They live here, not in `api_schema.py`, because the document gathers the
parts: a part importing it would be a cycle. Pydantic only: no part of the gateway is imported here."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

# No docstrings on the models below or on a part's challenge models: pydantic would put them into the
# document as each schema's description. Say what a field is in its `Field(description=...)`.


class Reply(BaseModel):
    # forbid: the document lists every field a reply carries (additionalProperties: false).
    model_config = ConfigDict(extra="forbid")


class Challenge(Reply):
    # A challenge as a second-factor step carries it: what the part's `issue` put in `Issued.public`
    # (`kind`, one of the part's challenge kinds as a Literal, and the fields of its own), and the
    # `expires_at` every challenge has. One model per shape; its `kind` may name several challenge kinds.
    expires_at: float = Field(description="Unix seconds: answer before then (180 s; SMS codes 5 min).")
    sequence: int = Field(
        ge=1,
        description="This challenge's number within the login (1 for the first): a new challenge has a "
        "higher number; the same challenge standing (a code still valid) keeps its own.",
    )
