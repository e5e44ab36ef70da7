from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Newsroom"

    def ready(self):
        # Public pages are cached whole; these signals say when readers' content changed.
        from articles import signals

        signals.connect()
