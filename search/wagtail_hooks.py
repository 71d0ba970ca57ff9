"""Staff edit the synonym list in the Wagtail admin (Snippets → Search synonyms)."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Synonym


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "search"
    menu_label = _("Search synonyms")
    list_display = ["terms", "note"]
    search_fields = ["terms", "note"]


register_snippet(SynonymViewSet)
