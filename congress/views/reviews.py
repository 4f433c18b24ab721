"""Reviewing a congress (duyệt đại hội): sessions, the leaders' decisions, the conclusion notice."""


def review_panel_context(request, congress, actors) -> dict:
    """What templates/congress/_review_panel.html needs on the congress page."""
    return {}
