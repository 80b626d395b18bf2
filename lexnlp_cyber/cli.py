"""The ``lexnlp-cyber`` command line. Tests call :func:`main` with an argv list.

Exit codes: 0 when every input succeeded, 1 when some failed (the others are
still processed and written), 2 on usage errors.
"""

from __future__ import annotations

import argparse
import contextlib
import glob
import json
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from .errors import DataError, Errors, InputError, LexnlpCyberError

SUFFIXES = (".pdf", ".txt", ".md", ".html", ".htm", ".json", ".xml")

EPILOGS = {
    "extract": """examples:
  lexnlp-cyber extract gazette.pdf --out gazette.txt
  lexnlp-cyber extract rwanda.pdf --lang fr --out rwanda-fr.txt
  lexnlp-cyber extract law.pdf --json --out law.json      # the whole Document, with furniture""",
    "segment": """examples:
  lexnlp-cyber segment corpus/samples/code-penal-fr.txt --out -
  lexnlp-cyber segment laws/ --out provisions.jsonl""",
    "tag": """examples:
  lexnlp-cyber tag corpus/samples/*.pdf --out -             # JSONL records on stdout
  lexnlp-cyber tag corpus/samples --summary                  # a readable summary
  lexnlp-cyber tag repository/ --out results/ --workers 2    # batch: resumable, with exports and report""",
    "classify": """examples:
  lexnlp-cyber classify provisions.jsonl --out labels.jsonl   # {"id","text","lang"[,"heading"]} -> {"id","labels","scores"}
  echo '{"id":"x","text":"Whoever intercepts computer data...","lang":"en"}' | lexnlp-cyber classify - """,
    "train": """examples:
  lexnlp-cyber train corpus/train --out models/default
  lexnlp-cyber train corpus/train my-corpus.jsonl --out my-model --gold ../shared/gold/dev-*.jsonl""",
    "evaluate": """examples:
  lexnlp-cyber evaluate --gold ../shared/gold/dev-africa.jsonl --pred pred.jsonl --json report.json""",
    "corpus": """examples:
  lexnlp-cyber corpus validate corpus/train
  lexnlp-cyber corpus stats corpus/train --markdown""",
    "report": """examples:
  lexnlp-cyber report results/provisions.jsonl --out report.html""",
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lexnlp-cyber", description="Find and classify the cybercrime "
                                     "provisions of legislation.")
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=help_text, description=help_text, epilog=EPILOGS[name],
                              formatter_class=argparse.RawDescriptionHelpFormatter)

    def inputs(p: argparse.ArgumentParser) -> None:
        p.add_argument("inputs", nargs="+", help="files (.pdf .txt .md .html .json .xml), directories or globs")
        p.add_argument("--lang", help="language to keep / segment with (ISO 639-1)")
        p.add_argument("--password", help="password of encrypted PDFs")
        p.add_argument("--max-pages", type=int, default=5000, help="refuse PDFs with more pages (default 5000)")
        p.add_argument("--timeout", type=float, default=None, help="seconds allowed per document")

    p = command("extract", "Write the cleaned body text of a document.")
    inputs(p)
    p.add_argument("--out", default="-", help="output file, or - for stdout (default)")
    p.add_argument("--json", action="store_true", help="write the Document as JSON (pages, furniture, warnings)")

    p = command("segment", "Write the top-level provisions of documents as JSONL.")
    inputs(p)
    p.add_argument("--out", default="-", help="JSONL file, or - for stdout (default)")

    p = command("tag", "Extract, segment and classify documents.")
    inputs(p)
    p.add_argument("--out", default="-", help="JSONL file, - for stdout, or a directory for a batch run")
    p.add_argument("--model", help="model directory (default: the shipped model)")
    p.add_argument("--trust-model", action="store_true", help="allow loading a model from outside the package")
    p.add_argument("--summary", action="store_true", help="print a readable summary instead of JSONL")
    p.add_argument("--evidence", action="store_true", help="add the evidence of each label to the records")
    p.add_argument("--no-context", dest="context", action="store_false",
                   help="score each provision alone, without its neighbours and chapter headings")
    p.add_argument("--workers", type=int, default=1, help="batch: processes (default 1)")
    p.add_argument("--backend", choices=["local", "dask"], default="local", help="batch: executor")
    p.add_argument("--scheduler", help="batch: Dask scheduler address tcp://HOST:PORT (implies --backend dask)")
    p.add_argument("--metadata", help="batch: CSV with columns path,country[,title][,date] for the report and Akoma Ntoso")
    p.add_argument("--max-memory", type=int, default=2048, help="batch: MB allowed per document (default 2048)")
    p.add_argument("--doc-timeout", type=float, default=600.0, help="batch: seconds allowed per document")
    p.add_argument("--force", action="store_true", help="batch: start over in an existing output directory")

    p = command("classify", "Label JSONL records {id, text, lang[, heading]} (or documents, like tag).")
    p.add_argument("inputs", nargs="+", help="JSONL files of records, - for stdin, or documents")
    p.add_argument("--out", default="-", help="JSONL file, or - for stdout (default)")
    p.add_argument("--model", help="model directory (default: the shipped model)")
    p.add_argument("--trust-model", action="store_true", help="allow loading a model from outside the package")
    p.add_argument("--lang", help="language of records that carry none")

    p = command("train", "Train a model on annotated corpus files.")
    p.add_argument("corpus", nargs="+", help="corpus JSONL files and heading lists (.tsv), or directories of them")
    p.add_argument("--out", required=True, help="model directory to write")
    p.add_argument("--gold", nargs="*", default=None,
                   help="dev gold files to record in the card (default: ../shared/gold when present)")
    p.add_argument("--no-gold", action="store_true", help="do not evaluate on the dev gold")
    p.add_argument("--folds", type=int, default=None, help="cross-validation folds (default 5)")
    p.add_argument("--seed", type=int, default=None, help="random seed (default 0)")

    p = command("evaluate", "Score predicted labels against gold.")
    p.add_argument("--gold", nargs="+", required=True, help="gold JSONL files (GUIDE.md format)")
    p.add_argument("--pred", required=True, help="predicted provision records (JSONL)")
    p.add_argument("--json", dest="json_out", help="also write the report as JSON here")

    p = command("corpus", "Validate a corpus or print its label x language table.")
    p.add_argument("action", choices=["validate", "stats"])
    p.add_argument("paths", nargs="+", help="corpus JSONL files and heading lists (.tsv), or directories of them")
    p.add_argument("--markdown", action="store_true", help="stats: print a Markdown table")
    p.add_argument("--no-language-check", action="store_true", help="validate: skip language detection")

    p = command("report", "Render tagged JSONL records as a static HTML report.")
    p.add_argument("inputs", nargs="+", help="tagged provision JSONL files")
    p.add_argument("--out", required=True, help="HTML file to write")
    p.add_argument("--metadata", help="CSV with columns path,country[,title]")
    return parser


def expand_inputs(patterns: Sequence[str]) -> list[str]:
    """Files named, found in directories (recursively) or matched by globs, in order, once each."""
    found: list[str] = []
    for pattern in patterns:
        path = Path(pattern)
        if path.is_dir():
            found.extend(str(p) for p in sorted(path.rglob("*")) if p.suffix.lower() in SUFFIXES and p.is_file())
        elif path.exists():
            found.append(pattern)
        else:
            matches = sorted(glob.glob(pattern, recursive=True))
            if not matches:
                raise InputError(Errors.E004.format(pattern=pattern))
            found.extend(m for m in matches if Path(m).is_file())
    seen: set[str] = set()
    return [f for f in found if not (f in seen or seen.add(f))]  # type: ignore[func-returns-value]


@contextlib.contextmanager
def _output(target: str) -> Iterator[IO[str]]:
    if target == "-":
        yield sys.stdout
        return
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    with open(target, "w", encoding="utf-8") as handle:
        yield handle


def _fail(path: str, err: Exception) -> None:
    message = str(err) if isinstance(err, LexnlpCyberError) else Errors.E499.format(path=path, reason=repr(err))
    print(f"lexnlp-cyber: {path}: {message}", file=sys.stderr)


def _extract_options(args: argparse.Namespace) -> dict[str, Any]:
    return {"password": args.password, "max_pages": args.max_pages, "timeout": args.timeout}


def _cmd_extract(args: argparse.Namespace) -> int:
    from .api import extract

    failed = 0
    with _output(args.out) as out:
        for path in expand_inputs(args.inputs):
            try:
                doc = extract(path, lang=args.lang, **_extract_options(args))
            except Exception as err:  # one bad input never stops the others
                _fail(path, err)
                failed += 1
                continue
            out.write(doc.to_json(indent=1) + "\n" if args.json else doc.text.rstrip("\n") + "\n")
    return 1 if failed else 0


def _cmd_segment_or_tag(args: argparse.Namespace, labels: bool) -> int:
    from .api import classify, load_model, segment
    from .export.jsonl import document_records

    target = Path(args.out)
    if labels and args.out != "-" and not args.out.endswith((".jsonl", ".json")) and not (
            target.exists() and not target.is_dir()):  # an existing file (e.g. /dev/null) takes JSONL
        return _cmd_batch(args)
    model = None
    if labels:
        model = load_model(args.model, trust=args.trust_model) if args.model else load_model()
    failed = 0
    summaries: list[tuple[str, Any]] = []
    with _output(args.out if not getattr(args, "summary", False) else "-") as out:
        for path in expand_inputs(args.inputs):
            try:
                doc = segment(path, lang=args.lang, **_extract_options(args))
                if labels:
                    classify(doc, model=model, context=args.context)
            except Exception as err:
                _fail(path, err)
                failed += 1
                continue
            if getattr(args, "summary", False):
                summaries.append((path, doc))
                continue
            for record in document_records(doc, labels=labels, evidence=getattr(args, "evidence", False),
                                           document=path):
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        if summaries:
            out.write(summary_text(summaries))
    return 1 if failed else 0


def summary_text(docs: Sequence[tuple[str, Any]]) -> str:
    """A readable account of tagged documents: one block per document."""
    lines: list[str] = []
    for path, doc in docs:
        units = doc.units()
        tagged = [u for u in units if u.labels]
        lines.append(f"{path}  [{doc.lang or '?'}; {len(doc.pages)} pages; {len(units)} provisions; "
                     f"{len(tagged)} with cyber labels]")
        for unit in tagged:
            head = f"{unit.kind} {unit.num or ''}".strip()
            heading = (unit.heading or "")[:50]
            labs = ", ".join(f"{lab.id} {lab.score:.2f}" for lab in unit.labels)
            lines.append(f"  {head:<16} {heading:<50}  {labs}")
        for notice in doc.warnings:
            lines.append(f"  ! {notice.message}")
        lines.append("")
    return "\n".join(lines) + "\n"


def _cmd_batch(args: argparse.Namespace) -> int:
    from .batch import BatchOptions, run_batch

    options = BatchOptions(
        workers=args.workers, backend="dask" if args.scheduler else args.backend, scheduler=args.scheduler,
        model=args.model, trust_model=args.trust_model, lang=args.lang, password=args.password,
        max_pages=args.max_pages, max_memory_mb=args.max_memory, doc_timeout=args.doc_timeout,
        metadata=args.metadata, force=args.force, evidence=args.evidence, context=args.context)
    result = run_batch(expand_inputs(args.inputs), args.out, options)
    print(f"{len(result.done)} tagged, {len(result.skipped)} already done, {len(result.failed)} failed "
          f"-> {args.out} (report.html, provisions.jsonl, failures.jsonl)", file=sys.stderr)
    return 1 if result.failed else 0


def _read_records(path: str) -> Iterator[tuple[int, str, dict[str, Any]]]:
    handle = sys.stdin if path == "-" else open(path, encoding="utf-8")
    try:
        for number, line in enumerate(handle, 1):
            if line.strip():
                try:
                    data = json.loads(line)
                    if not isinstance(data, dict) or "text" not in data:
                        raise ValueError("no 'text' field")
                except ValueError as err:
                    print(f"lexnlp-cyber: {Errors.E208.format(line=number, path=path, reason=err)}", file=sys.stderr)
                    yield number, path, {}
                    continue
                yield number, path, data
    finally:
        if handle is not sys.stdin:
            handle.close()


def _cmd_classify(args: argparse.Namespace) -> int:
    from .api import classify, load_model

    if any(Path(p).suffix.lower() in SUFFIXES or Path(p).is_dir() for p in args.inputs if p != "-"):
        args.summary, args.evidence, args.password, args.max_pages, args.timeout = False, False, None, 5000, None
        args.context = True
        return _cmd_segment_or_tag(args, labels=True)
    model = load_model(args.model, trust=args.trust_model) if args.model else load_model()
    failed = 0
    with _output(args.out) as out:
        for path in args.inputs:
            batch: list[dict[str, Any]] = []
            for _number, _path, data in _read_records(path):
                if not data:
                    failed += 1
                    continue
                batch.append(data)
                if len(batch) >= 512:
                    _write_records(out, classify(batch, model=model, lang=args.lang, evidence=False))
                    batch = []
            if batch:
                _write_records(out, classify(batch, model=model, lang=args.lang, evidence=False))
    return 1 if failed else 0


def _write_records(out: IO[str], records: Sequence[dict[str, Any]]) -> None:
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")


def shared_dir() -> Path | None:
    """The ../shared folder beside the checkout, when present (dev gold, canon)."""
    candidate = Path(__file__).resolve().parents[2] / "shared"
    return candidate if candidate.is_dir() else None


def _cmd_train(args: argparse.Namespace) -> int:
    from .api import train

    config: dict[str, Any] = {}
    if args.folds is not None:
        config["folds"] = args.folds
    if args.seed is not None:
        config["seed"] = args.seed
    evaluate_on = None
    if not args.no_gold:
        gold = [Path(g) for g in args.gold] if args.gold else None
        shared = shared_dir()
        if gold is None and shared is not None:
            gold = sorted((shared / "gold").glob("dev-*.jsonl"))
        if gold:
            from .devgold import oracle_evaluation

            canon = (gold[0].resolve().parent.parent / "canon")
            evaluate_on = lambda model: oracle_evaluation(model, gold, canon)  # noqa: E731
    model = train(args.corpus, args.out, config=config, evaluate_on=evaluate_on,
                  progress=lambda msg: print(msg, file=sys.stderr))
    metrics = model.card["metrics"]
    print(f"wrote {args.out}")
    print(f"cross-validation: micro-F1 {metrics['cv']['micro_f1']:.3f}, macro-F1 {metrics['cv']['macro_f1']:.3f}")
    view = metrics.get("heading_view_cv", {})
    if "top_label_accuracy" in view:
        listed = f" and {view['listed_headings']} from heading lists" if view.get("listed_headings") else ""
        print(f"heading view: {view['entries']} headings{listed}, cross-validated top-label accuracy "
              f"{view['top_label_accuracy']:.3f}")
    elif "skipped" in view:
        print(f"heading view: none ({view['skipped']})")
    gold_metrics = metrics.get("dev_gold")
    if gold_metrics:
        print(f"dev gold (oracle segmentation): micro-F1 {gold_metrics['micro']['f1']:.3f}, "
              f"macro-F1 {gold_metrics['macro']['f1']:.3f}, document F1 {gold_metrics['document']['f1']:.3f}")
    return 0


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from .evaluate import evaluate, report_table

    report = evaluate(args.gold, args.pred)
    print(report_table(report))
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


def _cmd_corpus(args: argparse.Namespace) -> int:
    from .corpus import (
        Problem,
        ValidationReport,
        read_corpus,
        read_headings,
        stats,
        stats_table,
        validate,
        validate_headings,
    )

    entries = read_corpus(args.paths, strict=args.action == "stats")
    if args.action == "stats":
        print(stats_table(stats(entries), markdown=args.markdown))
        headings = read_headings(args.paths)
        if headings:  # heading lists train the heading view only: a line of their own
            per_lang = Counter(e.lang for e in headings)
            print(f"\nheading lists: {len(headings)} headings ({sum(1 for e in headings if not e.labels)} unlabelled); "
                  + ", ".join(f"{lang} {n}" for lang, n in sorted(per_lang.items())))
        return 0
    report = validate(entries, check_language=not args.no_language_check)
    try:
        listed = validate_headings(read_headings(args.paths))
    except DataError as err:  # a malformed heading list: the first bad line
        listed = ValidationReport(0, [Problem("heading list", "", str(err))])
    problems = [*report.problems, *listed.problems]
    errors = sum(1 for p in problems if p.severity == "error")
    for problem in problems:
        print(f"{problem.severity}: {problem.id} {problem.where} {problem.message}")
    print(f"{report.entries} entries, {listed.entries} listed headings, {errors} errors, "
          f"{len(problems) - errors} warnings")
    return 0 if not errors else 1


def _cmd_report(args: argparse.Namespace) -> int:
    from .export.report import render_report_from_jsonl

    render_report_from_jsonl(expand_inputs(args.inputs) if args.inputs != ["-"] else ["-"], args.out,
                             metadata=args.metadata)
    print(f"wrote {args.out}")
    return 0


COMMANDS = {
    "extract": _cmd_extract,
    "segment": lambda a: _cmd_segment_or_tag(a, labels=False),
    "tag": lambda a: _cmd_segment_or_tag(a, labels=True),
    "classify": _cmd_classify,
    "train": _cmd_train,
    "evaluate": _cmd_evaluate,
    "corpus": _cmd_corpus,
    "report": _cmd_report,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: sys.argv[1:]); return the exit code."""
    parser = _parser()
    try:
        args = parser.parse_args(list(argv) if argv is not None else None)
    except SystemExit as exc:  # argparse: --help exits 0, usage errors exit 2
        return int(exc.code or 0)
    if args.version:
        from . import __version__

        print(f"lexnlp-cyber {__version__}")
        return 0
    if not args.command:
        parser.print_help()
        return 2
    try:
        return int(COMMANDS[args.command](args))
    except LexnlpCyberError as err:
        print(f"lexnlp-cyber: {err}", file=sys.stderr)
        return 1 if args.command in ("extract", "segment", "tag", "classify") and err.code != "E004" else 2
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
