"""The `proofdesk` command as a user types it."""

import json
import subprocess
import sys

import pytest

from tests.core.conftest import BRIEF


@pytest.fixture
def acme(cli, tmp_path):
    assert cli("brands", "add", "acme", "--name", "Acme Home")[0] == 0
    cli("users", "add", "rev@acme.test", "--name", "Rita", "--role", "reviewer", "--brand", "acme",
        "--slack-id", "U123")
    cli("users", "add", "ret@studio.test", "--name", "Rob", "--role", "retoucher")
    brief = tmp_path / "brief.toml"
    brief.write_text(BRIEF)
    code, out, _ = cli("orders", "create", "--brand", "acme", "--brief", brief)
    assert code == 0 and "order 1 created" in out
    return tmp_path


def test_listings_print_tables_and_json(cli, acme):
    code, out, _ = cli("users", "list")
    assert code == 0 and "rev@acme.test" in out and "reviewer@acme" in out
    code, out, _ = cli("users", "list", "--json")
    users = json.loads(out)
    assert {u["email"]: u["slack_user_id"] for u in users}["rev@acme.test"] == "U123"
    assert json.loads(cli("brands", "list", "--json")[1])[0]["slug"] == "acme"
    assert json.loads(cli("orders", "list", "--json")[1])[0]["lines"] == 3


def test_ingest_review_and_show_round_trip(cli, acme):
    from config.demo import master_image

    master = acme / "AC-100_2025-10_front_master.jpg"
    master.write_bytes(master_image(1, (1200, 900)))
    bad = acme / "AC-100-2025-10-back.jpg"
    bad.write_bytes(b"junk")
    code, out, err = cli("--as", "ret@studio.test", "ingest", "--order", "1", master, bad)
    assert code == 1
    assert "ok    AC-100_2025-10_front_master.jpg -> asset 1 v1" in err
    assert "did you mean AC-100_2025-10_back_master.jpg?" in err
    assert "1 ingested, 1 failed" in out
    assert cli("--as", "rev@acme.test", "comment", "1", "Looks great")[0] == 0
    code, out, _ = cli("--as", "rev@acme.test", "approve", "1", "--version", "1")
    assert code == 0 and "approved by rev@acme.test" in out
    code, out, err = cli("--as", "rev@acme.test", "approve", "1", "--version", "1")
    assert code == 2 and "already approved by Rita" in err and "Traceback" not in err
    shown = json.loads(cli("assets", "show", "1", "--json")[1])
    assert shown["versions"][0]["decision"]["by"] == "rev@acme.test"
    assert shown["comments"][0]["body"] == "Looks great"
    code, out, _ = cli("orders", "show", "1")
    assert "AC-100" in out and "APPROVED" in out and "missing" in out


@pytest.mark.parametrize("args, message", [
    (("products", "list", "--brand", "nope"), "unknown brand 'nope'"),
    (("orders", "create", "--brand", "acme", "--brief", "missing.toml"), "does not exist"),
    (("--as", "rev@acme.test", "brands", "add", "x", "--name", "X"), "may not manage brands"),
    (("--as", "ghost@x.test", "assets", "list"), "no user with address"),
    (("approve", "99", "--version", "1"), "no asset 99"),
])
def test_bad_input_is_one_line_exit_2_without_traceback(cli, acme, args, message):
    code, out, err = cli(*args)
    assert code == 2
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_unreadable_brief_names_the_toml_problem(cli, acme):
    broken = acme / "broken.toml"
    broken.write_text("title = \n[[products]")
    code, _, err = cli("orders", "create", "--brand", "acme", "--brief", broken)
    assert code == 2 and "not valid TOML" in err


def test_every_subcommand_has_help(env):
    from config.cli import build_parser

    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices
    for name, sub in commands.items():
        assert sub.format_help().startswith("usage: proofdesk " + name), name


def test_the_installed_command_runs_in_a_fresh_home(env, tmp_path):
    proc = subprocess.run([sys.executable, "-m", "config.cli", "init"], capture_output=True,
                          text=True, env=env, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Proofdesk home" in proc.stdout
    assert (tmp_path / "home" / "secret.key").stat().st_mode & 0o777 == 0o600


def test_backup_fsck_and_restore_of_an_asset_from_the_command_line(cli, acme):
    from config.demo import master_image

    master = acme / "AC-100_2025-10_front_master.jpg"
    master.write_bytes(master_image(2, (1000, 800)))
    cli("ingest", "--order", "1", master)
    code, out, _ = cli("fsck")
    assert code == 0 and out.strip().endswith("clean")
    code, out, _ = cli("backup", acme / "bk")
    assert code == 0 and "blobs" in out and (acme / "bk" / "manifest.json").exists()
    assert cli("archive", "1")[0] == 0
    code, out, _ = cli("restore", "1")
    assert code == 0 and "asset 1 restored" in out
    code, _, err = cli("restore", acme / "bk")
    assert code == 2 and "empty home" in err


def test_submitted_orders_are_accepted_from_the_command_line(cli, acme, core):
    from core.services import orders
    from core.services.people import actor_for_email

    brief = {"products": [{"sku": "AC-100", "angles": ["side"], "channels": ["amazon"]}]}
    submitted = orders.submit_order(core, actor_for_email("rev@acme.test"), "acme", brief,
                                    {"via": "cli"}).order
    code, out, _ = cli("orders", "list", "--status", "submitted", "--json")
    assert [o["id"] for o in json.loads(out)] == [submitted.id]
    assert cli("orders", "accept", submitted.id)[0] == 0
    code, _, err = cli("orders", "accept", submitted.id)
    assert code == 2 and "is open, not submitted" in err
