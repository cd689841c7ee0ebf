"""The Documents page's list: the output folder's files grouped by what a person does with them
— to sign, to send, to fill in, internal — each named in words (« Lettre de mission — Zoé
Martin », never its path, which comes second), with its state: who signs it and who signed,
the month sheets of each agent counted by state, when it was built, what the last build did."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from coopdocs.formats import long_date
from coopdocs.words import label

GROUPS = ("sign", "send", "fill", "internal")
SIGNED_STEMS = ("convention-partenariat", "lettre-intention", "fiche-engagement", "lettre-soutien", "lettre-mission")
SUIVI = {"carnet-de-bord": "logbook", "decisions-actions": "decisions", "preparation": "preparation"}
SUIVI |= {"plan-evaluation": "evaluation"}
LANG_SUFFIX = re.compile(r"^(?P<stem>[^.]+)\.(?P<lang>[a-z]{2})$")


@dataclass
class Entry:
    """One document of the list (its PDF and signed PDF beside it)."""

    group: str
    name: str  # in words
    path: str  # relative to the output folder: shown second, and the download's address
    size: int = 0
    built: str = ""  # when the file was written, in words
    outcome: str = ""  # what the last build did to it (`created`, `identical`…)
    state: str = ""  # who signed it, who is still to sign, the months' states…
    link: str = ""  # a page of the workspace for it (an agent's time sheets)
    others: list[tuple[str, str]] = field(default_factory=list)  # (words, path): its PDF, its signed PDF


def _w(key: str, lang: str, **values: Any) -> str:
    text = label("work", key, lang)
    return text.format(**values) if values else text


def _document(kind: str, lang: str) -> str:
    try:
        return label("document", kind, lang)
    except KeyError:
        return kind


def _language(stem: str, lang: str) -> tuple[str, str]:
    """(stem, « version anglaise ») for `compte-rendu.en`; (stem, "") otherwise."""
    found = LANG_SUFFIX.match(stem)
    if not found:
        return stem, ""
    return found["stem"], _w("version_in", lang, language=label("work", f"language_{found['lang']}", lang))


class Namer:
    """Names of the project's partners, agents and meetings, by id, in the page's language."""

    def __init__(self, project: Any, lang: str):
        from coopdocs.project.model import in_language

        self.lang = lang
        self.partners = {p.id: str(in_language(p.name, lang)) for p in project.partners}
        self.agents = {a.id: a.name for a in project.agents}
        self.meetings = {
            m.id: f"{in_language(m.body, lang)}, {long_date(m.date, lang)}" for m in getattr(project, "meetings", [])
        }

    def classify(self, relative: str) -> tuple[str, str]:
        """(group, name in words) of the file at `relative`."""
        parts = PurePosixPath(relative).parts
        stem, language = _language(PurePosixPath(relative).stem, self.lang)
        suffix = f" ({language})" if language else ""
        if len(parts) == 1:
            return self._top(parts[0], stem, suffix)
        by_folder: dict[str, Callable[[tuple[str, ...], str, str], tuple[str, str] | None]] = {
            "partenaires": self._partner,
            "agents": self._agent,
            "reunions": self._meeting,
            "depenses": self._register,
            "bilans": self._bilan,
            "demandes": lambda parts, stem, _: self._claim(parts, stem),
            "suivi": self._follow_up,
            "capitalisation": lambda *_: ("internal", _w("file_capitalisation", self.lang)),
            "controle": lambda parts, *_: ("internal", _w("file_control", self.lang, path="/".join(parts[1:-1]))),
        }
        handler = by_folder.get(parts[0])
        return (handler(parts, stem, suffix) if handler else None) or ("internal", relative)

    def _top(self, name: str, stem: str, suffix: str) -> tuple[str, str]:
        if stem == "convention-partenariat":
            return "sign", _document(stem, self.lang) + suffix
        if stem == "fiche-projet":
            return "send", _document(stem, self.lang) + suffix
        return "internal", _w("file_manifest", self.lang) if name == "manifest.json" else name

    def _partner(self, parts: tuple[str, ...], stem: str, suffix: str) -> tuple[str, str]:
        who = self.partners.get(parts[1], parts[1])
        group = "send" if stem == "courrier-envoi" else "sign"
        return group, f"{_document(stem, self.lang)} — {who}{suffix}"

    def _agent(self, parts: tuple[str, ...], stem: str, suffix: str) -> tuple[str, str]:
        who = self.agents.get(parts[1], parts[1])
        if stem.startswith("avenant_"):
            return "sign", _w("amendment_of", self.lang, name=who, date=_day(stem.split("_", 1)[1], self.lang))
        return "sign", f"{_document(stem, self.lang)} — {who}{suffix}"

    def _meeting(self, parts: tuple[str, ...], stem: str, suffix: str) -> tuple[str, str]:
        meeting = self.meetings.get(parts[1], parts[1])
        group = "sign" if stem == "compte-rendu" else "send"
        return group, f"{_document(stem, self.lang)} — {meeting}{suffix}"

    def _register(self, parts: tuple[str, ...], stem: str, suffix: str) -> tuple[str, str]:
        partner = stem.removesuffix("_registre-depenses")
        return "fill", f"{_document('depenses', self.lang)} — {self.partners.get(partner, partner)}"

    def _bilan(self, parts: tuple[str, ...], stem: str, suffix: str) -> tuple[str, str] | None:
        from coopdocs.web.labels import period_words

        if not stem.startswith("bilan_"):
            return None
        return "send", _w("file_bilan", self.lang, period=period_words(stem.split("_", 1)[1], self.lang))

    def _follow_up(self, parts: tuple[str, ...], stem: str, suffix: str) -> tuple[str, str] | None:
        return ("internal", _w(f"file_{SUIVI[stem]}", self.lang)) if stem in SUIVI else None

    def _claim(self, parts: tuple[str, ...], stem: str) -> tuple[str, str]:
        from coopdocs.web.labels import period_words

        lang = self.lang
        if len(parts) == 2:
            return "internal", _w("file_ledger", lang)
        number, _, period = parts[1].partition("_")
        partner = self.partners.get(parts[2], parts[2]) if len(parts) > 3 else ""
        what = stem
        if stem.startswith("attestation-temps_"):
            agent = stem.split("_", 1)[1]
            what = _w("file_attestation", lang, name=self.agents.get(agent, agent))
        elif stem in ("liste-depenses", "demande-paiement"):
            what = _w(f"file_{stem.replace('-', '_')}", lang)
        claim = _w("file_claim", lang, number=number.lstrip("0") or "0", period=period_words(period, lang))
        return "send", f"{what} — {partner} — {claim}" if partner else f"{what} — {claim}"


def _day(iso: str, lang: str) -> str:
    try:
        return long_date(dt.date.fromisoformat(iso), lang)
    except ValueError:
        return iso


def built_words(path: Path, lang: str) -> str:
    when = dt.datetime.fromtimestamp(path.stat().st_mtime)
    return _w("built_on", lang, date=long_date(when.date(), lang), time=f"{when:%H:%M}")


def signature_state(project: Any, manifest: dict[str, Any], relative: str, lang: str) -> str:
    """« à signer par : Luc Dubois » or « signé par Luc Dubois le … (certificat vérifié) »."""
    from coopdocs.forms.sheet_life import same_person
    from coopdocs.signing.fields import signatories

    people = [name for _, name in signatories(project, relative)]
    found = manifest.get("signed")
    recorded = found.get(relative, []) if isinstance(found, dict) else []
    signed = [s for s in recorded if isinstance(s, dict)]
    said = [
        _w("signed_by_on", lang, name=s.get("signer", "?"), date=_day(str(s.get("signed_at", ""))[:10], lang))
        for s in signed
    ]
    missing = [p for p in people if not any(same_person(p, str(s.get("signer", ""))) for s in signed)]
    if missing:
        said.append(_w("to_be_signed_by", lang, names=", ".join(missing)))
    return " ; ".join(said)


def sheets_state(statuses: list[Any], lang: str) -> str:
    """« 14 mois : 3 remplis, 2 signés, 1 approuvé, 8 vierges »."""
    counts: dict[str, int] = {}
    for status in statuses:
        counts[status.state.value] = counts.get(status.state.value, 0) + 1
    order = ("vierge", "remplie", "signee", "approuvee", "renvoyee")
    said = [_w(f"months_{state}", lang, count=counts[state]) for state in order if counts.get(state)]
    return _w("months_count", lang, count=len(statuses)) + (" : " + ", ".join(said) if said else "")


def grouped(
    project: Any, out_dir: Path, files: list[tuple[str, int]], outcomes: dict[str, str], lang: str
) -> list[tuple[str, list[Entry]]]:
    """(group, entries) in the order GROUPS, each group's entries sorted by name."""
    from coopdocs.forms.sheet_life import all_sheets
    from coopdocs.office.folder import load_manifest

    namer = Namer(project, lang)
    manifest = load_manifest(out_dir) if (out_dir / "manifest.json").is_file() else {"files": {}}
    present = {name for name, _ in files}
    entries: dict[str, Entry] = {}
    sheets_by_agent: dict[str, list[Any]] = {}
    for status in all_sheets(out_dir) if files else []:
        if status.relative in present:
            sheets_by_agent.setdefault(status.agent, []).append(status)
    extras: list[tuple[str, str]] = []
    for relative, size in files:
        parts = relative.split("/")
        if parts[0] == "feuilles-de-temps" or (parts[0] == "signes" and "feuilles-de-temps" in parts):
            continue
        if parts[0] == "signes" or relative.endswith(".pdf"):
            extras.append((relative, "signed" if parts[0] == "signes" else "pdf"))
            continue
        group, name = namer.classify(relative)
        entry = Entry(group, name, relative, size, built_words(out_dir / relative, lang), outcomes.get(relative, ""))
        if group == "sign":
            entry.state = signature_state(project, manifest, relative, lang)
        entries[relative] = entry
    _attach(entries, extras, lang)
    for agent_id, statuses in sorted(sheets_by_agent.items()):
        name = _w("file_sheets_of", lang, name=namer.agents.get(agent_id, agent_id))
        folder = f"feuilles-de-temps/{agent_id}/"
        entries[folder] = Entry(
            "fill", name, folder, state=sheets_state(statuses, lang), link=f"/feuilles?agent={agent_id}"
        )
    _told_apart(list(entries.values()), lang)
    by_group: dict[str, list[Entry]] = {group: [] for group in GROUPS}
    for entry in entries.values():
        by_group[entry.group].append(entry)
    key: Callable[[Entry], str] = lambda e: e.name.casefold()  # noqa: E731
    return [(group, sorted(by_group[group], key=key)) for group in GROUPS if by_group[group]]


def _told_apart(entries: list[Entry], lang: str) -> None:
    """Two documents of one name (a bilan's Word and Excel files) said with their format."""
    names: dict[str, int] = {}
    for entry in entries:
        names[entry.name] = names.get(entry.name, 0) + 1
    for entry in entries:
        suffix = entry.path.rsplit(".", 1)[-1]
        if names[entry.name] > 1 and suffix in ("docx", "xlsx"):
            entry.name += f" ({_w('format_' + suffix, lang)})"


def _attach(entries: dict[str, Entry], extras: list[tuple[str, str]], lang: str) -> None:
    """A PDF beside its document (`x.pdf` by `x.docx`), a signed PDF of `signes/` (any subfolder)
    by the document it signs; one of neither is listed as an internal file."""
    stems = {path.rsplit(".", 1)[0]: entry for path, entry in entries.items()}
    for relative, kind in extras:
        stem = relative.removeprefix("signes/").rsplit(".", 1)[0]
        target = stems.get(stem)
        if target is None and kind == "signed":
            target = next((e for s, e in stems.items() if stem.endswith("/" + s)), None)
        if target is not None:
            target.others.append((_w("pdf_signed" if kind == "signed" else "pdf_copy", lang), relative))
        else:
            entries[relative] = Entry("internal", relative.rsplit("/", 1)[-1], relative)
