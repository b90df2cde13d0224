"""Supply and demand of the labour market (市场供求分析): vacancies and job seekers by occupation and region, the
vacancy-seeker ratio (求人倍率) and shortage occupations. It reads employers' vacancies and seekers' registrations,
so it sits above both apps; it has no models of its own."""
