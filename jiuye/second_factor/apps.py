from django.apps import AppConfig


class SecondFactorConfig(AppConfig):
    name = "jiuye.second_factor"
    verbose_name = "动态口令"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from jiuye.second_factor.perms import remember_at_login

        user_logged_in.connect(remember_at_login, dispatch_uid="second_factor_remember_at_login")
