"""Config loading: defaults from the original study, unknown keys, safe YAML, line numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from replicate.config import config_problems, load_config
from replicate.errors import ConfigError


def _write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "cohort.yaml"
    p.write_text(text, encoding="utf-8")
    return p


BASE = """\
study: {id: s1, title: T, school: S}
programme: {students_offered: 122}
data: {students: s.csv, mentors: m.csv}
"""


def test_defaults_come_from_the_original_study(tmp_path: Path) -> None:
    cfg = load_config(_write(tmp_path, BASE))
    assert cfg.sampling.min_meetings == 3
    assert cfg.sampling.target_n == 12
    assert cfg.guide.pilot_interviews == 2
    assert cfg.guide.planned_minutes == (40.0, 50.0)
    assert cfg.reliability.double_coded_fraction == 0.2
    assert cfg.reliability.thresholds == {"kappa": 0.6, "alpha": 0.667}
    assert cfg.synthesis.saturation.base == 4 and cfg.synthesis.saturation.run == 2
    assert cfg.study.language == "en"
    assert cfg.data_path("students") == tmp_path.resolve() / "s.csv"


def test_unknown_key_names_line_path_and_allowed_keys(tmp_path: Path) -> None:
    p = _write(tmp_path, BASE + "sampling:\n  min_meetngs: 2\n")
    _, problems = config_problems(p)
    assert len(problems) == 1
    line = problems[0].one_line()
    assert line.startswith(f"{p}, line 5, sampling.min_meetngs: unknown key 'min_meetngs'")
    assert "min_meetings" in line and "target_n" in line


def test_every_problem_is_listed(tmp_path: Path) -> None:
    p = _write(tmp_path, BASE.replace("en", "en") + "seed: -1\nguide: {planned_minutes: [50, 40]}\n"
               "study2: 1\n")
    _, problems = config_problems(p)
    text = "\n".join(e.one_line() for e in problems)
    assert len(problems) == 3, text
    assert "seed" in text and "guide.planned_minutes" in text and "unknown key 'study2'" in text


def test_wrong_language_says_what_is_allowed(tmp_path: Path) -> None:
    p = _write(tmp_path, BASE.replace("school: S}", "school: S, language: de}"))
    with pytest.raises(ConfigError) as err:
        load_config(p)
    assert "study.language" in str(err.value) and "'en' or 'sv'" in str(err.value)


def test_python_object_tags_are_refused(tmp_path: Path) -> None:
    p = _write(tmp_path, BASE + "seed: !!python/object/apply:os.system ['echo hi']\n")
    with pytest.raises(ConfigError) as err:
        load_config(p)
    assert "line 4" in str(err.value) and "Python object tags are not allowed" in str(err.value)


@pytest.mark.parametrize(("text", "needle"), [
    ("", "the file is empty"),
    ("- a\n- b\n", "the file is a list"),
    ("study: [unclosed\n", "YAML error"),
])
def test_not_a_mapping(tmp_path: Path, text: str, needle: str) -> None:
    with pytest.raises(ConfigError) as err:
        load_config(_write(tmp_path, text))
    assert needle in str(err.value)


def test_target_larger_than_offered(tmp_path: Path) -> None:
    p = _write(tmp_path, BASE.replace("122", "10"))
    with pytest.raises(ConfigError) as err:
        load_config(p)
    assert "target_n (12) exceeds programme.students_offered (10)" in str(err.value)


def test_non_utf8_config(tmp_path: Path) -> None:
    p = tmp_path / "cohort.yaml"
    p.write_bytes(BASE.encode() + "# sk\xe5la\n".encode("latin-1"))
    with pytest.raises(ConfigError) as err:
        load_config(p)
    assert "not valid UTF-8" in str(err.value) and "line 4" in str(err.value)
