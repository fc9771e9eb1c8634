"""Seeded synthetic pools with a realistic mix of attributes (benchmarks and tests)."""

from __future__ import annotations

import numpy as np

from .model import Instance, Mentee, Mentor, Rules, Weights

REGIONS = ["ON", "QC", "BC", "AB", "MB", "SK", "NS", "NB", "NL", "PE", "NT", "YT", "NU"]
REGION_P = [0.385, 0.22, 0.135, 0.115, 0.036, 0.03, 0.027, 0.021, 0.014, 0.005, 0.004, 0.004, 0.004]
INDUSTRIES = [
    "public administration",
    "health care",
    "education",
    "engineering",
    "finance",
    "information technology",
    "law",
    "construction",
    "energy",
    "agriculture",
    "non-profit",
    "retail",
    "manufacturing",
    "transportation",
    "arts and culture",
]
TOPICS = [
    "leadership",
    "career change",
    "work-life balance",
    "networking",
    "public speaking",
    "negotiation",
    "project management",
    "first management role",
    "returning to work",
    "entrepreneurship",
    "diversity",
    "mental health",
    "remote work",
    "promotion",
    "professional licensing",
    "newcomers to Canada",
    "conflict resolution",
    "strategic thinking",
    "personal branding",
    "retirement planning",
    "bilingualism",
    "policy writing",
    "budgeting",
    "team building",
]
EXPERTISE = [
    "accounting",
    "auditing",
    "data analysis",
    "software development",
    "cybersecurity",
    "nursing",
    "clinical research",
    "teaching",
    "curriculum design",
    "civil engineering",
    "electrical engineering",
    "procurement",
    "human resources",
    "communications",
    "marketing",
    "sales",
    "litigation",
    "contracts",
    "regulatory affairs",
    "policy analysis",
    "program evaluation",
    "fundraising",
    "operations",
    "supply chain",
    "risk management",
    "investment",
    "urban planning",
    "environmental assessment",
    "product management",
    "graphic design",
]
EN_GOALS = [
    "I want to grow into a {t} role and learn {x}",
    "looking for guidance on {t} while working in {i}",
    "hoping to improve my {x} skills and build confidence in {t}",
    "new to {i}, I need advice about {t} and {x}",
    "preparing for {t}; interested in how experienced people handle {x}",
]
FR_GOALS = [
    "je souhaite progresser vers un rôle en {t} et apprendre {x}",
    "je cherche des conseils sur {t} dans le secteur {i}",
    "j'aimerais améliorer mes compétences en {x} et gagner en assurance pour {t}",
    "nouvelle dans le domaine {i}, j'ai besoin d'aide pour {t} et {x}",
]
EN_EXP = [
    "{y} years in {i}, specialised in {x}; I have coached people on {t}",
    "senior {x} practitioner in {i}, happy to help with {t}",
    "I led teams in {i} and can share experience in {x} and {t}",
]
FR_EXP = [
    "{y} ans d'expérience en {i}, spécialiste en {x}; j'accompagne des gens sur {t}",
    "gestionnaire principal en {x} dans le secteur {i}, heureux d'aider pour {t}",
]


def _pick(rng: np.random.Generator, items: list[str], lo: int, hi: int, p: np.ndarray | None = None) -> tuple:
    n = int(rng.integers(lo, hi + 1))
    return tuple(items[i] for i in rng.choice(len(items), size=n, replace=False, p=p))


def _languages(rng: np.random.Generator, region: str) -> tuple[str, ...]:
    x = rng.random()
    if region == "QC":
        return ("fr", "en") if x < 0.55 else ("fr",) if x < 0.93 else ("en",)
    if region == "NB":
        return ("en", "fr") if x < 0.35 else ("en",)
    return ("en", "fr") if x < 0.1 else ("en",)


def synthetic_instance(n_mentees: int, n_mentors: int, seed: int = 0) -> Instance:
    """A pool where mentors are scarcer than mentees (about 2.1 places per mentor), as in real programs."""
    rng = np.random.default_rng(seed)
    n_emp = max(5, (n_mentees + n_mentors) // 60)
    emp_p = 1.0 / np.arange(1, n_emp + 1) ** 1.1
    emp_p /= emp_p.sum()
    topic_p = np.linspace(2.0, 0.5, len(TOPICS))
    topic_p /= topic_p.sum()

    def person(kind: str, i: int) -> dict:
        region = REGIONS[rng.choice(len(REGIONS), p=REGION_P)]
        langs = _languages(rng, region)
        industry = INDUSTRIES[int(rng.integers(len(INDUSTRIES)))]
        topics = _pick(rng, TOPICS, 1, 4, topic_p)
        expertise = _pick(rng, EXPERTISE, 1, 3)
        years = int(rng.integers(10, 36)) if kind == "r" else int(rng.integers(0, 16))
        french = langs[0] == "fr"
        bank = (FR_GOALS if french else EN_GOALS) if kind == "e" else (FR_EXP if french else EN_EXP)
        text = " ".join(
            bank[int(rng.integers(len(bank)))].format(
                t=topics[j % len(topics)], x=expertise[j % len(expertise)], i=industry, y=years
            )
            for j in range(int(rng.integers(1, 3)))
        )
        return {
            "id": f"{kind}{i}",
            "topics": topics,
            "industry": industry,
            "expertise": expertise,
            "region": region,
            "languages": langs,
            "years_experience": years,
            "employer": f"employer-{int(rng.choice(n_emp, p=emp_p))}",
            "text": text,
            "virtual": bool(rng.random() < 0.85),
        }

    mentors = []
    for j in range(n_mentors):
        cap = int(rng.choice([1, 2, 3, 4, 5], p=[0.35, 0.35, 0.2, 0.07, 0.03]))
        p = person("r", j)
        mentors.append(Mentor(capacity=cap, **p))
    mentees = []
    for i in range(n_mentees):
        p = person("e", i)
        avoid = (f"r{int(rng.integers(n_mentors))}",) if rng.random() < 0.02 else ()
        preferred = (f"r{int(rng.integers(n_mentors))}",) if rng.random() < 0.05 else ()
        mentees.append(Mentee(avoid=avoid, preferred=preferred, **p))
    return Instance(mentors=mentors, mentees=mentees, weights=Weights(), rules=Rules(same_employer="forbid"))
