from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "organizations"
    verbose_name = "组织与人员"

    def ready(self):
        from . import lookups, textcheck

        lookups.install()  # field__any_of=ids, for the county's long lists of keys

        # The lowest app installs the one text check that every form of every phase uses.
        textcheck.install()
