from django.urls import path

from groundswell.products import manage_views, views

app_name = "products"
urlpatterns = [
    # Readers (views.py)
    path("products/", views.product_list, name="list"),
    path("communities/<slug:slug>/products/", views.community_products, name="community_list"),
    path("communities/<slug:slug>/products/new/", views.product_create, name="create"),
    path("products/<int:product_id>/", views.product_detail, name="detail"),
    path("products/<int:product_id>/versions/<int:version_id>/", views.version_detail, name="version"),
    path("products/<int:product_id>/versions/<int:version_id>/file/", views.version_file, name="version_file"),
    path("products/<int:product_id>/story/", views.product_story, name="story"),
    path("products/<int:product_id>/story.csv", views.product_story_csv, name="story_csv"),
    path("products/<int:product_id>/share/", views.product_share, name="share"),
    path("products/<int:product_id>/we-use-this/", views.report_use, name="report_use"),
    path("products/<int:product_id>/we-use-this/<str:token>/", views.confirm_use, name="confirm_use"),
    # Editors, members recording life events, convenors verifying them (manage_views.py)
    path("products/<int:product_id>/edit/", manage_views.product_edit, name="edit"),
    path("products/<int:product_id>/stage/", manage_views.product_stage, name="stage"),
    path("products/<int:product_id>/versions/new/", manage_views.version_create, name="version_create"),
    path("products/<int:product_id>/authors/", manage_views.authors, name="authors"),
    path("products/<int:product_id>/born-at/", manage_views.origins, name="origins"),
    path("products/<int:product_id>/events/new/", manage_views.event_create, name="event_create"),
    path("products/<int:product_id>/events/<int:event_id>/verify/", manage_views.event_verify, name="event_verify"),
    path("products/<int:product_id>/events/<int:event_id>/remove/", manage_views.event_remove, name="event_remove"),
]
