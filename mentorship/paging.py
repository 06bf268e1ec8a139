"""Previous/next pages that never count all rows: one query of page size + 1."""

from dataclasses import dataclass

from django.utils.http import urlencode

from mentorship.request_values import digits

# Deep OFFSETs get slower with every page and nobody reads 250 pages of a list; a larger
# number (however long) shows the last allowed page instead of reaching the database.
MAX_PAGE = 250


@dataclass
class SlicePage:
    """What templates/components/pager.html reads, without Paginator's COUNT(*)."""

    object_list: list
    number: int
    has_next: bool

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    def previous_page_number(self) -> int:
        return self.number - 1

    def next_page_number(self) -> int:
        return self.number + 1


def page_number(raw) -> int:
    """The page asked for: 1 for anything that is not a page number, at most MAX_PAGE."""
    text = digits(raw)
    if not text:
        return 1
    if len(text) > len(str(MAX_PAGE)):
        return MAX_PAGE
    return min(max(int(text), 1), MAX_PAGE)


def slice_page(queryset, raw_number, *, per_page: int = 25) -> SlicePage:
    """Rows of one page; one more row is fetched only to know whether a next page exists."""
    number = page_number(raw_number)
    start = (number - 1) * per_page
    rows = list(queryset[start : start + per_page + 1])
    return SlicePage(
        object_list=rows[:per_page],
        number=number,
        # Past MAX_PAGE a "next" link would only show the same page again.
        has_next=len(rows) > per_page and number < MAX_PAGE,
    )


def query_without_page(querydict) -> str:
    """The current filters (empty ones left out) as a query string, for the pager's links."""
    return urlencode(
        [(k, v) for k, values in querydict.lists() if k != "page" for v in values if v]
    )
