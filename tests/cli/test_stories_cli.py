"""`newsbot stories --jsonl`: the clustering contract as a script sees it."""

import json

from tests.cli.test_cli import newsbot


def write_jsonl(path, records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


RECORDS = [
    {
        "id": "x",
        "title": "Harbour Bridge in Port Calder reopens",
        "publisher": "B",
        "timestamp": "2026-03-10T09:00:00Z",
    },
    {
        "id": 7,
        "title": "Harbour Bridge in Port Calder reopens after repair",
        "publisher": "A",
        "timestamp": "2026-03-10T08:00:00+00:00",
    },
    {
        "id": "y",
        "title": "Riverton council approves school budget",
        "publisher": "C",
        "timestamp": "2026-03-10T08:30:00Z",
        "text": "The council voted on Monday. It was close.",
    },
]


def test_stories_prints_one_label_per_input_and_joins_the_earlier_article(tmp_path):
    result = newsbot("stories", "--jsonl", str(write_jsonl(tmp_path / "in.jsonl", RECORDS)))
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["x", 7, "y"]
    labels = {line["id"]: line["story"] for line in lines}
    assert labels["x"] == labels[7] == 7  # the earlier article (by time) names the story
    assert labels["y"] != 7


def test_stories_bad_timestamp_is_one_line_and_exit_code_2(tmp_path):
    bad = [*RECORDS[:1], dict(RECORDS[1], timestamp="yesterday")]
    result = newsbot("stories", "--jsonl", str(write_jsonl(tmp_path / "in.jsonl", bad)))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        f"newsbot: {tmp_path / 'in.jsonl'}:2: needs an ISO 8601 'timestamp'"
    ]


def test_stories_missing_file_is_one_line_and_exit_code_2(tmp_path):
    result = newsbot("stories", "--jsonl", str(tmp_path / "absent.jsonl"))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
