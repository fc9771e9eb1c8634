"""Scores are exact, identical however they are computed, and text similarity works in French."""

from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from tandem.matching.engine import Instance, Mentee, Mentor, Scorer, explain_pair
from tandem.matching.engine.scoring import _Analyzer, _tfidf
from tandem.matching.engine.synthetic import synthetic_instance

from .helpers import score_matrix


def test_block_scores_equal_pair_scores() -> None:
    scorer = Scorer(synthetic_instance(400, 150, seed=3))  # large enough for the LSA text embedding
    full = score_matrix(scorer)
    for g in scorer.groups:
        block = scorer.score_block(g.rows, g)
        assert (block[:, : g.n_cols] == full[np.ix_(g.rows, g.cols[: g.n_cols])]).all()
        assert (block[:, g.n_cols :] == -1).all()
    # Mentors outside a mentee's language group are exactly the pairs without a shared language.
    for g in scorer.groups:
        outside = np.setdiff1d(np.arange(scorer.n_r), g.cols[: g.n_cols])
        assert (full[np.ix_(g.rows, outside)] == -1).all()


def test_tfidf_matches_scikit_learn_vectorizer() -> None:
    texts = [
        "Gestion d'équipe et leadership",
        "equipe leadership",
        "data science, data engineering",
        "santé publique",
    ]
    ours = _tfidf(texts).toarray()
    ref = TfidfVectorizer(analyzer=_Analyzer(), sublinear_tf=True).fit_transform(texts).toarray()
    assert np.allclose(ours @ ours.T, ref @ ref.T, atol=1e-6)


def test_french_goals_match_french_expertise_despite_accents() -> None:
    inst = Instance(
        [
            Mentor("r1", 1, text="Gestionnaire en santé publique, j'accompagne les équipes"),
            Mentor("r2", 1, text="Software architecture and cloud computing"),
        ],
        [Mentee("e1", text="je veux devenir gestionnaire d'equipe en sante publique")],
    )
    near = explain_pair(inst, "e1", "r1")
    far = explain_pair(inst, "e1", "r2")
    assert near.contributions["text"] > 10 > far.contributions["text"]
    assert any(r.code == "text_similarity" for r in near.reasons)


def test_scores_stay_within_0_and_100() -> None:
    scorer = Scorer(synthetic_instance(300, 100, seed=5))
    full = score_matrix(scorer)
    allowed = full[full >= 0]
    assert allowed.min() >= 0
    assert allowed.max() <= 100
