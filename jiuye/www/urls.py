from django.urls import include, path

from jiuye.www import (
    audit,
    imports,
    jobs,
    market,
    matching,
    monitoring,
    monitoring_analysis,
    regions,
    second_factor,
    statistics,
    views,
)
from jiuye.www.auth import LoginView, LogoutView
from jiuye.www.people import card as people_card
from jiuye.www.people import desk as people_desk
from jiuye.www.people import registers as people_registers
from jiuye.www.people import search as people_search
from jiuye.www.plans import figures as plan_figures
from jiuye.www.supply import employers as supply_employers
from jiuye.www.supply import seeker_list as supply_seeker_list
from jiuye.www.supply import seekers as supply_seekers
from jiuye.www.supply import vacancies as supply_vacancies

app_name = "www"

urlpatterns = [
    path("", views.home, name="home"),
    path("regions/picker/", regions.region_picker_view, name="region_picker"),
    path("regions/<str:code>/", views.region_detail, name="region"),
    path("people/", people_search.person_list, name="person_list"),
    path("people/new/", people_desk.person_new, name="person_new"),
    path("people/<int:pk>/", people_card.person_card, name="person_card"),
    path("people/<int:pk>/edit/", people_desk.person_edit, name="person_edit"),
    path("people/<int:pk>/status/", people_desk.person_status, name="person_status"),
    path("people/<int:pk>/services/new/", people_desk.person_service_new, name="person_service_new"),
    path("people/<int:pk>/registers/new/", people_desk.person_register_new, name="person_register_new"),
    path(
        "people/<int:pk>/registers/<int:entry_pk>/exit/", people_desk.person_register_exit, name="person_register_exit"
    ),
    path("people/<int:pk>/household/new/", people_desk.person_household_new, name="person_household_new"),
    path("people/<int:pk>/household/members/", people_desk.person_household_member, name="person_household_member"),
    path("people/<int:pk>/ric/", people_search.person_ric, name="person_ric"),
    path("registers/", people_registers.registers, name="registers"),
    path("registers/<str:group>/", people_registers.register, name="register"),
    path("registers/<str:group>/export.xlsx", people_registers.register_export, name="register_export"),
    path("worklists/<str:name>/", people_registers.worklist, name="worklist"),
    path("worklists/<str:name>/export.xlsx", people_registers.worklist_export, name="worklist_export"),
    path("audit/", audit.audit_log, name="audit_log"),
    path("employers/", views.employer_list, name="employer_list"),
    path("market/", market.market_overview, name="market"),
    path("market/export.xlsx", market.market_export, name="market_export"),
    path("imports/", imports.import_list, name="import_list"),
    path("imports/<int:pk>/", imports.import_detail, name="import_detail"),
    path("imports/<int:pk>/commit/", imports.import_commit, name="import_commit"),
    path("imports/<int:pk>/errors.xlsx", imports.import_errors, name="import_errors"),
    path("imports/templates/<str:kind>.xlsx", imports.import_template, name="import_template"),
    path("jobs/<int:pk>/", jobs.job_detail, name="job_detail"),
    path("jobs/<int:pk>/status/", jobs.job_status, name="job_status"),
    path("jobs/<int:pk>/rerun/", jobs.job_rerun_view, name="job_rerun"),
    path("jobs/<int:pk>/download/", jobs.job_download, name="job_download"),
    path("", include("jiuye.www.dashboard.urls")),
    path("", include("jiuye.www.schedule.urls")),
    path("statistics/", statistics.statistics_index, name="statistics"),
    path("statistics/series/<str:code>/", statistics.statistics_series, name="statistics_series"),
    path("statistics/periods/<str:month>/", statistics.statistics_period, name="statistics_period"),
    path("statistics/periods/<str:month>/counties/", statistics.statistics_small_areas, name="statistics_small_areas"),
    path("statistics/imports/", statistics.statistics_imports, name="statistics_imports"),
    path("statistics/imports/template.xlsx", statistics.statistics_template, name="statistics_template"),
    path("statistics/imports/<int:pk>/", statistics.statistics_import, name="statistics_import"),
    path("statistics/imports/<int:pk>/commit/", statistics.statistics_import_commit, name="statistics_import_commit"),
    path(
        "statistics/imports/<int:pk>/errors.xlsx", statistics.statistics_import_errors, name="statistics_import_errors"
    ),
    path("monitoring/", monitoring.monitoring_overview, name="monitoring"),
    path("monitoring/reports/<int:pk>/", monitoring.report_detail, name="monitoring_report"),
    path("monitoring/reports/<int:pk>/return/", monitoring.report_return_view, name="monitoring_report_return"),
    path("monitoring/reports/<int:pk>/accept/", monitoring.report_accept_view, name="monitoring_report_accept"),
    path("monitoring/enterprises/<int:pk>/report/", monitoring.report_form, name="monitoring_report_form"),
    path(
        "monitoring/warnings/<int:pk>/acknowledge/",
        monitoring.warning_acknowledge_view,
        name="monitoring_warning_acknowledge",
    ),
    path("monitoring/warnings/<int:pk>/close/", monitoring.warning_close_view, name="monitoring_warning_close"),
    path("monitoring/warnings/", monitoring.warning_list, name="monitoring_warnings"),
    path("monitoring/warnings/<int:pk>/", monitoring.warning_detail, name="monitoring_warning"),
    path("monitoring/warnings/<int:pk>/note/", monitoring.warning_note_view, name="monitoring_warning_note"),
    path("monitoring/export.xlsx", monitoring.monitoring_export, name="monitoring_export"),
    path("monitoring/mine/", monitoring.reporter_home_view, name="monitoring_mine"),
    path("monitoring/enterprises/", monitoring.panel_list, name="monitoring_panel"),
    path("monitoring/enterprises/enrol/", monitoring.enterprise_enrol_view, name="monitoring_enrol"),
    path("monitoring/enterprises/<int:pk>/", monitoring.enterprise_detail, name="monitoring_enterprise"),
    path(
        "monitoring/enterprises/<int:pk>/leave/", monitoring.enterprise_leave_view, name="monitoring_enterprise_leave"
    ),
    path("monitoring/analysis/", monitoring_analysis.monitoring_analysis, name="monitoring_analysis"),
    path("monitoring/analysis.docx", monitoring_analysis.monitoring_analysis_docx, name="monitoring_analysis_docx"),
    path("supply/vacancies/", supply_vacancies.vacancy_list, name="vacancy_list"),
    path("supply/vacancies/new/", supply_vacancies.vacancy_new_employer, name="vacancy_new_employer"),
    path("supply/vacancies/<int:pk>/", supply_vacancies.vacancy_detail, name="vacancy_detail"),
    path("supply/vacancies/<int:pk>/edit/", supply_vacancies.vacancy_edit, name="vacancy_edit"),
    path("supply/vacancies/<int:pk>/close/", supply_vacancies.vacancy_close_view, name="vacancy_close"),
    path("supply/employers/new/", supply_employers.employer_new, name="employer_new"),
    path("supply/employers/<int:pk>/", supply_vacancies.employer_detail, name="employer_detail"),
    path("supply/employers/<int:pk>/edit/", supply_employers.employer_edit, name="employer_edit"),
    path("supply/employers/<int:employer_pk>/vacancies/new/", supply_vacancies.vacancy_new, name="vacancy_new"),
    path("supply/seekers/", supply_seeker_list.seeker_list, name="seeker_list"),
    path("supply/seekers/export.xlsx", supply_seeker_list.seeker_export, name="seeker_export"),
    path("supply/people/<int:person_pk>/seeker/", supply_seekers.seeker_new, name="seeker_new"),
    path("supply/seekers/<int:pk>/renew/", supply_seekers.seeker_renew_view, name="seeker_renew"),
    path("supply/seekers/<int:pk>/withdraw/", supply_seekers.seeker_withdraw_view, name="seeker_withdraw"),
    path("supply/occupations/", supply_seekers.occupation_picker, name="occupation_picker"),
    path("supply/referrals/<int:pk>/outcome/", supply_seekers.referral_outcome, name="referral_outcome"),
    path("matching/registrations/<int:pk>/", matching.registration_vacancies, name="matching_registration"),
    path("matching/registrations/<int:pk>/refer/", matching.registration_refer, name="matching_refer"),
    path("matching/vacancies/<int:pk>/", matching.vacancy_candidates, name="matching_vacancy"),
    path("plans/figures/", plan_figures.figure_list, name="plan_figures"),
    path("plans/figures/new/", plan_figures.figure_new, name="plan_figure_new"),
    path("plans/figures/<int:pk>/", plan_figures.figure_detail, name="plan_figure"),
    path("plans/targets/", plan_figures.target_list, name="plan_targets"),
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", LogoutView.as_view(), name="logout"),
    path("second-factor/enrol/", second_factor.second_factor_enrol, name="second_factor_enrol"),
    path("second-factor/verify/", second_factor.second_factor_verify, name="second_factor_verify"),
]
