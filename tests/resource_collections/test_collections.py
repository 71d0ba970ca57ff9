"""Collections: save from a resource, order, notes, visibility and share links, copy, export,
reports and moderation."""

from __future__ import annotations

import json

import pytest

from resource_collections import selectors, services
from resource_collections.models import Collection, CollectionItem, CollectionReport

pytestmark = pytest.mark.django_db


def make_collection(owner, pages, *, visibility="private", title="หุ่นยนต์ ปวส.1"):
    collection = services.collection_create(owner=owner, title=title, visibility=visibility)
    for page in pages:
        services.collection_item_add(collection=collection, page=page)
    return collection


def test_save_link_on_resource_page_bank_cards_and_search_hits(client, three, bank):
    research = three[0]
    assert f"/collections/save/{research.pk}/?next=" in client.get(research.url).content.decode()
    assert f"/collections/save/{research.pk}/?next=" in client.get(bank.url).content.decode()
    html = client.get("/search/", {"q": "แขนกล"}).content.decode()
    assert f"/collections/save/{research.pk}/?next=" in html


def test_signed_out_save_goes_to_the_public_sign_in(client, three):
    response = client.get(f"/collections/save/{three[0].pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_save_into_a_new_and_an_existing_collection(client, teacher, three):
    existing = make_collection(teacher, [])
    client.force_login(teacher)
    url = f"/collections/save/{three[0].pk}/"
    response = client.post(url, {"collection": [existing.pk], "new_title": "ชุดใหม่", "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert set(
        CollectionItem.objects.filter(page=three[0]).values_list("collection__title", flat=True)
    ) == {
        "หุ่นยนต์ ปวส.1",
        "ชุดใหม่",
    }


def test_unticking_removes_the_resource_from_that_collection(client, teacher, three):
    collection = make_collection(teacher, [three[0]])
    client.force_login(teacher)
    client.post(f"/collections/save/{three[0].pk}/", {"next": "/"})
    assert not collection.items.exists()


def test_save_refuses_an_unsafe_next(client, teacher, three):
    client.force_login(teacher)
    response = client.post(
        f"/collections/save/{three[0].pk}/", {"new_title": "x", "next": "https://evil.example/"}
    )
    assert response["Location"] == three[0].url


def test_other_users_collections_are_not_offered_or_changed(client, teacher, member, three):
    theirs = make_collection(member("other"), [])
    client.force_login(teacher)
    client.post(f"/collections/save/{three[0].pk}/", {"collection": [theirs.pk]})
    assert not theirs.items.exists()
    assert client.get(f"/collections/{theirs.pk}/").status_code == 404


def test_move_and_annotate(client, teacher, three):
    collection = make_collection(teacher, three)
    last = collection.items.get(page=three[2])
    client.force_login(teacher)
    client.post(f"/collections/{collection.pk}/items/{last.pk}/up/")
    client.post(f"/collections/{collection.pk}/items/{last.pk}/note/", {"note": "ใช้ในสัปดาห์ที่ 3"})
    order = list(collection.items.order_by("position").values_list("page_id", flat=True))
    assert order == [three[0].pk, three[2].pk, three[1].pk]
    assert collection.items.get(pk=last.pk).note == "ใช้ในสัปดาห์ที่ 3"


def test_private_collection_is_not_opened_by_its_token(client, teacher, three):
    collection = make_collection(teacher, three)
    assert client.get(f"/collections/shared/{collection.share_token}/").status_code == 404


def test_shared_link_opens_for_anyone_signed_out(client, teacher, three):
    collection = make_collection(teacher, three, visibility="link")
    response = client.get(f"/collections/shared/{collection.share_token}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert all(page.title in html for page in three)
    assert response["Referrer-Policy"] == "no-referrer"


def test_a_new_link_retires_the_old_one(client, teacher, three):
    collection = make_collection(teacher, three, visibility="link")
    old = collection.share_token
    client.force_login(teacher)
    client.post(f"/collections/{collection.pk}/new-link/")
    client.logout()
    assert client.get(f"/collections/shared/{old}/").status_code == 404
    collection.refresh_from_db()
    assert client.get(f"/collections/shared/{collection.share_token}/").status_code == 200


def test_restricted_resource_is_left_out_for_a_visitor(client, teacher, three):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=three[1], restriction_type="login")
    collection = make_collection(teacher, three, visibility="link")
    html = client.get(f"/collections/shared/{collection.share_token}/").content.decode()
    assert three[0].title in html and three[1].title not in html


def test_public_collections_are_listed_on_profile_and_bank_page(client, teacher, three, bank):
    public = make_collection(teacher, three, visibility="public", title="คอลเลกชันสาธารณะ")
    make_collection(teacher, three, visibility="link", title="คอลเลกชันลับ")
    profile_html = client.get(f"/accounts/people/{teacher.ic_profile.public_key}/").content.decode()
    bank_html = client.get(bank.url).content.decode()
    for html in (profile_html, bank_html):
        assert "คอลเลกชันสาธารณะ" in html and "คอลเลกชันลับ" not in html
    assert f"/collections/public/{public.pk}/" in bank_html


def test_bank_page_lists_public_collections_in_few_queries(
    client, teacher, three, bank, django_assert_max_num_queries
):
    for n in range(5):
        make_collection(teacher, three, visibility="public", title=f"ชุด {n}")
    from resource_collections.selectors import public_collections_for_bank

    with django_assert_max_num_queries(2):
        assert len(public_collections_for_bank(bank=bank)) == 5


def test_copy_a_public_collection_with_order_and_notes(client, teacher, member, three):
    original = make_collection(teacher, three, visibility="public")
    item = original.items.first()
    services.collection_item_annotate(collection=original, item_id=item.pk, note="อ่านก่อน")
    reader = member("reader")
    client.force_login(reader)
    response = client.post(f"/collections/public/{original.pk}/copy/")
    copy = Collection.objects.get(owner=reader)
    assert response["Location"] == f"/collections/{copy.pk}/"
    assert copy.visibility == "private" and copy.copied_from == original
    assert list(copy.items.values_list("page_id", "note")) == [
        (three[0].pk, "อ่านก่อน"),
        (three[1].pk, ""),
        (three[2].pk, ""),
    ]


def test_private_collection_cannot_be_copied(client, teacher, member, three):
    original = make_collection(teacher, three)
    client.force_login(member("reader"))
    assert client.post(f"/collections/public/{original.pk}/copy/").status_code == 404


def test_exports(client, teacher, three):
    collection = make_collection(teacher, three, visibility="link")
    base = f"/collections/shared/{collection.share_token}/export"
    ris = client.get(base + ".ris").content.decode()
    assert ris.count("ER  - ") == 3 and "TY  - RPRT" in ris and "TY  - EBOOK" in ris
    bib = client.get(base + ".bib").content.decode()
    assert "@techreport{" in bib and "@book{" in bib and "@misc{" in bib
    data = json.loads(client.get(base + ".json").content)
    assert [item["title"] for item in data["items"]] == [page.title for page in three]


def test_report_reaches_the_fields_staff_only(client, teacher, member, three, make_staff):
    collection = make_collection(teacher, three, visibility="public")
    client.force_login(member("reader"))
    client.post(f"/collections/public/{collection.pk}/report/", {"reason": "ชื่อไม่เหมาะสม"})
    assert CollectionReport.objects.get().reason == "ชื่อไม่เหมาะสม"
    field_staff = make_staff("cvm", "F64-11")
    other_staff = make_staff("other-cvm", "F64-12")
    assert [c.pk for c in selectors.moderation_queue(user=field_staff)] == [collection.pk]
    assert selectors.moderation_queue(user=other_staff) == []
    client.force_login(field_staff)
    html = client.get("/admin/collections-moderation/").content.decode()
    assert "ชื่อไม่เหมาะสม" in html


def test_field_staff_hide_a_public_collection(client, teacher, three, make_staff, bank):
    collection = make_collection(teacher, three, visibility="public", title="ชุดที่จะถูกซ่อน")
    client.force_login(make_staff("cvm", "F64-11"))
    client.post(f"/admin/collections-moderation/{collection.pk}/hide/", {"reason": "สแปม"})
    client.logout()
    assert client.get(f"/collections/public/{collection.pk}/").status_code == 404
    assert "ชุดที่จะถูกซ่อน" not in client.get(bank.url).content.decode()


def test_staff_of_another_field_cannot_hide(client, teacher, three, make_staff):
    collection = make_collection(teacher, three, visibility="public")
    client.force_login(make_staff("other-cvm", "F64-12"))
    response = client.post(f"/admin/collections-moderation/{collection.pk}/hide/")
    assert response.status_code == 302 and response["Location"] == "/admin/"  # Wagtail's refusal
    collection.refresh_from_db()
    assert collection.hidden_at is None


def test_public_member_cannot_open_moderation(client, teacher):
    client.force_login(teacher)
    assert client.get("/admin/collections-moderation/").status_code == 302
