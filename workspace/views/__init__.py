"""The pages around a person's work: the agencies of the plan and my agency.

Views are thin: they ask ``agencies.scoping`` who may see what, and read through the tasks' querysets and
figures (``tasks.figures``); they write nothing.
"""

from .agencies import AgencyDetailView, AgencyListView, AgencyLookupView
from .landing import LandingView
from .my_agency import MyAgencyView
from .search import SearchView

__all__ = ["AgencyDetailView", "AgencyListView", "AgencyLookupView", "LandingView", "MyAgencyView", "SearchView"]
