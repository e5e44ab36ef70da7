from django.urls import path

from articles.views import claims, speakers, workbench

urlpatterns = [
    path("", workbench.dashboard, name="dashboard"),
    path("claims/", claims.claim_list, name="claim_list"),
    path("claims/bulk/", claims.claim_bulk, name="claim_bulk"),
    path("claims/<int:pk>/", claims.claim_detail, name="claim_detail"),
    path("claims/<int:pk>/row/", claims.claim_row, name="claim_row"),
    path("claims/<int:pk>/accept/", claims.claim_accept, name="claim_accept"),
    path("claims/<int:pk>/reject/", claims.claim_reject, name="claim_reject"),
    path("claims/<int:pk>/assign/", claims.claim_assign, name="claim_assign"),
    path("claims/<int:pk>/reopen/", claims.claim_reopen, name="claim_reopen"),
    path("claims/<int:pk>/merge/", claims.claim_merge, name="claim_merge"),
    path("quotes/<int:pk>/correct/", claims.quote_correct, name="quote_correct"),
    path("quotes/<int:pk>/split/", claims.quote_split, name="quote_split"),
    path("articles/<int:pk>/", workbench.article_detail, name="article_detail"),
    path("speakers/<int:pk>/edit/", speakers.speaker_edit, name="speaker_edit"),
]
