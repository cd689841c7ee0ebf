"""A wheel installed in a fresh virtual environment builds the example outside the checkout."""

from __future__ import annotations

import shutil
import subprocess
import sys
import venv

from conftest import EXAMPLE, ROOT


def test_the_wheel_works_outside_the_repository(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(wheels), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    [wheel] = list(wheels.glob("coopdocs-*.whl"))
    env_dir = tmp_path / "env"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    installed = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", str(wheel)], capture_output=True, text=True, timeout=900
    )
    assert installed.returncode == 0, installed.stderr[-2000:]
    work = tmp_path / "ailleurs"
    work.mkdir()
    shutil.copyfile(EXAMPLE, work / "projet.yaml")
    coopdocs = env_dir / "bin" / "coopdocs"
    version = subprocess.run([str(coopdocs), "--version"], capture_output=True, text=True, cwd=work)
    assert version.returncode == 0 and version.stdout.startswith("coopdocs ")
    built = subprocess.run(
        [str(coopdocs), "build", "projet.yaml", "--date", "2027-12-01"],
        capture_output=True,
        text=True,
        cwd=work,
        timeout=600,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    out = work / "output" / "etangs-ardenne"
    assert (out / "convention-partenariat.docx").exists() and (
        out / "partenaires/lag-fjord/lettre-soutien.docx"
    ).exists()
    # 25 + 25: each hourly agent's sheets for the months a work package of hers runs (contract v3)
    assert len(list((out / "feuilles-de-temps").rglob("*.xlsx"))) == 50
    module = subprocess.run(
        [str(python), "-m", "coopdocs", "checklist", "--stage", "capitaliser"], capture_output=True, text=True, cwd=work
    )
    assert module.returncode == 0 and "Penser l'après" in module.stdout
    listing = subprocess.run([str(coopdocs), "templates", "list"], capture_output=True, text=True, cwd=work)
    assert listing.stdout.count(" fourni ") == 25 and str(ROOT) not in listing.stdout
    ships = "from coopdocs.web.app import WEB; print((WEB / 'static/htmx.min.js').is_file(), (WEB / 'templates/project.html').is_file())"
    web = subprocess.run([str(python), "-c", ships], capture_output=True, text=True, cwd=work)
    assert web.stdout.split() == ["True", "True"], web.stderr[-2000:]  # `coopdocs serve` works from the wheel
