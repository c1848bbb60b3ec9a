"""Which stored URLs may become links: only absolute http(s) ones.

Feed and page URLs come from the web; a `javascript:` or `data:` URL rendered as a link would run
in the Airflow UI's origin. Anything else is shown as text.
"""

from __future__ import annotations

from newsflow.extract.urls import absolute_http_url


def http_url(value: str | None) -> str | None:
    """`value` when it is an absolute http(s) URL with a host (dedup's rule for stored URLs), else None."""
    if not value:
        return None
    url = value.strip()
    # Browsers drop ASCII control characters and whitespace inside a scheme ("java\tscript:").
    if any(ord(ch) < 0x21 or ord(ch) == 0x7F for ch in url):
        return None
    return absolute_http_url(url)
