"""Train a classifier from an annotated corpus.

Deterministic: the same corpus, configuration and library versions give the
same model and the same predictions (fixed seeds, sorted inputs, single
process fitting). Per-label thresholds are chosen on out-of-fold
predictions of a k-fold cross-validation over the corpus, whose scores are
also the validation metrics recorded in the model card.
"""

from __future__ import annotations

import platform
import time
from collections.abc import Callable, Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold
from sklearn.multiclass import OneVsRestClassifier

from .. import taxonomy
from ..corpus import Entry, corpus_hash, read_corpus, read_headings, stats, validate, validate_headings
from ..errors import Errors, ModelError
from .card import CUSTOM_PREFIX, RATIONALE_MARK
from .features import Featurizer, Prepared, prepare_many
from .model import CyberClassifier, HeadingView, PlattOneVsRest, _data, bare_heading, platt

DEFAULT_CONFIG: dict[str, Any] = {
    "estimator": "svm",           # "svm" (LinearSVC) | "logreg"; both Platt-calibrated
    "C": 1.0,
    "class_weight": "balanced",
    "char_range": [2, 5],
    "max_char_features": 150_000,
    "concept_weight": 1.0,
    "concept_scale": "log",       # "log" | "binary" | "l2" (features.concept_matrix)
    "concept_lead": 0,            # > 0: concepts in the first N characters get columns of their own
    "use_char": False,
    "prefix": 5,
    "heading": False,
    "lemmas": False,              # spaCy lookup lemmas (needs the `lemmas` extra)
    "proclitics": False,          # word features without the proclitics of the cue file (Arabic)
    "use_concepts": True,
    "folds": 5,
    "seed": 0,
    "threshold_grid": [round(x, 2) for x in np.arange(0.10, 0.91, 0.05)],
    "threshold_floor": 0.25,
    # Per-label floors under the corpus-chosen thresholds, calibrated on real laws
    # (data/label_floors.json says how): labels whose look-alikes abound in real laws.
    "label_floors": {k: v for k, v in _data("label_floors.json").items() if not k.startswith("_")},
    # A label beside a stronger one needs this share of its score (dev gold,
    # oracle segmentation, 2-fold by document ×10: chosen 0.5–0.8, +0.008 held out;
    # with the heading lists, end to end, 0.55 over 0.6: +0.0020 / +0.0017 on seeds 0/1,
    # no half of 20 worse).
    "secondary_ratio": 0.55,
    # Context (classify/context.py): shares of the neighbours' and the headings'
    # scores, and how near its threshold a lone best label in cyber context may be
    # (dev gold, oracle segmentation, 2-fold by document ×10: +0.008 held out).
    "neighbour_weight": 0.15,
    "heading_weight": 0.5,
    "lone_top_ratio": 0.85,
    # ...measured from a threshold of at least this (dev gold, end to end, four training
    # seeds: micro +0.0005 to +0.0038, macro and document F1 up on each; flat from 0.35 to 0.5).
    "lone_floor": 0.45,
    # The heading view (model.HeadingView): a model of the entries' headings alone, whose
    # scores for a provision's own heading are added at this share (0: no heading view).
    "heading_view_weight": 0.5,
    # Character 2-5-grams in the heading view: a heading is a few inflected words
    # ("Неправомерный доступ", "Bilişim sistemine girme"), where whole words rarely recur.
    "heading_view_char": True,
    # The heading lists (.tsv) among the corpus paths train the heading view beside the
    # entries' headings: the stock names of the categories, which entries written to
    # be original avoid ("Illegal access", "Production order").
    "heading_lists": True,
    "subdivisions_as_samples": True,
}


def _selection() -> str:
    """Why the default configuration (``data/model_selection.md``): the measurements
    behind each choice, in the order they were made, one paragraph per round
    (``scripts/select_model.py`` runs 3-fold CV on the corpus; the dev gold with
    oracle segmentation only compares configurations). The file is wrapped for
    reading; the model card gets each paragraph on one line."""
    text = resources.files("lexnlp_cyber").joinpath("data/model_selection.md").read_text(encoding="utf-8")
    return "\n\n".join(" ".join(paragraph.split()) for paragraph in text.strip().split("\n\n"))


SELECTION = _selection()


def _estimator(config: dict[str, Any]) -> Any:
    if config["estimator"] == "svm":
        from sklearn.svm import LinearSVC

        base: Any = LinearSVC(C=config["C"], class_weight=config["class_weight"], random_state=config["seed"])
    else:
        base = LogisticRegression(C=config["C"], solver="liblinear", class_weight=config["class_weight"],
                                  max_iter=2000, random_state=config["seed"])
    return OneVsRestClassifier(base, n_jobs=1)


def _samples(entries: Sequence[Entry], with_subdivisions: bool) -> tuple[list[str], list[str], list[list[str]], list[int]]:
    texts, langs, labels, groups = [], [], [], []
    for g, e in enumerate(entries):
        texts.append(e.full_text)
        langs.append(e.lang)
        labels.append(e.labels)
        groups.append(g)
        if with_subdivisions:
            for sub in e.subdivisions:
                if len(str(sub.get("text", ""))) >= 20:
                    texts.append(str(sub["text"]))
                    langs.append(e.lang)
                    labels.append(list(sub.get("labels", [])))
                    groups.append(g)
    return texts, langs, labels, groups


def _binarize(labels: Sequence[Sequence[str]], classes: Sequence[str]) -> np.ndarray:
    index = {c: i for i, c in enumerate(classes)}
    y = np.zeros((len(labels), len(classes)), dtype=np.int8)
    for i, labs in enumerate(labels):
        for lab in labs:
            if lab in index:
                y[i, index[lab]] = 1
    return y


def _fit(prepared: Sequence[Prepared], y: np.ndarray, config: dict[str, Any]) -> tuple[Featurizer, Any]:
    featurizer = Featurizer(char_range=tuple(config["char_range"]), max_char_features=config["max_char_features"],
                            concept_weight=config["concept_weight"], use_char=config["use_char"],
                            use_concepts=config["use_concepts"], prefix=config["prefix"],
                            heading=config.get("heading", False),
                            concept_scale=config.get("concept_scale", "log"), concept_lead=config.get("concept_lead", 0))
    matrix = featurizer.fit(prepared).transform(prepared)
    estimator = _estimator(config)
    import warnings

    with warnings.catch_warnings():  # labels with no positive in a fold are expected
        warnings.simplefilter("ignore")
        estimator.fit(matrix, y)
    return featurizer, estimator


#: Fewer labelled entries with headings than this: no heading view (a corpus without headings).
MIN_HEADED = 10


def _fit_heading_view(entries: Sequence[Entry], classes: Sequence[str],
                      config: dict[str, Any]) -> tuple[HeadingView | None, dict[str, Any]]:
    """The heading view: the same features and linear model on the entries'
    headings alone (and those of heading lists: entries without text),
    Platt-calibrated out of fold like the main model. Returns it with its
    out-of-fold accuracy (how often the best label of a labelled heading is
    one of its entry's labels), or None with the reason when the corpus has
    too few headings to learn from."""
    with_heading = [e for e in entries if e.heading and e.heading.strip()]
    labelled = sum(1 for e in with_heading if e.labels)
    if labelled < MIN_HEADED:
        return None, {"entries": len(with_heading), "skipped": f"{labelled} labelled entries with headings "
                                                               f"(fewer than {MIN_HEADED})"}
    prepared = prepare_many([bare_heading(str(e.heading)) for e in with_heading], [e.lang for e in with_heading],
                            lemmas=bool(config.get("lemmas", False)), proclitics=bool(config.get("proclitics", False)))
    y = _binarize([e.labels for e in with_heading], classes)
    view_config = {**config, "use_char": bool(config.get("heading_view_char", False)), "heading": False}
    folds = max(2, int(config["folds"]))
    oof = np.zeros(y.shape)
    for train_rows, test_rows in KFold(folds, shuffle=True, random_state=config["seed"]).split(with_heading):
        feat, est = _fit([prepared[i] for i in train_rows], y[train_rows], view_config)
        oof[test_rows] = np.asarray(est.decision_function(feat.transform([prepared[i] for i in test_rows])))
    slope, intercept = fit_platt(y, oof)
    positive = np.flatnonzero(y.any(axis=1))
    top = y[positive, oof[positive].argmax(axis=1)]
    listed = np.asarray([not e.text for e in with_heading])  # from heading lists
    of_entries = top[~listed[positive]]
    featurizer, ovr = _fit(prepared, y, view_config)
    return (HeadingView(featurizer, PlattOneVsRest(ovr, slope, intercept)),
            {"entries": int((~listed).sum()), "listed_headings": int(listed.sum()),
             "top_label_accuracy": round(float(top.mean()), 4),
             "top_label_accuracy_entries": round(float(of_entries.mean()), 4) if len(of_entries) else 0.0,
             "folds": folds})


def f1_scores(y: np.ndarray, pred: np.ndarray) -> dict[str, Any]:
    tp = (y & pred).sum(axis=0).astype(float)
    fp = ((1 - y) & pred).sum(axis=0).astype(float)
    fn = (y & (1 - pred)).sum(axis=0).astype(float)
    micro_p = tp.sum() / max(1.0, tp.sum() + fp.sum())
    micro_r = tp.sum() / max(1.0, tp.sum() + fn.sum())
    micro = 2 * micro_p * micro_r / max(1e-9, micro_p + micro_r)
    per = 2 * tp / np.maximum(1.0, 2 * tp + fp + fn)
    present = (tp + fn) > 0
    return {"micro_f1": round(float(micro), 4), "micro_precision": round(float(micro_p), 4),
            "micro_recall": round(float(micro_r), 4),
            "macro_f1": round(float(per[present].mean()) if present.any() else 0.0, 4),
            "per_label_f1": [round(float(v), 4) for v in per]}


def fit_platt(y: np.ndarray, decision: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per label, the sigmoid mapping out-of-fold decision values to probabilities."""
    slope = np.ones(y.shape[1])
    intercept = np.zeros(y.shape[1])
    for j in range(y.shape[1]):
        if 0 < y[:, j].sum() < len(y):
            lr = LogisticRegression(C=1e4, solver="lbfgs").fit(decision[:, j:j + 1], y[:, j])
            slope[j], intercept[j] = float(lr.coef_[0, 0]), float(lr.intercept_[0])
        else:  # no positives: a steep sigmoid keeps probabilities near 0
            slope[j], intercept[j] = 1.0, -5.0
    return slope, intercept


def choose_thresholds(y: np.ndarray, proba: np.ndarray, grid: Sequence[float], floor: float) -> np.ndarray:
    """Per label, the grid threshold maximising out-of-fold F1 (ties: the higher one)."""
    thresholds = np.full(y.shape[1], 0.5)
    for j in range(y.shape[1]):
        if y[:, j].sum() == 0:
            continue
        best, best_f1 = 0.5, -1.0
        for t in grid:
            pred = proba[:, j] >= t
            tp = float((pred & (y[:, j] == 1)).sum())
            f1 = 2 * tp / max(1.0, pred.sum() + y[:, j].sum())
            if f1 >= best_f1:
                best, best_f1 = t, f1
        thresholds[j] = max(floor, best)
    return thresholds


def raise_to_floors(thresholds: np.ndarray, classes: Sequence[str], floors: dict[str, float]) -> np.ndarray:
    """Each label's threshold, at least its floor (``data/label_floors.json``)."""
    raised = thresholds.copy()
    for j, label in enumerate(classes):
        if label in floors:
            raised[j] = max(raised[j], float(floors[label]))
    return raised


def train(corpus: Iterable[str | Path], out: str | Path | None = None, *, config: dict[str, Any] | None = None,
          evaluate_on: Callable[[CyberClassifier], dict[str, Any]] | None = None,
          progress: Callable[[str], None] | None = None) -> CyberClassifier:
    """Train a model on corpus files or folders; save it to ``out`` if given.

    Example::

        >>> import lexnlp_cyber as lc
        >>> model = lc.train(["corpus/train"], "models/mine")   # doctest: +SKIP
        >>> model.card["metrics"]["cv"]["micro_f1"]             # doctest: +SKIP
        0.86
    """
    say = progress or (lambda _msg: None)
    paths = [Path(p) for p in corpus]
    cfg = {**DEFAULT_CONFIG, **(config or {})}
    started = time.time()
    entries = sorted(read_corpus(paths), key=lambda e: e.id)
    report = validate(entries, check_language=False, check_near_duplicates=False)
    if report.errors:
        first = report.errors[0]
        raise ModelError(Errors.E207.format(reason=f"{len(report.errors)} corpus errors, first: {first.id} {first.message}"))
    if len(entries) < 10:
        raise ModelError(Errors.E207.format(reason=f"only {len(entries)} entries"))
    listed = read_headings(paths) if cfg.get("heading_lists", True) else []
    bad = validate_headings(listed).errors
    if bad:
        raise ModelError(Errors.E207.format(reason=f"{len(bad)} heading-list errors, first: {bad[0].where} "
                                                   f"{bad[0].message}"))
    classes = taxonomy.labels()
    texts, langs, labels, groups = _samples(entries, cfg["subdivisions_as_samples"])
    say(f"preparing {len(texts)} samples from {len(entries)} entries")
    prepared = prepare_many(texts, langs, lemmas=bool(cfg.get("lemmas", False)),
                            proclitics=bool(cfg.get("proclitics", False)))
    y = _binarize(labels, classes)
    groups_arr = np.asarray(groups)
    main_rows = np.asarray([i for i, g in enumerate(groups) if i == 0 or groups[i - 1] != g])

    # Out-of-fold probabilities on the whole entries (not subdivisions), folds by entry.
    folds = max(2, int(cfg["folds"]))
    oof = np.zeros((len(entries), len(classes)))
    for k, (train_g, test_g) in enumerate(KFold(folds, shuffle=True, random_state=cfg["seed"]).split(entries)):
        say(f"cross-validation fold {k + 1}/{folds}")
        train_rows = np.flatnonzero(np.isin(groups_arr, train_g))
        feat, est = _fit([prepared[i] for i in train_rows], y[train_rows], cfg)
        test_rows = main_rows[test_g]
        oof[test_g] = np.asarray(est.decision_function(feat.transform([prepared[i] for i in test_rows])))
    y_main = y[main_rows]
    slope, intercept = fit_platt(y_main, oof)
    oof = platt(oof, slope, intercept)
    thresholds = choose_thresholds(y_main, oof, cfg["threshold_grid"], cfg["threshold_floor"])
    thresholds = raise_to_floors(thresholds, classes, cfg.get("label_floors") or {})
    cv = f1_scores(y_main, (oof >= thresholds).astype(np.int8))
    cv_at_half = f1_scores(y_main, (oof >= 0.5).astype(np.int8))
    say(f"cross-validated micro-F1 {cv['micro_f1']:.3f}, macro-F1 {cv['macro_f1']:.3f}")

    say("fitting the final model on the whole corpus")
    featurizer, ovr = _fit(prepared, y, cfg)
    estimator = PlattOneVsRest(ovr, slope, intercept)
    view, view_cv = None, None
    if cfg.get("heading_view_weight"):
        say("fitting the heading view")
        view, view_cv = _fit_heading_view([*entries, *listed], classes, cfg)
    import sklearn
    import spacy

    from .. import __version__

    summary = stats(entries)
    card: dict[str, Any] = {
        "name": Path(out).name if out else "unsaved",
        "lexnlp_cyber_model": 1,
        "versions": {"lexnlp_cyber": __version__, "scikit-learn": sklearn.__version__, "spacy": spacy.__version__,
                     "numpy": np.__version__, "python": platform.python_version()},
        "labels": classes,
        "corpus": {"paths": [p.as_posix() for p in paths], "sha256": corpus_hash(paths), "entries": len(entries),
                   "samples": len(texts), "languages": summary["totals"], "listed_headings": len(listed),
                   "positives_per_label": {lab: sum(c.values()) for lab, c in summary["table"].items()}},
        "config": {k: v for k, v in cfg.items() if k != "threshold_grid"},
        "features": {"word": featurizer.n_word, "char": featurizer.n_char,
                     "heading_view_char": view.featurizer.n_char if view is not None else 0,
                     "concepts": len(featurizer.concepts) + 1 if cfg["use_concepts"] else 0,
                     "heading_view_word": view.featurizer.n_word if view is not None else 0},
        "thresholds": {lab: float(t) for lab, t in zip(classes, thresholds)},
        "selection": SELECTION if not config else f"{CUSTOM_PREFIX}{config}{RATIONALE_MARK}{SELECTION}",
        "metrics": {
            "cv": {k: v for k, v in cv.items() if k != "per_label_f1"} | {"folds": folds},
            "cv_at_0.5": {k: v for k, v in cv_at_half.items() if k != "per_label_f1"},
            "cv_per_label_f1": dict(zip(classes, cv["per_label_f1"])),
        } | ({"heading_view_cv": view_cv} if view_cv is not None else {}),
        "training_seconds": round(time.time() - started, 1),
    }
    # Predict (and save) with array-only parts: loading then needs no unpickling.
    model = CyberClassifier(featurizer, estimator, classes, thresholds, cfg, card, view).lean()
    if evaluate_on is not None:
        say("evaluating on the dev gold")
        card["metrics"]["dev_gold"] = evaluate_on(model)
    if out is not None:
        model.save(out)
    return model
