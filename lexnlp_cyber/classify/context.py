"""Context from an instrument's structure: a provision's neighbours and the
headings of the parts and chapters it sits in.

A provision scored alone misses what a curator reads around it. Curators tag
every step of a chain with the label of its power (the application for a
preservation direction, its form, its duration and its revocation all get
``procedure.expedited_preservation``), and a chapter headed "Production
orders" says what its sections are about even where their own words do not.
So a unit's scores are raised by a share of its neighbours' and of its
headings' scores; and a unit in cyber context that no label reaches gets its
best label when that comes near its threshold, since most units of a cyber
instrument carry one. The weights are the model's configuration
(``neighbour_weight``, ``heading_weight``, ``lone_top_ratio``); a model
without them scores each text alone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Placement:
    """Where a unit sits in its instrument: the headings of the containers
    above it, outermost first. Consecutive placed units with the same
    headings are neighbours."""

    headings: tuple[str, ...] = ()
    lang: str | None = None


@dataclass
class Context:
    """What context added to each placed row's scores (rows × labels)."""

    neighbours: np.ndarray
    headings: np.ndarray
    #: The heading that gave each row its ``headings`` share, per label.
    heading_of: list[list[str]]


def contextual(proba: np.ndarray, placements: Sequence[Placement | None],
               score_headings: Callable[[list[tuple[str, str | None]]], np.ndarray], *,
               neighbour_weight: float, heading_weight: float) -> Context:
    """The context shares to add to ``proba`` (rows without placement get none).

    ``score_headings`` maps (heading, language) pairs to their label scores."""
    rows, width = proba.shape
    neighbours = np.zeros_like(proba)
    headings = np.zeros_like(proba)
    heading_of: list[list[str]] = [[] for _ in range(rows)]
    placed = [(i, p) for i, p in enumerate(placements) if p is not None]
    if neighbour_weight:
        for k, (i, place) in enumerate(placed):
            same = [j for j, other in placed[max(0, k - 1):k] + placed[k + 1:k + 2] if other == place]
            if same:
                neighbours[i] = neighbour_weight * proba[same].max(axis=0)
    if heading_weight:
        keys = sorted({(h, place.lang) for _, place in placed for h in place.headings})
        if keys:
            scored = score_headings(keys)
            index = {key: n for n, key in enumerate(keys)}
            for i, place in placed:
                if not place.headings:
                    continue
                own = np.asarray([index[(h, place.lang)] for h in place.headings])
                best = scored[own].argmax(axis=0)
                headings[i] = heading_weight * scored[own[best], np.arange(width)]
                heading_of[i] = [place.headings[b] for b in best]
    return Context(neighbours, headings, heading_of)
