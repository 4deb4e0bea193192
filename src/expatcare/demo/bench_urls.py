"""URL configuration of the web benchmark: the product's URLs plus the bare reference page.

Selected only by ``expatcare.settings.bench``; the product's own ``expatcare.urls`` never routes
the reference page, whatever the environment says.
"""

from django.urls import URLPattern, URLResolver, include, path

from expatcare.demo import bench_views

urlpatterns: list[URLPattern | URLResolver] = [
    path("bench/bare/", bench_views.bare_people, name="bench_bare"),
    path("", include("expatcare.urls")),
]
