"""Demo households, key-group registers and the services given, built on the demo people (`jiuye.people.demo`).

Three parts after "people": `households` (households, the able-to-work flag, the employment-status history and the
zero-employment episodes), `registers` (entries of the key-group registers) and `services` (a year of services to
the people in them). Each reads the demo people by county or by chunks of ids, writes with bulk_create, and draws
from its own generator, so the parts stay deterministic and independent of each other. Resets delete demo rows only:
those with source=demo, or belonging to demo people.

The demo's "now" is REFERENCE_DATE (`jiuye.demo.registry`): every date is counted back from it, so the rows do not
change with the day the demo is generated, and move together when the reference date moves. The worklists count
from the real today, so a demo looked at months after its reference date shows most people as overdue.

Assumptions, for Shanxi (2020 census and provincial statistics, rounded). Demo people are 16-64 years old; Shanxi
has about 24.5 million residents of those ages, so one demo person at scale 1 stands for about 2,400 of them.
Shares below are of demo people at scale 1 as generated (seed 2022), with what they stand for.
- Households: 90% of people are in one (the rest live in dormitories or barracks, or are not on file), of 1-5 demo
  members drawn as 22/33/25/13/7% (2.2 on average: fewer than the census's 2.5 persons a household, because
  children under 16 and people over 64 are not demo people). A spouse is of the other sex and within 4 years,
  children 20-36 years younger, parents 20-36 years older. 5% of people are not able to work.
- Employment status since: job tenure exponential with mean 6 years (from age 18); unemployment spells exponential
  with mean 8 months, at most 3 years, so about 22% of the unemployed are long-term (over a year).
- Zero-employment households: 1.5% of the households with a working-age member able to work (1.4% of all),
  identified within the last 2 years: far more than the few thousand households Shanxi identifies a year, so that
  the worklist has rows. 65% of those old enough are cleared 20-240 days later by a public-welfare job. Any other
  household whose working-age members able to work are all without work gets one of them employed, so that every
  household the rules call zero-employment has its open episode; this raises the employed share from 62% to 69%.
- Registers (open entries):
  rural transfer workers (working in their home county) 19% and migrant workers (outside it, 外出) 3.4%: 70% of the
  rural people (household registration in a 县 or a county-level city) of working age, 18 or over, with at most
  secondary education and in the labour force; together 5.5 million (Shanxi: about 5.3 million transferred).
  Poverty alleviated 3.3%, 0.8 million: 9% of working-age people registered in a 县 with at most secondary
  education (Shanxi lifted 3.29 million out of poverty, about 0.9 million of working age in work each year).
  Disabled people with a certificate 2.3%, 0.55 million: 30% of those not able to work and 1% of the others, the
  category and grade as on the certificate (肢体三级), milder for those able to work.
  Veterans 1.3%: 3% of working-age men and 0.2% of women from 22.
  Registered unemployed 2.1%, 0.5 million: 60% of the working-age unemployed; as many exited in the last year:
  12% of those employed in the last year (found work), 2% of those outside the labour force (no contact, moved,
  studies).
  Hard-to-employ 1.5%: the unemployed of a category, the first that applies (zero-employment household, disabled,
  poverty alleviated, long-term unemployed, older: women 40+, men 50+; else low income, land lost, other) with a
  share by category, and a few placed in the last year.
  Zero-employment household members 0.5%: the working-age members able to work, until the household is cleared.
  Unplaced graduates 0.3% (0.5% with those exited): 35% of the people aged 21-25 with a college degree who had
  no job before leaving school, of the last two cohorts that left school (30 June) by NOW, entered in July to
  September; with REFERENCE_DATE 2026-11-20 those are 2025 and 2026.
  Urban youth 0.3%: 80% of the unemployed and 10% of the school leavers aged 16-24 living in a district (区).
  About a sixth of the people in a register are in more than one: poverty-alleviated transfer workers, registered
  unemployed who are hard-to-employ, members of zero-employment households who are hard-to-employ...
- Services over the last 12 months: graduates get the "1131" items (policy briefing 90%, career guidance 85%, 3 or
  more referrals 65%, training or internship 60%: about 30% meet the standard); registered unemployed are contacted
  every 25-55 days, 25% of them last more than 60 days ago; 60% of the hard-to-employ were served in the last 30
  days, 28% between 31 and 180 days ago, 12% not at all; placed hard-to-employ people get a social insurance
  subsidy (1,000-3,000 yuan, 60%), public-welfare jobs a quarterly subsidy at Shanxi's minimum wage (1,780-1,980
  yuan a month); the other groups get occasional guidance, referrals, training (with a training subsidy of
  500-2,000 yuan half the time) and briefings. Providers are the county offices (`OrgUnit`s named as the accounts
  demo names them, created where missing and kept on reset, being ordinary offices); 70% of the time the caseworker
  is the demo account nearest the person's home where there is one: the community's or the street's for the
  residents of 小店区's streets (`jiuye.demo.neighbourhoods`), else the county's.
- Households of the demo district's residents are formed within their community (a household lives at one address,
  小店区坞城街道坞城社区人民路68号); the district's people keep its county for everything else (rural or urban, their
  county office, where they look for work).
"""

from jiuye.people.demo_parts import households, registers, services  # noqa: F401  (registering the parts)
