"""Atom feeds of new resources: all, per field of study, per resource type."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from . import selectors
from .models import PROFILE_TYPES, RESOURCE_TYPES, FieldOfStudy

FEED_SIZE = 30


class NewResourcesFeed(Feed):
    feed_type = Atom1Feed
    title = _("New resources — Intelligent Center")
    subtitle = _("The newest resources of OVEC's knowledge banks")

    def get_object(self, request, field_code: str = "", type_key: str = ""):
        if type_key and (type_key not in RESOURCE_TYPES or type_key in PROFILE_TYPES):
            raise Http404
        field_of_study = None
        if field_code:
            field_of_study = FieldOfStudy.objects.filter(code=field_code).first()
            if field_of_study is None:
                raise Http404
        return {"field": field_of_study, "type_key": type_key}

    def link(self, obj):
        return "/"

    def items(self, obj):
        return selectors.resources_latest(
            limit=FEED_SIZE,
            field_code=obj["field"].code if obj["field"] else "",
            type_key=obj["type_key"],
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_full_url() or ""

    def item_updateddate(self, item):
        return item.last_published_at

    def item_pubdate(self, item):
        return item.first_published_at

    def item_author_name(self, item):
        return ", ".join(item.author_names) or None

    def item_categories(self, item):
        return [item.type_label]


class FieldResourcesFeed(NewResourcesFeed):
    def title(self, obj):
        return f"{obj['field'].full_name_th} — {_('New resources')}"


class TypeResourcesFeed(NewResourcesFeed):
    def title(self, obj):
        return f"{RESOURCE_TYPES[obj['type_key']]._meta.verbose_name} — {_('New resources')}"
