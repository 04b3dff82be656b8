from django.urls import path

from groundswell.communities import import_views, views

app_name = "communities"
urlpatterns = [
    path("communities/", views.community_list, name="list"),
    path("communities/new/", views.community_create, name="create"),
    path("communities/<slug:slug>/", views.community_detail, name="detail"),
    path("communities/<slug:slug>/edit/", views.community_edit, name="edit"),
    path("communities/<slug:slug>/stage/", views.community_lifecycle, name="lifecycle"),
    path("communities/<slug:slug>/members/", views.member_list, name="members"),
    path("communities/<slug:slug>/join/", views.join, name="join"),
    path("communities/<slug:slug>/request/", views.request_to_join, name="request"),
    path("communities/<slug:slug>/leave/", views.leave, name="leave"),
    path("communities/<slug:slug>/invite/", views.invite, name="invite"),
    path(
        "communities/<slug:slug>/invitations/<int:invitation_id>/<str:verb>/",
        views.invitation_manage,
        name="invitation_manage",
    ),
    path("communities/<slug:slug>/members/<int:membership_id>/role/", views.member_role, name="member_role"),
    path("communities/<slug:slug>/members/<int:membership_id>/remove/", views.member_remove, name="member_remove"),
    path("communities/<slug:slug>/members/<int:membership_id>/decide/", views.member_decide, name="member_decide"),
    path("communities/<slug:slug>/import/", import_views.import_people, name="import_people"),
    path("invitations/<str:token>/", views.invitation_respond, name="invitation"),
]
