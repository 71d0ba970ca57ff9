"""Messages for people, Thai first then English: the one helper every app uses for bad input."""

from __future__ import annotations

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext

SEPARATOR = " / "


def _in(language: str, message, params: dict) -> str:
    with translation.override(language):
        # A lazy message translates itself; a plain msgid is looked up here.
        text = str(message) if isinstance(message, Promise) else gettext(message)
        return text % params if params else text


def bilingual(message, **params) -> str:
    """``"ไทย / English"``; only one text when the translation is missing or the same."""
    params = {key: str(value) for key, value in params.items()}
    thai, english = _in("th", message, params), _in("en", message, params)
    return thai if thai == english else f"{thai}{SEPARATOR}{english}"
