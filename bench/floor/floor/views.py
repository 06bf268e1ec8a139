from django.core.paginator import Paginator
from django.shortcuts import render

from floor.models import Position


def position_list(request):
    """Open positions, 20 a page, each with its enterprise: the cheapest list of this shape.

    Newest by id, which the primary key's index serves; sorting by publication date over
    every open position would make the floor dearer than the portal's indexed search.
    """
    rows = Position.objects.filter(status="open").select_related("base__enterprise").order_by("-pk")
    page = Paginator(rows, 20).get_page(request.GET.get("page"))
    return render(request, "floor/list.html", {"page": page})
