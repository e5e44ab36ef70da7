"""One django-filter FilterSet per list page (workbench queue, public fact-check list)."""
