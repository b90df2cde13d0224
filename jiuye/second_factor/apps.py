from django.apps import AppConfig


class SecondFactorConfig(AppConfig):
    name = "jiuye.second_factor"
    verbose_name = "动态口令"

    def ready(self) -> None:
        from django.apps import apps
        from django.contrib.auth.signals import user_logged_in

        # The admin site's heading of django-otp's devices, in Chinese like the rest (not a migration's concern).
        apps.get_app_config("otp_totp").verbose_name = "动态口令"

        from jiuye.second_factor.perms import remember_at_login

        user_logged_in.connect(remember_at_login, dispatch_uid="second_factor_remember_at_login")
