"""Check that the permission matrix bites: break a permission on purpose and see the matrix fail.

Usage, from the repository root:

    .venv/bin/python scripts/permission_mutants.py [-k TEXT]

The tree is copied to a temporary folder (the working tree is never touched). The matrix
(tests/core/test_permissions.py) is run there once as it is, which must pass; then each mutant below is
applied in turn to the copy, the matrix is run again with -x, and the original file is put back. A mutant
is "killed" when the matrix fails with it and "survived" when the matrix still passes; a survivor means
the matrix would not notice that mistake. The script exits 1 if any mutant survived or could not be run.

-k TEXT runs only the mutants whose description contains TEXT.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MATRIX = "tests/core/test_permissions.py"
PERMISSIONS = "arm/core/permissions.py"
IGNORED = shutil.ignore_patterns(
    ".git", "__pycache__", ".pytest_cache", ".ruff_cache", "instance", "test-results", "node_modules"
)

# (description, file, text as it is, text of the mutant): the text must occur exactly once in the file.
MUTANTS = [
    (
        "case.edit lowered to EDITOR in REQUIRED_ACCESS",
        PERMISSIONS,
        '"case.edit": Access.COORDINATOR,',
        '"case.edit": Access.EDITOR,',
    ),
    (
        "network.manage lowered to EDITOR in REQUIRED_ACCESS",
        PERMISSIONS,
        '"network.manage": Access.COORDINATOR,',
        '"network.manage": Access.EDITOR,',
    ),
    (
        "resource.manage lowered to OBSERVER in REQUIRED_ACCESS",
        PERMISSIONS,
        '"resource.manage": Access.MEMBER,',
        '"resource.manage": Access.OBSERVER,',
    ),
    (
        "delete_action labelled plan.view",
        "arm/plans/views/actions.py",
        '@case_permission("plan.edit")\ndef delete_action(',
        '@case_permission("plan.view")\ndef delete_action(',
    ),
    (
        "plan.edit lowered to MEMBER in REQUIRED_ACCESS",
        PERMISSIONS,
        '"plan.edit": Access.EDITOR,',
        '"plan.edit": Access.MEMBER,',
    ),
    (
        "action.update lowered to OBSERVER in REQUIRED_ACCESS",
        PERMISSIONS,
        '"action.update": Access.MEMBER,',
        '"action.update": Access.OBSERVER,',
    ),
    (
        "action.follow lowered to OBSERVER in REQUIRED_ACCESS",
        PERMISSIONS,
        '"action.follow": Access.MEMBER,',
        '"action.follow": Access.OBSERVER,',
    ),
    (
        "history.view raised to MEMBER in REQUIRED_ACCESS",
        PERMISSIONS,
        '"history.view": Access.OBSERVER,',
        '"history.view": Access.MEMBER,',
    ),
    (
        "change_rollup labelled plan.edit",
        "arm/plans/views/plan.py",
        '@case_permission("case.edit")\ndef change_rollup(',
        '@case_permission("plan.edit")\ndef change_rollup(',
    ),
    (
        "edit_wave labelled case.view",
        "arm/cases/views/waves.py",
        '@case_permission("case.edit")\ndef edit_wave(',
        '@case_permission("case.view")\ndef edit_wave(',
    ),
    (
        "new_resource labelled plan.edit",
        "arm/plans/views/resources.py",
        '@case_permission("resource.manage")\ndef new_resource(',
        '@case_permission("plan.edit")\ndef new_resource(',
    ),
    (
        "outsiders get 403 instead of 404",
        PERMISSIONS,
        "            if level is None:\n                abort(404)",
        "            if level is None:\n                abort(403)",
    ),
    (
        "admin_required lets everyone in",
        PERMISSIONS,
        "        if not current_user.is_admin:\n            abort(403)",
        "        if False:\n            abort(403)",
    ),
]


def run_matrix(tree: Path) -> tuple[int, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTEST_ADDOPTS")}
    command = [sys.executable, "-m", "pytest", "-q", "-n", "0", "-x", "-p", "no:cacheprovider", MATRIX]
    result = subprocess.run(command, cwd=tree, env=env, capture_output=True, text=True, check=False)
    return result.returncode, result.stdout + result.stderr


def first_failure(output: str) -> str:
    return next((line for line in output.splitlines() if line.startswith(("FAILED", "ERROR"))), "")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-k", default="", help="only the mutants whose description contains this text")
    args = parser.parse_args()
    mutants = [m for m in MUTANTS if args.k in m[0]]
    bad = 0
    with tempfile.TemporaryDirectory(prefix="arm-mutants-") as folder:
        tree = Path(folder) / "tree"
        shutil.copytree(ROOT, tree, symlinks=True, ignore=IGNORED)
        started = time.monotonic()
        code, output = run_matrix(tree)
        if code != 0:
            print(output)
            print(f"the matrix fails without any mutant (exit {code}): fix that first")
            return 2
        print(f"baseline: the matrix passes on the unchanged copy ({time.monotonic() - started:.0f} s)")
        for description, relative, original, mutant in mutants:
            path = tree / relative
            source = path.read_text()
            if source.count(original) != 1:
                print(f"error     {description}: the text to change occurs {source.count(original)} times")
                bad += 1
                continue
            path.write_text(source.replace(original, mutant))
            try:
                code, output = run_matrix(tree)
            finally:
                path.write_text(source)
            if code == 1:
                print(f"killed    {description}\n          {first_failure(output)}")
            elif code == 0:
                print(f"survived  {description}")
                bad += 1
            else:
                print(f"error     {description}: pytest exit {code}\n{output[-2000:]}")
                bad += 1
    print(f"{len(mutants) - bad} of {len(mutants)} mutants killed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
