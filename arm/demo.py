"""The Kemi 2021 demo case: facts from the public info package (seed 002), fictional people.

Stora Enso announced on 21 April 2021 that it would close its Veitsiluoto mill in Kemi: 550 people
lost their jobs directly and about 1 500 jobs were lost with the subcontractors. The network was
gathered the same day, and by 8 June 2021 the action plan with a target of 1 000 new jobs had been
approved. The info package says the layoffs came in phases but gives no dates, so the demo's layoff
waves are illustrative and say so.

Each area loads its own share through the case-parts registry (`load_demo` of its `CasePart`), from its
data file `arm/<area>/data/demo.toml`, where the notes on each fact's source sit beside the data: the
cases area the organisations, people, the case, its network and waves (`arm/cases/demo.py`), the
action plan its subgroups, actions, updates, projects and resources (`arm/plans/demo.py`). Here are
only the platform administrator and the loop; nothing is committed (the `flask arm load-demo` command
commits).
"""

from sqlalchemy import func, select

from arm.auth import services as auth_services
from arm.auth.models import User
from arm.core.parts import DemoContext, load_demo
from arm.extensions import db

# The demo's sign-in accounts that `flask arm load-demo` prints; the first two are people of the
# cases area's data (arm/cases/data/demo.toml), the administrator is made here.
DEMO_COORDINATOR_EMAIL = "koordinaattori@example.fi"
DEMO_ADMIN_EMAIL = "admin@example.fi"
DEMO_MEMBER_EMAIL = "jasen@example.fi"


def database_is_empty() -> bool:
    return db.session.scalar(select(func.count()).select_from(User)) == 0


def load_demo_case(password: str):
    """The demo case, every account signing in with `password`; flushed, not committed."""
    auth_services.create_user(DEMO_ADMIN_EMAIL, "Demo Ylläpitäjä", password=password, is_admin=True)
    context = DemoContext(password=password)
    load_demo(context)
    db.session.flush()
    return context.case
