"""`newsbot quotes` as a user runs it: speakers with their role and affiliation, in every format."""

import json

from tests.cli.test_cli import newsbot
from tests.samples_quotes import TRANSPORT_ARTICLE


def test_json_gives_role_and_affiliation_or_null(tmp_path):
    path = tmp_path / "bridge.txt"
    path.write_text(TRANSPORT_ARTICLE, encoding="utf-8")
    result = newsbot("quotes", "--format", "json", str(path))
    assert result.returncode == 0, result.stderr
    quotes = json.loads(result.stdout)["quotes"]
    by_start = {q["quote"].split()[0]: q for q in quotes}
    minister = by_start["The"]
    assert (minister["speaker"], minister["role"], minister["affiliation"]) == (
        "Laura Brennan",
        "Infrastructure Minister",
        "Ministry of Transport",
    )
    holm = by_start["We"]
    assert (holm["speaker"], holm["role"], holm["affiliation"]) == (
        "Karin Holm",
        None,
        "Skarholm Sea Lines",
    )
    assert all("role" in q and "affiliation" in q for q in quotes)


def test_jsonl_gives_role_and_affiliation_per_quotation(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "a1", "text": TRANSPORT_ARTICLE}) + "\n", encoding="utf-8")
    result = newsbot("quotes", "--jsonl", str(path))
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout.splitlines()[0])
    lund = next(q for q in record["quotes"] if q["quote"].startswith("It was a difficult"))
    assert (lund["speaker"], lund["role"], lund["affiliation"]) == (
        "Erik Lund",
        "spokesman",
        "Skarholm",
    )


def test_text_output_shows_name_role_and_affiliation():
    result = newsbot("quotes", "-", stdin=TRANSPORT_ARTICLE)
    assert result.returncode == 0, result.stderr
    assert (
        "“The bridge will be closed for six weeks,” — "
        "Laura Brennan, Infrastructure Minister (Ministry of Transport)"
    ) in result.stdout.splitlines()
