from django.urls import path

from articles.views import factcheck_address as address
from articles.views import factcheck_citations as citations
from articles.views import factcheck_editor as editor
from articles.views import factcheck_workflow as workflow

urlpatterns = [
    path("fact-checks/", editor.factcheck_list, name="factcheck_list"),
    path("fact-checks/<int:pk>/", editor.factcheck_edit, name="factcheck_edit"),
    path("fact-checks/<int:pk>/save/", editor.factcheck_save, name="factcheck_save"),
    path("fact-checks/<int:pk>/preview/", editor.factcheck_preview, name="factcheck_preview"),
    path("fact-checks/<int:pk>/history/", editor.factcheck_history, name="factcheck_history"),
    path("fact-checks/<int:pk>/address/", address.factcheck_address, name="factcheck_address"),
    path("fact-checks/<int:pk>/submit/", workflow.factcheck_submit, name="factcheck_submit"),
    path("fact-checks/<int:pk>/withdraw/", workflow.factcheck_withdraw, name="factcheck_withdraw"),
    path("fact-checks/<int:pk>/return/", workflow.factcheck_return, name="factcheck_return"),
    path("fact-checks/<int:pk>/publish/", workflow.factcheck_publish, name="factcheck_publish"),
    path("fact-checks/<int:pk>/unschedule/", workflow.factcheck_unschedule, name="factcheck_unschedule"),
    path("fact-checks/<int:pk>/retract/", workflow.factcheck_retract, name="factcheck_retract"),
    path("fact-checks/<int:pk>/changes/discard/", workflow.factcheck_discard_changes, name="factcheck_discard_changes"),
    path("fact-checks/<int:pk>/corrections/", workflow.correction_add, name="correction_add"),
    path("fact-checks/<int:pk>/sources/", citations.source_search, name="source_search"),
    path("fact-checks/<int:pk>/citations/", citations.citation_add, name="citation_add"),
    path("fact-checks/<int:pk>/citations/<int:citation_pk>/remove/", citations.citation_remove, name="citation_remove"),
    path("fact-checks/<int:pk>/citations/<int:citation_pk>/move/", citations.citation_move, name="citation_move"),
    path("fact-checks/<int:pk>/citations/<int:citation_pk>/note/", citations.citation_note, name="citation_note"),
]
