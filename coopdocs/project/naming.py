"""How pages name what the project file names by id (contract v3, « nothing of the tool on a
page »): a work package by its code (`code`, else `WP1`, `WP2`… in the file's order), and the
agreement's languages and its authentic version."""

from __future__ import annotations

from coopdocs.project.model import ProjectFile, WorkPackage


def wp_code(project: ProjectFile, wp: WorkPackage | str) -> str:
    """« WP2 », or the `code` people gave the work package (« Lot 2 »)."""
    wp_id = wp if isinstance(wp, str) else wp.id
    for n, package in enumerate(project.work_packages, start=1):
        if package.id == wp_id:
            return package.code or f"WP{n}"
    return wp_id.upper()


def wp_label(project: ProjectFile, wp: WorkPackage | str) -> str:
    """« WP2 – Itinéraires de découverte »: the code, an en dash, the title (in the file's text)."""
    wp_id = wp if isinstance(wp, str) else wp.id
    package = next((p for p in project.work_packages if p.id == wp_id), None)
    return f"{wp_code(project, wp_id)} – {package.title}" if package else wp_code(project, wp_id)


def wp_of(project: ProjectFile, typed: str) -> str:
    """The work package id a person typed by its code (« WP2 », « lot 2 »), or its id (a version 2
    register); what matches neither is kept as typed, for the checks to report."""
    wanted = typed.strip().casefold()
    for package in project.work_packages:
        if wanted in (package.id.casefold(), wp_code(project, package).casefold()):
            return package.id
    return typed


def signing_parties(project: ProjectFile) -> list[str]:
    """Everyone who signs the agreement: the funded partners, and the associated ones for their article."""
    return [p.id for p in project.partners]


def agreement_languages(project: ProjectFile) -> list[str]:
    """The agreement's languages, the project's first: `agreement.languages`, else every language of
    its signing parties (a partner without one reads the project's)."""
    default = project.project.language
    given: list[str] = list(project.agreement.languages or [])
    wanted = given or [project.partner(p).language or default for p in signing_parties(project)]
    prevails = authentic(project)
    if not given and prevails != "all":
        wanted = [prevails, *wanted]  # the version that prevails is always written
    return sorted(dict.fromkeys(wanted), key=lambda lang: lang != default)


def authentic(project: ProjectFile) -> str:
    """Which version prevails: `fr`, `en` or `all` (equally authentic); default the project's language."""
    return project.agreement.authentic or project.project.language
