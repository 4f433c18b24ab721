"""After the congress: the elected, the results dossier, complaints, ratification, annulment."""


def results_panel_context(request, congress, actors) -> dict:
    """What templates/congress/_results_panel.html needs on the congress page."""
    return {}
