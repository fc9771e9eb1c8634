"""Program texts a pair workspace starts with; coordinators reword them on the workspace settings page."""

DEFAULT_CONFIDENTIALITY_EN = (
    "We commit to keeping confidential everything we share in this mentoring relationship. Neither of us "
    "will repeat to anyone, including the program's coordinators, our employers or colleagues, what the "
    "other says in our meetings or writes in our workspace, unless the other agrees in advance or the law "
    "requires it (for example, a risk of serious harm to a person). This commitment continues after our "
    "relationship ends."
)
DEFAULT_CONFIDENTIALITY_FR = (
    "Nous nous engageons à garder confidentiel tout ce que nous partageons dans cette relation de mentorat. "
    "Aucun de nous ne répétera à quiconque, y compris aux responsables du programme, à nos employeurs ou à "
    "nos collègues, ce que l'autre dit lors de nos rencontres ou écrit dans notre espace, sauf si l'autre y "
    "consent à l'avance ou si la loi l'exige (par exemple, un risque de préjudice grave pour une personne). "
    "Cet engagement se poursuit après la fin de notre relation."
)
DEFAULT_AGREEMENT_INTRO_EN = (
    "Set your ground rules together at your first formal meeting: how often and how long you meet, how, "
    "and what happens when one of you must cancel. Both of you then sign. If either of you changes the "
    "agreement later, both sign again."
)
DEFAULT_AGREEMENT_INTRO_FR = (
    "Fixez ensemble vos règles de fonctionnement lors de votre première rencontre formelle : à quelle "
    "fréquence et combien de temps vous vous rencontrez, comment, et ce qui se passe quand l'un de vous doit "
    "annuler. Vous signez ensuite tous les deux. Si l'un de vous modifie l'entente plus tard, vous signez de "
    "nouveau tous les deux."
)


# The five domains of the LEADS in a Caring Environment framework, offered as an example to programs.
LEADS_DOMAINS = [
    ("Lead self", "Être leader de soi-même"),
    ("Engage others", "Mobiliser les autres"),
    ("Achieve results", "Atteindre des résultats"),
    ("Develop coalitions", "Développer des coalitions"),
    ("Systems transformation", "Transformer les systèmes"),
]
