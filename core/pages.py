"""What every list page shares: sortable column headers that keep the filters in the URL."""


def sort_links(request, keys):
    """For each sortable column: the URL that sorts by it (toggling direction) and its aria-sort state."""
    current = request.GET.get("ordering", "")
    links = {}
    for key in keys:
        params = request.GET.copy()
        params.pop("page", None)
        if current == key:
            state, params["ordering"] = "ascending", f"-{key}"
        elif current == f"-{key}":
            state, params["ordering"] = "descending", key
        else:
            state, params["ordering"] = "none", key
        links[key] = {"url": f"?{params.urlencode()}", "state": state}
    return links
