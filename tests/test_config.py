"""site.yaml: the declared schema, defaults, and collected config.* diagnostics."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from opcc.config import SCHEMA, ConfigError, load_config
from tests.conftest import MINIMAL_CONFIG, REPO


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "site.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def problems(tmp_path: Path, text: str):
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, text))
    return caught.value.diagnostics


def test_minimal_config_gets_defaults(tmp_path):
    config = load_config(write(tmp_path, MINIMAL_CONFIG))
    assert config.organisation.short_name == "Testshire OPCC"
    assert config.organisation.colour == "#1d3a6b"
    assert config.language == "en-GB"
    assert config.scheme.profile == "opcc"
    assert config.foi.reference_pattern == "FOI-YYYY-NNNN"
    assert config.base_path == ""
    assert [link.url for link in config.navigation] == ["/who-we-are/"]


def test_example_config_is_valid():
    config = load_config(REPO)
    assert config.organisation.name.startswith("Office of the Police and Crime Commissioner")


def test_unknown_key_with_did_you_mean(tmp_path):
    [problem] = problems(tmp_path, MINIMAL_CONFIG + "navigaton: []\n")
    assert problem.code == "config.unknown-key"
    assert problem.message == "unknown key 'navigaton'; did you mean 'navigation'?"
    assert (problem.line, problem.column) == (8, 1)


def test_every_problem_is_collected(tmp_path):
    text = MINIMAL_CONFIG.replace("base_url: https://opcc.example.org/\n", "") + \
        "language: [en]\nfoo: 1\n"
    codes = sorted(p.code for p in problems(tmp_path, text))
    assert codes == ["config.missing-key", "config.type", "config.unknown-key"]


def test_wrong_type(tmp_path):
    [problem] = problems(tmp_path, MINIMAL_CONFIG.replace(
        "navigation:\n  - {title: Who we are, url: /who-we-are/}", "navigation: /who-we-are/"))
    assert problem.code == "config.type"
    assert "'navigation' should be a list" in problem.message


def test_yaml_error(tmp_path):
    [problem] = problems(tmp_path, "organisation:\n  name: [unclosed\nbase_url: x\n")
    assert problem.code == "config.yaml" and problem.line


def test_bad_base_url_and_colour(tmp_path):
    text = MINIMAL_CONFIG.replace("https://opcc.example.org/", "opcc.example.org") + \
        "".replace("", "")
    text = text.replace("  foi_email: foi@example.org\n",
                        "  foi_email: foi@example.org\n  colour: blue\n")
    assert sorted(p.code for p in problems(tmp_path, text)) == ["config.base-url",
                                                                 "config.colour"]


def test_phone_without_quotes_is_text(tmp_path):
    text = MINIMAL_CONFIG.replace("  foi_email: foi@example.org\n",
                                  "  foi_email: foi@example.org\n  phone: 01632960100\n")
    assert load_config(write(tmp_path, text)).organisation.phone == "01632960100"


def test_every_config_key_is_documented_in_the_readme():
    readme = (REPO / "README.md").read_text("utf-8")

    def keys(schema, prefix=""):
        for name, option in schema.items():
            yield prefix + name
            if option.children:
                yield from keys(option.children, prefix + name + ".")

    missing = [key for key in keys(SCHEMA) if not re.search(rf"`{re.escape(key)}`", readme)]
    assert missing == [], f"README.md does not document: {missing}"


@pytest.mark.parametrize("colour,ok", [("#1d3a6b", True), ("#0b0c0c", True),
                                       ("#ffdd00", False), ("#777777", False),
                                       ("#767676", True)])
def test_brand_colour_contrast_is_checked(tmp_path, colour, ok):
    text = MINIMAL_CONFIG.replace("  foi_email: foi@example.org\n",
                                  f"  foi_email: foi@example.org\n  colour: \"{colour}\"\n")
    if ok:
        assert load_config(write(tmp_path, text)).organisation.colour == colour
    else:
        [problem] = problems(tmp_path, text)
        assert problem.code == "config.contrast" and "4.5:1" in problem.message
