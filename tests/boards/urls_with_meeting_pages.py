"""
The project's URLs, with stand-ins for the public meeting and decision pages (boards:meeting,
boards:decision) where boards does not have them yet, so that what links to them can be tested.
"""

from django.http import HttpResponse
from django.urls import URLResolver, include, path

from boards import urls as board_urls
from config import urls as config_urls


def stand_in(request, **kwargs) -> HttpResponse:
    return HttpResponse("A stand-in for a public meeting page.")


_names = {pattern.name for pattern in board_urls.urlpatterns}
_stand_ins = [
    path("boards/<slug:board_slug>/meetings/<id:pk>/", stand_in, name="meeting"),
    path("boards/<slug:board_slug>/meetings/<id:meeting>/decisions/<id:pk>/", stand_in, name="decision"),
]
board_patterns = [*board_urls.urlpatterns, *(p for p in _stand_ins if p.name not in _names)]

urlpatterns = [
    path("", include((board_patterns, "boards"))),
    *(
        pattern
        for pattern in config_urls.urlpatterns
        if not (isinstance(pattern, URLResolver) and pattern.namespace == "boards")
    ),
]
