"""The congress app's tests run without the apps above it: the conditions those apps register
through congress.hooks (the personnel plan's, from elections) count as met here. Tests of the
integration live in elections/tests."""

import pytest

from congress import hooks


@pytest.fixture(autouse=True)
def congress_alone():
    with hooks.override(**dict.fromkeys(hooks.registered_conditions())):
        yield
