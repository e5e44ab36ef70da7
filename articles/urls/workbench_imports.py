from django.urls import path

from articles.views import imports

urlpatterns = [
    path("imports/", imports.import_list, name="import_list"),
    path("imports/new/", imports.import_new, name="import_new"),
    path("imports/<int:pk>/confirm/", imports.import_confirm, name="import_confirm"),
    path("imports/<int:pk>/", imports.import_detail, name="import_detail"),
]
