"""PDF signatures a controller can verify: certificates made here with `cryptography` (a small
CA, an agent and a supervisor), PDFs signed with pyHanko, verified by coopdocs (coopdocs/signing)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import logging
import shutil

import pytest

from conftest import EXAMPLE, run

RELATIVE = "feuilles-de-temps/zoe-martin/zoe-martin_2028-05.xlsx"
NOW = dt.datetime.now(dt.UTC)


def _name(common_name):
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def make_cert(subject, issuer=None, ca=False):
    """(certificate, key): signed by `issuer` (a (certificate, key) pair), or self-signed."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    issuer_name, issuer_key = (issuer[0].subject, issuer[1]) if issuer else (_name(subject), key)
    usage = {"digital_signature": not ca, "content_commitment": not ca, "key_cert_sign": ca, "crl_sign": ca}
    usage |= {
        k: False for k in ("key_encipherment", "data_encipherment", "key_agreement", "encipher_only", "decipher_only")
    }
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - dt.timedelta(days=1))
        .not_valid_after(NOW + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(**usage), critical=True)
        .sign(issuer_key, hashes.SHA256())
    )
    return cert, key


@pytest.fixture(scope="module")
def people():
    ca = make_cert("CA de test coopdocs", ca=True)
    return {
        "ca": ca,
        "agent": make_cert("Zoé Martin", ca),
        "supervisor": make_cert("Anne Muller", ca),
        "stranger": make_cert("Paul Durand", ca),
        "self-signed": make_cert("Zoé Martin"),
    }


def der(cert):
    from cryptography.hazmat.primitives import serialization

    return cert.public_bytes(serialization.Encoding.DER)


def sign(data: bytes, person, field: str, chain=()) -> bytes:
    """`data` signed by `person` in the field `field` (created when absent), with pyHanko."""
    from asn1crypto import keys, x509
    from cryptography.hazmat.primitives import serialization
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    cert, key = person
    pkcs8 = key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    signer = signers.SimpleSigner(
        signing_cert=x509.Certificate.load(der(cert)),
        signing_key=keys.PrivateKeyInfo.load(pkcs8),
        cert_registry=SimpleCertificateStore.from_certs([x509.Certificate.load(der(c[0])) for c in chain]),
    )
    out = io.BytesIO()
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    signers.sign_pdf(writer, signers.PdfSignatureMetadata(field_name=field), signer=signer, output=out)
    return out.getvalue()


def blank_pdf() -> bytes:
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


@pytest.fixture
def built(tmp_path, people):
    from cryptography.hazmat.primitives import serialization

    project = tmp_path / "projet.yaml"
    shutil.copy(EXAMPLE, project)
    (tmp_path / "ca.pem").write_bytes(people["ca"][0].public_bytes(serialization.Encoding.PEM))
    project.write_text(project.read_text(encoding="utf-8") + "signatures:\n  trust: [ca.pem]\n", encoding="utf-8")
    out = tmp_path / "out"
    assert run("timesheets", project, "--month", "2028-05", "--agent", "zoe-martin", "-o", out).exit_code == 0
    return project, out


def history(out):
    return json.loads((out / "manifest.json").read_text(encoding="utf-8")).get("history", {}).get(RELATIVE, [])


def test_signed_by_the_agent_then_the_supervisor_verifies_and_approves_the_month(built, people, tmp_path):
    project, out = built
    ca = people["ca"]
    by_agent = sign(blank_pdf(), people["agent"], "agent — Zoé Martin", [ca])
    both = sign(by_agent, people["supervisor"], "responsable — Anne Muller", [ca])
    (tmp_path / "agent.pdf").write_bytes(by_agent)
    (tmp_path / "both.pdf").write_bytes(both)
    args = ("zoe-martin", "2028-05", project, "-o", out)
    signed = run("sheet", "sign", *args, "--pdf", tmp_path / "agent.pdf")
    assert signed.exit_code == 0, signed.output
    assert "feuille signée (signature vérifiée par Zoé Martin)" in signed.output
    approved = run("sheet", "approve", *args, "--pdf", tmp_path / "both.pdf")
    assert approved.exit_code == 0, approved.output
    events = history(out)
    assert [(e["event"], e["by"], e["evidence"]) for e in events] == [
        ("sign", "Zoé Martin", "pdf"),
        ("approve", "Anne Muller", "pdf"),
    ]
    assert events[0]["certificate"] == {
        "subject": "Common Name: Zoé Martin",
        "sha256": hashlib.sha256(der(people["agent"][0])).hexdigest(),
    }
    assert events[1]["certificate"]["sha256"] == hashlib.sha256(der(people["supervisor"][0])).hexdigest()
    assert events[1]["pdf"]["path"] == "signes/feuilles-de-temps/zoe-martin/zoe-martin_2028-05.pdf"
    assert events[1]["pdf"]["sha256"] == hashlib.sha256(both).hexdigest()
    assert events[1]["pdf"]["signed_at"][:10] == NOW.date().isoformat()
    assert events[1]["pdf"]["origin"] == ""  # a PDF coopdocs did not write: said, in `signatures`
    assert (out / events[1]["pdf"]["path"]).read_bytes() == both
    listed = json.loads(run("signatures", project, "-o", out, "--json").output)["documents"]
    row = next(r for r in listed if r["document"] == RELATIVE)
    assert row["sheet_state"] == "approuvee" and [s["evidence"] for s in row["signatures"]] == ["pdf", "pdf"]
    result = run("bilan", project, "--period", "2028-05", "-o", out, "--json", "--date", "2028-06-10")
    figures, _ = json.JSONDecoder().raw_decode(result.output[result.output.index("{") :])
    zoe = next(a for a in figures["agents"] if a["id"] == "zoe-martin")
    assert zoe["sheets"]["2028-05"]["sheet_state"] == "approuvee"
    assert [s["by"] for s in zoe["sheets"]["2028-05"]["signatures"]] == ["Zoé Martin", "Anne Muller"]
    assert zoe["approval"] == {"approved": ["2028-05"], "not_approved": []}
    # The control archive verifies both signatures of the month again (issue 24).
    archive = tmp_path / "archive.zip"
    assert run("archive", project, "--from", out, "-o", archive, "--date", "2028-07-01").exit_code == 0
    assert ", 2 signatures vérifiées, aucune différence" in run("archive", "--verify", archive).stdout


def _modified_after_signing(data: bytes) -> bytes:
    """An incremental update that replaces the page's content after the signature."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    page = writer.root["/Pages"]["/Kids"][0]
    page["/Contents"] = writer.add_object(generic.StreamObject(stream_data=b"BT 100 100 Td (40 h) Tj ET"))
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_pdf_modified_after_signing_is_refused(built, people, tmp_path):
    project, out = built
    signed = sign(blank_pdf(), people["agent"], "agent — Zoé Martin", [people["ca"]])
    (tmp_path / "later.pdf").write_bytes(_modified_after_signing(signed))
    at = signed.index(b"/MediaBox [ 0 0 612 792 ]")
    (tmp_path / "bytes.pdf").write_bytes(signed[:at] + b"/MediaBox [ 0 0 612 799 ]" + signed[at + 25 :])
    args = ("zoe-martin", "2028-05", project, "-o", out)
    later = run("sheet", "sign", *args, "--pdf", tmp_path / "later.pdf")
    assert later.exit_code == 1 and "signature ne couvrant pas le document : modifié après la signature" in later.stderr
    changed = run("sheet", "sign", *args, "--pdf", tmp_path / "bytes.pdf")
    assert changed.exit_code == 1 and "signature invalide : le document a changé depuis" in changed.stderr
    assert "Traceback" not in later.stderr + changed.stderr
    assert history(out) == [] and not (out / "signes").exists()


def test_a_signature_by_the_wrong_person_is_refused(built, people, tmp_path):
    project, out = built
    ca = people["ca"]
    args = ("zoe-martin", "2028-05", project, "-o", out)
    (tmp_path / "paul.pdf").write_bytes(sign(blank_pdf(), people["stranger"], "agent", [ca]))
    wrong = run("sheet", "sign", *args, "--pdf", tmp_path / "paul.pdf")
    assert wrong.exit_code == 1
    assert "pas de signature de Zoé Martin (l'agent) : « Paul Durand »" in wrong.stderr
    by_agent = sign(blank_pdf(), people["agent"], "agent", [ca])
    (tmp_path / "agent.pdf").write_bytes(by_agent)
    assert run("sheet", "sign", *args, "--pdf", tmp_path / "agent.pdf").exit_code == 0
    (tmp_path / "paul2.pdf").write_bytes(sign(by_agent, people["stranger"], "responsable", [ca]))
    refused = run("sheet", "approve", *args, "--pdf", tmp_path / "paul2.pdf")
    assert refused.exit_code == 1 and "pas de signature d'Anne Muller (le ou la responsable)" in refused.stderr
    assert [e["event"] for e in history(out)] == ["sign"]


def test_one_certificate_for_agent_and_supervisor_is_refused(built, people, tmp_path):
    project, out = built
    text = project.read_text(encoding="utf-8")
    project.write_text(
        text.replace(
            "    supervisor: {name: Anne Muller, title: Directrice}\n    weekly_hours: 28",
            "    supervisor: {name: Zoé Martin, title: Directrice}\n    weekly_hours: 28",
            1,
        ),
        encoding="utf-8",
    )
    ca = people["ca"]
    by_agent = sign(blank_pdf(), people["agent"], "agent", [ca])
    (tmp_path / "agent.pdf").write_bytes(by_agent)
    (tmp_path / "twice.pdf").write_bytes(sign(by_agent, people["agent"], "responsable", [ca]))
    args = ("zoe-martin", "2028-05", project, "-o", out)
    assert run("sheet", "sign", *args, "--pdf", tmp_path / "agent.pdf").exit_code == 0
    refused = run("sheet", "approve", *args, "--pdf", tmp_path / "twice.pdf")
    assert (
        refused.exit_code == 1 and "le même certificat" in refused.stderr and "il faut deux personnes" in refused.stderr
    )
    assert [e["event"] for e in history(out)] == ["sign"]


def test_an_unknown_or_self_signed_root_is_not_recognised_never_valid(built, people, tmp_path, caplog):
    from coopdocs.signing import UNTRUSTED, verify_pdf

    project, out = built
    own = sign(blank_pdf(), people["self-signed"], "agent")
    (tmp_path / "own.pdf").write_bytes(own)
    with caplog.at_level(logging.WARNING):
        refused = run("sheet", "sign", "zoe-martin", "2028-05", project, "-o", out, "--pdf", tmp_path / "own.pdf")
    assert refused.exit_code == 1
    assert "signature intacte, certificat non reconnu" in refused.stderr and "signatures.trust" in refused.stderr
    assert "Traceback" not in refused.stderr
    trusted_elsewhere = sign(blank_pdf(), people["agent"], "agent", [people["ca"]])
    [check] = verify_pdf(trusted_elsewhere, [], "a.pdf")  # no root given: not recognised
    assert (check.signer, check.verdict, check.valid) == ("Zoé Martin", UNTRUSTED, False)
    assert history(out) == []


def test_a_missing_trust_file_names_the_key(built, tmp_path, people):
    project, out = built
    project.write_text(
        project.read_text(encoding="utf-8").replace("trust: [ca.pem]", "trust: [absent.pem]"), encoding="utf-8"
    )
    (tmp_path / "agent.pdf").write_bytes(sign(blank_pdf(), people["agent"], "agent", [people["ca"]]))
    result = run("sheet", "sign", "zoe-martin", "2028-05", project, "-o", out, "--pdf", tmp_path / "agent.pdf")
    assert result.exit_code == 1 and "signatures.trust[0] : certificat introuvable" in result.stderr


def test_build_pdf_writes_pdf_a_2b_with_one_empty_signature_field_per_signatory(tmp_path):
    import pikepdf

    from conftest import soffice_or_fail

    soffice_or_fail()
    out = tmp_path / "out"
    only = ("--only", "convention-partenariat", "--only", "lettre-intention", "--only", "fiche-projet")
    result = run("build", EXAMPLE, "-o", out, "--pdf", *only, "--date", "2028-07-01")
    assert result.exit_code == 0, result.output
    letter = out / "partenaires/gal-ardenne-sud/lettre-intention.pdf"
    agreement = out / "convention-partenariat.pdf"
    for pdf in (letter, agreement, out / "fiche-projet.pdf"):
        with pikepdf.open(pdf) as opened:
            meta = opened.open_metadata()
            assert (meta.get("pdfaid:part"), meta.get("pdfaid:conformance")) == ("2", "B"), pdf
    with pikepdf.open(letter) as opened:
        assert [str(f.T) for f in opened.Root.AcroForm.Fields] == ["GAL Ardenne du Sud asbl — Luc Dubois"]
        assert [str(f.FT) for f in opened.Root.AcroForm.Fields] == ["/Sig"]
    with pikepdf.open(agreement) as opened:
        names = [str(f.T) for f in opened.Root.AcroForm.Fields]
    assert names == [  # the associated partner (lag-fjord) signs too, for its article, as the page says
        "GAL du Pays des Étangs & de la Seille — Marie Lambert",
        "GAL Ardenne du Sud asbl — Luc Dubois",
        "Association Saveurs de la Seille « Terroir & Co » — Paul Schmitt",
        "Fjordland LAG — Ingrid Nilsen",
    ]
    with pikepdf.open(out / "fiche-projet.pdf") as opened:
        assert "/AcroForm" not in opened.Root  # nobody signs the project sheet


def test_signed_pdfs_in_signes_are_verified_recorded_and_listed(built, people):
    project, out = built
    ca = people["ca"]
    luc = make_cert("Luc Dubois", ca)
    letter = out / "signes/partenaires/gal-ardenne-sud/lettre-intention.pdf"
    letter.parent.mkdir(parents=True)
    letter.write_bytes(sign(blank_pdf(), luc, "GAL Ardenne du Sud asbl — Luc Dubois", [ca]))
    other = out / "signes/retour-mai/partenaires/saveurs-seille/lettre-intention.pdf"
    other.parent.mkdir(parents=True)
    other.write_bytes(sign(blank_pdf(), make_cert("Paul Schmitt"), "x"))
    result = run("signatures", project, "-o", out, "--json")
    assert result.exit_code == 0, result.output
    rows = {r["document"]: r for r in json.loads(result.output)["documents"] if "pdf" in r}
    done = rows["partenaires/gal-ardenne-sud/lettre-intention.docx"]
    assert (done["state"], [(s["signer"], s["verdict"]) for s in done["signatures"]]) == (
        "signe",
        [("Luc Dubois", "valide")],
    )
    assert done["signatures"][0]["certificate"]["sha256"] == hashlib.sha256(der(luc[0])).hexdigest()
    unknown = rows["partenaires/saveurs-seille/lettre-intention.docx"]
    assert unknown["state"] == "non-signe"
    assert [s["verdict"] for s in unknown["signatures"]] == ["signature intacte, certificat non reconnu"]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert list(manifest["signed"]) == ["partenaires/gal-ardenne-sud/lettre-intention.docx"]
    assert run("timesheets", project, "--month", "2028-06", "--agent", "zoe-martin", "-o", out).exit_code == 0
    again = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert again["signed"] == manifest["signed"]  # a build keeps the record
    text = run("signatures", project, "-o", out).output
    assert (
        "signes/partenaires/gal-ardenne-sud/lettre-intention.pdf → partenaires/gal-ardenne-sud/lettre-intention.docx : signe"
        in text
    )


def test_the_workspace_accepts_a_signed_pdf_only_once_verified(built, people):
    import html

    from test_sheet_life import _client

    project, out = built
    ca = people["ca"]
    client = _client(project, out)
    url = "/feuilles/zoe-martin/2028-05/pdf-signe"

    def send(action, data):
        from test_web import to_confirm

        files = {"pdf": ("mai.pdf", data, "application/pdf")}
        points = to_confirm(client)  # May 2028 signed today, before its end: a point the approver confirms
        response = client.post(url, data={"csrf": client.keys.csrf, "action": action, "verifie": points}, files=files)
        return response.status_code, html.unescape(response.text)

    status, page = send("sign", sign(blank_pdf(), people["self-signed"], "agent"))
    assert status == 409 and "signature intacte, certificat non reconnu" in page
    by_agent = sign(blank_pdf(), people["agent"], "agent", [ca])
    status, page = send("sign", by_agent)
    assert status == 200 and "Signature PDF vérifiée : Zoé Martin (certificat " in page
    status, page = send("approve", sign(by_agent, people["supervisor"], "responsable", [ca]))
    assert status == 200 and "Signature PDF vérifiée : Anne Muller" in page
    assert [(e["event"], e["evidence"]) for e in history(out)] == [("sign", "pdf"), ("approve", "pdf")]
    assert "approuvée par Anne Muller le" in html.unescape(client.get("/feuilles/zoe-martin/2028-05").text)


def test_build_pdf_gives_a_filled_month_its_two_signature_fields(built, people):
    import pikepdf
    from test_sheet_life import fill

    from conftest import soffice_or_fail

    soffice_or_fail()
    project, out = built
    fill(out, {"h:2028-05-02:wp1": "6"})
    result = run("build", project, "-o", out, "--pdf", "--only", "feuilles-de-temps")
    assert result.exit_code == 0, result.output
    pdfs = sorted(p.relative_to(out).as_posix() for p in (out / "feuilles-de-temps").rglob("*.pdf"))
    assert pdfs == ["feuilles-de-temps/zoe-martin/zoe-martin_2028-05.pdf"]  # a blank month is nobody's to sign
    with pikepdf.open(out / pdfs[0]) as opened:
        assert opened.open_metadata().get("pdfaid:part") == "2"
        assert [str(f.T) for f in opened.Root.AcroForm.Fields] == ["agent — Zoé Martin", "responsable — Anne Muller"]
    signed = out / "signed.pdf"
    signed.write_bytes(sign((out / pdfs[0]).read_bytes(), people["agent"], "agent — Zoé Martin", [people["ca"]]))
    result = run("sheet", "sign", "zoe-martin", "2028-05", project, "-o", out, "--pdf", signed)
    assert result.exit_code == 0, result.output
    [event] = history(out)
    assert event["pdf"]["origin"] == "coopdocs"  # the signed PDF begins with the bytes coopdocs wrote
    assert "PDF de ce mois écrit par coopdocs" in run("signatures", project, "-o", out).output


def test_archive_verify_checks_every_signed_pdf_again_with_the_roots_it_packs(built, people, tmp_path):
    """Issue 24: the archive carries projet/confiance/ (signatures.trust) and `--verify` verifies each
    signed PDF anew: a forger who swaps the signed letter and rewrites MANIFEST.csv is caught."""
    import zipfile

    from test_trust_archive import _rewrite

    project, out = built
    ca = people["ca"]
    letter = out / "signes/partenaires/gal-ardenne-sud/lettre-intention.pdf"
    letter.parent.mkdir(parents=True)
    letter.write_bytes(sign(blank_pdf(), make_cert("Luc Dubois", ca), "GAL Ardenne du Sud asbl — Luc Dubois", [ca]))
    assert run("signatures", project, "-o", out).exit_code == 0  # verified and recorded in the manifest
    archive = tmp_path / "archive.zip"
    assert run("archive", project, "--from", out, "-o", archive, "--date", "2028-07-01").exit_code == 0
    with zipfile.ZipFile(archive) as opened:
        assert "projet/confiance/01-ca.pem" in opened.namelist()
        assert "projet/confiance/ : les certificats racines" in opened.read("LISEZMOI.txt").decode()
    checked = run("archive", "--verify", archive)
    assert checked.exit_code == 0, checked.output
    assert "fichiers vérifiés, 1 signature vérifiée, aucune différence" in checked.stdout

    name = "documents/signes/partenaires/gal-ardenne-sud/lettre-intention.pdf"
    forged = _modified_after_signing(letter.read_bytes())

    def swap(entry: str, data: bytes):
        if entry == name:
            return [(entry, forged)]
        if entry == "MANIFEST.csv":
            digest, size = hashlib.sha256(forged).hexdigest(), len(forged)
            rows = [
                ",".join([name, digest, str(size), *line.split(",")[3:]]) if line.startswith(name + ",") else line
                for line in data.decode().splitlines()
            ]
            return [(entry, ("\n".join(rows) + "\n").encode())]
        return [(entry, data)]

    result = run("archive", "--verify", _rewrite(archive, tmp_path / "forged.zip", swap))
    assert result.exit_code == 1
    assert f"{name} : la signature de Luc Dubois, enregistrée valide, ne l'est plus : " in result.stderr
    assert (
        "documents/signes/partenaires/gal-ardenne-sud/lettre-intention.pdf : PDF signé différent de celui que le "
        "manifeste a enregistré (sha256)" in result.stderr
    )


def test_a_signature_made_while_its_certificate_was_valid_still_verifies_at_its_signing_time(people):
    """Issue 24, the archive read years later: 60 days on, Zoé's certificate (30 days) has expired;
    checked now it is not valid, checked at the signing time it states (archive --verify) it is."""
    from asn1crypto import x509

    from coopdocs.signing.verify import verify_pdf

    ca = people["ca"]
    data = sign(blank_pdf(), people["agent"], "agent — Zoé Martin", [ca])
    roots = [x509.Certificate.load(der(ca[0]))]
    later = NOW + dt.timedelta(days=60)
    [today] = verify_pdf(data, roots, "s.pdf")
    [expired] = verify_pdf(data, roots, "s.pdf", now=later)
    [archived] = verify_pdf(data, roots, "s.pdf", now=later, at_signing_time=True)
    assert (today.verdict, archived.verdict) == ("valide", "valide")
    assert expired.verdict != "valide"
