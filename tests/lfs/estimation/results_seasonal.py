"""Expected values for test_seasonal.py, with the R calls and official notices they come from."""

import datetime

# R: library(seasonal); summary(seas(AirPassengers))
# (X-13ARIMA-SEATS with the automatic choices of seas(); figures published in ../shared/data/survey/README.md,
# printed to 7 decimals, AICc to 1 decimal.) data/airpassengers.csv is R's datasets::AirPassengers, 1949-01 to
# 1960-12.
AIRPASSENGERS_START = (1949, 1)
AIRPASSENGERS_TRANSFORM = "log"
AIRPASSENGERS_MODEL = "(0 1 1)(0 1 1)"
AIRPASSENGERS_REGRESSORS = {
    "Weekday": (-0.0029497, 0.0005232),
    "Easter[1]": (0.0177674, 0.0071580),
    "AO1951.May": (0.1001558, 0.0204387),
}
AIRPASSENGERS_ARIMA = {
    "MA-Nonseasonal-01": (0.1156204, 0.0858588),
    "MA-Seasonal-12": (0.4973600, 0.0774677),
}
COEFFICIENT_PRINTED_DECIMALS = 7
AIRPASSENGERS_AICC = 947.3
AICC_PRINTED_DECIMALS = 1

# Spring Festival (正月初一) dates, as in the State Council's holiday notices: 国务院办公厅关于2024年部分节假日安排的
# 通知 (春节 2月10日至17日放假, 2月4日、18日上班); 关于2025年部分节假日安排的通知 (春节 1月28日（除夕）至2月4日放假,
# 1月26日、2月8日上班); 2月10日 2024 and 29 January 2025 are 正月初一.
SPRING_FESTIVALS = {2024: datetime.date(2024, 2, 10), 2025: datetime.date(2025, 1, 29)}

# Raw shares of the three windows (days -7..-1, 0..7, 8..21 around the festival) by month, counted by hand:
# 2024: before 3-9 Feb, during 10-17 Feb, after 18 Feb-2 Mar (12 days of February in a leap year, 2 of March);
# 2025: before 22-28 Jan, during 29 Jan-5 Feb (3 days in January, 5 in February), after 6-19 Feb.
SPRING_FESTIVAL_SHARES = {
    (2024, "spring_festival_before"): {2: 1.0},
    (2024, "spring_festival_during"): {2: 1.0},
    (2024, "spring_festival_after"): {2: 12 / 14, 3: 2 / 14},
    (2025, "spring_festival_before"): {1: 1.0},
    (2025, "spring_festival_during"): {1: 3 / 8, 2: 5 / 8},
    (2025, "spring_festival_after"): {2: 1.0},
}

# Working days under the notices above, counted by hand:
# 2024-02: 21 weekdays - 5 (12-16 Feb) + 2 worked Sundays (4 and 18 Feb) = 18;
# 2024-10: 23 weekdays - 5 (1-4 and 7 Oct) + 1 worked Saturday (12 Oct) = 19;
# 2025-01: 23 weekdays - 1 (1 Jan) - 4 (28-31 Jan) + 1 worked Sunday (26 Jan) = 19;
# 2025-02: 20 weekdays - 2 (3-4 Feb) + 1 worked Saturday (8 Feb) = 19.
WORKING_DAYS = {(2024, 2): 18, (2024, 10): 19, (2025, 1): 19, (2025, 2): 19}
