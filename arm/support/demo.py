"""The service map's share of the demo case: Pointti, Ohjaamo and the crisis group's services.

The data is `data/demo.toml`, with where each fact comes from beside it. It runs after the cases part,
whose context gives the case (with its illustrative layoff waves) and the organisations by name.
"""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from arm.core.demo_data import read_records
from arm.core.parts import DemoContext
from arm.support import services as support_services
from arm.support.models import AgeGroup, Audience, ServiceKind, ServiceLanguage

DATA = Path(__file__).parent / "data" / "demo.toml"


@dataclass(frozen=True)
class DemoService:
    name: str
    kind: ServiceKind
    provider: str  # an organisation's name in the cases part's demo
    starts_on: date
    is_illustrative: bool  # the sources give no such period: the pages say it is illustrative
    description: str = ""
    reach: str = ""
    age_group: AgeGroup = AgeGroup.ALL
    audiences: tuple[Audience, ...] = ()
    languages: tuple[ServiceLanguage, ...] = ()
    ends_on: date | None = None


@dataclass(frozen=True)
class SupportDemo:
    services: tuple[DemoService, ...]


def read_demo() -> SupportDemo:
    return read_records(DATA, SupportDemo)


def load_demo(context: DemoContext) -> None:
    for service in read_demo().services:
        support_services.create_service(
            context.case,
            {
                "name": service.name,
                "kind": service.kind,
                "provider_id": context.organisations[service.provider].id,
                "description": service.description,
                "reach": service.reach,
                "language_list": list(service.languages),
                "age_group": service.age_group,
                "audience_list": list(service.audiences),
                "starts_on": service.starts_on,
                "ends_on": service.ends_on,
                "is_illustrative": service.is_illustrative,
            },
        )
