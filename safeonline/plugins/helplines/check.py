"""`invoke check` for the helpline directory: valid entries, and none gone stale.

A helpline number changes without anyone telling us; `verified_on` plus
`HELPLINES["max_age_days"]` turns "someone should re-check this" into a
warning with the line to update.
"""

from __future__ import annotations

import datetime as dt

from safeonline.core.problems import ProblemList

from .model import data_path, load_helplines


def check_site(settings: dict, problems: ProblemList, today: dt.date | None = None) -> None:
    helplines = load_helplines(settings, problems)
    today = today or dt.date.today()
    max_age = int(settings["HELPLINES"]["max_age_days"])
    path = data_path(settings)
    for helpline in helplines:
        age = (today - helpline.verified_on).days
        name = helpline.service[settings["DEFAULT_LANG"]]
        if age > max_age:
            problems.warning(path, helpline.line,
                             f"'{name}' was last verified on {helpline.verified_on} "
                             f"({age} days ago, more than {max_age})",
                             "check the number and website against the service's own site, "
                             "then set verified_on to today's date")
        elif age < 0:
            problems.error(path, helpline.line,
                           f"'{name}' has verified_on {helpline.verified_on}, in the future",
                           "set verified_on to the date you checked it")
