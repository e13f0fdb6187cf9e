"""Round trips that keep everything: plans travel with our JSON and CSV and with TimelineJS
JSON, and an import never leaves a folder whose stages point at no plan. Everything runs the
installed ``timeline`` command on the sample folder, which has a plan."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

from timeline.loading import load

Run = Callable[..., subprocess.CompletedProcess[str]]
SAMPLE = Path(__file__).parent.parent / "events"
PLAN_ID = "us-russia-ceasefire-path"


def ok(result: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert result.returncode == 0, result.stderr
    return result


def records(folder: Path) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    timeline = load(folder).timeline
    events = sorted(
        (e.model_dump(mode="json") for e in timeline.events), key=lambda e: str(e["id"])
    )
    plans = sorted((p.model_dump(mode="json") for p in timeline.plans), key=lambda p: str(p["id"]))
    return events, plans


def test_json_export_import_export_is_byte_identical(tmp_path: Path, run_timeline: Run) -> None:
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    ok(run_timeline("export", "-e", SAMPLE, "-f", "json", "-o", first))
    data = json.loads(first.read_text(encoding="utf-8"))
    assert [plan["id"] for plan in data["plans"]] == [PLAN_ID]
    assert [stage["id"] for stage in data["plans"][0]["stages"]] == [
        "energy-ceasefire", "black-sea-ceasefire", "full-ceasefire", "permanent-peace",
    ]  # fmt: skip
    folder = tmp_path / "imported"
    imported = ok(run_timeline("import", first, "-e", folder))
    assert imported.stderr == (
        f"Imported 9 events and 1 plan into {folder} (json); 0 rejected, 0 already there\n"
    )
    assert f"Wrote {folder}/plans/{PLAN_ID}.yaml\n" in imported.stdout
    ok(run_timeline("list", "-e", folder))
    ok(run_timeline("validate", "-e", folder, "--strict"))
    ok(run_timeline("export", "-e", folder, "-f", "json", "-o", second))
    assert second.read_bytes() == first.read_bytes()
    assert records(folder) == records(SAMPLE)


def test_csv_export_import_export_is_byte_identical(tmp_path: Path, run_timeline: Run) -> None:
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    exported = ok(run_timeline("export", "-e", SAMPLE, "-f", "csv", "-o", first))
    assert exported.stdout == (
        f"Wrote {tmp_path}/first.plans.csv (1 plan, csv)\nWrote {first} (9 events, csv)\n"
    )
    plans_csv = (tmp_path / "first.plans.csv").read_bytes().decode("utf-8")
    assert plans_csv.startswith("id,title,parties,announced,stages,sources\r\n")
    assert plans_csv.splitlines()[1].startswith(
        f"{PLAN_ID},US\u2013Russia path to peace in Ukraine,United States; Russia,2025-03-18,"
    )
    folder = tmp_path / "imported"
    ok(run_timeline("import", first, "-e", folder))
    ok(run_timeline("validate", "-e", folder, "--strict"))
    ok(run_timeline("export", "-e", folder, "-f", "csv", "-o", second))
    assert second.read_bytes() == first.read_bytes()
    assert (tmp_path / "second.plans.csv").read_bytes() == plans_csv.encode("utf-8")
    assert records(folder) == records(SAMPLE)


def test_timelinejs_json_gives_the_same_records(tmp_path: Path, run_timeline: Run) -> None:
    exported = tmp_path / "timeline.json"
    ok(run_timeline("export", "-e", SAMPLE, "-f", "timelinejs-json", "-o", exported))
    data = json.loads(exported.read_text(encoding="utf-8"))
    # TimelineJS's own fields, and ours under a key it does not read.
    slide = next(s for s in data["events"] if s["unique_id"] == "2025-03-18-trump-putin-call")
    assert (
        slide["text"]["headline"] == "Trump and Putin agree an energy ceasefire as the first step"
    )
    record = slide["negotiation_timeline"]
    assert record["type"] == "call"
    assert record["actors"] == ["Donald Trump", "Vladimir Putin"]
    assert record["stage"] == f"{PLAN_ID}/energy-ceasefire"
    assert record["status"] == "agreed"
    assert [claim["by"] for claim in record["claims"]] == ["White House", "Kremlin"]
    assert [plan["id"] for plan in data["negotiation_timeline"]["plans"]] == [PLAN_ID]
    folder = tmp_path / "imported"
    ok(run_timeline("import", exported, "-e", folder))
    ok(run_timeline("validate", "-e", folder, "--strict"))
    assert records(folder) == records(SAMPLE)


def test_stages_without_their_plan_are_rejected_one_by_one(
    tmp_path: Path, run_timeline: Run
) -> None:
    # CSV on standard output has no room for the plans: said at export, and at import each
    # event naming a stage is rejected, where it is, with why; the rest are imported.
    exported = ok(run_timeline("export", "-e", SAMPLE, "-f", "csv"))
    assert "warning: the plans are not exported: CSV on standard output" in exported.stderr
    events_csv = tmp_path / "events.csv"
    events_csv.write_text(exported.stdout, encoding="utf-8", newline="")
    folder = tmp_path / "imported"
    imported = run_timeline("import", events_csv, "-e", folder)
    assert imported.returncode == 1
    assert imported.stderr.splitlines() == [
        f'{events_csv}:6:1: error: row 6 "Technical talks on a Black Sea ceasefire to begin in '
        f"the Middle East\": not imported: stage '{PLAN_ID}/black-sea-ceasefire': no plan "
        f"'{PLAN_ID}' (plans: none)",
        f'{events_csv}:9:1: error: row 9 "Trump and Putin agree an energy ceasefire as the '
        f"first step\": not imported: stage '{PLAN_ID}/energy-ceasefire': no plan '{PLAN_ID}' "
        "(plans: none)",
        f"Imported 7 events into {folder} (csv); 2 rejected, 0 already there",
    ]
    # What was imported is a folder that works.
    ok(run_timeline("list", "-e", folder))
    ok(run_timeline("build", "-e", folder, "-o", tmp_path / "page.html"))


def test_a_stage_the_plan_lacks_is_rejected_in_json(tmp_path: Path, run_timeline: Run) -> None:
    exported = tmp_path / "all.json"
    ok(run_timeline("export", "-e", SAMPLE, "-f", "json", "-o", exported))
    data = json.loads(exported.read_text(encoding="utf-8"))
    data["events"][4]["stage"] = f"{PLAN_ID}/naval-truce"
    exported.write_text(json.dumps(data, indent=2), encoding="utf-8")
    folder = tmp_path / "imported"
    imported = run_timeline("import", exported, "-e", folder)
    assert imported.returncode == 1
    assert (
        f"{exported}:104:5: error: events[4]: not imported: stage '{PLAN_ID}/naval-truce': "
        f"plan '{PLAN_ID}' has no stage 'naval-truce' (stages: energy-ceasefire, "
        "black-sea-ceasefire, full-ceasefire, permanent-peace)\n"
    ) in imported.stderr
    assert imported.stderr.endswith(
        f"Imported 8 events and 1 plan into {folder} (json); 1 rejected, 0 already there\n"
    )
    ok(run_timeline("list", "-e", folder))


def test_a_plan_already_in_the_folder_is_kept(tmp_path: Path, run_timeline: Run) -> None:
    exported = tmp_path / "all.json"
    ok(run_timeline("export", "-e", SAMPLE, "-f", "json", "-o", exported))
    data = json.loads(exported.read_text(encoding="utf-8"))
    data["plans"][0]["title"] = "Another title"
    exported.write_text(json.dumps(data, indent=2), encoding="utf-8")
    folder = tmp_path / "imported"
    (folder / "plans").mkdir(parents=True)
    ours = (SAMPLE / "plans" / f"{PLAN_ID}.yaml").read_bytes()
    (folder / "plans" / f"{PLAN_ID}.yaml").write_bytes(ours)
    imported = ok(run_timeline("import", exported, "-e", folder))
    assert (
        f"{folder}/plans/{PLAN_ID}.yaml:2:1: warning: plan '{PLAN_ID}' is already in the folder "
        "and differs from the imported one; the folder's is kept"
    ) in imported.stderr
    assert (folder / "plans" / f"{PLAN_ID}.yaml").read_bytes() == ours
    assert "Imported 9 events into" in imported.stderr
