"""What the demo programs say and what their applicants write, modelled on the three programs in shared/seeds.

Everything here is plain data so the loader stays short and a reader can see at a glance what a demo shows.
Texts an applicant types are in the applicant's own language, as they would be in a real program.
"""

from decimal import Decimal

from tandem.core.models import Stage

DEMO_EMAIL_DOMAIN = "demo.example.org"
DEMO_PASSWORD = "demo-password-2026"
DEFAULT_SEED = 2026

# Bilingual (English, French) text pairs.
Text = tuple[str, str]

LEADS_TOPICS: list[Text] = [
    ("Lead self", "Être leader de soi-même"),
    ("Engage others", "Mobiliser les autres"),
    ("Achieve results", "Atteindre des résultats"),
    ("Develop coalitions", "Développer des coalitions"),
    ("Systems transformation", "Transformer les systèmes"),
    ("Career development", "Développement de carrière"),
    ("Leading change in the health network", "Diriger le changement dans le réseau de la santé"),
    ("Work-life balance", "Conciliation travail-vie personnelle"),
]

FEDERAL_TOPICS: list[Text] = [
    ("Career development in the public service", "Développement de carrière dans la fonction publique"),
    ("Leadership at every level", "Leadership à tous les niveaux"),
    ("Policy analysis and advice", "Analyse et conseil stratégiques"),
    ("Working with the machinery of government", "Comprendre l'appareil gouvernemental"),
    ("Official languages", "Langues officielles"),
    ("Management skills", "Compétences en gestion"),
    ("Knowledge transfer and succession", "Transfert des connaissances et relève"),
    ("Work-life balance", "Conciliation travail-vie personnelle"),
]

# (slug, English title, French title) of each reference document the chapter's manual names.
_CCHL_DOCUMENTS: dict[str, Text] = {
    "mentee-self-assessment": ("Mentee's self-assessment", "Autoévaluation de la personne mentorée"),
    "mentor-self-assessment": ("Mentor's self-assessment", "Autoévaluation du mentor"),
    "advice": (
        "Advice for an effective mentoring relationship",
        "Conseils pour une relation de mentorat efficace",
    ),
    "roles": ("Roles and Responsibilities", "Rôles et responsabilités"),
    "roles-by-phase": (
        "Roles and responsibilities according to phases",
        "Rôles et responsabilités selon les phases",
    ),
    "presentation-sheet": ("Mentor/mentee Presentation Sheet", "Fiche de présentation mentor/mentoré"),
    "connecting": ("Connecting between mentor and mentee", "Prise de contact entre mentor et mentoré"),
    "commitment-privacy": ("Commitment and Privacy Form", "Formulaire d'engagement et de confidentialité"),
    "goals-worksheet": ("Goals and Objectives Worksheet", "Fiche des buts et objectifs"),
    "leads": (
        "LEADS Health Leadership Capabilities Framework",
        "Cadre des capacités de leadership en santé LEADS",
    ),
}

# The manual's ten steps mapped to Tandem's stages. Its step 6 ("common understanding of the program")
# happens between the first contact and the first meeting, so its documents join the introduction stage.
_CCHL_STAGE_DOCUMENTS: list[tuple[int, list[str]]] = [
    (Stage.SELF_ASSESSMENT, ["mentee-self-assessment", "mentor-self-assessment"]),
    (Stage.ORIENTATION, ["advice", "roles", "roles-by-phase"]),
    (Stage.MATCHING, ["presentation-sheet", "roles", "roles-by-phase"]),
    (Stage.INTRODUCTION, ["connecting", "presentation-sheet", "advice", "roles", "roles-by-phase"]),
    (Stage.FIRST_MEETING, ["connecting", "commitment-privacy", "goals-worksheet", "roles-by-phase"]),
    (Stage.FOLLOW_UP, ["goals-worksheet", "roles-by-phase", "advice", "leads"]),
    (Stage.END_OF_PAIRING, ["roles-by-phase"]),
]


def cchl_documents() -> list[tuple[int, str, str, str]]:
    """(stage, English title, French title, link) for every document of every stage, in the manual's order."""
    return [
        (stage, *_CCHL_DOCUMENTS[key], f"https://example.org/demo/cchl-quebec/{key}.pdf")
        for stage, keys in _CCHL_STAGE_DOCUMENTS
        for key in keys
    ]


FEDERAL_DOCUMENTS: list[tuple[int, str, str, str]] = [
    (
        Stage.SELF_ASSESSMENT,
        "Is the Mentoring Program for me?",
        "Le programme de mentorat est-il pour moi?",
        "https://example.org/demo/pco/is-it-for-me.pdf",
    ),
    (
        Stage.SCREENING,
        "Initial conversation with the program coordinator",
        "Conversation initiale avec la coordonnatrice du programme",
        "https://example.org/demo/pco/initial-conversation.pdf",
    ),
    (
        Stage.ORIENTATION,
        "Roles and responsibilities of mentors and mentoring partners",
        "Rôles et responsabilités des mentors et des partenaires de mentorat",
        "https://example.org/demo/pco/roles.pdf",
    ),
    (
        Stage.FIRST_MEETING,
        "Mentoring agreement",
        "Entente de mentorat",
        "https://example.org/demo/pco/agreement.pdf",
    ),
    (
        Stage.FOLLOW_UP,
        "Mid-point review guide",
        "Guide de l'examen à mi-parcours",
        "https://example.org/demo/pco/mid-point-review.pdf",
    ),
]

PHARMA_DOCUMENTS: list[tuple[int, str, str, str]] = [
    (
        Stage.REGISTRATION,
        "Mentoring Program - FAQs",
        "Programme de mentorat - Foire aux questions",
        "https://example.org/demo/ispe/faq.pdf",
    ),
    (
        Stage.ORIENTATION,
        "Mentor and Mentee Code of Conduct",
        "Code de conduite des mentors et des mentorés",
        "https://example.org/demo/ispe/code-of-conduct.pdf",
    ),
    (
        Stage.FIRST_MEETING,
        "Mentorship Program Agreement",
        "Entente de participation au programme de mentorat",
        "https://example.org/demo/ispe/agreement.pdf",
    ),
    (
        Stage.FIRST_MEETING,
        "SMART goals worksheet",
        "Fiche d'objectifs SMART",
        "https://example.org/demo/ispe/smart-goals.pdf",
    ),
]

# Program fields passed to tandem.programs.services.create_program, keyed by slug.
PROGRAMS: dict[str, dict[str, object]] = {
    "cchl-quebec": {
        "name_en": "Mentorship Program — Quebec Chapter",
        "name_fr": "Programme de mentorat — Chapitre du Québec",
        "description_en": (
            "The Quebec Chapter of the Canadian College of Health Leaders helps health leaders at every career "
            "stage broaden their perspectives, know themselves better and emerge better prepared to lead. "
            "Free of charge; membership in the College is not required. Relationships run from September to "
            "June after a winter-spring recruitment."
        ),
        "description_fr": (
            "Le Chapitre du Québec du Collège canadien des leaders en santé aide les leaders en santé, à toutes "
            "les étapes de leur carrière, à élargir leurs perspectives, à mieux se connaître et à être mieux "
            "préparés à diriger. Gratuit; il n'est pas nécessaire d'être membre du Collège. Les relations se "
            "déroulent de septembre à juin après un recrutement d'hiver et de printemps."
        ),
        "organizer": "Canadian College of Health Leaders — Quebec Chapter",
        "contact_email": f"mentorat.quebec@{DEMO_EMAIL_DOMAIN}",
        "membership_required": False,
        "mentor_capacity_limit": 3,
        "min_meeting_minutes_per_month": 60,
        "credits_per_hour": Decimal("1"),
        "credit_earners": "certified",
        "credit_name_en": "MOC Category I credit",
        "credit_name_fr": "crédit MOC de catégorie I",
        "checkin_every_months": 3,
        "forbid_same_employer": False,
        "forbid_reporting_line": True,
    },
    "pco-mentoring": {
        "name_en": "PCO Mentoring Program",
        "name_fr": "Programme de mentorat du BCP",
        "description_en": (
            "The Privy Council Office's mentoring program links the growth of its employees with the "
            "organization's: knowledge transfer, succession planning and leadership at all levels. Mentors "
            "and mentoring partners meet at least once a month, with a mid-point review. Your supervisor's "
            "support is asked for at registration."
        ),
        "description_fr": (
            "Le programme de mentorat du Bureau du Conseil privé lie la croissance de ses employés à celle "
            "de l'organisation : transfert des connaissances, planification de la relève et leadership à tous "
            "les niveaux. Les mentors et les partenaires de mentorat se rencontrent au moins une fois par mois, "
            "avec un examen à mi-parcours. L'appui de votre superviseur est demandé à l'inscription."
        ),
        "organizer": "Privy Council Office",
        "contact_email": f"mentoring.pco@{DEMO_EMAIL_DOMAIN}",
        "membership_required": False,
        "mentor_capacity_limit": 3,
        "min_meeting_minutes_per_month": 60,
        "checkin_every_months": 6,
        "forbid_same_employer": False,
        "forbid_reporting_line": True,
        "conflict_rules_en": (
            "Mentors and mentoring partners may work in the same department, but never in the same reporting line."
        ),
        "conflict_rules_fr": (
            "Les mentors et les partenaires de mentorat peuvent travailler au même ministère, mais jamais dans "
            "la même chaîne hiérarchique."
        ),
    },
    "ispe-canada": {
        "name_en": "ISPE Canada Affiliate Mentoring Program",
        "name_fr": "Programme de mentorat de l'affilié canadien de l'ISPE",
        "description_en": (
            "Experienced professionals in the pharmaceutical industry transfer their skills and knowledge to "
            "young professionals, recent graduates and students. Pairs meet at least one hour a month (about "
            "4 hours a month expected) for up to twelve months, with a quarterly program check-in. "
            "ISPE membership is required."
        ),
        "description_fr": (
            "Des professionnels d'expérience de l'industrie pharmaceutique transmettent leurs compétences et "
            "leurs connaissances à de jeunes professionnels, à des nouveaux diplômés et à des étudiants. Les "
            "paires se rencontrent au moins une heure par mois (environ 4 heures par mois attendues) pendant "
            "un maximum de douze mois, avec un suivi trimestriel du programme. L'adhésion à l'ISPE est requise."
        ),
        "organizer": "ISPE Canada Affiliate",
        "contact_email": f"mentoring.ispe@{DEMO_EMAIL_DOMAIN}",
        "membership_required": True,
        "membership_label_en": "ISPE membership number",
        "membership_label_fr": "Numéro de membre ISPE",
        "mentor_capacity_limit": 3,
        "min_meeting_minutes_per_month": 60,
        "checkin_every_months": 3,
        "forbid_same_employer": False,
        "forbid_reporting_line": True,
        "conflict_rules_en": "Mentor and mentee run a conflict check before every mentoring session.",
        "conflict_rules_fr": (
            "Le mentor et la personne mentorée vérifient l'absence de conflit d'intérêts avant chaque rencontre."
        ),
    },
}

# Share of French-speaking applicants, weights of regions, and weights of mentee / mentor / both roles.
PROFILES: dict[str, dict[str, object]] = {
    "cchl-quebec": {
        "french_share": 0.75,
        "bilingual_share": 0.55,
        "regions": {"QC": 78, "ON": 8, "NB": 4, "NS": 2, "MB": 2, "AB": 2, "BC": 2, "NL": 1, "SK": 1},
        "people": 152,
    },
    "pco-mentoring": {
        "french_share": 0.42,
        "bilingual_share": 0.7,
        "regions": {
            "ON": 46,
            "QC": 30,
            "BC": 4,
            "AB": 4,
            "NS": 3,
            "MB": 2,
            "SK": 2,
            "NB": 2,
            "NL": 2,
            "PE": 1,
            "YT": 1,
            "NT": 1,
            "NU": 1,
            "XX": 1,
        },
        "people": 152,
    },
    "ispe-canada": {
        "french_share": 0.3,
        "bilingual_share": 0.3,
        "regions": {
            "ON": 38,
            "QC": 28,
            "BC": 13,
            "AB": 9,
            "MB": 3,
            "NS": 3,
            "SK": 2,
            "NB": 2,
            "NL": 1,
            "XX": 1,
        },
        "people": 152,
    },
}

# Languages beyond English and French that some applicants also speak.
OTHER_LANGUAGES = ["es", "ar", "zh", "pa", "tl", "pt", "it", "de", "hi", "uk", "iu", "cr", "ase", "fcs"]

# (English, French) pairs of what applicants write about their work, per program.
INDUSTRIES: dict[str, list[Text]] = {
    "cchl-quebec": [
        ("Hospital care", "Soins hospitaliers"),
        ("Long-term care", "Soins de longue durée"),
        ("Community health", "Santé communautaire"),
        ("Public health", "Santé publique"),
        ("Mental health", "Santé mentale"),
        ("Health administration", "Administration de la santé"),
        ("Home care", "Soutien à domicile"),
    ],
    "pco-mentoring": [("Federal public service", "Fonction publique fédérale")],
    "ispe-canada": [
        ("Pharmaceutical manufacturing", "Fabrication pharmaceutique"),
        ("Biotechnology", "Biotechnologie"),
        ("Quality assurance", "Assurance qualité"),
        ("Regulatory affairs", "Affaires réglementaires"),
        ("Engineering and validation", "Ingénierie et validation"),
        ("Clinical research", "Recherche clinique"),
        ("Medical devices", "Dispositifs médicaux"),
    ],
}

HEALTH_EMPLOYERS: dict[str, list[str]] = {
    "QC": [
        "CIUSSS de la Capitale-Nationale",
        "CIUSSS du Centre-Sud-de-l'Île-de-Montréal",
        "CISSS de la Montérégie-Centre",
        "CISSS des Laurentides",
        "CIUSSS de l'Estrie - CHUS",
        "CHU de Québec - Université Laval",
        "Centre hospitalier de l'Université de Montréal",
        "Santé Québec",
    ],
    "ON": ["Ontario Health", "The Ottawa Hospital", "Hôpital Montfort", "Sunnybrook Health Sciences Centre"],
    "NB": ["Vitalité Health Network", "Horizon Health Network"],
    "NS": ["Nova Scotia Health"],
    "MB": ["Shared Health Manitoba"],
    "AB": ["Alberta Health Services"],
    "BC": ["Vancouver Coastal Health", "Fraser Health"],
    "NL": ["Eastern Health"],
    "SK": ["Saskatchewan Health Authority"],
}

JOB_TITLES: dict[str, dict[str, list[Text]]] = {
    "cchl-quebec": {
        "mentor": [
            ("Director of Nursing", "Directrice des soins infirmiers"),
            ("Associate Director, Clinical Services", "Directeur adjoint des services cliniques"),
            ("Chief Executive Officer", "Président-directeur général"),
            ("Director of Quality and Performance", "Directrice de la qualité et de la performance"),
            ("Medical Director", "Directeur médical"),
        ],
        "mentee": [
            ("Nurse Manager", "Cheffe de service en soins infirmiers"),
            ("Program Coordinator", "Coordonnateur de programme"),
            ("Clinical Team Leader", "Chef d'équipe clinique"),
            ("Project Manager, Transformation Office", "Gestionnaire de projet, bureau de transformation"),
            ("Unit Manager", "Gestionnaire d'unité"),
        ],
    },
    "pco-mentoring": {
        "mentor": [
            ("Director General", "Directrice générale"),
            ("Director, Operations", "Directeur des opérations"),
            ("Senior Policy Advisor", "Conseillère principale en politiques"),
            ("Assistant Secretary to the Cabinet", "Secrétaire adjoint du Cabinet"),
        ],
        "mentee": [
            ("Policy Analyst", "Analyste des politiques"),
            ("Junior Analyst", "Analyste subalterne"),
            ("Executive Assistant", "Adjointe de direction"),
            ("Program Officer", "Agent de programme"),
            ("Communications Advisor", "Conseillère en communications"),
        ],
    },
    "ispe-canada": {
        "mentor": [
            ("Director of Quality Operations", "Directeur des opérations qualité"),
            ("Validation Manager", "Gestionnaire de la validation"),
            ("Head of Regulatory Affairs", "Cheffe des affaires réglementaires"),
            ("Plant Manager", "Directeur d'usine"),
            ("Senior Process Engineer", "Ingénieure de procédés principale"),
        ],
        "mentee": [
            ("Quality Associate", "Associée qualité"),
            ("Validation Specialist", "Spécialiste en validation"),
            ("Process Engineer in training", "Ingénieur de procédés junior"),
            ("Regulatory Affairs Coordinator", "Coordonnatrice des affaires réglementaires"),
            (
                "Graduate student, pharmaceutical sciences",
                "Étudiant aux cycles supérieurs, sciences pharmaceutiques",
            ),
        ],
    },
}

# What applicants write, as sentence banks; the loader picks two sentences so texts vary.
MOTIVATIONS: dict[str, dict[str, list[str]]] = {
    "mentee": {
        "en": [
            "I want to grow as a leader and learn from someone who has faced the challenges I face now.",
            "I recently took on a management role and would value an experienced sounding board.",
            "I am preparing a career transition and want an outside perspective on my options.",
            "I want to build my professional network beyond my own team.",
            "I would like honest feedback on how others see my leadership.",
            "I want to understand how decisions are made at the senior level.",
        ],
        "fr": [
            "Je souhaite grandir comme leader et apprendre de quelqu'un qui a vécu les défis que je vis.",
            "J'ai récemment accepté un poste de gestion et j'aimerais profiter d'un regard expérimenté.",
            "Je prépare une transition de carrière et je veux un point de vue extérieur sur mes options.",
            "Je veux élargir mon réseau professionnel au-delà de mon équipe.",
            "J'aimerais une rétroaction franche sur la façon dont les autres perçoivent mon leadership.",
            "Je veux comprendre comment se prennent les décisions à la haute direction.",
        ],
    },
    "mentor": {
        "en": [
            "Mentors helped me at key moments of my career and I want to pass it on.",
            "I enjoy helping emerging leaders find their own way.",
            "Mentoring keeps me learning: new leaders ask questions I had stopped asking myself.",
            "I want to share what I learned from my mistakes so others avoid them.",
            "Transferring knowledge before I retire matters to me and to my organization.",
        ],
        "fr": [
            "Des mentors m'ont aidé à des moments clés de ma carrière et je veux redonner à mon tour.",
            "J'aime aider la relève à trouver sa propre voie.",
            "Le mentorat me garde en apprentissage : la relève pose des questions que je ne me posais plus.",
            "Je veux partager ce que j'ai appris de mes erreurs pour que d'autres les évitent.",
            "Transmettre mes connaissances avant ma retraite compte pour moi et pour mon organisation.",
        ],
    },
}

OBJECTIVES: dict[str, list[str]] = {
    "en": [
        "Lead my team through a major reorganization with confidence.",
        "Improve how I communicate with senior management.",
        "Set SMART goals for my next two years and follow through.",
        "Delegate better and stop doing everything myself.",
        "Prepare for a director position within three years.",
        "Handle difficult conversations with more ease.",
        "Balance work and family life during a demanding period.",
    ],
    "fr": [
        "Diriger mon équipe avec assurance pendant une réorganisation majeure.",
        "Mieux communiquer avec la haute direction.",
        "Me fixer des objectifs SMART pour les deux prochaines années et les atteindre.",
        "Mieux déléguer et cesser de tout faire moi-même.",
        "Me préparer à un poste de direction d'ici trois ans.",
        "Aborder les conversations difficiles avec plus d'aisance.",
        "Concilier travail et famille pendant une période exigeante.",
    ],
}

EXPERTISE: dict[str, list[str]] = {
    "en": [
        "Leading large teams through change.",
        "Budget planning and performance management.",
        "Building partnerships across organizations.",
        "Quality improvement and patient safety.",
        "Coaching new managers.",
        "Regulatory inspections and audits.",
        "Briefing senior officials and ministers.",
        "Labour relations and difficult conversations.",
    ],
    "fr": [
        "Diriger de grandes équipes dans le changement.",
        "Planification budgétaire et gestion de la performance.",
        "Créer des partenariats entre organisations.",
        "Amélioration de la qualité et sécurité des patients.",
        "Accompagner de nouveaux gestionnaires.",
        "Inspections réglementaires et audits.",
        "Préparer des notes d'information pour la haute direction.",
        "Relations de travail et conversations difficiles.",
    ],
}

AVAILABILITY: dict[str, list[str]] = {
    "en": ["Weekday mornings", "Lunch hours", "Late afternoons", "Flexible, mostly virtual", "Evenings"],
    "fr": ["En matinée en semaine", "Sur l'heure du dîner", "En fin d'après-midi", "Flexible", "En soirée"],
}

DECISION_REASONS: dict[str, Text] = {
    "accepted": ("Meets the program's criteria.", "Répond aux critères du programme."),
    "waitlisted": (
        "Waiting for a mentor with matching expertise.",
        "En attente d'un mentor ayant l'expertise recherchée.",
    ),
    "declined": (
        "Not eligible for this cycle; invited to apply next year.",
        "Non admissible pour ce cycle; invitation à postuler l'an prochain.",
    ),
    "withdrawn": ("Changed jobs and no longer has the time.", "A changé d'emploi et n'a plus le temps."),
}
