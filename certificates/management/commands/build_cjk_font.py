from django.core.management.base import BaseCommand

from certificates.fonts import build_cjk_font


class Command(BaseCommand):
    help = "Build the TrueType-outline CJK font certificates are printed with (var/fonts/)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Rebuild even if it exists.")

    def handle(self, *args, force=False, **options):
        path = build_cjk_font(force=force)
        if path is None:
            self.stderr.write(
                "Noto Sans CJK (Debian package fonts-noto-cjk) is not installed; certificates "
                "fall back to the other installed CJK fonts, which is much slower."
            )
            return
        self.stdout.write(f"CJK font ready: {path} ({path.stat().st_size // 1024} KB)")
