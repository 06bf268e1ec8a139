"""How many applicants a position has in each state, for the tabs of its applicants' page.

A busy position's reviewers open that page all day; counting its thousands of applications
per state on each visit cost the database more than the rest of the page. The counts are
kept in the cache and dropped by `Application.save` and `Application.delete`, now and again
when the transaction commits (a request in between may have kept what was still committed).
"""

from mentorship.cache import forget

# For the writers that bypass save() (bulk loaders): their counts are at most this old.
COUNTS_SECONDS = 300


def counts_key(position_id) -> str:
    return f"students:applicant-counts:{position_id}"


def forget_counts(position_id) -> None:
    forget([counts_key(position_id)])
