from django.urls import path

from articles.views import public

app_name = "public"

urlpatterns = [
    path("", public.home, name="home"),
    path("fact-checks/", public.home, name="factcheck_list"),
    path("speakers/", public.home, name="speaker_list"),
    path("ratings/", public.home, name="ratings"),
    path("corrections/", public.home, name="corrections"),
]
