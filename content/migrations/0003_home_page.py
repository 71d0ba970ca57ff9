"""Replace Wagtail's placeholder welcome page with our home page and add the English locale."""

from django.db import migrations

HOME_TITLE = "คลังปัญญาอาชีวศึกษา"
HOME_INTRO = (
    "<p>คลังปัญญาอาชีวศึกษา (Intelligent Center) รวบรวมงานวิจัย หนังสืออิเล็กทรอนิกส์ "
    "สื่อจำลอง บทเรียนออนไลน์ ผู้เชี่ยวชาญ สถานประกอบการ และข้อมูลความต้องการและการผลิตกำลังคน "
    "ของสาขาวิชาที่มีความเป็นเลิศทั้ง 101 สาขาวิชา ของสำนักงานคณะกรรมการการอาชีวศึกษา</p>"
)


def _base36(number: int) -> str:
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    while number:
        number, remainder = divmod(number, 36)
        out = digits[remainder] + out
    return out or "0"


def create_home_page(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    Locale = apps.get_model("wagtailcore", "Locale")
    HomePage = apps.get_model("content", "HomePage")

    thai, _ = Locale.objects.get_or_create(language_code="th")
    Locale.objects.get_or_create(language_code="en")
    if HomePage.objects.exists():
        return

    # Wagtail's first migration makes a "Welcome" page at depth 2; ours takes its place.
    Page.objects.filter(depth=2, slug="home", content_type__model="page").delete()
    home_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="content")
    root = Page.objects.get(depth=1)
    last_child = Page.objects.filter(depth=2).order_by("-path").first()
    step = int(last_child.path[-4:], 36) + 1 if last_child else 1
    path = root.path + _base36(step).rjust(4, "0")
    home = HomePage.objects.create(
        title=HOME_TITLE,
        draft_title=HOME_TITLE,
        slug="home",
        content_type=home_type,
        path=path,
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=thai,
        live=True,
        intro=HOME_INTRO,
    )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": HOME_TITLE},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0002_reference_data"),
    ]

    operations = [migrations.RunPython(create_home_page, migrations.RunPython.noop)]
