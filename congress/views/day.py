"""The congress itself: attendance, show-of-hands votes, agenda, resolution and minutes."""


def day_panel_context(request, congress, actors) -> dict:
    """What templates/congress/_day_panel.html needs on the congress page."""
    return {}
