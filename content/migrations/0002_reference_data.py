"""Load the reference data of the CVM manual: present in every database, not only the demo."""

from django.db import migrations

from content.reference import data


def load_reference_data(apps, schema_editor):
    Industry = apps.get_model("content", "Industry")
    Level = apps.get_model("content", "Level")
    TeachingApproach = apps.get_model("content", "TeachingApproach")
    FieldRole = apps.get_model("content", "FieldRole")
    Institution = apps.get_model("content", "Institution")
    FieldOfStudy = apps.get_model("content", "FieldOfStudy")
    InstitutionFieldRole = apps.get_model("content", "InstitutionFieldRole")

    for model, rows in (
        (Industry, data.INDUSTRIES),
        (Level, data.LEVELS),
        (TeachingApproach, data.TEACHING_APPROACHES),
        (FieldRole, data.FIELD_ROLES),
    ):
        for order, (code, name_th, name_en) in enumerate(rows, start=1):
            model.objects.update_or_create(
                code=code, defaults={"name_th": name_th, "name_en": name_en, "sort_order": order}
            )

    institutions = {}
    for key, (name_th, name_en, province_th, province_en, ownership) in data.INSTITUTIONS.items():
        institutions[key], _ = Institution.objects.update_or_create(
            key=key,
            defaults={
                "name_th": name_th,
                "name_en": name_en,
                "province_th": province_th,
                "province_en": province_en,
                "ownership": ownership,
            },
        )

    industries = {industry.code: industry for industry in Industry.objects.all()}
    cvm_role = FieldRole.objects.get(code="cvm")
    for year, number, name_th, spec_th, name_en, spec_en, college, industry_codes in data.FIELDS:
        field, _ = FieldOfStudy.objects.update_or_create(
            code=data.field_code(year, number),
            defaults={
                "name_th": name_th,
                "name_en": name_en,
                "specialisation_th": spec_th,
                "specialisation_en": spec_en,
                "host_college": institutions[college],
                "fiscal_year": year,
                "list_number": number,
            },
        )
        # Historical models lack modelcluster's save(), so write the through table directly.
        Through = FieldOfStudy.industries.through
        Through.objects.filter(fieldofstudy=field).delete()
        Through.objects.bulk_create(
            Through(fieldofstudy=field, industry=industries[code]) for code in industry_codes
        )
        InstitutionFieldRole.objects.update_or_create(
            institution=institutions[college], field=field, defaults={"role": cvm_role}
        )


class Migration(migrations.Migration):
    dependencies = [("content", "0001_initial")]

    operations = [migrations.RunPython(load_reference_data, migrations.RunPython.noop)]
