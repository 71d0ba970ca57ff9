"""Template tags for resource pages: the e-book reader, the simulator frame, covers and pictures.

Usage (``{% load files_tags %}``)::

    {% ebook_reader page %}          {# PDF pages (pdf.js) or EPUB chapters, with navigation #}
    {% simulator_embed page %}       {# sandboxed frame + score relay + the user's attempts #}
    {% ebook_cover page as cover %}  {# page.cover_image, else the cover rendered from page 1 #}
    {% responsive_picture image "(max-width: 800px) 100vw, 640px" alt="" %}
"""

from __future__ import annotations

from django import template
from django.template.loader import render_to_string

from files import selectors

register = template.Library()

READER_TEMPLATES = {"pdf": "files/reader_pdf.html", "epub": "files/reader_epub.html"}


@register.simple_tag(takes_context=True)
def ebook_reader(context, page):
    request = context["request"]
    ebook = selectors.ebook_view(page=page, request=request)
    if ebook is None or ebook.kind not in READER_TEMPLATES:
        return ""
    return render_to_string(
        READER_TEMPLATES[ebook.kind], {"ebook": ebook, "page": page}, request=request
    )


@register.simple_tag(takes_context=True)
def simulator_embed(context, page):
    request = context["request"]
    simulator = selectors.simulator_view(page=page, request=request)
    if simulator.mode == "external":
        # The site CSP frames only 'self'; allow this one checked origin on this response.
        request.csp_frame_src = [*getattr(request, "csp_frame_src", ()), simulator.frame_origin]
    return render_to_string(
        "files/simulator_embed.html", {"simulator": simulator, "page": page}, request=request
    )


@register.simple_tag(takes_context=True)
def ebook_cover(context, page):
    if getattr(page, "cover_image", None):
        return page.cover_image
    ebook = selectors.ebook_view(page=page, request=context["request"])
    return ebook.cover if ebook else None


@register.inclusion_tag("files/picture.html")
def responsive_picture(image, sizes="100vw", alt="", css_class=""):
    """AVIF and WebP renditions with a JPEG fallback, at 400/800/1200 px wide."""
    return {"image": image, "sizes": sizes, "alt": alt, "css_class": css_class}
