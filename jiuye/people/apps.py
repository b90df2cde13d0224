from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "jiuye.people"
    verbose_name = "人员"
