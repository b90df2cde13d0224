"""The demo's supply and demand: vacancies of the demo employers, job seekers, referrals and hires, and the ground
truth the matching evaluation scores against (`jiuye.seekers.demo_supply`, the part "supply")."""

from jiuye.seekers import demo_supply  # noqa: F401
