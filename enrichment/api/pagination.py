"""Page-number pagination for archives of any size: the count is exact up to
``paging.COUNT_CAP`` articles and PostgreSQL's estimate past that (``count_exact`` says which),
so a list page costs the same with a million articles as with a hundred."""
from __future__ import annotations

from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from ..paging import BoundedPaginator


class ArchivePagination(PageNumberPagination):
    django_paginator_class = BoundedPaginator

    def get_paginated_response(self, data):
        return Response({
            "count": self.page.paginator.count,
            "count_exact": self.page.paginator.count_exact,
            "next": self.get_next_link(),
            "previous": self.get_previous_link(),
            "results": data,
        })

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["count_exact"] = {
            "type": "boolean", "example": True,
            "description": "False when the archive is large and `count` is the database's estimate.",
        }
        response["required"] = [*response.get("required", ["count", "results"]), "count_exact"]
        return response
