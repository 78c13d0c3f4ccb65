"""Evidence paths stay inside the case folder; oversized files are refused without reading."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import pytest

from intake.files import FileTooLarge, MissingFile, UnsafePath, checked_file


@pytest.fixture
def case(tmp_path: Path) -> Path:
    folder = tmp_path / "case"
    (folder / "dowody").mkdir(parents=True)
    (folder / "dowody" / "fv.pdf").write_bytes(b"%PDF-1.4 test")
    (tmp_path / "secret.txt").write_text("outside")
    return folder


def test_a_file_inside_is_hashed(case: Path) -> None:
    f = checked_file(case, "dowody/fv.pdf")
    assert f.path == "dowody/fv.pdf"
    assert f.sha256 == hashlib.sha256(b"%PDF-1.4 test").hexdigest()
    assert f.size_bytes == 13


def test_windows_separators_and_dot_segments_are_normalised(case: Path) -> None:
    assert checked_file(case, "dowody\\fv.pdf").path == "dowody/fv.pdf"
    assert checked_file(case, "./dowody//fv.pdf").path == "dowody/fv.pdf"


@pytest.mark.parametrize(
    ("rel", "fragment"),
    [
        ("../secret.txt", "używa '..'"),
        ("dowody/../../secret.txt", "używa '..'"),
        ("..\\secret.txt", "używa '..'"),
        ("/etc/passwd", "jest bezwzględna"),
        ("C:\\Windows\\win.ini", "jest bezwzględna"),
        ("\\\\server\\share\\x.pdf", "jest bezwzględna"),
        ("dowody/fv.pdf\x00.txt", "NUL"),
    ],
)
def test_paths_leaving_the_folder_are_refused(case: Path, rel: str, fragment: str) -> None:
    with pytest.raises(UnsafePath, match=fragment):
        checked_file(case, rel)


def test_a_symlink_out_of_the_folder_is_refused(case: Path) -> None:
    (case / "link.txt").symlink_to(case.parent / "secret.txt")
    (case / "linkdir").symlink_to(case.parent)
    with pytest.raises(UnsafePath, match="prowadzącym poza folder sprawy"):
        checked_file(case, "link.txt")
    with pytest.raises(UnsafePath, match="prowadzącym poza folder sprawy"):
        checked_file(case, "linkdir/secret.txt")


def test_a_symlink_inside_the_folder_is_fine(case: Path) -> None:
    (case / "alias.pdf").symlink_to(case / "dowody" / "fv.pdf")
    assert checked_file(case, "alias.pdf").size_bytes == 13


def test_missing_and_non_regular_files(case: Path) -> None:
    with pytest.raises(MissingFile, match=r"brak pliku dowody/brak\.pdf w folderze sprawy"):
        checked_file(case, "dowody/brak.pdf")
    with pytest.raises(MissingFile, match="nie jest zwykłym plikiem"):
        checked_file(case, "dowody")
    with pytest.raises(MissingFile, match="pusta ścieżka"):
        checked_file(case, "  ")
    (case / "loop").symlink_to(case / "loop")
    with pytest.raises(MissingFile):
        checked_file(case, "loop")


def test_an_oversized_file_is_refused_from_its_size_alone(case: Path) -> None:
    big = case / "skan.pdf"
    with open(big, "wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # sparse: no 50 MB written
    started = time.perf_counter()
    with pytest.raises(FileTooLarge, match=r"plik skan.pdf ma 50.0 MB, ponad limit 25 MB"):
        checked_file(case, "skan.pdf")
    assert time.perf_counter() - started < 0.5
    assert os.stat(big).st_size == 50 * 1024 * 1024
