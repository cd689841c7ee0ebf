"""Optional records of the project file (contract version 3) that the payment claims and the
signatures read: to whom each partner's claim goes, the revenue that reduces eligible costs, the
roots a PDF signature is trusted against."""

from __future__ import annotations

from pydantic import Field

from coopdocs.project._types import Amount, Date, Slug, Strict, Text


class Addressee(Strict):
    name: Text = Field(description="Destinataire (autorité de gestion, organisme payeur, contrôleur).")
    address: str = Field(default="", description="Adresse postale.")


class Claims(Strict):
    addressees: dict[str, Addressee] = Field(
        default_factory=dict,
        description="À qui va la demande de paiement de chaque partenaire (par identifiant) : LEADER, son "
        "autorité de gestion ou son organisme payeur ; Interreg, son contrôleur.",
    )


class Revenue(Strict):
    partner: Slug = Field(description="Partenaire qui a perçu la recette.")
    date: Date = Field(description="Date de la recette.")
    amount: Amount = Field(description="Recette nette, déduite des dépenses éligibles.")
    label: Text = Field(description="Libellé.")


class Signatures(Strict):
    """Les signatures électroniques (PDF) que coopdocs vérifie."""

    trust: list[str] = Field(
        default_factory=list,
        description="Certificats racines (fichiers PEM, chemins relatifs au fichier projet) dont la chaîne rend "
        "une signature PDF « valide » ; une signature d'un autre certificat est « signature intacte, certificat "
        "non reconnu », jamais valide.",
    )
