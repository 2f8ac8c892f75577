"""Incremental builds of policy pages (tests/build/test_incremental.py's way, on a small
site): after adding, editing and deleting a governance block, and renaming a related
document, `opcc build` writes exactly what `opcc build --clean` writes, and only the
files that changed. Every build is a separate `python -m opcc` process."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import HOME, MINIMAL_CONFIG, REPO, WHO_INDEX, write_files
from tests.incremental_support import (
    Workspace,
    build,
    fails_in_both_modes,
    incremental_equals_clean,
    remove,
    rename,
    replace,
    write,
)
from tests.kinds.policies.test_governance import POLICY, SECURITY, SOURCE

SECURITY_SOURCE = "content/policies/security-policy.md"
PAGE = "policies/records-policy/index.html"
PLAIN = POLICY.split("governance:")[0] + "owner: Chief Executive\nreview: 2027-03-31\n---\n" \
    "The office keeps its records safely.\n"
USE_SOURCE = "content/policies/acceptable-use-policy.md"  # a policy page without the block
USE_PAGE = "policies/acceptable-use-policy/index.html"


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    """A small site with two policies, built once for the module."""
    root = tmp_path_factory.mktemp("policy-base") / "site-root"
    shutil.copytree(REPO / "templates", root / "templates",
                    ignore=shutil.ignore_patterns("node_modules", "theme"))
    write_files(root, {"site.yaml": MINIMAL_CONFIG, "content/index.md": HOME,
                       "content/who-we-are/index.md": WHO_INDEX, SOURCE: POLICY,
                       SECURITY_SOURCE: SECURITY,
                       USE_SOURCE: PLAIN.replace("Records policy", "Acceptable use policy")})
    build(root)
    return root


@pytest.fixture
def workspace(base, tmp_path):
    space = Workspace(base, tmp_path)
    yield space
    space.close()


def test_a_policy_with_a_block_added(workspace):
    text = POLICY.replace("Records policy", "Mobile devices policy")
    outcome = incremental_equals_clean(
        workspace, lambda root: write(root, "content/policies/mobile-devices-policy.md", text))
    html = outcome.incremental.text("policies/mobile-devices-policy/index.html")
    assert "Version history" in html and 'href="/policies/security-policy/"' in html


def test_a_block_added_to_a_plain_page(workspace):
    assert "Document control" not in (workspace.base / "site" / USE_PAGE).read_text("utf-8")
    text = POLICY.replace("Records policy", "Acceptable use policy")
    outcome = incremental_equals_clean(workspace, lambda root: write(root, USE_SOURCE, text))
    html = outcome.incremental.text(USE_PAGE)
    assert "Document control" in html and "Version history" in html


def test_the_block_edited(workspace):
    def change(root: Path) -> None:
        replace(root, SOURCE, '  version: "2.1"\n  status', '  version: "2.2"\n  status')
        replace(root, SOURCE, "      changes: Annual review\n", "      changes: Annual review\n"
                '    - date: 2026-11-02\n      version: "2.2"\n      author: Head of Governance\n'
                "      changes: Retention periods for CCTV added\n")
        replace(root, SOURCE, "      url: https://www.example.org/retention",
                "      url: https://www.example.org/retention-guidance")
    outcome = incremental_equals_clean(workspace, change)
    html = outcome.incremental.text(PAGE)
    assert "Retention periods for CCTV added" in html
    assert "https://www.example.org/retention-guidance" in html
    assert "Document control" in html


def test_the_block_deleted(workspace):
    outcome = incremental_equals_clean(workspace, lambda root: write(root, SOURCE, PLAIN))
    html = outcome.incremental.text(PAGE)
    assert "Document control" not in html and "Version history" not in html
    assert "Next review due" in html


def test_a_policy_deleted(workspace):
    outcome = incremental_equals_clean(workspace, lambda root: remove(root, SOURCE))
    assert PAGE not in outcome.incremental.files


def test_a_related_document_renamed_with_the_link(workspace):
    def change(root: Path) -> None:
        rename(root, SECURITY_SOURCE, "content/policies/information-security-policy.md")
        replace(root, SOURCE, "url: security-policy.md", "url: information-security-policy.md")
    outcome = incremental_equals_clean(workspace, change)
    assert 'href="/policies/information-security-policy/"' in outcome.incremental.text(PAGE)


def test_a_related_document_renamed_alone_breaks_the_link_in_both_modes(workspace):
    # the policy did not change, but its related link now leads nowhere: the incremental
    # build must re-check it as the clean build does
    run = fails_in_both_modes(workspace, lambda root: rename(
        root, SECURITY_SOURCE, "content/policies/information-security-policy.md"),
        "link.broken")
    assert f"{SOURCE}:" in run.output and "security-policy.md" in run.output
