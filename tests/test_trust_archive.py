"""The control archive cannot be fooled: every file covered (the notice too), each name once, a
fingerprint to record elsewhere, corrupt entries and links refused, bytes independent of file
times and time zone."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import MINIMAL, ROOT, run

DATE = "2028-07-01"


def _archive(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    assert run("build", MINIMAL, "-o", out, "--date", DATE).exit_code == 0
    target = tmp_path / "a.zip"
    assert run("archive", MINIMAL, "--from", out, "-o", target, "--date", DATE).exit_code == 0
    return target


def _rewrite(source: Path, target: Path, change) -> Path:
    """A copy of an archive whose entries go through `change(name, data) -> [(name, data)…]`."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            for name, data in change(info.filename, old.read(info.filename)):
                new.writestr(name, data)
    return target


def test_the_notice_is_covered_and_duplicates_are_refused(tmp_path):
    original = _archive(tmp_path)
    notice = _rewrite(
        original,
        tmp_path / "n.zip",
        lambda n, d: [(n, d + b"Conserver 1 an seulement.\n" if n == "LISEZMOI.txt" else d)],
    )
    result = run("archive", "--verify", notice)
    assert result.exit_code == 1 and "LISEZMOI.txt : contenu différent de celui enregistré" in result.stderr
    twice = _rewrite(
        original,
        tmp_path / "d.zip",
        lambda n, d: [(n, d), (n, b"autre contenu")] if n == "documents/fiche-projet.docx" else [(n, d)],
    )
    result = run("archive", "--verify", twice)
    assert result.exit_code == 1 and "documents/fiche-projet.docx : présent 2 fois dans l'archive" in result.stderr


def test_a_file_changed_with_its_manifest_line_changes_the_fingerprint(tmp_path):
    original = _archive(tmp_path)
    made = run("archive", "--verify", original).stdout
    forged_data = b"faux"

    def forge(name: str, data: bytes) -> list[tuple[str, bytes]]:
        if name == "documents/fiche-projet.docx":
            return [(name, forged_data)]
        if name == "MANIFEST.csv":
            lines = [
                f"documents/fiche-projet.docx,{hashlib.sha256(forged_data).hexdigest()},4,fiche-projet,généré"
                if line.startswith("documents/fiche-projet.docx,")
                else line
                for line in data.decode().splitlines()
            ]
            return [(name, ("\n".join(lines) + "\n").encode())]
        return [(name, data)]

    result = run("archive", "--verify", _rewrite(original, tmp_path / "f.zip", forge))
    assert result.exit_code == 0  # consistent in itself: only the recorded fingerprint tells
    assert result.stdout.splitlines()[0] != made.splitlines()[0]
    assert result.stdout.splitlines()[0].startswith("empreinte de l'archive (sha256 de MANIFEST.csv) : ")


def test_a_corrupt_entry_and_a_missing_archive_get_french_messages(tmp_path):
    original = _archive(tmp_path)
    data = bytearray(original.read_bytes())
    with zipfile.ZipFile(original) as archive:
        info = archive.getinfo("documents/fiche-projet.docx")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start + 10 : start + 20] = b"\xff" * 10  # inside the compressed bytes
    broken = tmp_path / "b.zip"
    broken.write_bytes(bytes(data))
    result = run("archive", "--verify", broken)
    assert result.exit_code == 1 and "Erreur interne" not in result.output
    assert "documents/fiche-projet.docx : entrée illisible (archive abîmée)" in result.stderr
    result = run("archive", "--verify", tmp_path / "absente.zip")
    assert result.exit_code == 1 and "absente.zip : archive introuvable" in result.stderr


def test_a_symbolic_link_in_the_output_is_refused_not_followed(tmp_path):
    out = tmp_path / "out"
    assert run("build", MINIMAL, "-o", out, "--date", DATE).exit_code == 0
    secret = tmp_path / "secret.txt"
    secret.write_text("mot de passe")
    (out / "bilans").mkdir()
    (out / "bilans" / "notes.txt").symlink_to(secret)
    result = run("archive", MINIMAL, "--from", out, "-o", tmp_path / "a.zip", "--date", DATE)
    assert result.exit_code == 1 and "lien(s) symbolique(s)" in result.stderr and "notes.txt" in result.stderr
    assert not (tmp_path / "a.zip").exists()


def test_archive_bytes_do_not_depend_on_file_times_or_time_zone(tmp_path):
    out = tmp_path / "out"
    assert run("build", MINIMAL, "-o", out, "--date", DATE).exit_code == 0
    coopdocs = [sys.executable, "-m", "coopdocs"]
    args = ["archive", str(MINIMAL), "--from", str(out), "--date", DATE]
    subprocess.run(
        [*coopdocs, *args, "-o", str(tmp_path / "a.zip")], check=True, cwd=ROOT, env={**os.environ, "TZ": "UTC"}
    )
    for path in out.rglob("*"):
        os.utime(path, (86400 * 400, 86400 * 400))
    env = {**os.environ, "TZ": "Pacific/Kiritimati"}
    subprocess.run([*coopdocs, *args, "-o", str(tmp_path / "b.zip")], check=True, cwd=ROOT, env=env)
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()
