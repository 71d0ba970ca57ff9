import datetime as dt

import factory

from content.models import FieldOfStudy, Institution, Level
from workforce import models


def field(code="F64-11"):
    return FieldOfStudy.objects.get(code=code)


def level(code):
    return Level.objects.get(code=code)


class EstablishmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Establishment

    name_th = factory.Sequence(lambda n: f"บริษัท ทดสอบ {n} จำกัด")
    province_th = "ชลบุรี"
    field = factory.LazyFunction(field)


class SupplyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.SupplyRecord

    field = factory.LazyFunction(field)
    institution = factory.LazyFunction(lambda: Institution.objects.order_by("pk").first())
    academic_year = 2567
    level = factory.LazyFunction(lambda: Level.objects.order_by("sort_order").first())
    planned = 40
    enrolled = 35
    graduates = 30
    certified_tpqi = 10
    certified_dsd = 5
    certified_international = 0
    employed_or_studying = 25


class DemandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.EmployerDemand

    field = factory.LazyFunction(field)
    establishment = factory.SubFactory(EstablishmentFactory)
    year = 2567
    position = factory.Sequence(lambda n: f"ช่างเทคนิค {n}")
    headcount = 10
    level = factory.LazyFunction(lambda: Level.objects.order_by("sort_order").first())
    competencies = ""


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Partnership

    reference = factory.Sequence(lambda n: f"P-{n}")
    field = factory.LazyFunction(field)
    establishment = factory.SubFactory(EstablishmentFactory)
    institution = factory.LazyFunction(lambda: Institution.objects.order_by("pk").first())
    mode = "dual"
    purpose = "student_placement"
    year = 2567
    places_offered = 5
    places_filled = 3
    status = "active"


class TeacherDevelopmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.TeacherDevelopment

    reference = factory.Sequence(lambda n: f"T-{n}")
    field = factory.LazyFunction(field)
    institution = factory.LazyFunction(lambda: Institution.objects.order_by("pk").first())
    teacher_name = "ครูสมชาย ใจดี"
    kind = "training"
    title = "การเขียนโปรแกรม PLC"
    starts_on = dt.date(2024, 1, 10)
    ends_on = dt.date(2024, 1, 12)
    hours = 18
    certificate = ""
