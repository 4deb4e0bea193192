"""Settings for the server the web benchmark starts: the demo settings plus the reference page.

``tests/bench/bench_web.py`` measures every page beside a bare-Django page; that page is routed
by ``expatcare.demo.bench_urls`` and exists only under these settings.
"""

from expatcare.settings.dev import *

ROOT_URLCONF = "expatcare.demo.bench_urls"
