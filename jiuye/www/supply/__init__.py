"""Pages of supply and demand (供需对接): vacancies, employers, job-seeker registrations and referral answers."""
