from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("workbench/", include("articles.urls.workbench")),
    path("", include("articles.urls.public")),
]

# 403 and 404 are Django's views with our templates (they have a working request to render
# with); 400 and 500 must render when the request or the database is what failed.
handler400 = "articles.views.errors.bad_request"
handler500 = "articles.views.errors.server_error"
