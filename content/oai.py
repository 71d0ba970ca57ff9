"""OAI-PMH 2.0 data provider (Dublin Core) for national libraries and aggregators.

Protocol: https://www.openarchives.org/OAI/openarchivesprotocol.html. Items are the live, public
resources (not the expert and employer profiles); sets are the fields of study (``setSpec`` is the
field code); identifiers are ``oai:<repository>:<external_id>``.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import re
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, prefetch_related_objects
from django.utils import timezone
from wagtail.models import Page

from intelligent_center.text import control_chars_strip

from . import selectors
from .models import PROFILE_TYPES, RESOURCE_TYPES, FieldOfStudy

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC_NS = "http://purl.org/dc/elements/1.1/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
OAI_SCHEMA = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
OAI_DC_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
ET.register_namespace("", OAI_NS)
ET.register_namespace("oai_dc", OAI_DC_NS)
ET.register_namespace("dc", DC_NS)
ET.register_namespace("xsi", XSI_NS)

PAGE_SIZE = 100
REPOSITORY_ID = "intelligent-center.vec.go.th"
DC_TYPES = {
    "research": "Text",
    "ebook": "Text",
    "elearning": "InteractiveResource",
    "econtent": "Text",
    "simulator": "InteractiveResource",
}
VERBS = {
    "Identify": (set(), set()),
    "ListMetadataFormats": (set(), {"identifier"}),
    "ListSets": (set(), {"resumptionToken"}),
    "GetRecord": ({"identifier", "metadataPrefix"}, set()),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set", "resumptionToken"}),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set", "resumptionToken"}),
}
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATETIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


class OAIError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class ListState:
    prefix: str
    offset: int = 0
    from_: str | None = None
    until: str | None = None
    set_spec: str | None = None

    def token(self) -> str:
        data = json.dumps(
            {
                "p": self.prefix,
                "o": self.offset,
                "f": self.from_,
                "u": self.until,
                "s": self.set_spec,
            }
        )
        return base64.urlsafe_b64encode(data.encode()).decode().rstrip("=")

    @classmethod
    def from_token(cls, token: str) -> ListState:
        try:
            padded = token + "=" * (-len(token) % 4)
            data = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
            state = cls(
                prefix=data["p"],
                offset=_token_offset(data["o"]),
                from_=data["f"],
                until=data["u"],
                set_spec=data["s"],
            )
        except (ValueError, KeyError, TypeError, binascii.Error, UnicodeDecodeError) as exc:
            raise OAIError("badResumptionToken", "The resumption token is invalid.") from exc
        texts = (state.from_, state.until, state.set_spec)
        if not all(value is None or isinstance(value, str) for value in texts):
            raise OAIError("badResumptionToken", "The resumption token is invalid.")
        if state.offset < 0 or state.prefix != "oai_dc":
            raise OAIError("badResumptionToken", "The resumption token is invalid.")
        return state


def _xml_safe(root: ET.Element) -> None:
    """Whatever a record holds, the response stays well-formed XML (harvesters stop at an error)."""
    for element in root.iter():
        if element.text:
            element.text = control_chars_strip(element.text)
        for name, value in element.attrib.items():
            element.set(name, control_chars_strip(value))


def _token_offset(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("offset must be an integer")
    return value


def _datestamp(value: dt.datetime | None) -> str:
    value = value or timezone.now()
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_date(value: str, *, end: bool) -> dt.datetime:
    if DATE_RE.match(value):
        try:
            day = dt.datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=dt.UTC)
        except ValueError as exc:
            raise OAIError("badArgument", f"Invalid date: {value}") from exc
        return day + dt.timedelta(days=1, microseconds=-1) if end else day
    if DATETIME_RE.match(value):
        try:
            moment = dt.datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
        except ValueError as exc:
            raise OAIError("badArgument", f"Invalid date: {value}") from exc
        return moment + dt.timedelta(microseconds=999999) if end else moment
    raise OAIError("badArgument", f"Invalid date (use YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ): {value}")


def _resource_content_types() -> list[int]:
    return [
        ContentType.objects.get_for_model(model).pk
        for key, model in RESOURCE_TYPES.items()
        if key not in PROFILE_TYPES
    ]


def _items_queryset():
    return (
        Page.objects.live()
        .filter(content_type_id__in=_resource_content_types())
        .exclude(selectors.hidden_pages_q(public_only=True))
    )


def _identifier(page) -> str:
    return f"oai:{REPOSITORY_ID}:{page.external_id}"


def _earliest_datestamp() -> str:
    first = (
        _items_queryset()
        .order_by("last_published_at")
        .values_list("last_published_at", flat=True)
        .first()
    )
    return _datestamp(first) if first else "2020-01-01T00:00:00Z"


class Provider:
    """Answers one OAI-PMH request given its arguments; returns the XML document as bytes."""

    def __init__(self, *, base_url: str, request=None):
        self.base_url = base_url
        self.request = request

    # -- Envelope ---------------------------------------------------------------------------
    def respond(self, args: dict[str, list[str]]) -> bytes:
        root = ET.Element(f"{{{OAI_NS}}}OAI-PMH")
        root.set(f"{{{XSI_NS}}}schemaLocation", f"{OAI_NS} {OAI_SCHEMA}")
        ET.SubElement(root, f"{{{OAI_NS}}}responseDate").text = _datestamp(timezone.now())
        request_el = ET.SubElement(root, f"{{{OAI_NS}}}request")
        request_el.text = self.base_url
        try:
            verb, params = self._check_arguments(args)
            for name, value in params.items():
                request_el.set(name, value)
            request_el.set("verb", verb)
            getattr(self, f"verb_{verb}")(root, params)
        except OAIError as error:
            if error.code in ("badVerb", "badArgument"):
                request_el.attrib.clear()  # the protocol forbids echoing bad arguments
            ET.SubElement(root, f"{{{OAI_NS}}}error", code=error.code).text = error.message
        _xml_safe(root)
        return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8")

    def _check_arguments(self, args: dict[str, list[str]]) -> tuple[str, dict[str, str]]:
        verbs = args.get("verb", [])
        if len(verbs) != 1 or verbs[0] not in VERBS:
            raise OAIError("badVerb", "Missing, repeated or illegal verb.")
        verb = verbs[0]
        params: dict[str, str] = {}
        for name, values in args.items():
            if name == "verb":
                continue
            if len(values) != 1:
                raise OAIError("badArgument", f"Repeated argument: {name}")
            params[name] = values[0]
        required, optional = VERBS[verb]
        allowed = required | optional
        illegal = set(params) - allowed
        if illegal:
            raise OAIError("badArgument", f"Illegal argument(s): {', '.join(sorted(illegal))}")
        if "resumptionToken" in params:
            if len(params) != 1:
                raise OAIError("badArgument", "resumptionToken is an exclusive argument.")
            return verb, params
        missing = required - set(params)
        if missing:
            raise OAIError("badArgument", f"Missing argument(s): {', '.join(sorted(missing))}")
        return verb, params

    # -- Verbs ------------------------------------------------------------------------------
    def verb_Identify(self, root, params):  # noqa: N802 (OAI verb names)
        identify = ET.SubElement(root, f"{{{OAI_NS}}}Identify")
        for tag, text in (
            ("repositoryName", "คลังปัญญาอาชีวศึกษา Intelligent Center (OVEC)"),
            ("baseURL", self.base_url),
            ("protocolVersion", "2.0"),
        ):
            ET.SubElement(identify, f"{{{OAI_NS}}}{tag}").text = text
        admin = getattr(settings, "OAI_ADMIN_EMAIL", "") or "admin@intelligent-center.local"
        ET.SubElement(identify, f"{{{OAI_NS}}}adminEmail").text = admin
        ET.SubElement(identify, f"{{{OAI_NS}}}earliestDatestamp").text = _earliest_datestamp()
        ET.SubElement(identify, f"{{{OAI_NS}}}deletedRecord").text = "no"
        ET.SubElement(identify, f"{{{OAI_NS}}}granularity").text = "YYYY-MM-DDThh:mm:ssZ"

    def verb_ListMetadataFormats(self, root, params):  # noqa: N802
        if "identifier" in params:
            self._page_for_identifier(params["identifier"])
        formats = ET.SubElement(root, f"{{{OAI_NS}}}ListMetadataFormats")
        fmt = ET.SubElement(formats, f"{{{OAI_NS}}}metadataFormat")
        ET.SubElement(fmt, f"{{{OAI_NS}}}metadataPrefix").text = "oai_dc"
        ET.SubElement(fmt, f"{{{OAI_NS}}}schema").text = OAI_DC_SCHEMA
        ET.SubElement(fmt, f"{{{OAI_NS}}}metadataNamespace").text = OAI_DC_NS

    def verb_ListSets(self, root, params):  # noqa: N802
        if "resumptionToken" in params:
            raise OAIError("badResumptionToken", "ListSets returns every set at once.")
        sets = ET.SubElement(root, f"{{{OAI_NS}}}ListSets")
        for field_of_study in FieldOfStudy.objects.order_by("fiscal_year", "list_number"):
            item = ET.SubElement(sets, f"{{{OAI_NS}}}set")
            ET.SubElement(item, f"{{{OAI_NS}}}setSpec").text = field_of_study.code
            name = field_of_study.full_name_th
            if field_of_study.name_en:
                name += f" — {field_of_study.name_en}"
            ET.SubElement(item, f"{{{OAI_NS}}}setName").text = name

    def verb_GetRecord(self, root, params):  # noqa: N802
        self._check_prefix(params["metadataPrefix"])
        page = self._page_for_identifier(params["identifier"])
        element = ET.SubElement(root, f"{{{OAI_NS}}}GetRecord")
        self._record(element, page, with_metadata=True)

    def verb_ListIdentifiers(self, root, params):  # noqa: N802
        self._list(root, params, tag="ListIdentifiers", with_metadata=False)

    def verb_ListRecords(self, root, params):  # noqa: N802
        self._list(root, params, tag="ListRecords", with_metadata=True)

    # -- Helpers ----------------------------------------------------------------------------
    def _check_prefix(self, prefix: str) -> None:
        if prefix != "oai_dc":
            raise OAIError("cannotDisseminateFormat", f"Unsupported metadataPrefix: {prefix}")

    def _page_for_identifier(self, identifier: str):
        prefix = f"oai:{REPOSITORY_ID}:"
        if not identifier.startswith(prefix):
            raise OAIError("idDoesNotExist", f"Unknown identifier: {identifier}")
        external_id = identifier[len(prefix) :]
        match = Q(pk__in=[])
        for key, model in RESOURCE_TYPES.items():
            if key not in PROFILE_TYPES:
                match |= Q(pk__in=model.objects.filter(external_id=external_id).values("pk"))
        page = _items_queryset().filter(match).specific().first()
        if page is None:
            raise OAIError("idDoesNotExist", f"Unknown identifier: {identifier}")
        return page

    def _list(self, root, params, *, tag: str, with_metadata: bool) -> None:
        state = self._list_state(params)
        queryset = self._list_queryset(state)
        total = queryset.count()
        if total == 0:
            raise OAIError("noRecordsMatch", "No records match the request.")
        if state.offset >= total:
            raise OAIError("badResumptionToken", "The resumption token is out of range.")
        pages = list(queryset[state.offset : state.offset + PAGE_SIZE].specific())
        _prefetch(pages, with_metadata=with_metadata)
        element = ET.SubElement(root, f"{{{OAI_NS}}}{tag}")
        for page in pages:
            if with_metadata:
                self._record(element, page, with_metadata=True)
            else:
                self._header(element, page)
        next_offset = state.offset + len(pages)
        if next_offset < total or state.offset > 0:
            token = ET.SubElement(
                element,
                f"{{{OAI_NS}}}resumptionToken",
                completeListSize=str(total),
                cursor=str(state.offset),
            )
            if next_offset < total:
                state.offset = next_offset
                token.text = state.token()

    def _list_state(self, params) -> ListState:
        if "resumptionToken" in params:
            return ListState.from_token(params["resumptionToken"])
        self._check_prefix(params["metadataPrefix"])
        return ListState(
            prefix=params["metadataPrefix"],
            from_=params.get("from"),
            until=params.get("until"),
            set_spec=params.get("set"),
        )

    def _list_queryset(self, state: ListState):
        queryset = _items_queryset()
        if state.from_ and state.until and len(state.from_) != len(state.until):
            raise OAIError("badArgument", "from and until must have the same granularity.")
        if state.from_:
            queryset = queryset.filter(last_published_at__gte=_parse_date(state.from_, end=False))
        if state.until:
            queryset = queryset.filter(last_published_at__lte=_parse_date(state.until, end=True))
        if state.set_spec:
            field_of_study = FieldOfStudy.objects.filter(code=state.set_spec).first()
            if field_of_study is None:
                raise OAIError("badArgument", f"Unknown set: {state.set_spec}")
            bank = selectors.bank_for_field(code=field_of_study.code)
            queryset = queryset.child_of(bank) if bank else queryset.none()
        return queryset.order_by("pk")

    def _header(self, parent, page):
        header = ET.SubElement(parent, f"{{{OAI_NS}}}header")
        ET.SubElement(header, f"{{{OAI_NS}}}identifier").text = _identifier(page)
        ET.SubElement(header, f"{{{OAI_NS}}}datestamp").text = _datestamp(page.last_published_at)
        ET.SubElement(header, f"{{{OAI_NS}}}setSpec").text = page.home_field.code
        return header

    def _record(self, parent, page, *, with_metadata: bool):
        record = ET.SubElement(parent, f"{{{OAI_NS}}}record")
        self._header(record, page)
        if with_metadata:
            metadata = ET.SubElement(record, f"{{{OAI_NS}}}metadata")
            self._dublin_core(metadata, page)

    def _dublin_core(self, parent, page) -> None:
        dc = ET.SubElement(parent, f"{{{OAI_DC_NS}}}dc")
        dc.set(f"{{{XSI_NS}}}schemaLocation", f"{OAI_DC_NS} {OAI_DC_SCHEMA}")

        def add(tag: str, text, lang: str | None = None):
            if text in (None, ""):
                return
            element = ET.SubElement(dc, f"{{{DC_NS}}}{tag}")
            element.text = str(text)
            if lang:
                element.set("{http://www.w3.org/XML/1998/namespace}lang", lang)

        add("title", page.title, "th")
        add("title", page.title_en, "en")
        for name in page.author_names:
            add("creator", name)
        for field_of_study in [page.home_field, *page.other_fields.all()]:
            add("subject", f"{field_of_study.code} {field_of_study.name_th}", "th")
        for item in page.tagged_items.all():
            add("subject", item.tag.name)
        add("description", getattr(page, "abstract", "") or page.summary)
        if page.institution_id:
            add("publisher", page.institution.name_th, "th")
        add("publisher", "สำนักงานคณะกรรมการการอาชีวศึกษา (OVEC)", "th")
        add("date", str(page.year) if page.year else "")
        add("type", DC_TYPES.get(page.resource_type, "Text"))
        add("type", page.resource_type)
        add("identifier", page.get_full_url(request=self.request))
        add("identifier", getattr(page, "doi", "") and f"https://doi.org/{page.doi}")
        add("identifier", page.external_id)
        for code in page.language_codes:
            add("language", code)
        add("rights", page.licence_url or page.get_licence_display())


def _prefetch(pages: list, *, with_metadata: bool) -> None:
    """One query per relation and page type, not per record."""
    if not with_metadata:
        prefetch_related_objects(pages, "home_field")
        return
    by_model: dict[type, list] = {}
    for page in pages:
        by_model.setdefault(type(page), []).append(page)
    for model_pages in by_model.values():
        prefetch_related_objects(
            model_pages,
            "home_field",
            "other_fields",
            "industries",
            "tagged_items__tag",
            "institution",
        )
