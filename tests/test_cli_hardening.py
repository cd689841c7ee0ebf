"""The command line holds (issue 24): `coopdocs serve` restarts at once on its port after a crash,
`archive --verify` says an encrypted entry in French, a template that builds a huge value is
stopped under the memory cap with a message naming it."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from conftest import EXAMPLE


def _port_left_in_time_wait() -> int:
    """A port whose server closed a connection first (TIME_WAIT, as after a crash), now closed."""
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    port = server.getsockname()[1]
    client = socket.create_connection(("127.0.0.1", port))
    accepted, _ = server.accept()
    accepted.close()  # the server side closes first: its end stays in TIME_WAIT
    time.sleep(0.05)
    client.close()
    server.close()
    return port


def test_the_port_of_a_stopped_workspace_is_taken_again_at_once():
    from coopdocs.web import free_port, listening_socket

    port = _port_left_in_time_wait()
    assert free_port(port) == port
    with listening_socket(port) as sock:
        assert sock.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR) == 1
        assert sock.getsockname()[1] == port


def test_a_port_another_program_listens_on_is_still_refused():
    from coopdocs.errors import CoopdocsError
    from coopdocs.web import listening_socket

    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen(1)
        port = other.getsockname()[1]
        with pytest.raises(CoopdocsError, match="port déjà utilisé"):
            listening_socket(port)


def _get(url: str) -> int:
    """The status of the page the token URL leads to (its cookie kept, as a browser does)."""
    import http.cookiejar

    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    for _ in range(50):  # the server is up when it prints its URL; a slow machine gets a little time
        try:
            with opener.open(url, timeout=10) as response:
                return int(response.status)
        except urllib.error.URLError as exc:
            if not isinstance(exc.reason, ConnectionRefusedError):
                raise
            time.sleep(0.1)
    raise AssertionError(f"{url} : aucune réponse")


def _serve(project, port):
    command = [sys.executable, "-m", "coopdocs", "serve", str(project), "--no-browser", "--port", str(port)]
    server = subprocess.Popen(command, cwd=project.parent, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    line = server.stdout.readline()
    return server, line


def test_serve_restarts_on_its_port_right_after_a_crash(tmp_path):
    import shutil

    project = tmp_path / "projet.yaml"
    shutil.copy(EXAMPLE, project)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server, line = _serve(project, port)
    try:
        url = line.split(": ", 1)[1].strip()
        assert _get(url) == 200  # a connection the server closes
    finally:
        server.kill()  # a crash
        server.wait(10)
    again, line = _serve(project, port)
    try:
        assert f"http://127.0.0.1:{port}/projet?token=" in line, line + again.stdout.read(500)
        assert _get(line.split(": ", 1)[1].strip()) == 200
    finally:
        again.terminate()
        again.wait(10)


# ---- archive --verify on an entry flagged encrypted ---------------------------------------


def _flag_encrypted(source_path, target_path, names):
    """A copy of the zip where `names` carry the « encrypted » flag (bit 0 of the general purpose
    flags, in their local header and their central directory record): zipfile then wants a
    password to read them."""
    import struct
    import zipfile

    data = bytearray(source_path.read_bytes())
    with zipfile.ZipFile(source_path) as archive:
        infos = [info for info in archive.infolist() if info.filename in names]
    for info in infos:
        data[info.header_offset + 6] |= 0x1
    start = 0
    while (start := data.find(b"PK\x01\x02", start)) != -1:
        length = struct.unpack("<H", data[start + 28 : start + 30])[0]
        if data[start + 46 : start + 46 + length].decode() in names:
            data[start + 8] |= 0x1
        start += 46
    target_path.write_bytes(bytes(data))


@pytest.mark.parametrize("entry", ["documents/fiche-projet.docx", "MANIFEST.csv"])
def test_verify_says_an_encrypted_entry_in_french(tmp_path, entry):
    from conftest import MINIMAL, run

    out = tmp_path / "out"
    assert run("build", MINIMAL, "-o", out, "--date", "2027-03-01").exit_code == 0
    assert run("archive", MINIMAL, "--from", out, "-o", tmp_path / "a.zip", "--date", "2027-03-01").exit_code == 0
    _flag_encrypted(tmp_path / "a.zip", tmp_path / "b.zip", {entry})
    result = run("archive", "--verify", tmp_path / "b.zip")
    assert result.exit_code == 1
    assert f"{entry} : élément chiffré" in result.stderr, result.stderr
    assert "Erreur interne" not in result.output + result.stderr and "RuntimeError" not in result.stderr


# ---- a template that builds a huge value ---------------------------------------------------


@pytest.mark.parametrize(
    "paragraph",
    ["{{ '%999999999d' % 1 }}", "{{ '%.999999999f' % 1 }}", "{{ '{:999999999}'.format(1) }}", "{{ 'x'.ljust(10**9) }}"],
)
def test_a_template_building_a_huge_value_stops_quickly_under_the_memory_cap(tmp_path, paragraph):
    import resource

    from docx import Document

    from conftest import MINIMAL, ROOT, run

    folder = tmp_path / "modeles"
    folder.mkdir()
    document = Document(str(ROOT / "coopdocs/documents/builtin/fiche-projet.fr.docx"))
    document.add_paragraph(paragraph)
    document.save(str(folder / "fiche-projet.fr.docx"))
    before, start = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, time.monotonic()
    result = run("build", MINIMAL, "-o", tmp_path / "out", "--templates", folder, "--only", "fiche-projet")
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) * 1024
    assert result.exit_code == 1
    assert "modèle fiche-projet.fr.docx : mémoire dépassée" in result.stderr and "512 Mo" in result.stderr
    assert "ce n'est pas un document Word lisible" not in result.stderr
    assert grown < 600 * 1024 * 1024 and time.monotonic() - start < 20
    assert not (tmp_path / "out" / "fiche-projet.docx").exists()


def test_the_render_memory_cap_is_low_enough_for_a_small_laptop():
    from coopdocs.documents import _limits

    assert _limits.RENDER_MEMORY <= 512 * 1024 * 1024
