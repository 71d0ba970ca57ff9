"""Signals of the site layer."""

from django.dispatch import Signal

# A Wagtail page was answered from the anonymous page cache, without running its view (so
# without ``before_serve_page``): ``sender`` is the middleware class, ``page_id`` the page's id,
# ``request`` the request. Listeners that count page views (workforce usage) count these too.
cached_page_served = Signal()
