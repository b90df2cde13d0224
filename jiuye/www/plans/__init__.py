"""Pages of the plan's figures: the actual values of the indicators with their revisions, and the targets broken
down (`figures`). The dashboard is `jiuye.www.dashboard`."""
