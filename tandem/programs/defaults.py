"""Starting content for a new program, drawn from the three programs in shared/seeds.

Coordinators edit all of it; it is here so a program is usable the day it is created.
"""

from tandem.programs.models import Questionnaire

# (English, French) statements rated from 1 to 5, adapted from the health-leaders chapter's self-assessments.
MENTOR_SELF_ASSESSMENT: list[tuple[str, str]] = [
    (
        "I can commit at least one hour a month to a mentee for the whole cycle.",
        "Je peux consacrer au moins une heure par mois à une personne mentorée pendant tout le cycle.",
    ),
    (
        "I enjoy sharing my experience and what I learned from my mistakes.",
        "J'aime partager mon expérience et ce que j'ai appris de mes erreurs.",
    ),
    (
        "I listen actively and ask questions rather than give answers.",
        "J'écoute activement et je pose des questions plutôt que de donner des réponses.",
    ),
    (
        "I am open to learning from my mentee and to receiving feedback.",
        "Je suis ouvert·e à apprendre de la personne mentorée et à recevoir de la rétroaction.",
    ),
    (
        "I will keep what my mentee shares confidential.",
        "Je garderai confidentiel ce que la personne mentorée me confiera.",
    ),
]
MENTEE_SELF_ASSESSMENT: list[tuple[str, str]] = [
    (
        "I know which skills or goals I want to work on this year.",
        "Je sais sur quelles compétences ou quels objectifs je veux travailler cette année.",
    ),
    (
        "I am ready to take the initiative to drive the relationship and plan our meetings.",
        "Je suis prêt·e à prendre l'initiative de la relation et à planifier nos rencontres.",
    ),
    (
        "I can commit at least one hour a month for the whole cycle.",
        "Je peux consacrer au moins une heure par mois pendant tout le cycle.",
    ),
    (
        "I am open to feedback, even when it is uncomfortable.",
        "Je suis ouvert·e à la rétroaction, même lorsqu'elle est inconfortable.",
    ),
    (
        "I will respect my mentor's time and prepare our meetings in advance.",
        "Je respecterai le temps de mon mentor et je préparerai nos rencontres à l'avance.",
    ),
]

GUIDANCE = {
    "ready_en": (
        "Your answers show you are ready for a mentoring relationship. Continue to the registration form "
        "and read the roles and responsibilities of each stage."
    ),
    "ready_fr": (
        "Vos réponses montrent que vous êtes prêt·e pour une relation de mentorat. Passez au formulaire "
        "d'inscription et lisez les rôles et responsabilités de chaque étape."
    ),
    "reflect_en": (
        "Some answers suggest this may not be the right time. Read the advice for an effective mentoring "
        "relationship; you can still register, and a coordinator can talk it through with you."
    ),
    "reflect_fr": (
        "Certaines réponses laissent penser que le moment n'est peut-être pas idéal. Lisez les conseils pour "
        "une relation de mentorat efficace; vous pouvez tout de même vous inscrire, et une personne "
        "coordonnatrice pourra en discuter avec vous."
    ),
}


def default_questionnaires() -> list[tuple[str, list[tuple[str, str]]]]:
    return [
        (Questionnaire.Kind.MENTOR_SELF_ASSESSMENT, MENTOR_SELF_ASSESSMENT),
        (Questionnaire.Kind.MENTEE_SELF_ASSESSMENT, MENTEE_SELF_ASSESSMENT),
        (Questionnaire.Kind.MENTOR_REGISTRATION, []),
        (Questionnaire.Kind.MENTEE_REGISTRATION, []),
    ]
