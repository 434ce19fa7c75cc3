from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from arm.core.audit import Audited
from arm.extensions import db


class Subgroup(Audited, db.Model):
    """A working group of the network (alatyöryhmä); the crisis group is one with `is_crisis_group`."""

    __tablename__ = "subgroup"
    audit_name = _l("Alatyöryhmä")
    audit_fields = {
        "name": _l("Nimi"),
        "purpose": _l("Tarkoitus"),
        "is_crisis_group": _l("Kriisityöryhmä"),
        "position": _l("Järjestys"),
        "case_id": _l("Tapaus"),
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("arm_case.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    purpose: Mapped[str] = mapped_column(Text, default="")
    is_crisis_group: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=0)

    case = relationship("Case")

    @property
    def audit_label(self) -> str:
        return self.name
