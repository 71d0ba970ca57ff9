"""Reads of the files app (search, page templates, the reader, attempts)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from django.core import signing
from django.db.models import ForeignKey
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Page

from .models import DocumentInfo, DocumentKind, DocumentText, SimulatorAttempt

SIMULATOR_TOKEN_SALT = "files.simulator-frame"  # noqa: S105 (a signing salt, not a secret)
SIMULATOR_TOKEN_MAX_AGE = 6 * 60 * 60
ATTEMPT_TOKEN_SALT = "files.simulator-attempt"  # noqa: S105 (a signing salt)
DOWNLOADABLE_LICENCES = {
    "cc-by",
    "cc-by-sa",
    "cc-by-nc",
    "cc-by-nc-sa",
    "cc-by-nd",
    "cc-by-nc-nd",
    "cc0",
}


def _document_fields(model) -> list[str]:
    Document = get_document_model()
    return [
        f.name
        for f in model._meta.get_fields()
        if isinstance(f, ForeignKey) and f.related_model is Document
    ]


def documents_of_page(page) -> list:
    """The Wagtail documents a page's own fields point at (``EBookPage.book``,
    ``SimulatorPage.package``, …), in field order."""
    page = page.specific
    ids = [getattr(page, f"{name}_id") for name in _document_fields(type(page))]
    ids = [pk for pk in ids if pk]
    documents = get_document_model().objects.in_bulk(ids)
    return [documents[pk] for pk in ids if pk in documents]


def pages_using_document(document) -> list[Page]:
    """Every page whose own document field points at ``document``."""
    from wagtail.models import get_page_models

    pages: list[Page] = []
    for model in get_page_models():
        if model._meta.abstract:
            continue
        for name in _document_fields(model):
            pages += list(model.objects.filter(**{name: document}))
    unique = {page.pk: page for page in pages}
    return list(unique.values())


def document_text_for_page(page) -> list[tuple[int, str]]:
    """The extracted text of the page's e-book: ``[(page or chapter number, text), ...]``.

    The search index stores it so a hit links to ``page.url + "?p=<number>"`` (PDF page or EPUB
    chapter; the reader opens there).
    """
    ids = [document.pk for document in documents_of_page(page)]
    if not ids:
        return []
    rows = DocumentText.objects.filter(document_id__in=ids).order_by("document_id", "number")
    return [
        (number, f"{label}\n\n{text}" if label else text)
        for number, label, text in rows.values_list("number", "label", "text")
    ]


def document_texts_for_pages(*, pages: list, max_chars: int) -> dict[int, str]:
    """The extracted text of each page's documents (as :func:`document_text_for_page` gives it,
    parts joined by blank lines), by page id, for pages that have any; at most ``max_chars`` of
    each. One query for the whole batch; a document's texts stop being collected past
    ``max_chars``, so a batch of long books stays small in memory."""
    document_ids: dict[int, list[int]] = {}
    for page in pages:
        names = [f"{name}_id" for name in _document_fields(type(page))]
        ids = sorted({getattr(page, name) for name in names} - {None})
        if ids:
            document_ids[page.pk] = ids
    if not document_ids:
        return {}
    parts: dict[int, list[str]] = {}
    lengths: dict[int, int] = {}
    rows = (
        DocumentText.objects.filter(document_id__in=set().union(*document_ids.values()))
        .order_by("document_id", "number")
        .values_list("document_id", "label", "text")
    )
    for document_id, label, text in rows.iterator(chunk_size=200):
        if lengths.get(document_id, 0) > max_chars + 2:
            continue
        part = f"{label}\n\n{text}" if label else text
        parts.setdefault(document_id, []).append(part)
        lengths[document_id] = lengths.get(document_id, 0) + len(part) + 2
    texts = {}
    for pk, ids in document_ids.items():
        page_parts = [part for document_id in ids for part in parts.get(document_id, [])]
        if page_parts:
            texts[pk] = "\n\n".join(page_parts)[:max_chars]
    return texts


def reader_location_url(page, number: int) -> str:
    return f"{page.url}?p={number}#reader"


def document_page_for_query(*, page, query: str) -> int | None:
    """The first PDF page / EPUB chapter of the page's e-book holding every word of ``query``
    (for a search hit's "found on page N" link), or ``None``."""
    from .thai import normalise_thai

    words = [word for word in normalise_thai(query).split() if word]
    ids = [document.pk for document in documents_of_page(page)]
    if not words or not ids:
        return None
    rows = DocumentText.objects.filter(document_id__in=ids)
    for word in words:
        rows = rows.filter(text__icontains=word)
    return rows.order_by("document_id", "number").values_list("number", flat=True).first()


class DocumentUnpublished:
    """The refusal for a document no live page uses yet: a fresh upload, or one attached only in
    a saved draft. It is private until a page that uses it is published."""


UNPUBLISHED = DocumentUnpublished()


def _manages_document(user, document) -> bool:
    from wagtail.permissions import policy_registry

    policy = policy_registry.get_by_type(get_document_model())
    return user.is_authenticated and policy.user_has_any_permission_for_instance(
        user, ["change", "choose"], document
    )


def document_access_refusal(*, document, request):
    """``None`` when ``request`` may read ``document``, else why not: :data:`UNPUBLISHED` or the
    refusing view restriction (Wagtail page privacy).

    A document is public only when a live page uses it in its live revision and every live page
    that uses it is public; drafts do not count (the page row holds the live revision). Editors
    who may manage the document always read it.
    """
    if _manages_document(request.user, document):
        return None
    live_pages = [page for page in pages_using_document(document) if page.live]
    if not live_pages:
        return UNPUBLISHED
    for page in live_pages:
        for restriction in page.get_view_restrictions():
            if not restriction.accept_request(request):
                return restriction
    return None


@dataclass
class EbookView:
    document: object
    info: DocumentInfo | None
    kind: str
    page_count: int
    cover: object | None
    read_url: str
    download_url: str
    can_download: bool
    start: int = 1
    chapters: list[DocumentText] = field(default_factory=list)
    chapter: DocumentText | None = None


def ebook_view(*, page, request) -> EbookView | None:
    """What the in-browser reader needs for an e-book page (``None`` when it has no book)."""
    document = next(iter(documents_of_page(page)), None)
    if document is None:
        return None
    info = DocumentInfo.objects.filter(document=document).select_related("cover").first()
    kind = info.kind if info else ""
    if not kind:
        kind = DocumentKind.EPUB if document.file_extension == "epub" else DocumentKind.PDF
    try:
        start = max(1, int(request.GET.get("p", "1")))
    except ValueError:
        start = 1
    page_count = (info.page_count if info else 0) or 0
    start = min(start, page_count) if page_count else start
    view = EbookView(
        document=document,
        info=info,
        kind=kind,
        page_count=page_count,
        cover=info.cover if info else None,
        read_url=reverse("files:document_read", args=[document.pk]),
        download_url=document.url,
        can_download=getattr(page.specific, "licence", "") in DOWNLOADABLE_LICENCES,
        start=start,
    )
    if kind == DocumentKind.EPUB:
        view.chapters = list(
            DocumentText.objects.filter(document=document).defer("text").order_by("number")
        )
        view.chapter = DocumentText.objects.filter(document=document, number=start).first()
    return view


def simulator_frame_token(*, key, ancestor: str = "") -> str:
    """The signed, expiring path segment of a package's files. ``ancestor`` is the one extra
    origin allowed to frame the tool's page that hosts the package (the LMS course page): CSP
    ``frame-ancestors`` checks every ancestor, and the package's frame cannot rely on a cookie."""
    return signing.dumps([str(key), ancestor], salt=SIMULATOR_TOKEN_SALT)


def simulator_frame_ancestor(*, key, token: str) -> str | None:
    """The extra frame ancestor a valid token allows (``""`` for none); ``None`` if invalid."""
    try:
        value = signing.loads(token, salt=SIMULATOR_TOKEN_SALT, max_age=SIMULATOR_TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(value, list) or len(value) != 2 or value[0] != str(key):
        return None
    ancestor = value[1]
    return ancestor if isinstance(ancestor, str) else None


def simulator_frame_token_valid(*, key, token: str) -> bool:
    return simulator_frame_ancestor(key=key, token=token) is not None


def simulator_attempt_token(*, user, page, launch_id: int | None = None) -> str:
    """The token the host page sends a score with: bound to the viewer (user, and the LTI launch
    when there is one), to the simulator and to one attempt (a fresh nonce); it expires after
    ``SIMULATOR_ATTEMPT_TOKEN_SECONDS``. The nonce is stored with its attempt: used once."""
    payload = {
        "u": user.pk,
        "p": page.pk,
        "l": launch_id,
        "h": user.get_session_auth_hash()[:20],
        "n": secrets.token_urlsafe(18),
    }
    return signing.dumps(payload, salt=ATTEMPT_TOKEN_SALT, compress=True)


def attempts_for_user(*, user, page=None, limit: int = 50) -> list[SimulatorAttempt]:
    if not user.is_authenticated:
        return []
    attempts = SimulatorAttempt.objects.filter(user=user).select_related("simulator")
    if page is not None:
        attempts = attempts.filter(simulator=page)
    return list(attempts[:limit])


@dataclass
class SimulatorView:
    mode: str  # "package" (our sandbox), "external" (sandboxed frame), "link" (new tab) or ""
    frame_url: str = ""
    external_url: str = ""
    frame_origin: str = ""
    attempt_url: str = ""
    attempt_token: str = ""
    max_score: object = None
    is_graded: bool = False
    attempts: list[SimulatorAttempt] = field(default_factory=list)


def _viewer(request, page) -> tuple[object | None, int | None, str]:
    """Who sees the page: the LTI launch's user inside an LMS frame, else the signed-in user.
    Returns (user or None, launch id for grade passback, the LMS origin that frames us)."""
    launch = getattr(request, "lti_launch", None)
    if launch is not None:
        launch_id = launch.pk if launch.page_id == page.pk else None
        return launch.platform_user.user, launch_id, launch.platform.origin
    user = request.user if request.user.is_authenticated else None
    return user, None, ""


def simulator_view(*, page, request) -> SimulatorView:
    from urllib.parse import urlsplit

    from .models import SimulatorPackageBuild

    page = page.specific
    documents = documents_of_page(page)
    build = (
        SimulatorPackageBuild.objects.filter(document__in=documents).first() if documents else None
    )
    user, launch_id, ancestor = _viewer(request, page)
    view = SimulatorView(
        mode="",
        attempt_url=reverse("files:attempt_create", args=[page.pk]),
        max_score=getattr(page, "max_score", None),
        is_graded=bool(getattr(page, "is_graded", False)),
        attempts=attempts_for_user(user=user, page=page, limit=10) if user else [],
    )
    external_url = getattr(page, "external_url", "") or ""
    if build is not None:
        view.mode = "package"
        view.frame_url = reverse(
            "files:simulator_file",
            args=[build.key, simulator_frame_token(key=build.key, ancestor=ancestor), "index.html"],
        )
        view.frame_origin = "null"  # sandboxed without allow-same-origin: an opaque origin
    elif external_url:
        from .services_external import external_embed_allowed

        view.external_url = external_url
        parts = urlsplit(external_url)
        if external_embed_allowed(url=external_url):
            view.mode = "external"
            view.frame_url = external_url
            view.frame_origin = f"{parts.scheme}://{parts.netloc}"
        else:
            view.mode = "link"
    if user is not None and view.frame_url:
        view.attempt_token = simulator_attempt_token(user=user, page=page, launch_id=launch_id)
    return view


@dataclass
class AttemptSummary:
    """One simulator's attempts by a user: how many, the best and the latest."""

    simulator: Page
    count: int
    best: SimulatorAttempt
    latest: SimulatorAttempt


def attempt_summaries_for_users(*, users, limit: int = 200) -> list[AttemptSummary]:
    """Per simulator, most recently tried first: the best attempt (highest share of the maximum,
    then the earliest) and the latest. ``users`` are one person's accounts (their own and the
    LTI identities they linked)."""
    attempts = (
        SimulatorAttempt.objects.filter(user__in=users)
        .select_related("simulator")
        .order_by("-created_at", "-id")[: limit * 20]
    )
    summaries: dict[int, AttemptSummary] = {}
    for attempt in attempts:
        summary = summaries.get(attempt.simulator_id)
        if summary is None:
            summaries[attempt.simulator_id] = AttemptSummary(
                simulator=attempt.simulator, count=1, best=attempt, latest=attempt
            )
            continue
        summary.count += 1
        if attempt.percent >= summary.best.percent:
            summary.best = attempt
    return list(summaries.values())[:limit]
