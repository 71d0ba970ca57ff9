"""Images: EXIF stripped from renditions, AVIF/WebP with a JPEG fallback, srcset."""

from __future__ import annotations

import io

from django.core.files.base import ContentFile
from django.template import Context, Template
from PIL import Image as PILImage
from wagtail.images import get_image_model

from .factories import jpeg_with_exif_bytes


def test_renditions_carry_no_exif(db, media_root):
    original = jpeg_with_exif_bytes()
    assert PILImage.open(io.BytesIO(original)).getexif().get(0x0110) == "SecretCam"
    image = get_image_model()(title="กล้อง", file=ContentFile(original, name="photo.jpg"))
    image.save()
    for spec in ("width-400", "width-400|format-webp", "width-400|format-avif"):
        rendition = image.get_rendition(spec)
        with rendition.file.open("rb") as handle:
            data = handle.read()
        opened = PILImage.open(io.BytesIO(data))
        assert not opened.getexif(), spec
        assert b"SecretCam" not in data, spec


def test_responsive_picture_has_avif_webp_and_jpeg_fallback(db, media_root, rf):
    image = get_image_model()(
        title="ภาพ", file=ContentFile(jpeg_with_exif_bytes(), name="photo.jpg")
    )
    image.save()
    html = Template(
        '{% load files_tags %}{% responsive_picture image "(max-width: 800px) 100vw, 640px" '
        'alt="ภาพ" %}'
    ).render(Context({"image": image}))
    assert 'type="image/avif"' in html and 'type="image/webp"' in html
    assert "<img" in html and ".jpg" in html.split("<img", 1)[1]
    assert "srcset=" in html and "400w" in html and "1200w" in html
    assert 'sizes="(max-width: 800px) 100vw, 640px"' in html
