import pytest


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Rendered PDFs and uploads go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path
