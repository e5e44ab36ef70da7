from django.urls import path

from articles.views import workbench

urlpatterns = [
    path("", workbench.dashboard, name="dashboard"),
    path("claims/", workbench.placeholder, name="claim_list"),
]
