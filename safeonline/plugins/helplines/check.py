"""`invoke check` for the helpline directory: valid entries, none gone stale, and every
country the deployment names served by at least one entry.

A helpline number changes without anyone telling us; `verified_on` plus
`HELPLINES["max_age_days"]` turns "someone should re-check this" into a
warning with the line to update.
"""

from __future__ import annotations

import datetime as dt

from safeonline.core.problems import ProblemList

from .config import helpline_settings
from .countries import country_name, country_problem, served
from .model import data_path, load_helplines

SETTINGS_FILE = "pelicanconf.py"  # where HELPLINES is set; settings carry no line numbers


def check_site(settings: dict, problems: ProblemList, today: dt.date | None = None) -> None:
    conf = helpline_settings(settings)  # a mistake in HELPLINES stops here (SettingsError)
    helplines = load_helplines(settings, problems)
    today = today or dt.date.today()
    path = data_path(settings)
    for helpline in helplines:
        age = (today - helpline.verified_on).days
        name = helpline.service[settings["DEFAULT_LANG"]]
        if age > conf.max_age_days:
            problems.warning(path, helpline.line,
                             f"'{name}' was last verified on {helpline.verified_on} "
                             f"({age} days ago, more than {conf.max_age_days})",
                             "check its details against its source (or the service's own "
                             "site), then set verified_on to today's date")
        elif age < 0:
            problems.error(path, helpline.line,
                           f"'{name}' has verified_on {helpline.verified_on}, in the future",
                           "set verified_on to the date you checked it")
    check_countries(conf.countries, helplines, problems, conf.data)


def check_countries(countries, helplines, problems: ProblemList, data: str) -> None:
    """The deployment's countries: real codes, each served by an entry of the directory."""
    known = served(helplines)
    for code in countries:
        problem = country_problem(code)
        if problem:
            message, fix = problem
            problems.error(SETTINGS_FILE, 0, f"HELPLINES['countries']: {message}", fix)
        elif code not in known and helplines:
            problems.error(SETTINGS_FILE, 0,
                           f"HELPLINES['countries'] names {code} ({country_name(code, 'en')}), "
                           "but no helpline serves it",
                           f'add a [[helpline]] with countries = ["{code}"] to content/{data}, '
                           f"or remove {code}")
