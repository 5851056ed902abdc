"""The store's tests share a harvest (folders and database path) and its database, with the
region of the seeds (白山市浑江区) registered."""

import pytest

from harvester.store import schema
from tests.support.harvest import Harvest


@pytest.fixture
def harvest(tmp_path):
    return Harvest(tmp_path)


@pytest.fixture
def database(harvest):
    database = schema.connect(harvest.database_path)
    database["regions"].insert({"slug": "jilin_baishan_hunjiang", "name": "白山市浑江区",
                                "parent_name": "白山市"})
    yield database
    database.close()
