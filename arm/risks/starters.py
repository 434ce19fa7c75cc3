"""The starter risks the case template proposes: five lessons of the Kemi case and of the operating model.

Each is proposed (status PROPOSED, unassessed) for a coordinator to accept, with a likelihood and an impact of
the case's own, or to discard. The title is the risk as a lesson points at it; the description quotes the
source in its own words (seed [002] is the Kemi info package, seed [000] the network operating model drawn
from the Kemi work) — in Swedish for a case opened with a Swedish template, as a translation. Where the sources
state no fact (no funding decision is said to have come late in Kemi), the description says only what they
do state, so that nothing is attributed to Kemi that the sources do not say.
"""

from dataclasses import dataclass

from flask_babel import gettext as _

from arm.risks.models import RiskCategory


@dataclass(frozen=True)
class StarterRisk:
    key: str
    title: str
    category: RiskCategory
    description: str  # Markdown: the lesson quoted, with its source
    mitigation: str = ""


def starter_risks() -> list[StarterRisk]:
    """The five starter risks in the current locale."""
    return [
        StarterRisk(
            "phased_layoffs",
            _("Irtisanomiset tapahtuvat vaiheittain, ja palvelut ajoittuvat väärin"),
            RiskCategory.SERVICE_TIMING,
            _(
                "> Jälkikäteen tunnistettiin, että irtisanotuille kohdennettuja palveluita ei täysin onnistuttu "
                "ajoittamaan tarpeiden mukaisesti, koska irtisanomiset eivät tapahtuneet kerralla vaan vaiheittain."
                "\n\nLähde: Kemin äkillinen rakennemuutos -tietopaketti (Kemi 2021)."
            ),
            _("Kirjaa irtisanomisaallot ja ajoita palvelut kunkin aallon alkuun (Palvelut-välilehti)."),
        ),
        StarterRisk(
            "late_funding",
            _("Rahoituspäätökset viivästyvät, ja toimenpiteiden käynnistys siirtyy"),
            RiskCategory.FUNDING,
            _(
                "> Tilannetta lähdettiin ratkaisemaan yhteisen toimintasuunnitelman ja sen toteuttamiseen saadun "
                "rahoituksen avulla."
                "\n\nLähde: Kemin äkillinen rakennemuutos -tietopaketti (Kemi 2021)."
                "\n\n> Toimenpiteitä joudutaan soveltamaan olemassa olevien rahoitusinstrumenttien ehtoihin."
                "\n\nLähde: Meri-Lapin työllisyysalueen järjestämissuunnitelma, Kemin tapauksesta. Lähteet eivät "
                "kerro rahoituspäätösten aikataulusta."
            ),
        ),
        StarterRisk(
            "network_trust",
            _("Verkosto menettää luottamuksen, ja yhteistyö hidastuu"),
            RiskCategory.NETWORK_TRUST,
            _(
                "> Luottamuksen rakentaminen ja ylläpitäminen ovat olennaisia tekijöitä yhteistyöverkoston "
                "tavoitteiden saavuttamisen ja vaikuttavuuden kannalta. Sujuvan yhteistyön edellytyksenä on "
                "luottamus toisiin."
                "\n\nLähde: ÄRM-verkoston toimintamalli (Vaikuttavat työllisyyden tukitoimet äkillisessä "
                "rakennemuutoksessa -hanke)."
            ),
        ),
        StarterRisk(
            "competing_positive_change",
            _("Samanaikainen positiivinen muutos kilpailee samoista työntekijöistä"),
            RiskCategory.LABOUR_MATCHING,
            _(
                "> Yhtäaikaiset isot positiiviset ja negatiiviset muutokset olivat paikallisesti niin merkittäviä, "
                "että ne käynnistivät Kemin kaupungissa poikkeuksellisen voimakkaan teollisuuden rakennemuutoksen."
                "\n\n> Rakennemuutoksessa korvaavia työpaikkoja syntyi nopeasti toimenpidesuunnitelman ja "
                "positiivisen ÄRM:n kautta, sillä Metsä Fibren investointi on työllistänyt paljon ihmisiä."
                "\n\nLähde: Kemin äkillinen rakennemuutos -tietopaketti (Kemi 2021)."
            ),
        ),
        StarterRisk(
            "follow_up_data_breach",
            _("Henkilötietoja vuotaa yksilötason seurannassa"),
            RiskCategory.DATA_PROTECTION,
            _(
                "> Työllistymis- ja kouluttautumispolkujen seuranta henkilötasolla on yksi keskeisistä osa-alueista "
                "arvioitaessa toimenpiteiden vaikuttavuutta. Tässä yhteydessä tulee huomioida yksilön "
                "tietosuojaan liittyvät oikeudet ja tarvittavat luvat."
                "\n\nLähde: ÄRM-verkoston toimintamalli (Vaikuttavat työllisyyden tukitoimet äkillisessä "
                "rakennemuutoksessa -hanke)."
            ),
            _(
                "Lupa-asiat huomioidaan jo ensimmäisessä asiakaskohtaamisessa. Alustalle kirjataan vain "
                "yhteenvetoja, ei irtisanottujen henkilötietoja."
            ),
        ),
    ]


STARTER_KEYS = ("phased_layoffs", "late_funding", "network_trust", "competing_positive_change", "follow_up_data_breach")
