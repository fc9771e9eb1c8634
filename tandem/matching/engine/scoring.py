"""Pair scoring: integer scores 0-100, computed exactly and in vectorized blocks.

Every criterion is encoded so that the score of a pair is an exact integer computation, whichever
way it is evaluated (a float32 matrix product over a block of mentees, or a float64 dot product for
one pair): all products and partial sums are multiples of 1/1024 below 2**14, which float32
represents exactly.  The block scores used to solve, the pair scores used to explain and the
scores used to verify a certificate are therefore always identical.

Score of an allowed pair (weights rescaled to sum to 100 points, ``W`` in 1/1024 points):

* topics: ``W_topics // n`` per mentee topic the mentor also lists (``n`` = number of mentee topics);
* expertise: same with the mentee's wanted expertise areas and the mentor's expertise;
* industry: ``W_industry`` when both name the same industry;
* region: ``W_region`` when both name the same region, else ``W_region * virtual_region_fraction``
  when both accept to meet virtually;
* seniority: ``W_seniority`` when ``min_gap <= mentor years - mentee years <= max_gap``;
* text: ``q_e . q_r`` where ``q`` is the document's LSA embedding (TF-IDF on word 1-2-grams and
  character 3-5-grams inside words, then a 64-dimension TruncatedSVD, or an exact Gram embedding for
  small pools), L2-normalized and rounded to integers at scale ``sqrt(W_text)``; about
  ``W_text * cosine``;
* score = ``clamp(floor(total / 1024 + 1/2), 0, 100)``, plus the ``preferred`` bonus (capped at 100)
  when the mentee named the mentor.
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from dataclasses import dataclass
from operator import itemgetter

import numpy as np

from .model import CRITERIA, Breakdown, Instance, InstanceError, Reason

FIXED = 1024
"""Fixed-point units per score point."""
CHUNK = 64
"""Column chunk used by the exact top-k selection (columns are padded to a multiple of it)."""
TEXT_DIM = 64
EXACT_TEXT_MAX_DOCS = 256
LSA_SAMPLE = 20_000
BIG_EMPLOYERS = 24
EMPLOYER_PENALTY = 10_000
MAX_LISTED_SCORE = 10_000
"""Largest score of an explicit pair (as in the JSON Schema): keeps the bonus B and the potentials in int64."""

_WORD = re.compile(r"\w+")
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def _fold(text: str) -> str:
    """Lower-case and strip accents so that "équipe" and "equipe" are one word."""
    if text.isascii():
        return text.lower()
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text.lower()))


class _Analyzer:
    """Word 1-2-grams plus character 3-5-grams inside word boundaries (like ``char_wb``), cached per word."""

    def __init__(self) -> None:
        self._cache: dict[str, list[str]] = {}

    def _grams(self, word: str) -> list[str]:
        grams = self._cache.get(word)
        if grams is None:
            padded = f" {word} "
            grams = [
                "\x01" + padded[i : i + n] for n in (3, 4, 5) for i in range(max(1, len(padded) - n + 1))
            ]
            self._cache[word] = grams
        return grams

    def __call__(self, doc: str) -> list[str]:
        words = _WORD.findall(_fold(doc))
        out = list(words)
        out.extend(f"{a} {b}" for a, b in itertools.pairwise(words))
        for w in words:
            out.extend(self._grams(w))
        return out


def _tfidf(texts: list[str]):
    """TF-IDF (sublinear tf, smooth idf, L2 rows) of word 1-2-grams and in-word character 3-5-grams.

    Identical to ``TfidfVectorizer(analyzer=_Analyzer(), sublinear_tf=True)`` but built with sparse
    products: character n-grams are counted once per distinct word, then multiplied by the
    document-word counts, which is what makes 130,000 documents take seconds instead of minutes.
    """
    import scipy.sparse as sp
    from sklearn.feature_extraction.text import TfidfTransformer

    vocab: dict[str, int] = {}
    word_ids: list[int] = []
    lengths: list[int] = []
    for t in texts:
        words = _WORD.findall(_fold(t))
        lengths.append(len(words))
        word_ids.extend([vocab.setdefault(w, len(vocab)) for w in words])
    n = len(texts)
    ids = np.array(word_ids, dtype=np.int64)
    doc = np.repeat(np.arange(n), lengths)
    nw = len(vocab)
    words_m = sp.csr_matrix((np.ones(len(ids), np.float32), (doc, ids)), shape=(n, nw))
    # Bigrams: consecutive words of the same document.
    same = doc[1:] == doc[:-1]
    big = ids[:-1][same] * nw + ids[1:][same]
    big_u, big_inv = np.unique(big, return_inverse=True)
    bigrams_m = sp.csr_matrix(
        (np.ones(len(big_inv), np.float32), (doc[1:][same], big_inv)), shape=(n, len(big_u))
    )
    analyzer = _Analyzer()
    gram_ids: dict[str, int] = {}
    rows, cols = [], []
    for w, i in vocab.items():
        for g in analyzer._grams(w):
            rows.append(i)
            cols.append(gram_ids.setdefault(g, len(gram_ids)))
    grams_of_word = sp.csr_matrix((np.ones(len(rows), np.float32), (rows, cols)), shape=(nw, len(gram_ids)))
    counts = sp.hstack([words_m, bigrams_m, words_m @ grams_of_word], format="csr")
    counts.sum_duplicates()
    return TfidfTransformer(sublinear_tf=True).fit_transform(counts).astype(np.float32)


def _text_embeddings(texts: list[str], dim: int) -> np.ndarray:
    """Unit-norm embeddings whose dot products approximate TF-IDF cosine similarity (zero rows for no text)."""
    n = len(texts)
    has_text = np.array([bool(_WORD.search(t or "")) for t in texts])
    out = np.zeros((n, 0), dtype=np.float64)
    if has_text.sum() < 2:
        return out
    tfidf = _tfidf([t for t, h in zip(texts, has_text, strict=True) if h])
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1):
        # Small dense factorizations: one BLAS thread is faster, and much faster on a busy machine.
        emb = _embed(tfidf, dim)
    norms = np.linalg.norm(emb, axis=1, keepdims=True)
    emb = np.divide(emb, norms, out=np.zeros_like(emb), where=norms > 0)
    out = np.zeros((n, emb.shape[1]), dtype=np.float64)
    out[has_text] = emb
    return out


def _embed(tfidf, dim: int) -> np.ndarray:
    n_docs, n_feat = tfidf.shape
    if n_docs <= EXACT_TEXT_MAX_DOCS:
        # Exact: an eigen-embedding of the Gram matrix reproduces every cosine.
        gram = (tfidf @ tfidf.T).toarray().astype(np.float64)
        vals, vecs = np.linalg.eigh(gram)
        keep = vals > 1e-9
        emb = vecs[:, keep] * np.sqrt(vals[keep])
    else:
        from sklearn.decomposition import TruncatedSVD

        k = min(dim, n_feat - 1, n_docs - 1)
        svd = TruncatedSVD(n_components=k, algorithm="randomized", n_iter=3, random_state=0)
        # The LSA basis is fitted on a seeded sample of documents (cost grows with the sample, not the
        # pool), then every document is projected on it.
        if n_docs > LSA_SAMPLE:
            sample = np.sort(np.random.default_rng(0).choice(n_docs, LSA_SAMPLE, replace=False))
            svd.fit(tfidf[sample])
        else:
            svd.fit(tfidf)
        emb = (tfidf @ svd.components_.T).astype(np.float64)
    return emb


def _check_settings(instance: Instance) -> None:
    """Weights and rules given through the Python API get the same checks as the JSON Schema."""
    from dataclasses import fields

    for f in fields(instance.weights):
        if getattr(instance.weights, f.name) < 0:
            raise InstanceError(f"weights.{f.name} must not be negative")
    rules = instance.rules
    if rules.same_employer not in ("allow", "forbid"):
        raise InstanceError(f"rules.same_employer must be 'allow' or 'forbid', not {rules.same_employer!r}")
    if rules.min_score < 0:
        raise InstanceError("rules.min_score must not be negative")
    if not 0 <= rules.virtual_region_fraction <= 1:
        raise InstanceError("rules.virtual_region_fraction must be between 0 and 1")
    if rules.stable_list_length < 1:
        raise InstanceError("rules.stable_list_length must be at least 1")


def _csr(n: int, rows: np.ndarray, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    rows, cols = rows.astype(np.int64), cols.astype(np.int64)
    order = np.lexsort((cols, rows))
    ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n), out=ptr[1:])
    return ptr, cols[order].astype(np.int64)


def ragged_gather(ptr: np.ndarray, data: np.ndarray, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For CSR (ptr, data): positions in ``keys`` and the values of every row ``keys[i]``, concatenated."""
    starts = ptr[keys]
    counts = ptr[keys + 1] - starts
    total = int(counts.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=data.dtype)
    pos = np.repeat(np.arange(len(keys)), counts)
    offs = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
    return pos, data[np.repeat(starts, counts) + offs]


def mentee_best_first(
    e: np.ndarray, r: np.ndarray, s: np.ndarray, n_e: int, n_r: int, max_score: int
) -> np.ndarray:
    """Order of pairs by mentee, then score descending, then mentor.

    One argsort of a combined integer key is ten times faster than ``np.lexsort`` on three keys;
    the fallback covers scores so large that the key would overflow.
    """
    span = max_score + 1
    if n_e * span * n_r < 2**62:
        return np.argsort((e * span + (max_score - s)) * n_r + r)
    return np.lexsort((r, -s, e))


@dataclass(slots=True)
class Group:
    """Mentees sharing a language set, and the mentors (columns) they may be paired with."""

    rows: np.ndarray
    cols: np.ndarray
    """Global mentor indices, sorted by years of experience, padded with -1 to a multiple of CHUNK."""
    n_cols: int
    years: np.ndarray
    y: np.ndarray


_RULE_CODES = {
    "self": "self_pair",
    "avoid_mentee": "avoided_by_mentee",
    "avoid_mentor": "avoided_by_mentor",
    "reports": "reporting_line",
    "ended": "ended_pair",
    "blocked": "blocked",
}


class Scorer:
    """Scores for one instance.  Build once, then ask for blocks (solver) or single pairs (explanations)."""

    def __init__(self, instance: Instance, text_dim: int = TEXT_DIM) -> None:
        self.instance = instance
        self.mentors = instance.mentors
        self.mentees = instance.mentees
        self.n_e = len(instance.mentees)
        self.n_r = len(instance.mentors)
        self.mentor_index = {r.id: i for i, r in enumerate(instance.mentors)}
        self.mentee_index = {e.id: i for i, e in enumerate(instance.mentees)}
        self.capacity = np.array([r.capacity for r in instance.mentors], dtype=np.int64)
        self.explicit = instance.pairs is not None
        self.rules = instance.rules
        _check_settings(instance)
        self.min_score = int(instance.rules.min_score)
        self._build_exclusions()
        self._build_languages_employers()
        total_w = sum(getattr(instance.weights, c) for c in CRITERIA)
        if total_w <= 0:
            raise InstanceError("weights: at least one criterion weight must be positive")
        self.w_fixed = {c: round(getattr(instance.weights, c) / total_w * 100 * FIXED) for c in CRITERIA}
        self.bonus_points = round(instance.weights.preferred)
        if self.explicit:
            self._build_explicit()
        else:
            self._build_profiles(text_dim)

    # ------------------------------------------------------------------ building
    def _build_exclusions(self) -> None:
        """Sparse hard rules as (mentee, mentor) keys; unknown ids in avoid/reports_to/ended are ignored."""
        me, mr = self.mentee_index, self.mentor_index
        codes: dict[int, str] = {}
        m = max(self.n_r, 1)

        def add(e: int | None, r: int | None, code: str) -> None:
            if e is not None and r is not None:
                codes.setdefault(e * m + r, code)

        # Someone registered on both sides may never be paired with themselves.
        for eid in me.keys() & mr.keys():
            add(me[eid], mr[eid], "self")
        for i, e in enumerate(self.mentees):
            for rid in e.avoid:
                add(i, mr.get(rid), "avoid_mentee")
            for rid in e.reports_to:
                add(i, mr.get(rid), "reports")
        for j, r in enumerate(self.mentors):
            for eid in r.avoid:
                add(me.get(eid), j, "avoid_mentor")
            for eid in r.reports_to:
                add(me.get(eid), j, "reports")
        for eid, rid in self.instance.ended:
            add(me.get(eid), mr.get(rid), "ended")
        for eid, rid in self.instance.blocked:
            add(me.get(eid), mr.get(rid), "blocked")
        self.excl_codes = codes
        keys = np.fromiter(codes.keys(), dtype=np.int64, count=len(codes))
        self.excl_ptr, self.excl_r = _csr(self.n_e, keys // m, keys % m)
        self.excl_keys = np.sort(keys)
        pref_e: list[int] = []
        pref_r: list[int] = []
        for i, e in enumerate(self.mentees):
            if not e.preferred:
                continue
            for rid in dict.fromkeys(e.preferred):
                j = mr.get(rid)
                if j is not None:
                    pref_e.append(i)
                    pref_r.append(j)
        pe, pr = np.array(pref_e, dtype=np.int64), np.array(pref_r, dtype=np.int64)
        self.pref_ptr, self.pref_r = _csr(self.n_e, pe, pr)
        self.pref_keys = np.sort(pe * m + pr)

    def _build_languages_employers(self) -> None:
        langs = sorted({x for p in (*self.mentees, *self.mentors) for x in p.languages})
        if len(langs) > 62:
            raise InstanceError("languages: at most 62 distinct languages are supported")
        bit = {x: 1 << i for i, x in enumerate(langs)}
        # Few distinct language lists exist in a pool ("fr", "en", both): compute each mask once.
        masks: dict[tuple[str, ...], int] = {}

        def mask(languages: tuple[str, ...]) -> int:
            key = languages if isinstance(languages, tuple) else tuple(languages)
            value = masks.get(key)
            if value is None:
                value = masks[key] = sum(bit[x] for x in set(key))
            return value

        self.lang_e = np.fromiter((mask(e.languages) for e in self.mentees), np.int64, self.n_e)
        self.lang_r = np.fromiter((mask(r.languages) for r in self.mentors), np.int64, self.n_r)
        self.forbid_employer = self.rules.same_employer == "forbid"
        employers = {x: i for i, x in enumerate(sorted({p.employer for p in self.mentors if p.employer}))}
        self.emp_e = np.array(
            [employers.get(e.employer, -1) if e.employer else -1 for e in self.mentees], dtype=np.int64
        )
        self.emp_r = np.array(
            [employers.get(r.employer, -1) if r.employer else -1 for r in self.mentors], dtype=np.int64
        )
        has = self.emp_r >= 0
        self.emp_ptr, self.emp_mentors = _csr(
            max(len(employers), 1), self.emp_r[has], np.flatnonzero(has).astype(np.int64)
        )

    def lang_ok(self, e: np.ndarray, r: np.ndarray) -> np.ndarray:
        if not self.rules.require_shared_language:
            return np.ones(len(e), dtype=bool)
        le, lr = self.lang_e[e], self.lang_r[r]
        return ((le & lr) != 0) | (le == 0) | (lr == 0)

    def _build_explicit(self) -> None:
        """Index arrays of the listed pairs, with one pass of C-level iteration per column.

        Millions of pairs arrive as Python tuples; everything after reading them is vectorised.
        """
        pairs = self.instance.pairs or []
        m = max(self.n_r, 1)
        n = len(pairs)
        try:
            e = np.fromiter(map(self.mentee_index.__getitem__, map(itemgetter(0), pairs)), np.int64, n)
            r = np.fromiter(map(self.mentor_index.__getitem__, map(itemgetter(1), pairs)), np.int64, n)
            s = np.fromiter(map(itemgetter(2), pairs), np.int64, n)
        except KeyError as exc:
            unknown = exc.args[0]
            side = "mentee" if any(p[0] == unknown for p in pairs) else "mentor"
            raise InstanceError(f"pairs: unknown {side} id {unknown!r}") from None
        except (IndexError, TypeError, ValueError, OverflowError):
            raise InstanceError("pairs: each pair must be [mentee id, mentor id, integer score]") from None
        if n and s.min() < 0:
            i = int(np.argmax(s < 0))
            raise InstanceError(f"pairs: score of ({pairs[i][0]}, {pairs[i][1]}) must not be negative")
        if n and s.max() > MAX_LISTED_SCORE:
            i = int(np.argmax(s > MAX_LISTED_SCORE))
            raise InstanceError(
                f"pairs: score of ({pairs[i][0]}, {pairs[i][1]}) must be at most {MAX_LISTED_SCORE}"
            )
        keys = e * m + r
        # Stable sort: lists usually arrive grouped by mentee, which timsort handles in linear time.
        by_key = np.argsort(keys, kind="stable")
        keys_sorted = keys[by_key]
        dup = np.flatnonzero(keys_sorted[1:] == keys_sorted[:-1])
        if len(dup):
            k = int(keys_sorted[dup[0]])
            raise InstanceError(
                f"pairs: duplicate pair ({self.mentees[k // m].id}, {self.mentors[k % m].id})"
            )
        self.max_score = int(s.max()) if n else 0
        ok = self._rules_ok(e, r) & (s >= self.min_score)
        # Lookups by key (explanations, certificate checks) search these sorted arrays.
        self._listed_keys, self._listed_s = keys_sorted, s[by_key]
        self._allowed_by_key = ok[by_key]
        e, r, s = e[ok], r[ok], s[ok]
        order = mentee_best_first(e, r, s, self.n_e, m, self.max_score)
        self.pair_e, self.pair_r, self.pair_s = e[order], r[order], s[order]
        self.pair_ptr = np.zeros(self.n_e + 1, dtype=np.int64)
        np.cumsum(np.bincount(self.pair_e, minlength=self.n_e), out=self.pair_ptr[1:])

    def _lookup_listed(self, e: np.ndarray, r: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Explicit mode: for pairs (e[i], r[i]), the position in the key-sorted list and whether listed."""
        keys = e * max(self.n_r, 1) + r
        if len(self._listed_keys) == 0:
            return np.zeros(len(e), dtype=np.int64), np.zeros(len(e), dtype=bool)
        pos = np.minimum(np.searchsorted(self._listed_keys, keys), len(self._listed_keys) - 1)
        return pos, self._listed_keys[pos] == keys

    def _rules_ok(self, e: np.ndarray, r: np.ndarray) -> np.ndarray:
        m = max(self.n_r, 1)
        ok = self.lang_ok(e, r) & ~np.isin(e * m + r, self.excl_keys)
        if self.forbid_employer:
            ee = self.emp_e[e]
            ok &= ~((ee >= 0) & (ee == self.emp_r[r]))
        return ok

    def _build_profiles(self, text_dim: int) -> None:
        self.max_score = 100
        ees, rrs = self.mentees, self.mentors
        w = self.w_fixed
        blocks_x: list[np.ndarray] = []
        blocks_y: list[np.ndarray] = []
        self.slices: dict[str, slice] = {}
        col = 0

        def add(name: str, x: np.ndarray, y: np.ndarray) -> None:
            nonlocal col
            blocks_x.append(x)
            blocks_y.append(y)
            width = x.shape[1]
            prev = self.slices.get(name)
            self.slices[name] = slice(prev.start if prev else col, col + width)
            col += width

        def multi(attr: str, weight: int) -> tuple[np.ndarray, np.ndarray, list[str]]:
            vocab = sorted(
                {t for p in rrs for t in getattr(p, attr)} & {t for p in ees for t in getattr(p, attr)}
            )
            idx = {t: i for i, t in enumerate(vocab)}
            x = np.zeros((len(ees), len(vocab)), dtype=np.float32)
            y = np.zeros((len(rrs), len(vocab)), dtype=np.float32)
            for i, p in enumerate(ees):
                items = set(getattr(p, attr))
                if items:
                    per = weight // len(items)
                    for t in items:
                        if t in idx:
                            x[i, idx[t]] = per
            for j, p in enumerate(rrs):
                for t in set(getattr(p, attr)):
                    if t in idx:
                        y[j, idx[t]] = 1
            return x, y, vocab

        def single(attr: str) -> tuple[np.ndarray, np.ndarray, list[str]]:
            vocab = sorted({getattr(p, attr) for p in rrs if getattr(p, attr)})
            idx = {t: i for i, t in enumerate(vocab)}
            x = np.zeros((len(ees), len(vocab)), dtype=np.float32)
            y = np.zeros((len(rrs), len(vocab)), dtype=np.float32)
            for i, p in enumerate(ees):
                k = idx.get(getattr(p, attr))
                if k is not None:
                    x[i, k] = 1
            for j, p in enumerate(rrs):
                k = idx.get(getattr(p, attr))
                if k is not None:
                    y[j, k] = 1
            return x, y, vocab

        x, y, _ = multi("topics", w["topics"])
        add("topics", x, y)
        x, y, _ = single("industry")
        add("industry", x * w["industry"], y)
        x, y, _ = multi("expertise", w["expertise"])
        add("expertise", x, y)
        x, y, _ = single("region")
        w_virtual = round(w["region"] * float(self.rules.virtual_region_fraction))
        virt_e = np.array([p.virtual for p in ees], dtype=np.float32)[:, None]
        virt_r = np.array([p.virtual for p in rrs], dtype=np.float32)[:, None]
        # same*W + both_virtual*(1-same)*Wv, written as a sum of products so it stays bilinear.
        add("region", x * w["region"], y)
        add("region", -x * virt_e * w_virtual, y * virt_r)
        add("region", virt_e * w_virtual, virt_r)
        if w["text"] > 0:
            emb = _text_embeddings([p.text for p in ees] + [p.text for p in rrs], text_dim)
            scale = math.sqrt(w["text"])
            q = np.rint(emb * scale).astype(np.float32)
            add("text", q[: len(ees)], q[len(ees) :])
        self._add_employer_columns(add)
        add("const", np.full((len(ees), 1), FIXED // 2, dtype=np.float32), np.ones((len(rrs), 1), np.float32))
        self.x = np.ascontiguousarray(np.hstack(blocks_x), dtype=np.float32)
        y_all = np.hstack(blocks_y).astype(np.float32) / np.float32(FIXED)
        self.y_rows = y_all  # (n_r, K), for single pairs
        self.seniority_points = np.float32(w["seniority"] / FIXED)
        self.years_e = np.array(
            [-(10**6) if p.years_experience is None else p.years_experience for p in ees], dtype=np.int64
        )
        self.years_r = np.array(
            [-(10**7) if p.years_experience is None else p.years_experience for p in rrs], dtype=np.int64
        )
        self.lo_gap, self.hi_gap = int(self.rules.seniority_min_gap), int(self.rules.seniority_max_gap)
        self._build_groups()

    def _add_employer_columns(self, add) -> None:
        """Same-employer exclusion for the largest employers as a -10,000-point GEMM term.

        A few large employers account for most same-employer pairs; listing those pairs one by one
        would cost more than one more column of the matrix product.  Smaller employers stay sparse.
        """
        self.big_employer = np.zeros(max(len(self.emp_ptr) - 1, 1), dtype=bool)
        if not self.forbid_employer or self.n_e == 0 or self.n_r == 0:
            return
        n_r_emp = np.diff(self.emp_ptr)
        n_e_emp = np.bincount(self.emp_e[self.emp_e >= 0], minlength=len(n_r_emp))
        pairs = n_r_emp * n_e_emp
        order = np.argsort(-pairs, kind="stable")[:BIG_EMPLOYERS]
        big = order[pairs[order] * BIG_EMPLOYERS * 4 > self.n_e * self.n_r // 100]
        if len(big) == 0:
            return
        self.big_employer[big] = True
        col = {int(b): i for i, b in enumerate(big.tolist())}
        x = np.zeros((self.n_e, len(big)), dtype=np.float32)
        y = np.zeros((self.n_r, len(big)), dtype=np.float32)
        for i, c in enumerate(self.emp_e.tolist()):
            if c in col:
                x[i, col[c]] = -EMPLOYER_PENALTY * FIXED
        for j, c in enumerate(self.emp_r.tolist()):
            if c in col:
                y[j, col[c]] = 1
        add("employer", x, y)

    def _build_groups(self) -> None:
        self.groups: list[Group] = []
        keys = np.unique(self.lang_e) if self.rules.require_shared_language else np.zeros(1, dtype=np.int64)
        for key in keys.tolist():
            if self.rules.require_shared_language:
                rows = np.flatnonzero(self.lang_e == key)
                ok = (self.lang_r == 0) | ((self.lang_r & key) != 0) | (key == 0)
            else:
                rows = np.arange(self.n_e)
                ok = np.ones(self.n_r, dtype=bool)
            cols = np.flatnonzero(ok)
            cols = cols[np.argsort(self.years_r[cols], kind="stable")]
            n_cols = len(cols)
            pad = (-n_cols) % CHUNK if n_cols else CHUNK
            y = np.zeros((self.y_rows.shape[1], n_cols + pad), dtype=np.float32)
            y[:, :n_cols] = self.y_rows[cols].T
            years = np.concatenate([self.years_r[cols], np.full(pad, 10**7, dtype=np.int64)])
            cols = np.concatenate([cols, np.full(pad, -1, dtype=np.int64)])
            self.groups.append(Group(rows=rows, cols=cols, n_cols=n_cols, years=years, y=y))

    # ------------------------------------------------------------------ scoring
    def score_block(self, rows: np.ndarray, group: Group, sub: np.ndarray | None = None) -> np.ndarray:
        """Scores (int16, -1 = not allowed) of mentees ``rows`` against the group's columns.

        ``sub`` optionally selects column positions (increasing) of the group; the result then has
        ``len(sub)`` columns in that order.  Padding columns are always -1.
        """
        if sub is None:
            cols, years, y = group.cols, group.years, group.y
        else:
            cols, years, y = group.cols[sub], group.years[sub], group.y[:, sub]
        g = self.x[rows] @ y
        if self.w_fixed["seniority"]:
            ye = self.years_e[rows]
            lo = np.searchsorted(years, ye + self.lo_gap, side="left")
            hi = np.searchsorted(years, ye + self.hi_gap, side="right")
            pts = self.seniority_points
            for i in np.flatnonzero(hi > lo).tolist():
                g[i, lo[i] : hi[i]] += pts
        forbidden = g < -EMPLOYER_PENALTY / 2 if "employer" in self.slices else None
        np.clip(g, 0, 100, out=g)
        s = g.astype(np.int16)
        if forbidden is not None:
            s[forbidden] = -1
        s[:, cols < 0] = -1
        self._apply_sparse(rows, cols, s)
        if self.min_score > 0:
            s[s < self.min_score] = -1
        return s

    def _apply_sparse(self, rows: np.ndarray, cols: np.ndarray, s: np.ndarray) -> None:
        colpos = np.full(self.n_r + 1, -1, dtype=np.int64)
        valid = cols >= 0
        colpos[cols[valid]] = np.flatnonzero(valid)
        pos, r = ragged_gather(self.excl_ptr, self.excl_r, rows)
        c = colpos[r]
        keep = c >= 0
        s[pos[keep], c[keep]] = -1
        if self.forbid_employer:
            emp = self.emp_e[rows]
            has = np.flatnonzero(emp >= 0)
            has = has[~self.big_employer[emp[has]]]
            if len(has):
                p2, r2 = ragged_gather(self.emp_ptr, self.emp_mentors, emp[has])
                c2 = colpos[r2]
                keep = c2 >= 0
                s[has[p2[keep]], c2[keep]] = -1
        if self.bonus_points:
            pos, r = ragged_gather(self.pref_ptr, self.pref_r, rows)
            c = colpos[r]
            keep = c >= 0
            pos, c = pos[keep], c[keep]
            cur = s[pos, c]
            s[pos, c] = np.where(cur >= 0, np.minimum(100, cur + self.bonus_points), cur)

    def contributions(self, e: np.ndarray, r: np.ndarray) -> dict[str, np.ndarray]:
        """Points per criterion for pairs (e[i], r[i]) (profile mode), exactly as the blocks compute them."""
        step = 1 << 15
        if len(e) > step:
            # Bounded memory: the per-pair feature rows are gathered a chunk at a time.
            parts = [self.contributions(e[i : i + step], r[i : i + step]) for i in range(0, len(e), step)]
            return {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
        out: dict[str, np.ndarray] = {}
        for name in (*CRITERIA, "employer", "const"):
            if name == "seniority":
                gap = self.years_r[r] - self.years_e[e]
                win = (gap >= self.lo_gap) & (gap <= self.hi_gap)
                out[name] = np.where(win, float(self.seniority_points), 0.0)
                continue
            sl = self.slices.get(name)
            if sl is None or sl.stop == sl.start:
                out[name] = np.zeros(len(e))
                continue
            xs = self.x[e, sl].astype(np.float64)
            ys = self.y_rows[r, sl].astype(np.float64)
            out[name] = np.einsum("ij,ij->i", xs, ys)
        return out

    def _listed_scores(self, e: np.ndarray, r: np.ndarray) -> np.ndarray:
        """Explicit mode: listed score of each pair (0 when not listed), rules aside."""
        pos, found = self._lookup_listed(e, r)
        if not found.any():
            return np.zeros(len(e), dtype=np.int64)
        return np.where(found, self._listed_s[pos], 0)

    def score_pairs(self, e: np.ndarray, r: np.ndarray) -> np.ndarray:
        """Scores (int64, -1 = not allowed) of pairs (e[i], r[i]) given as index arrays."""
        e = np.asarray(e, dtype=np.int64)
        r = np.asarray(r, dtype=np.int64)
        m = max(self.n_r, 1)
        if self.explicit:
            pos, found = self._lookup_listed(e, r)
            if not found.any():
                return np.full(len(e), -1, dtype=np.int64)
            return np.where(found & self._allowed_by_key[pos], self._listed_s[pos], -1).astype(np.int64)
        parts = self.contributions(e, r)
        total = sum(parts.values())
        s = np.clip(np.floor(total), 0, 100).astype(np.int64)
        if self.bonus_points:
            pref = np.isin(e * m + r, self.pref_keys)
            s = np.where(pref, np.minimum(100, s + self.bonus_points), s)
        ok = self._rules_ok(e, r) & (s >= self.min_score)
        return np.where(ok, s, -1)

    # ------------------------------------------------------------------ explanations
    def violations(self, e: int, r: int, score: int | None = None) -> list[Reason]:
        m = max(self.n_r, 1)
        out: list[Reason] = []
        if not self.lang_ok(np.array([e]), np.array([r]))[0]:
            out.append(Reason("no_shared_language"))
        if self.forbid_employer and self.emp_e[e] >= 0 and self.emp_e[e] == self.emp_r[r]:
            out.append(Reason("same_employer", {"employer": self.mentees[e].employer}))
        code = self.excl_codes.get(e * m + r)
        if code:
            out.append(Reason(_RULE_CODES[code]))
        if self.explicit and not self._lookup_listed(np.array([e]), np.array([r]))[1][0]:
            out.append(Reason("not_listed"))
        elif not out and score is not None and score < self.min_score:
            out.append(Reason("below_min_score", {"score": score, "min_score": self.min_score}))
        return out

    def reasons_for(self, e: int, r: int, top: int = 3) -> list[Reason]:
        return self.reasons_many(np.array([e]), np.array([r]), top)[0]

    def reasons_many(self, e: np.ndarray, r: np.ndarray, top: int = 3) -> list[list[Reason]]:
        """Top reasons (largest contributions first) for many pairs."""
        m = max(self.n_r, 1)
        if self.explicit:
            scores = self._listed_scores(e, r)
            prefs = np.isin(e * m + r, self.pref_keys)
            return [
                [Reason("listed_score", {"score": sc}), *([Reason("preferred")] if p else [])]
                for sc, p in zip(scores.tolist(), prefs.tolist(), strict=True)
            ]
        parts = self.contributions(e, r)
        pref = np.isin(e * m + r, self.pref_keys) if self.bonus_points else np.zeros(len(e), bool)
        names = list(CRITERIA)
        mat = np.stack([parts[c] for c in names], axis=1)
        result: list[list[Reason]] = []
        for i, (ei, ri) in enumerate(zip(e.tolist(), r.tolist(), strict=True)):
            reasons: list[Reason] = []
            if pref[i]:
                reasons.append(Reason("preferred", {"points": self.bonus_points}))
            for k in np.argsort(-mat[i], kind="stable").tolist():
                if len(reasons) >= top or mat[i, k] < 0.5:
                    break
                reasons.append(self._criterion_reason(names[k], ei, ri, float(mat[i, k])))
            result.append(reasons)
        return result

    def _criterion_reason(self, name: str, e: int, r: int, points: float) -> Reason:
        me, mr = self.mentees[e], self.mentors[r]
        pts = round(points, 1)
        if name in ("topics", "expertise"):
            mine = list(dict.fromkeys(getattr(me, name)))
            shared = [t for t in mine if t in set(getattr(mr, name))]
            return Reason(
                f"shared_{name}", {"items": shared, "count": len(shared), "of": len(mine), "points": pts}
            )
        if name == "industry":
            return Reason("same_industry", {"industry": me.industry, "points": pts})
        if name == "region":
            if me.region and me.region == mr.region:
                return Reason("same_region", {"region": me.region, "points": pts})
            return Reason(
                "virtual_region", {"mentee_region": me.region, "mentor_region": mr.region, "points": pts}
            )
        if name == "seniority":
            gap = (mr.years_experience or 0) - (me.years_experience or 0)
            return Reason("seniority", {"gap": gap, "points": pts})
        sim = points * FIXED / self.w_fixed["text"] if self.w_fixed["text"] else 0.0
        return Reason("text_similarity", {"similarity": round(sim, 2), "points": pts})

    def breakdown(self, mentee_id: str, mentor_id: str) -> Breakdown:
        """Score of one pair, each criterion's points, the rules it breaks and its top reasons."""
        try:
            e, r = self.mentee_index[mentee_id], self.mentor_index[mentor_id]
        except KeyError as exc:
            raise InstanceError(f"unknown id {exc.args[0]!r}") from None
        score = int(self.score_pairs(np.array([e]), np.array([r]))[0])
        if self.explicit:
            contributions = {"listed": float(self._listed_scores(np.array([e]), np.array([r]))[0])}
            raw = int(contributions["listed"])
        else:
            parts = self.contributions(np.array([e]), np.array([r]))
            contributions = {c: float(parts[c][0]) for c in CRITERIA}
            raw = int(np.clip(np.floor(sum(float(v[0]) for v in parts.values())), 0, 100))
            pref = mentor_id in set(self.mentees[e].preferred)
            contributions["preferred"] = float(self.bonus_points if pref else 0)
            if pref:
                raw = min(100, raw + self.bonus_points)
        violations = self.violations(e, r, raw) if score < 0 else []
        reasons = self.reasons_for(e, r)
        return Breakdown(mentee_id, mentor_id, score, score >= 0, contributions, violations, reasons)
