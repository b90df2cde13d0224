"""Survey statistics as plain functions over numpy arrays: design-based estimation (design.py), seasonal adjustment
(seasonal.py) and small-area estimation (small_area.py). Nothing here imports Django, so the same code runs in a web
request, a management command, a batch job or on a cluster."""
