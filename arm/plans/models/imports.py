"""A plan file between its upload and the confirmation of its preview."""

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from arm.core.models import UTCDateTime, utcnow
from arm.extensions import db


class PendingImport(db.Model):
    """An uploaded plan waiting for its uploader to confirm the preview, found by a random token.

    Kept in the database rather than on disk so that any worker on any machine can confirm it;
    removed by the import it becomes (in the same transaction) or when it expires. Not audited: the
    import's changes are.
    """

    __tablename__ = "pending_import"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("arm_case.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(255), default="")
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
