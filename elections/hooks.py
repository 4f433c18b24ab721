"""What the elections app tells the congress round (congress.hooks): the facts its moves need
about the personnel plan and the elections."""


def register() -> None:
    """Called once from ElectionsConfig.ready()."""
