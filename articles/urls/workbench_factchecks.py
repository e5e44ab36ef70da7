from django.urls import path

from articles.views import workbench

urlpatterns = [
    path("fact-checks/", workbench.placeholder, name="factcheck_list"),
]
