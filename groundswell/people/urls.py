from django.urls import path

from groundswell.people import views

app_name = "people"
urlpatterns = [
    path("people/", views.person_list, name="list"),
    path("people/<int:person_id>/", views.person_detail, name="detail"),
    path("people/<int:person_id>/edit/", views.person_edit, name="edit"),
    path("people/<int:person_id>/affiliations/new/", views.affiliation_add, name="affiliation_add"),
    path(
        "people/<int:person_id>/affiliations/<int:affiliation_id>/end/", views.affiliation_end, name="affiliation_end"
    ),
    path("me/tokens/", views.token_create, name="token_create"),
    path("me/tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    path("me/data.json", views.data_export, name="data_export"),
    path("me/erase/", views.erase, name="erase"),
    path("organisations/", views.organisation_list, name="organisations"),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path("organisations/<int:organisation_id>/", views.organisation_detail, name="organisation"),
]
