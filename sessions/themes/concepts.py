"""A small Dutch concept list for answers in youth and family protection: words that mean the
same thing in a leersessie answer share a concept, so 'teamleider' and 'manager' meet although
no letter and no sentence embedding brings them together.

Written from the domain (the leersessie themes: vertragen, analyse, veiligheid, informele steun,
samenwerken met gezinsleden, maatregelen), not from answer lists; each word is a lemma as
simplemma gives it (lower case). A word may belong to one concept only.
"""
from __future__ import annotations

_CONCEPTS = {
    "collega": "collega collegas team teamgenoot teamgenoten duo duo-collega afdeling intervisie teamoverleg"
               " casusoverleg sparren overleg teamlid",
    "leiding": "leidinggevende manager management teamleider directie baas bestuurder rugdekking backing leiding",
    "tijd": "tijd tijdsdruk haast haasten rust rustig planning tempo snelheid snel langzaam geduld ruimte",
    "vertragen": "vertragen vertraging pauze uitstellen afwachten wachten bezinken afstand stap terug"
                 " observeren nacht",
    "ingrijpen": "ingrijpen doorpakken overnemen sturen controle actie handelen regelen oplossen reflex",
    "gevoel": "gevoel voelen ongemak twijfel onzeker onzekerheid spanning angst angstig machteloos",
    "benoemen": "benoemen uitspreken zeggen vertellen hardop eerlijk open openheid transparant transparantie"
                " delen",
    "gezin": "gezin ouder ouders moeder vader huishouden opvoeder gezinslid",
    "kind": "kind kinderen jong jongere jongeren jongste ooghoogte tiener",
    "verhaal": "verhaal taal woord woorden herkennen perspectief beleving",
    "netwerk": "netwerk familie opa oma vriend vrienden buur buren omgeving sociaal"
               " ecogram netwerkcirkel netwerkkaart",
    "buurt": "buurt wijk buurthuis vrijwilliger vrijwilligers vrijwilligersorganisatie maatje kerk moskee"
             " sportclub vereniging buurtvereniging wijkinitiatief",
    "methode": "format model schema methode stappen werkwijze protocol analysemodel instrument",
    "afspraak": "afspraak afspraken taakverdeling taak taken rol rollen verantwoordelijk verantwoordelijkheid"
                " regie besluit beslissing",
    "ervaring": "ervaring ervaren kennis scholing opleiding zelfvertrouwen kunnen vak deskundig",
    "vertrouwen": "vertrouwen betrouwbaar beloven belofte toezeggen nakomen",
    "luisteren": "luisteren horen doorvragen vragen aandacht serieus",
    "schaamte": "schaamte schamen schaamen durven lastig toegeven binnenshuis",
    "capaciteit": "wachtlijst wachttijd capaciteit tekort plek plaatsing beschikbaar",
    "regels": "regel regels bureaucratie formulier procedure administratie administratief registratie"
              " verantwoording wetgeving wet",
    "werkdruk": "werkdruk caseload druk dossier dossiers zaken hoeveelheid",
    "samen": "samen gezamenlijk tegelijk samenwerken samenwerking gezamenlijke",
    "reflectie": "reflectie reflecteren stilstaan nadenken lerend leren kritisch",
    "contact": "contact contactpersoon gezicht begeleider hulpverlener jeugdbeschermer vast vaste wisseling"
               " continuïteit",
    "hulpmiddel": "tip tips werkvorm werkvormen tool tools podcast boekje publicatie praktisch concreet",
    "media": "medium media krant journaal bericht nieuws pers publiek verontwaardiging incident",
    "rechter": "rechter kinderrechter rechtbank zitting juridisch termijn verzoekschrift raad kinderbescherming"
               " advocaat",
    "school": "school leerkracht onderwijs docent leraar intern verzuimen verzuim leerplicht mentor",
    "oefenen": "oefenen training trainen rollenspel naspel simulatie acteur cursus",
    "terugkijken": "terugkijken evaluatie evalueren nabespreken achteraf leerhistorie fout afloop",
    "meelopen": "meelopen stage kijk keuken meekijken",
    "feedback": "feedback vragenlijst ervaringsdeskundige spiegel",
    "lezen": "lezen vakliteratuur literatuur artikel onderzoek boek webinar",
    "kennismaken": "kennismaken kennismaking koffie interesse trots leuk voorstellen",
    "doel": "doel uitleg uitleggen betekenen maatregel",
}
CONCEPT_OF = {word: f"~{name}" for name, words in _CONCEPTS.items() for word in words.split()}


def concepts(lemmas: list[str]) -> list[str]:
    """The concept keys ('~tijd') of the given lemmas, in order, where a lemma has one."""
    return [CONCEPT_OF[word] for word in lemmas if word in CONCEPT_OF]
