"""Image hardening: renditions never carry the original's EXIF (camera, GPS) or XMP metadata.

Wagtail makes every rendition by calling Willow's ``auto_orient`` first; we register our own
``auto_orient`` for Pillow images in Willow's registry, which applies the EXIF orientation (as
Willow's does) and then drops the metadata, so every later save (JPEG, WebP, AVIF, PNG) has none.
"""

from __future__ import annotations

METADATA_KEYS = ("exif", "xmp", "XML:com.adobe.xmp", "comment", "photoshop", "dpi")


def auto_orient_without_metadata(willow_image):
    from PIL import ImageOps
    from willow.plugins.pillow import PillowImage

    image = ImageOps.exif_transpose(willow_image.image)
    if image is willow_image.image:
        image = image.copy()
    for key in METADATA_KEYS:
        image.info.pop(key, None)
    return PillowImage(image)


def register() -> None:
    from willow.plugins.pillow import PillowImage
    from willow.registry import registry

    registry.register_operation(PillowImage, "auto_orient", auto_orient_without_metadata)
