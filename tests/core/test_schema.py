"""Start-up upgrades an older database without losing rows."""

from config.wiring import open_core
from core import schema
from core.actors import SYSTEM
from core.db import database
from core.models import SchemaVersion, User
from core.services import people


def test_a_version_1_database_is_upgraded_on_start_keeping_its_rows(core, settings):
    people.add_user(SYSTEM, "a@b.test", "A", "studio_admin")
    db = database.obj
    db.execute_sql('ALTER TABLE "user" DROP COLUMN notify_digest')  # as version 1 had it
    SchemaVersion.delete().execute()
    SchemaVersion.create(version=1)
    db.close()

    open_core(settings)
    assert schema.current_version(database.obj) == schema.LATEST == 2
    user = User.get(User.email == "a@b.test")
    assert user.name == "A" and user.notify_digest is True


def test_opening_twice_is_idempotent(core, settings):
    open_core(settings)
    assert SchemaVersion.select().count() == 1
