"""/workbench/feeds/: the admin's feed subscriptions (views in articles.views.subscriptions)."""

from django.urls import path

from articles.views import subscriptions

urlpatterns = [
    path("feeds/", subscriptions.subscription_list, name="subscription_list"),
    path("feeds/new/", subscriptions.subscription_new, name="subscription_new"),
    path("feeds/<int:pk>/", subscriptions.subscription_detail, name="subscription_detail"),
    path("feeds/<int:pk>/edit/", subscriptions.subscription_edit, name="subscription_edit"),
    path("feeds/<int:pk>/poll/", subscriptions.subscription_poll, name="subscription_poll"),
    path("feeds/<int:pk>/pause/", subscriptions.subscription_pause, name="subscription_pause"),
    path("feeds/<int:pk>/resume/", subscriptions.subscription_resume, name="subscription_resume"),
]
