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
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold
from sklearn.multiclass import OneVsRestClassifier

from .. import taxonomy
from ..corpus import Entry, corpus_hash, read_corpus, read_headings, stats, validate, validate_headings
from ..errors import Errors, ModelError
from .features import Featurizer, Prepared, prepare_many
from .model import CyberClassifier, HeadingView, PlattOneVsRest, _data, platt

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


#: Why the default configuration, from `scripts/select_model.py` (3-fold CV on the
#: corpus; dev gold with oracle segmentation used only to compare configurations).
SELECTION = (
    "Chosen by measurement (scripts/select_model.py; dev gold with oracle segmentation compares "
    "configurations, it is never trained on). On the 3,518-entry corpus: LinearSVC C=0.5 with word "
    "uni/bigrams, 5-letter prefixes and cue concepts 0.375 micro-F1 (CV 0.710); C=0.2 0.372; C=1 0.377; "
    "heading words as separate features 0.374; unweighted classes 0.372; no prefixes 0.367; doubled "
    "concept weight 0.363; spaCy lookup lemmas 0.386 against 0.390 without (kept as the option 'lemmas'). "
    "On the 4,300-entry corpus: C=0.5 0.404, C=1 0.406, adding character 3-5-grams 0.419 at less than "
    "half the classification speed (below the 2,000 provisions/s goal), so they are left out. Logistic "
    "regression (liblinear) fitted 10-40x slower than LinearSVC at equal features; the SVM's decision "
    "values are Platt-calibrated out of fold. The configurations differ by little: the gap to real laws "
    "lies in the corpus, which grew where the dev-gold errors were (0.375 -> 0.40). "
    "Later rounds (oracle micro-F1 on the gold-listed provisions): a cue concept for cyber- words, ICT and "
    "e-commerce terms 0.411 -> 0.418; features of the first 30/60 words after the heading 0.413/0.412 and "
    "ordered cue-concept bigrams 0.419 (no gain, left out); concatenating entries with negatives as extra "
    "samples 0.433 at twice the training time (left out); keeping a second label only at >= 0.6 of the "
    "first's score (`secondary_ratio`, chosen 0.5-0.8 in 2-fold-by-document splits of the dev gold, "
    "+0.008 held out); 2,548 entries more in ten languages other than English 0.428 -> 0.459. On that "
    "7,436-entry corpus C=1 0.459, C=0.25 0.452, character 3-5-grams 0.471 but 800 provisions/s and a "
    "2.3 s load (goals 2,000/s and 1 s), so they stay out. On the 9,839-entry corpus C=1 0.474 against "
    "0.469 for C=0.5 (end to end 0.482 against 0.477), so C=1; unweighted classes 0.466; a global scale "
    "of the thresholds chosen on half the gold documents lost 0.004 on the other half. On the "
    "11,652-entry corpus (3-fold): concept counts as log(1 + n) 0.465 (macro 0.485); as presence only "
    "0.423; normalised per text 0.468 (macro 0.477), with weight 2 0.459; extra columns for the concepts "
    "of the first 200 characters 0.458: log counts stay (options `concept_scale`, `concept_lead`). The "
    "corpus then had no entry over 3,000 characters, while real provisions run to 6,000 and more (a long "
    "definitions section scored 0.003 for `definitions`); 256 long entries in eleven languages: oracle "
    "0.476 -> 0.479, end to end 0.496 -> 0.498, and long definitions sections now score above 0.5. "
    "Eight cue concepts more for the weakest labels (record destruction, time limits, privilege, "
    "oversight, intermediary exemptions, content removal, security licensing, dissemination) with three "
    "matcher fixes (typographic apostrophes, hyphenated prefix phrases, the Arabic comma): oracle "
    "0.479 -> 0.487, end to end 0.498 -> 0.504 (document F1 0.745 -> 0.758). 112 entries on three "
    "gaps (unlawful-content offences, the shapes of system interference, international cooperation): "
    "oracle 0.490, end to end 0.507. Five concepts more (ancillary orders, notifying the person "
    "concerned, governing bodies, forensics, necessity): end to end macro 0.529 -> 0.532, document "
    "0.759 -> 0.763. 110 entries on penalty provisions, electronic evidence in proceedings and data "
    "interference, and a writer's 134 entries removed (they reworded real statutes): 12,004 entries, "
    "oracle 0.495, end to end 0.514 (macro 0.541, document 0.765). On that corpus (3-fold) C=1 0.493, "
    "C=2 0.495, C=0.5 0.488: C stays at 1. 112 entries on provider interception duties, the "
    "preservation-to-disclosure chain and foreign preservation requests: end to end 0.513 / 0.541 / "
    "0.766, no change overall (production_order 0.49 -> 0.53). An originality audit then rewrote about "
    "1,480 entries of the early German, Arabic, Turkish, Spanish, Russian, Portuguese, Italian and Polish "
    "files and of the English treaty-style entries, which reworded real statutes and treaties (often "
    "keeping their article numbers): CV 0.788 -> 0.777, end to end 0.513 -> 0.500 (macro 0.527, "
    "document 0.756; German 0.52 -> 0.48, Turkish 0.53 -> 0.41): part of the earlier dev-gold figure "
    "came from near-copies of real law, and the corpus may not hold them. A second audit rewrote about "
    "1,330 entries of the other English, French, Dutch, Chinese and Japanese files (and corrected 9 "
    "labels that did not match their text): CV 0.771, end to end 0.500 / 0.522 / 0.753, oracle 0.484. "
    "Arabic proclitics (wa-, bi-, li-…) taken off words for cue matching, on the same corpus: end to end "
    "0.502 / 0.526 / 0.761; taking them off the word features too 0.501 / 0.524 / 0.756, so that stays off "
    "(option 'proclitics'). Units inside a chapter whose heading is cyber read in cyber context: 0.504 / "
    "0.528 / 0.763. Scoring the unnumbered paragraphs of units without subdivisions as fragments gained "
    "0.004 on cached oracle scores but nothing end to end: left out. A full re-reading of every file then "
    "found 3,838 entries that still tracked real provisions (and 259 of the day's 431 new entries, written "
    "from memory of real acts, one of them a dev-gold act) and rewrote them; with those 431 entries on "
    "curator conventions (procedural chains of cyber powers, telecom offences and network security, Gulf "
    "cyber offences, harassment by electronic communications, data-protection offences, device control "
    "regimes, hard negatives of general procedural safeguards) and cue terms for data named by reference "
    "or medium in general codes: 12,547 entries, CV 0.768, end to end 0.504 / 0.523 / 0.756, oracle "
    "0.488 / 0.506 / 0.722. 56 entries contrasting domestic and foreign-request preservation and on "
    "providers' direct cooperation with foreign authorities: 12,603 entries, CV 0.768, end to end 0.507 / "
    "0.524 / 0.756, oracle 0.491 / 0.508 / 0.719. Context from the instrument's structure (classify/context.py): "
    "a unit's scores plus 0.15 of its best neighbour's in the same container and 0.5 of its best container "
    "heading's, and in cyber context the best label of a unit no label reaches when it is within 0.85 of its "
    "threshold; chosen on dev-gold oracle scores, 2-fold by document ×10: +0.008 micro held out (in-sample "
    "+0.017). On the same model: end to end 0.523 / 0.541 / 0.762, oracle 0.509 / 0.522 / 0.729. "
    "Then, on that model (end to end): subdivision floor 0.7 0.522, 0.9 0.523 (stays 0.8); secondary_ratio "
    "0.5 0.522, 0.7 0.520 (stays 0.6). Retrained: heading words as separate features 0.516; every labelled "
    "entry also trained with a negative of its language appended ('mixed samples') 0.491 at 4x the "
    "training time; both left out. Concept weight 0.5: 0.517 (oracle 0.513), 0.7: 0.519 (oracle 0.512), so it "
    "stays 1.0. NBSVM (each label's SVM on features scaled by naive-Bayes log-count ratios, folded into "
    "the weights): alpha 1 0.506, alpha 0.25 0.451; left out. 285 entries in Russian, French, Turkish and German on how penal codes "
    "package cyber offences (penalty ladders, defining notes, ICT-aggravated general offences and their "
    "twins without ICT), audited before use (176 rewritten: they followed real codes), gave 0.514 / 0.527 / "
    "0.761: not added to the corpus. A softmax (multinomial logistic) model over the labels as a second ranker: "
    "+0.004 top-label accuracy at best (C=10), left out. The heading view (model.HeadingView: the same features "
    "and a linear model on the 11,948 entries' headings alone, its scores for a provision's own heading added "
    "at 0.5): on cached oracle scores, 2-fold by document, both halves gain at 0.5-1.0 (0.510 -> 0.546 and "
    "0.541 -> 0.546 at 0.5), top-label accuracy 0.67 -> 0.69; with the paragraph number 'I.' no longer taken "
    "for a French article's heading and decisions made before scores are capped at 1: end to end 0.523 -> "
    "0.539 / 0.540 -> 0.549 / 0.761 -> 0.778, oracle 0.508 -> 0.528; weight 0.35 0.537, 0.7 0.534. With the "
    "titles of run-in codes that segmentation now finds (UAE, Spanish, Turkish layouts): 0.540 / 0.552 / 0.777. "
    "Re-tuned on cached oracle scores with the heading view (2-fold by document x10 over secondary_ratio, "
    "neighbour and container-heading weights): -0.003 held out, so those stay. A third view of each "
    "provision's first sentence: +0.003 on cached oracle scores, left out. 660 audited entries on six themes "
    "of the dev-gold errors (interpretive sections, penalty clauses, security duties, safeguards of cyber "
    "powers, authorities' own data handling, telecommunications-code negatives): oracle 0.528 -> 0.525, end to "
    "end 0.542 -> 0.536, so they stay out of training (corpus/candidates). On the corpus the out-of-fold F1 "
    "of many labels is flat across thresholds, so the chosen threshold moves far between retrains; the median "
    "of the thresholds within 0.02 of the best F1 moves half as much (mean 0.075 -> 0.042) but gives end to "
    "end 0.539, oracle 0.530: the best-F1 threshold stays. Liability scores raised x1.5 in cyber context "
    "when the text names nothing cyber: oracle +0.003 (2-fold by document x10), end to end -0.0003; left out. "
    "Labels that need their defining concept in the text (data/defining_concepts.json: transborder access, "
    "direct provider cooperation, extradition, 24/7 contact points, joint investigations, traffic data "
    "collection, IP, terrorism, fraud, illegal access, misuse of devices, privacy; definitions need a cyber "
    "term, as GUIDE.md says): oracle 0.528 -> 0.533 / "
    "0.534 -> 0.551, end to end 0.548 -> 0.553 / 0.555 -> 0.571 / 0.776 -> 0.780, no half of 20 random "
    "document halves worse; the other labels' gates lost true positives and stay out. A lead-paragraph view "
    "(union, replacement or intersection with the whole text's labels): oracle 0.518-0.526, left out. 32 "
    "entries on electronic-transactions law (legal recognition, writing, signatures, contract formation as "
    "negatives; admissibility of electronic records; forging electronic documents) against its false "
    "positives for computer_forgery: oracle 0.533 -> 0.530, end to end 0.553 -> 0.546; not added. Offence "
    "labels need a text that creates an offence (data/offence_markers.json: a penalty, 'without right' or "
    "aggravation concept, or a criminalisation phrase of the language, the phrases completed after reading "
    "the offence provisions the concepts alone lost): oracle 0.533 -> 0.546 / 0.551 -> 0.569, end to end "
    "0.553 -> 0.569 / 0.571 -> 0.588 / 0.780 -> 0.785, every one of 20 random document halves better "
    "(+0.007 to +0.019). Cue terms corrected by meaning: Turkish 'dinlenir' (a witness is heard) and "
    "'izleyen' (the following day) read as interception, 'giren' (falling within) as access, 'uygulama' "
    "(applying the law) as software, 'inceleme' (an expert's examination) as search; Dutch 'bewaring' "
    "(remand in custody) as preservation; Japanese 即時 (即時抗告, an immediate appeal) as real time; "
    "Spanish 'integridad' (física) as admissibility; Russian 'хранение' (possessing drugs or arms) as "
    "retention; German 'Mitwirkung' as decryption and 'Datenübermittlung' as electronic communication. A "
    "fifth of the Turkish procedure code's articles read as cyber-relevant. Mean of three training seeds "
    "(the spread between seeds is +-0.003): oracle 0.545 -> 0.546, end to end 0.565 -> 0.565, Turkish "
    "0.52 -> 0.57, German 0.56 -> 0.58. A definitions section (data/definitions_headings.json) gets "
    "`definitions` only, as GUIDE.md says: oracle 0.549 -> 0.552, end to end 0.567 -> 0.571. Left out: "
    "character 3-5-grams again (CV 0.788 against 0.769, but oracle 0.547 and end to end 0.566 against "
    "0.549 / 0.567, and a 2.2 s load); units in cyber context scored as if their text named a computer "
    "(oracle 0.545, end to end 0.563); training without the negatives that name nothing cyber (0.531 / "
    "0.540) or without those shaped like liability, jurisdiction or governance provisions (0.542 / 0.562); "
    "preservation labels made medium-neutral (0.545 / 0.566); the offence test of a subdivision read on "
    "its whole unit (end to end -0.001); subdivision floor 0.65 or 0.95 (-0.001, -0.002). Cue files "
    "gained exclusions (Portuguese 'em linha reta', lineal kin, is not 'em linha', online) and Spanish "
    "'intermediari*' (any middleman) gave way to service-provider phrases: seeds 0/1 oracle 0.5516 / "
    "0.5501 against 0.5520 / 0.550, end to end 0.5712 / 0.5707 against 0.5707 / 0.571, neutral. "
    "Subdivisions then nested by their sequences (segment/outline.py: (a) > (1) > (i) in US and "
    "Philippine acts, (c) no longer a roman subparagraph of (b)): end to end 0.5712 -> 0.5724 on the same "
    "model; the subdivision floor re-measured on those trees, 0.7 0.5717, 0.8 0.5724, 0.9 0.5726 (stays "
    "0.8); a floor of 0.4 or 0.6 for units of cyber instruments only, 0.567 / 0.569 (left out). "
    "electronic_evidence needs evidence, proof, presumptions, admissibility or forensics in its text "
    "(data/defining_concepts.json; 'evidence' is a rule concept, CONCEPTS.tsv role 'rule'): oracle "
    "0.5516 -> 0.5524, end to end 0.5724 -> 0.5740; as a model feature the same concept cost 0.004 "
    "oracle over seeds 0 and 1. spaCy lookup lemmas on this corpus: oracle 0.5507, end to end 0.5722 "
    "(left out again). Defining-concept gates for sanctions, corporate liability, attempt, jurisdiction, "
    "spam, racism, laundering, harassment, retention, preservation, interception, forgery and identity "
    "theft: -0.001 to +0.0002 oracle each (left out). `definitions` only as a provision's sole label "
    "(model.DEFINITIONS_ALONE; the dev gold has it alone on 58 of its 66 provisions, the model had put it "
    "beside an offence or a power on 20 provisions that the gold leaves without it, and on 3 that have it): oracle 0.5524 -> "
    "0.5543 (no half of 20 worse), end to end 0.5740 -> 0.5760 (2 of 20 halves worse, by 0.0005 and "
    "0.0001). Leaving out liability.sanctions beside an offence label (GUIDE: a penalty clause in an "
    "offence provision adds nothing): end to end -0.0005, left out. Domestic expedited preservation and "
    "preservation at a foreign request exclude each other, the request (mutual assistance, foreign "
    "provider, transborder concepts) deciding (data/exclusive_labels.json; the model had put both on 11 "
    "provisions, the gold one of them on 10): oracle 0.5543 -> 0.5549, end to end 0.5760 -> 0.5770 (3 of "
    "20 document halves worse, by up to 0.001). Inside a part or chapter on mutual legal assistance, "
    "procedure labels give way to cooperation.mutual_assistance (data/assistance_context.json; the German "
    "and Dutch assistance titles and the Convention's chapter III had drawn search, traffic-data and "
    "interception labels): oracle 0.5549 -> 0.5570, end to end 0.5770 -> 0.5790, no half of 20 worse. "
    "German 'Telekommunikationsüberwachung' and Chinese '通信进行监控' read as interception (cue data): end "
    "to end German 0.60 -> 0.61. Per-label threshold scales (0.5-2.0) chosen on half the gold documents "
    "lost on the other half (oracle, 5 x 2 splits: -0.007 micro with 8 of 10 halves worse; moving a "
    "threshold only for +0.05 label F1: -0.002, 7 of 10 worse): curators' conventions differ by "
    "document, so the corpus-chosen thresholds stay. scope_safeguards dropped beside a power label when "
    "under k x its score: k = 1.0 -0.0015 (16 of 20 halves worse), 0.7 +0.0009 (5 of 20 worse), left out. "
    "1,260 audited entries of depth in seven languages (ru, ja, zh, de, nl, tr, pt; corpus/candidates/depth): "
    "seeds 0/1 oracle 0.575 / 0.573 without them, 0.566 (all) to 0.574 / 0.573 (tr, nl, ja, zh) with them, "
    "end to end 0.579 / 0.580 against 0.572 to 0.581 / 0.578, macro lower in every mix; Turkish, Dutch and "
    "Japanese gained, Spanish and Russian lost. Not trained on. Outside cyber context, an offence "
    "provision's own penalty and attempt clauses add no liability label (data/offence_clauses.json; the "
    "model had put them beside an offence there on 10 provisions, the gold on none): oracle 0.5576 -> 0.5592 "
    "(no half of 20 worse), end to end 0.5794 -> 0.5804 (4 of 20 worse, by up to 0.0008). Left out: "
    "secondary_ratio for offence labels alone at 0.4 / 0.5 / 0.7 / 0.8 (oracle -0.0006 to -0.006); a "
    "document-level recall rule giving a label no unit carries to the unit nearest its threshold (oracle "
    "-0.004 to -0.009); child_grooming needing the child concept (-0.0003). Final clauses, commencement, short "
    "titles, repeals, budget and staff provisions get no label, known by their whole heading "
    "(data/final_clauses.json, GUIDE.md): end to end 0.5804 -> 0.5812, no half of 20 worse. Computer fraud "
    "excludes data interference when the text names fraud (data/exclusive_labels.json; Budapest art. 8 is "
    "done by altering data): 0.5812 -> 0.5815, no half of 20 worse; illegal access excluded beside misuse "
    "of devices: -0.004, left out. Cue phrases now match across line breaks (PDF text; a correctness fix, "
    "end to end -0.0003 on the same model) and English fines count as penalties ('liable to a fine', "
    "'administrative fine'); retrained, seeds 0/1: oracle 0.5776 / 0.5762 -> 0.5778 / 0.5750, end to end "
    "0.5814 / 0.5823 -> 0.5832 / 0.5820, macro 0.5988 / 0.5945 -> 0.6009 / 0.5962 (Turkish 0.57 / 0.55 -> "
    "0.62 / 0.61): neutral overall, kept as the reading of the text. Left out, on the shipped model: "
    "governance.institutions and cybersecurity_obligations excluding each other (either way: -0.003, or "
    "+0.0009 with 7 of 20 halves worse); the share of cyber-relevant units that makes an instrument "
    "dedicated to cyber when its title does not say so, 0.3, at 0.5 (no change), 0.55 (+0.0013, one "
    "document decides it) or 0.6 (-0.0005, 10 of 20 halves worse). 65 audited entries on providers' "
    "reporting duties and protections (corpus/candidates/providers): seeds 0/1 oracle 0.578 / 0.575 -> "
    "0.574 / 0.572, end to end 0.583 / 0.582 -> 0.581 / 0.575: not trained on. Character 2-5-grams in the "
    "heading view (option `heading_view_char`; the main model stays without them, for speed and load time): its "
    "out-of-fold top-label accuracy 0.736 -> 0.759; seeds 0/1 oracle 0.5778 / 0.5750 -> 0.5789 / 0.5775, end to end "
    "0.5832 / 0.5820 -> 0.5842 / 0.5837, document F1 0.790 / 0.790 -> 0.796 / 0.795 (Turkish 0.62 / 0.61 -> 0.68 / "
    "0.69); 3-5-grams 0.5840 (seed 0); with them the view's weight 0.4 gives 0.5827 and 0.6 0.5830 end to end "
    "(stays 0.5). Left out, on the shipped model: a second label kept by its score relative to its threshold "
    "rather than its raw score (ratio 0.45-0.7: -0.002 to -0.007 end to end); a label the heading view alone "
    "scores >= 0.3 or 0.4 spared the secondary ratio (+-0.0000, 10 of 20 halves worse); container headings "
    "scored by the heading view instead of the main model (-0.020), or by the mean of both (-0.005); cyber relevance "
    "waived for every non-offence label (+39 true positives, +1,791 false). Per-label threshold floors "
    "(data/label_floors.json) calibrated on the dev gold, end to end, one label at a time over 0.35-0.65 and kept "
    "only where the floor chosen on one half of the documents raised the other half in all of 20 halves: "
    "scope_safeguards 0.45 (held out +0.0035), institutions 0.55 (+0.0024), corporate 0.55 (+0.0015), "
    "expedited_preservation 0.65 (+0.0014); together, same model, 0.5842 -> 0.5938 end to end, macro 0.6025 -> "
    "0.6078, no half worse. Floors of data_interference, production_order, interception_content, "
    "transborder_access, sanctions and cybersecurity_obligations lost on held-out halves and stay out. Choosing "
    "floors for every label of precision < 0.6 in one half (gain > 0.0005 there) gave +0.0036 held out with 3 of "
    "10 halves worse: the per-label test is what keeps it safe. Lowering the thresholds of labels short of recall "
    "(misuse of devices, system interference, computer fraud): -0.0002 to +0.0008, left out. With the floors, "
    "the same per-label test over every label (0.35-0.75) kept none more than transborder_access (+0.0005; "
    "production_order +0.0016 with 1 of 20 halves worse), so the four stay alone; re-checked on that model, end to "
    "end: lone_top_ratio 0.75 0.5907, 0.95 0.5905 (stays 0.85); secondary_ratio 0.5 0.5925 (stays 0.6); "
    "heading_weight 0.4 0.5918, 0.6 0.5931 (stays 0.5), against 0.5938. Heading lists (corpus/train/headings: "
    "5,470 stock headings in 13 languages, 7-10 per label and 60-80 unlabelled ones per language, written by the team "
    "and read again line by line, which rewrote about 900 that followed the title of a particular real provision; 29 "
    "more, equal to a longer heading of ../shared, were left out) train the heading view beside the entries' "
    "headings: its out-of-fold top-label accuracy on the entries' headings 0.759 -> 0.780 (0.786 with the shipped lists); seeds 0/1 end to end "
    "(with those 29 still in) 0.5938 / 0.5929 -> 0.5956 / 0.5940 (3 of 20 document halves worse, by up to 0.0026), macro 0.6078 / 0.6021 -> "
    "0.6083 / 0.6029, document 0.799 / 0.798 -> 0.802 / 0.801; Japanese, German and Arabic gained, Russian (0.49 / "
    "0.50 -> 0.46 / 0.44) and Turkish (0.67 / 0.68 -> 0.63 / 0.64) lost, two provisions each. Before that reading "
    "the lists gave 0.5994 (seed 0), and without every heading equal to one of ../shared 0.5977 / 0.5958: much of "
    "the difference came from literal titles of provisions of the dev-gold laws. With the lists, heading view "
    "weight 0.4 0.5935, 0.65 0.5954 (stays 0.5). Left out, on the model before the lists: offence labels without the "
    "offence-marker test (+10 true positives, +131 false); the lone best label near its threshold (0.85) for "
    "cyber-relevant text outside cyber context (-0.0039, 20 of 20 halves worse). The shipped lists (5,470): end to "
    "end 0.595 / 0.608 / 0.802 (seeds 0/1 0.5947 / 0.5940), oracle 0.589 / 0.608 / 0.787. The listed headings as "
    "short samples of the main model too: CV 0.767 -> 0.747, end to end 0.5696 (seed 0), left out. 90 audited French "
    "entries worded with the term of art 'système de traitement automatisé de données' (corpus/candidates/stad): seeds "
    "0/1 end to end 0.5947 / 0.5940 -> 0.5903 / 0.5909, French unchanged; not trained on. With the lists, "
    "secondary_ratio re-measured end to end: 0.55 0.5967 / 0.5957 against 0.5947 / 0.5940 at 0.6 (seeds 0/1; no half "
    "of 20 worse, +0.0000 to +0.0042), 0.65 0.5932 (seed 0): it is 0.55 now. Shipped: end to end 0.597 / 0.608 / 0.802, oracle 0.589 / 0.607 / 0.787. On it, "
    "lone_top_ratio 0.8 0.5965, 0.9 0.5958 against 0.5967 (stays 0.85). Then, on that model: direct_provider_cooperation "
    "no longer takes 'territory' alone as its defining concept (providers established at home had drawn it): 0.5967 -> "
    "0.5971, no half of 20 worse; taking 'territory' from transborder_access changed nothing, and 'jurisdiction' too left "
    "8 of 20 halves worse. Offence labels read from a provision's text before its first aggravation paragraph, when that "
    "base is cyber-relevant itself (data/aggravation_markers.json; GUIDE.md: aggravated forms take the label of the base "
    "conduct, and the consequences that raise a penalty, deleted or altered data, had outweighed the access they "
    "aggravate): 0.5966 -> 0.5997, macro 0.6084 -> 0.6102, no half of 20 worse (without the base condition 0.5987, 2 of 20 "
    "worse: French and Russian offences whose online form is the aggravation); a subdivision opening with such a phrase "
    "adding no offence label: 0.6004; more openers (German, French, Spanish, Arabic): 0.6007, no half worse. Left out: a "
    "unit outside cyber context given a label that a cyber-relevant unit of its part or chapter carries (0.5486 to 0.5805, "
    "every half worse, even at twice the threshold: curators follow the relevance rule); the scores of the languages "
    "short of recall (Arabic, Chinese, Japanese, Turkish) scaled x1.3 / x1.6 (0.5955 / 0.5938); child_grooming needing a "
    "solicitation cue (0.5952, 20 of 20 halves worse); neighbour_weight 0.1 0.594, 0.22 0.591 (stays 0.15); Platt "
    "calibration and thresholds fitted on three repetitions of the folds (seeds 0/1 0.5933 / 0.5919 against 0.5957 / "
    "0.5964); Arabic cue matching through pronoun endings ('حذفها' as 'حذف') with Maghreb terms for obstructing a "
    "system and altering data, retrained over three seeds: 0.6007 / 0.5990 / 0.5944 without against 0.5991 / 0.5995 / "
    "0.5917 with (Arabic unchanged). Re-checked on the shipped model with these rules: secondary_ratio 0.5 0.5974, 0.6 0.5990 "
    "(stays 0.55); subdivision floor 0.7 0.6005, 0.9 0.6009 (stays 0.8); the aggravation rule's shortest base 20 or 80 "
    "characters instead of 40, no change. Shipped (the same model): end to end 0.601 / 0.611 / 0.803, oracle 0.592 / "
    "0.609 / 0.787. Then, on that model (end to end): lone_top_ratio 0.8 0.6004, 0.9 0.5997 (stays 0.85); "
    "heading_view_weight 0.4 0.5970, 0.6 0.6002 (stays 0.5); exception and defence subdivisions ('Nothing in this "
    "section…') adding no label, no change; English aggravation openers ('If the offence under this section is "
    "committed…') 0.6005, 10 of 20 halves worse (left out). A provision stating the aggravated form of offences it cites "
    "by number takes their offence labels (data/aggravated_references.json; GUIDE.md: aggravated forms take the base "
    "conduct's label): its first sentence citing other provisions names a protected system ('Where access to any "
    "protected computer is obtained in the course of an offence under section 3, 5, 6 or 7…'), or cites the base "
    "offence as the conduct committed ('commits an offence under section 14 with intent…'): 0.6007 -> 0.6043 and, with "
    "the conduct form on the retrained model, +0.0009 (+14 true, +2 false labels, no half of 20 worse); a Penalties "
    "section that raises its penalties for critical infrastructure in a later sentence keeps liability.sanctions alone, "
    "as the curators have it. A subdivision's run-in heading ('(1) Illegal Access. – …') read by the heading view: "
    "0.6043 -> 0.6062 (one act's 14 subdivisions). Cue terms by meaning: German 'technische Aufzeichnung', Japanese "
    "毀棄, Dutch 'geautomatiseerd gegevensbestand', Spanish 'teléfono': 0.6062 -> 0.6077 on the same model, 0.6086 "
    "retrained (oracle 0.592 -> 0.596, CV 0.766); French 'signature numérique', Russian 'электронные средства платежа', "
    "Chinese 电信/电报, German 'Datenverarbeitung'/'Mobilfunk', Spanish 'telégrafo' and Arabic 'الوسائل الإلكترونية' "
    "made texts cyber-relevant that then drew wrong labels (+3 true, +9 false) and stay out. Left out: each label's "
    "scores less a share of its mean (or median, or upper quartile) over the instrument's units, against topic-wide "
    "labels (0.5981 to 0.6004 against 0.6007); a second model of the cue concepts alone blended at 0.15 / 0.3 / 0.5 "
    "(0.5986 / 0.5951 / 0.5832); a subdivision's offence test read on its unit's opening words (+1 true, +2 false); "
    "'definitions' kept beside other labels when a subdivision opens with a definition formula ('As used in this "
    "section', 'For the purposes of this section, “…” means') and names a cyber term (+5 true, +15 false: curators "
    "label the sections that define a term on the way by their operative content). Then: every unit of an instrument whose "
    "name names mutual legal assistance is in assistance context, as those of an assistance chapter are (+0.0006; the "
    "whole title text, preamble included, turned the Convention's procedural articles into assistance); "
    "cooperation.mutual_assistance and transborder_access exclude each other unless the text names trans-border "
    "access (data/exclusive_labels.json; Budapest art. 31 against art. 32: +0.0005); domain-name registration terms "
    "(registrars, registries) split from the foreign-provider concept into a concept of their own "
    "(`domain_registration`), so that they no longer pass the gate of direct_provider_cooperation (telecommunications "
    "codes' domain-name articles had drawn it): on the shipped model +0.0013 (9 false labels fewer), retrained seeds "
    "0/1 0.6108 / 0.6080 against 0.6106 / 0.6085 without (neutral overall; direct_provider_cooperation 11 -> 5 false "
    "labels), kept as the reading of the concept. Left out: illegal access giving way to misuse of devices where the "
    "text names a device or access code (-0.003: many such texts name neither), or always (no change: 10 false labels "
    "fewer, 5 true ones lost); a part or chapter whose heading names preservation taken as cyber context (0.6108 -> "
    "0.6089: the New Zealand foreign-request chain came in, but as domestic preservation, and a Chinese assistance "
    "law's articles drew preservation requests). Illegal access gives way to a misuse of devices that scores at least as "
    "high (data/exclusive_labels.json, gives_way; art. 6 is defined by the access its passwords and tools serve): "
    "0.6108 -> 0.6118, six false labels fewer, nothing else changed. The same giving way for other pairs, on that model "
    "(against 0.6118): cybersecurity_obligations to institutions 0.6097, institutions to cybersecurity_obligations "
    "0.6116, preservation_request to mutual_assistance 0.6120 (Spanish only), electronic_evidence to search_seizure and "
    "attempt_aiding to child_grooming no change, sanctions to corporate 0.6115, scope_safeguards to production_order "
    "0.6125 (+6 / -1 labels, but the same giving way to every power lost in 16 of 20 document halves before: choosing "
    "the one power that gains would be choosing on the gold), all left out. Shipped: end to end 0.612 / 0.622 / 0.810, "
    "oracle 0.597 / 0.615 / 0.789. "
    "Next round (2026-11-30), rules read from data files, end to end: a preservation order, direction or request (rule "
    "concept `preservation_order`) makes expedited preservation relevant outside cyber instruments "
    "(data/medium_neutral.json: 0.6118 -> 0.6125, macro 0.6222 -> 0.6255), and a part on a foreign state's "
    "investigations or requests (rule concept `foreign_request`) is assistance context, where expedited preservation "
    "becomes its international counterpart, the preservation request (data/assistance_context.json: -> 0.6197, macro "
    "0.6341; both all in the New Zealand search act); outside cyber context a child's grooming must name a sexual "
    "purpose (data/outside_cyber_concepts.json: -> 0.6207, 6 false labels fewer); outside cyber context a provision "
    "that creates an offence adds no sanctions or attempt label from its own clauses, whether or not the model reads "
    "its offence as a cyber one (data/offence_clauses.json: -> 0.6217); production_order's threshold floor 0.45, the "
    "only label the re-run floor calibration kept (data/label_floors.json, trained: -> 0.6238 / 0.6378 / 0.8108 on "
    "seed 0, 0.6214 on seed 1; the session's rules on the same two models: +0.0098 and +0.0100); purpose, objects and "
    "supremacy sections get no label (data/final_clauses.json: -> 0.6242); English 'criminal offence' named in passing "
    "no longer marks an offence (data/offence_markers.json: -> 0.6245 / 0.6390). Left out: production_order relevant "
    "by its own concept outside cyber instruments (0.6047: Dutch and French procedure codes), unlabelled units "
    "taking the offence labels of units they cite (0.5683), offence markers waived for spam (+4 true, +4 false "
    "labels), a stricter cyber relevance for long texts outside cyber instruments (two cyber cues over 300 tokens: "
    "+0.0012 but 6 of 20 document halves worse), lowered thresholds for any label and lowering the four earlier "
    "floors (all lost), Japanese and Chinese offence markers without the bare word for offence (+0.0002, 4 of 20 "
    "halves worse), the clause rule with the penalty concept as an offence marker too (0.6215, 4 true labels lost) or "
    "without the aggravation concept as one (0.6208), and 84 corpus entries on cyber bodies and their boards (corpus/candidates/institutions: both "
    "seeds fell). Shipped: end to end 0.625 / 0.639 / 0.810. "
    "Cue lexicons (2026-11-30): the commas that Arabic text converted in visual order leaves on the next word come off "
    "it ('عمدا ،بالتقاط' had hidden an interception); Maghreb terms for obstructing a system and altering data; the "
    "Japanese, Russian, Chinese and Spanish lexicons written out with the statutory vocabulary of their regions, "
    "scripts and inflections (561 -> 937, 669 -> 1,090, 680 -> 2,540 and 869 -> 1,751 phrases), and Dutch phrases "
    "of preservation ('bewaard en beschikbaar gehouden'); words that in statutes mostly mean something else left the "
    "lexicons (French 'en ligne' and Spanish 'en línea', kinship in direct line; 'gel', asset freezing; 'intégrité' "
    "and 'Integrität', bodily integrity; Spanish 'secuestr*', kidnapping; German 'Treffen', '24 Stunden'; Turkish "
    "'iade*', tax refunds, and 'korunması', protection; Dutch 'bevel tot bewaring', remand, and 'wist', knew; "
    "Portuguese 'medidas de segurança', with exclusions; Arabic 'التمييز', the cassation court, 'النفاذ', entry into "
    "force, 'اعتراض', an objection; Japanese ウイルス and 聴取; Russian 'выдач*' and 'вирус*'; Chinese 一年以上 and "
    "固定). A few terms the shipped model then read wrongly were taken out again on their meaning (Japanese 印刷させ, "
    "printing a record, as production; Chinese 捏造, fabricated facts of defamation, as false information, and "
    "直接责任人员 of administrative penalties as corporate liability). Retrained, seeds 0 / 1, end to end 0.6245 / "
    "0.6221 -> 0.6286 / 0.6243, macro 0.6390 / 0.6362 -> 0.6495 / 0.6414, document 0.8105 / 0.8117 -> 0.8177 / "
    "0.8146 (16 and 14 of 20 document halves better); CV 0.766 / 0.768 -> 0.767 / 0.768. Japanese, Russian, "
    "Chinese, Spanish and Dutch gained on both seeds, French, German and Turkish lost 0.01-0.04 (their lexicons lost "
    "only wrong words: the concept weights all languages share moved). Left out: the same writers' full additions "
    "for Arabic (858 -> 2,293 phrases), French, German, Turkish, Dutch and Portuguese, which raised CV to 0.772 but "
    "gave 0.6175 / 0.6188 end to end (Moroccan procedure and the UAE decree read as cyber far more often), or those "
    "additions without the concepts that make a text cyber-relevant (0.6268 against 0.6316 on the model before); "
    "a precision audit of the English lexicon (50 phrases narrowed, 4 removed, 552 exclusions: 'virus', 'tapping', "
    "'aid*', 'foreign state*', 'commissioner'…), 0.6245 / 0.6220 retrained. Arabic words that one phrase holds "
    "with a proclitic and another without ('بتسليم' in one, 'تسليم المجرمين' in another) are matched both ways, as "
    "the cue file says they are (they had been read only as written, so 'بتسليم المجرمين' was no extradition): "
    "retrained, seeds 0 / 1, 0.6286 / 0.6243 -> 0.6282 / 0.6241, macro 0.6495 / 0.6414 -> 0.6488 / 0.6353, "
    "document 0.8177 / 0.8146 -> 0.8192 / 0.8149, Arabic 0.63 / 0.62 -> 0.63 / 0.63: within the seeds' spread, "
    "kept as the matcher's documented reading. "
    "Measured on four training seeds from here (0-3; end to end 0.6282 / 0.6241 / 0.6219 / 0.6238 at this point). "
    "A lone best label in cyber context must come within 0.85 of max(threshold, 0.45) (`lone_floor`), not of a "
    "low threshold: 0.6299 / 0.6246 / 0.6257 / 0.6260, macro and document F1 up on each seed, flat from 0.35 to "
    "0.5; chosen on half the documents and measured on the other (10 x 2) +0.0000 / -0.0001 / +0.0030 / +0.0013. "
    "A span matched by an exact phrase and a prefix of the same concept counts once (Arabic 'حذف' and 'حذف*' "
    "had counted each deletion twice; the redundant phrases left ar.json and es.json): retrained, 0.6295 / 0.6263 "
    "/ 0.6263 / 0.6278, macro 0.6476 / 0.6433 / 0.6424 / 0.6446, document 0.8199 / 0.8165 / 0.8153 / 0.8138, "
    "within the seeds' spread, kept as a fix. Left out on those models: a global floor of 0.45 under every "
    "threshold (micro +0.004 to +0.006, document F1 -0.001 to -0.005), with each document's strongest "
    "instance of a label kept (micro +0.003 to +0.004 and document F1 unchanged on the models before, but it "
    "classifies each document twice) or applied after the rules (0.6268 to 0.6309 as the floor moved, noise); "
    "thresholds x1.2 or x1.5 in instruments of over 300 units (micro +0.004, document F1 -0.002 to -0.004); "
    "the scope-and-safeguards label giving way to production, search or traffic-data powers in one provision "
    "(+0.0014, document F1 -0.003); production orders made medium-neutral (Dutch 0.57 -> 0.45, -0.012); units "
    "in cyber context given the any-cyber-concept column (-0.003); the chapeau's offence test for its items "
    "(-0.0003). On the shipped code's four models (0.6295 / 0.6263 / 0.6263 / 0.6278): lone_top_ratio 0.75, 0.8 "
    "and 0.9 all lower on micro-F1 (stays 0.85); the instrument's name as the outermost heading of every unit "
    "(-0.0001 to -0.0030); the global floor with each document's strongest instance kept (+0.0013 / +0.0019 / "
    "+0.0012 / -0.0009, Arabic 0.62 -> 0.59). Retrained on four seeds and left out: the misuse_device concept "
    "extended in twelve languages to devices for interception and eavesdropping and to the Convention's "
    "'procurement for use' (trafficking in interception devices is art. 6 misuse, which the curators tag, and the "
    "model read as interception): three such offences gained misuse of devices, but the same words in "
    "interception powers cost them their label; 0.6278 / 0.6251 / 0.6251 / 0.6284, and with interception giving "
    "way to a stronger misuse of devices 0.6279 / 0.6252. Re-measured on the four models: secondary_ratio 0.5 "
    "and 0.6 (means -0.0009 and -0.0004; stays 0.55), heading_weight 0.4 and 0.6 (-0.0007, -0.0006; stays 0.5), "
    "neighbour_weight 0.1 and 0.2 (-0.0035, -0.0012; stays 0.15). Retrained and left out: stop words dropped "
    "from the word features (CV +0.003; end to end 0.6253 / 0.6298 / 0.6257 / 0.6290, macro -0.003, Arabic "
    "0.60 on each seed); spaCy's multi-language vocabulary for every language (number words become word "
    "features: 0.6257 / 0.6217 on seeds 0 / 1; see cues.blank); word prefixes of 4 letters instead of 5 (0.6303 / "
    "0.6284 / 0.6290 / 0.6256, document F1 lower on three seeds) or 6 (0.6245 / 0.6192 on seeds 0 / 1)."
)


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
    prepared = prepare_many([str(e.heading) for e in with_heading], [e.lang for e in with_heading],
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
        "selection": SELECTION if not config else f"Custom configuration {config}; see the defaults' rationale: {SELECTION}",
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
