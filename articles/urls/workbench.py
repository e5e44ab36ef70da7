"""/workbench/: the editors' pages. Each area keeps its own routes in its own module."""

from articles.urls import workbench_claims, workbench_factchecks, workbench_feeds, workbench_imports

app_name = "workbench"

urlpatterns = (
    workbench_claims.urlpatterns
    + workbench_factchecks.urlpatterns
    + workbench_imports.urlpatterns
    + workbench_feeds.urlpatterns
)
