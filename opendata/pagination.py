"""
Every list of the API a page at a time: `page` and `page_size` (at most MAX_PAGE_SIZE), with the count,
the number of pages and the addresses of the next and previous pages. A page past the last is a 404,
never an empty page or an error from the database; the bounds themselves are checked by the parameters'
schema (a 400).
"""

from math import ceil

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query
from ninja.errors import HttpError

from .schemas import LICENCE

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
# No list is this long; a bound keeps a page number from reaching the database as an absurd offset.
MAX_PAGE = 1_000_000

PageNumber = Query(
    1, ge=1, le=MAX_PAGE, description=f"Which page, from 1 (at most {MAX_PAGE:,}; past the last is a 404)."
)
PageSize = Query(
    DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description=f"Results a page, from 1 to {MAX_PAGE_SIZE}."
)


def _address(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def paginate(request: HttpRequest, queryset: QuerySet, *, page: int, page_size: int) -> tuple[list, dict]:
    """The page's rows (the queryset's prefetches done for them alone), and what the page says of itself."""
    count = queryset.count()
    pages = max(1, ceil(count / page_size))
    if page > pages:
        there_are = "there is 1 page" if pages == 1 else f"there are {pages} pages"
        raise HttpError(404, f"There is no page {page}: {there_are} of up to {page_size} results.")
    start = (page - 1) * page_size
    rows = list(queryset[start : start + page_size])
    return rows, {
        "licence": LICENCE,
        "count": count,
        "page": page,
        "page_size": page_size,
        "pages": pages,
        "next": _address(request, page + 1) if page < pages else None,
        "previous": _address(request, page - 1) if page > 1 else None,
    }
