from django.urls import path

from articles.views import workbench

urlpatterns = [
    path("imports/", workbench.placeholder, name="import_list"),
    path("imports/new/", workbench.placeholder, name="import_new"),
]
