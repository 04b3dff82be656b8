from django.urls import path

from groundswell.consultations import synthesis_views, views

app_name = "consultations"
urlpatterns = [
    # Asks (views.py)
    path("asks/", views.ask_list, name="asks"),
    path("insights/from-post/", views.capture_post, name="capture_post"),
    path("insights/from-story/", views.capture_story, name="capture_story"),
    path("asks/new/", views.ask_create, name="ask_create"),
    path("asks/<int:ask_id>/", views.ask_detail, name="ask"),
    path("asks/<int:ask_id>/edit/", views.ask_edit, name="ask_edit"),
    path("asks/<int:ask_id>/documents/", views.ask_documents, name="ask_documents"),
    path("asks/<int:ask_id>/documents/<int:document_id>/", views.document_download, name="document"),
    path("asks/<int:ask_id>/agenda/", views.ask_agenda, name="ask_agenda"),
    path("asks/<int:ask_id>/you-said-we-did/", views.ask_loop, name="ask_loop"),
    # Insights (views.py)
    path("asks/<int:ask_id>/insights/", views.insight_list, name="insights"),
    path("asks/<int:ask_id>/insights/new/", views.insight_create, name="insight_create"),
    path("insights/<int:insight_id>/", views.insight_detail, name="insight"),
    path("insights/<int:insight_id>/evidence/", views.insight_evidence, name="insight_evidence"),
    path("gatherings/<int:gathering_id>/insights/", views.gathering_capture, name="gathering_capture"),
    path("communities/<slug:slug>/insights/", views.community_insights, name="community_insights"),
    path("communities/<slug:slug>/insights/new/", views.community_insight_create, name="community_insight_create"),
    # The centre (views.py)
    path("centre/", views.centre, name="centre"),
    path("communities/<slug:slug>/centre/", views.centre_roles, name="centre_roles"),
    path("communities/<slug:slug>/you-said-we-did/", views.community_loop, name="community_loop"),
    # Synthesis, themes, responses and the brief (synthesis_views.py)
    path("asks/<int:ask_id>/synthesis/", synthesis_views.synthesis_detail, name="synthesis"),
    path("asks/<int:ask_id>/synthesis/change/", synthesis_views.synthesis_change, name="synthesis_change"),
    path("themes/<int:theme_id>/", synthesis_views.theme_detail, name="theme"),
    path("themes/<int:theme_id>/response/", synthesis_views.theme_response, name="theme_response"),
    path("insights/<int:insight_id>/response/", synthesis_views.insight_response, name="insight_response"),
    path("asks/<int:ask_id>/brief/", synthesis_views.brief_page, name="brief"),
    path("asks/<int:ask_id>/brief/check/", synthesis_views.brief_check, name="brief_check"),
    path("asks/<int:ask_id>/brief.pdf", synthesis_views.brief_pdf, name="brief_pdf"),
    path("asks/<int:ask_id>/brief.csv", synthesis_views.brief_csv, name="brief_csv"),
]
