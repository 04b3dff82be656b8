from django.apps import apps
from django.contrib import admin
from django.urls import include, path

from groundswell import views
from groundswell.api import api

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("healthz/", views.healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("groundswell.people.urls")),
    path("", include("groundswell.communities.urls")),
    path("", include("groundswell.gatherings.urls")),
    path("", include("groundswell.consultations.urls")),
    path("", include("groundswell.conversations.urls")),
    path("", include("groundswell.stories.urls")),
    path("", include("groundswell.products.urls")),
]

# The dev-only demo app (seed data, the benchmark floor page) is wired in only where it is
# installed; production settings leave it out.
if apps.is_installed("groundswell.demo"):
    urlpatterns.append(path("", include("groundswell.demo.urls")))
