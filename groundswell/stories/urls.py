from django.urls import path

from groundswell.stories import views

app_name = "stories"
urlpatterns = [
    path("communities/<slug:slug>/stories/", views.community_stories, name="community_list"),
    path("communities/<slug:slug>/stories/new/", views.tell, name="tell"),
    path("communities/<slug:slug>/stories/record/", views.record, name="record"),
    path("communities/<slug:slug>/stories.csv", views.export, name="export"),
    path("stories/", views.all_stories, name="list"),
    path("stories/<int:story_id>/", views.story_detail, name="detail"),
    path("stories/<int:story_id>/edit/", views.edit, name="edit"),
    path("stories/<int:story_id>/consent/", views.consent, name="consent"),
    path("stories/<int:story_id>/check/", views.check, name="check"),
    path("stories/<int:story_id>/withdraw/", views.withdraw, name="withdraw"),
    path("me/stories/", views.my_stories, name="mine"),
]
