"""Bad input: exact error texts with line numbers; CRLF and cp1252 parse like the UTF-8/LF original."""

from __future__ import annotations

import pytest
from loader_helpers import REPORT_2025, VARIANT_2031

from smals_graph.graph_model.errors import ReportError
from smals_graph.loader.parse import parse_report, parse_text

REAL = REPORT_2025.read_text(encoding="utf-8")
VAR = VARIANT_2031.read_text(encoding="utf-8")


def _err(path_or_text, tmp_path=None, data: bytes | None = None) -> ReportError:
    with pytest.raises(ReportError) as info:
        if data is not None:
            f = tmp_path / "r.txt"
            f.write_bytes(data)
            parse_report(f)
        else:
            parse_text(path_or_text, "r.txt")
    return info.value


def test_empty_file(tmp_path):
    e = _err(None, tmp_path, b"")
    assert (e.message, e.line) == ("empty file", None)
    assert str(e).endswith("r.txt: empty file")
    e = _err(" \n\t\n\n")
    assert (e.message, e.line, str(e)) == ("empty file", None, "r.txt: empty file")


def test_not_a_report():
    e = _err("Bonjour,\nCeci est une lettre, pas un rapport.\n")
    assert e.message == 'not an activity report: no "PROJETS DE <year>" heading and no "Liste des membres"'
    assert e.line is None


def test_truncated_in_projects():
    text = "\n".join(REAL.splitlines()[:1300]) + "\n"
    e = _err(text)
    assert e.message == ('truncated report: the projects section (line 748) is not followed by the summary table '
                         '"Aperçu des projets de 2025"')
    assert e.line == 1300
    assert str(e).startswith("r.txt:1300: truncated report")


def test_truncated_before_members():
    e = _err("\n".join(REAL.splitlines()[:2500]) + "\n")
    assert e.message == 'truncated report: no members list ("Membres de la catégorie A/B/C") after the projects section'
    assert e.line == 2500


def test_truncated_in_members():
    e = _err("\n".join(REAL.splitlines()[:2700]) + "\n")
    assert e.message == 'truncated report: the members list has no "Membres de la catégorie C" heading'
    assert e.line == 2700


def test_undecodable_bytes(tmp_path):
    e = _err(None, tmp_path, b"RAPPORT\n\n\x81\x8d\n")
    assert e.message == "undecodable bytes: not UTF-8 (byte 0x81 at line 3) and not cp1252 (byte 0x81 at line 3)"
    assert e.line == 3
    e = _err(None, tmp_path, b"abc\n\x00def")
    assert (e.message, e.line) == ("binary file (NUL byte): not a text report", 2)


def test_cp1252_file(tmp_path):
    f = tmp_path / "variant-cp1252.txt"
    f.write_bytes(VAR.encode("cp1252"))
    got = parse_report(f)
    want = parse_text(VAR, str(f))
    assert got.problems[0].to_json() == {"severity": "info", "line": 1,
                                  "message": "file is not UTF-8 (byte 0xc9 at line 1); decoded as cp1252"}
    assert got.problems[1:] == want.problems
    for key in ("members", "projects", "services", "uses", "technologies", "organizations"):
        assert getattr(got, key) == getattr(want, key), key


def test_crlf_parses_like_lf(tmp_path, report):
    f = tmp_path / "crlf.txt"
    f.write_bytes(REPORT_2025.read_bytes().replace(b"\n", b"\r\n"))
    got = parse_report(f)
    for key in ("members", "organizations", "projects", "technologies", "services", "uses", "problems"):
        assert getattr(got, key) == getattr(report, key), key
    assert got.source.sha256 != report.source.sha256


def _variant_with(line_no: int, replacement: str) -> str:
    lines = VAR.split("\n")
    lines[line_no - 1] = replacement
    return "\n".join(lines)


def test_block_missing_clients():
    assert VAR.split("\n")[39] == "\tCNA"
    d = parse_text(_variant_with(40, ""), "v.txt")
    assert {"severity": "error", "message": 'Project "Pension Live 2031" (line 39) has no clients line', "line": 39} \
        in [p.to_json() for p in d.problems]
    p = d.projects[0]
    assert p.clients == [] and p.status_norm == "acceptance"
    assert len(d.projects) == 6


def test_block_missing_status():
    assert VAR.split("\n")[40] == "\tEn acceptation"
    d = parse_text(_variant_with(41, ""), "v.txt")
    assert {"severity": "error", "message": 'Project "Pension Live 2031" (line 39) has no status line', "line": 39} \
        in [p.to_json() for p in d.problems]
    p = d.projects[0]
    assert p.status is None and p.status_norm is None
    assert [t.raw for t in p.technologies] == ["Kotlin", "Services web REST", "PostgreSQL", "Wave"]
    assert len(d.projects) == 6


def test_block_missing_technologies_and_description():
    lines = VAR.split("\n")
    assert lines[41].startswith("\tKotlin") and lines[45].startswith("Le projet Pension Live")
    for i in (41, 42, 45):  # both technology lines and the description
        lines[i] = ""
    d = parse_text("\n".join(lines), "v.txt")
    msgs = {(p.severity, p.line, p.message) for p in d.problems}
    assert ("warning", 39, 'Project "Pension Live 2031" (line 39) has no technology line') in msgs
    assert ("warning", 39, 'Project "Pension Live 2031" (line 39) has no description') in msgs
    p = d.projects[0]
    assert p.technologies == [] and p.description == "" and p.url == "www.pension-live.be"
    assert len(d.projects) == 6


def test_stray_header_line():
    assert VAR.split("\n")[35] == ""
    d = parse_text(_variant_with(36, "Une ligne orpheline"), "v.txt")
    assert {"severity": "warning", "line": 36,
            "message": 'Project "Pension Live 2031" (line 39): unexpected line 36 ("Une ligne orpheline") before the '
                       "tagline; ignored"} in [p.to_json() for p in d.problems]
    assert d.projects[0].tagline == "Des pensions calculées en temps réel pour tous les citoyens"


def test_lone_line_between_blocks():
    lines = VAR.split("\n")
    assert lines[46] == "" and lines[47] == "DEPARTEMENT"
    lines[47] = "Texte perdu"
    lines[48] = ""
    lines[49] = "Une phrase complète qui traîne seule entre deux projets du rapport annuel."
    d = parse_text("\n".join(lines), "v.txt")
    assert len(d.projects) == 6
    pl = d.projects[0]
    assert pl.description.endswith("Une phrase complète qui traîne seule entre deux projets du rapport annuel.") \
        or any(p.line == 48 for p in d.problems)
