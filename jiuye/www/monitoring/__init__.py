"""Monitoring pages (失业动态监测): the officer's overview and its Excel export, reports and the report form, the
reporter's home (企业首页), the panel with enrolling and leaving, and the warnings (list, page, follow-up).

Everything is read through the region scope (for an enterprise's reporter account, its own enterprises): what the
user may not see is a 404, as if it did not exist. Writes go through `jiuye.monitoring.services` and
`jiuye.monitoring.warning_followup`.
"""

from jiuye.www.monitoring.followup import warning_acknowledge_view, warning_close_view, warning_note_view
from jiuye.www.monitoring.overview import monitoring_export, monitoring_overview
from jiuye.www.monitoring.panel import enterprise_detail, enterprise_enrol_view, enterprise_leave_view, panel_list
from jiuye.www.monitoring.portal import reporter_home_view
from jiuye.www.monitoring.reports import report_accept_view, report_detail, report_form, report_return_view
from jiuye.www.monitoring.warnings import warning_detail, warning_list

__all__ = [
    "enterprise_detail",
    "enterprise_enrol_view",
    "enterprise_leave_view",
    "monitoring_export",
    "monitoring_overview",
    "panel_list",
    "report_accept_view",
    "report_detail",
    "report_form",
    "report_return_view",
    "reporter_home_view",
    "warning_acknowledge_view",
    "warning_close_view",
    "warning_detail",
    "warning_list",
    "warning_note_view",
]
