"""Where reporting finds each service's own trail chains (GET /trail/chain), and how long a new entry may take to
reach the copy before a verification calls it missing there."""

from __future__ import annotations

from pydantic import BaseModel, Field


class TrailApis(BaseModel):
    """Base URLs of the services whose chains a verification compares; the auditor's own token is forwarded."""

    intake: str = Field("http://127.0.0.1:8101", description="Intake API")
    supervision: str = Field("http://127.0.0.1:8102", description="Supervision API")
    training_records: str = Field("http://127.0.0.1:8103", description="Training records API")
    reporting: str = Field("http://127.0.0.1:8104", description="Reporting API (its own chains)")
    copy_grace: float = Field(
        120.0,
        ge=0,
        description="Seconds a new trail entry may take to reach the copy before it is missing there",
    )

    def services(self) -> dict[str, str]:
        return {
            "intake": self.intake,
            "supervision": self.supervision,
            "training_records": self.training_records,
            "reporting": self.reporting,
        }
