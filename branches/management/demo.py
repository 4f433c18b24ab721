"""The one guard of every command that writes demo or load-test data.

seed_demo creates the superuser `admin` with a password printed in the docs and in its own output
(`demo-2026`); generate_scale and generate_round create users and hundreds of made-up
organisations. None of that may reach a real office's database, so every such command derives
from DemoCommand, which refuses to start when settings.PRODUCTION is on (APP_MODE=production,
docs/deploy.md) before anything is read or written.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def refuse_in_production(command_name: str) -> None:
    """Raise CommandError (in Vietnamese and English: an operator of either reads it) when
    settings.PRODUCTION is on; return nothing otherwise."""
    if getattr(settings, "PRODUCTION", False):
        raise CommandError(
            f"Lệnh {command_name} nạp dữ liệu mẫu (tài khoản có mật khẩu công khai) nên không được "
            f"chạy khi APP_MODE=production; không có gì được ghi.\n"
            f"{command_name} loads demo data (accounts with a published password) and is refused "
            f"when APP_MODE=production; nothing was written."
        )


class DemoCommand(BaseCommand):
    """A management command that writes demo or load-test data: refused in production.

    The refusal happens in execute(), which both `manage.py NAME` and call_command() go through,
    before the system checks and handle(): a subclass only writes handle() as usual.
    """

    def execute(self, *args, **options):
        refuse_in_production(self.__class__.__module__.rsplit(".", 1)[-1])
        return super().execute(*args, **options)
