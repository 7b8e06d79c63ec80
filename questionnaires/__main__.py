"""Command line: ``python -m questionnaires validate|import|export|coverage FILE``.

- ``validate FILE ...``: check YAML or XLSForm (.xlsx) files, print every problem;
- ``import FORM.xlsx -o OUT.yaml``: convert an XLSForm to our YAML format;
- ``export FILE.yaml -o OUT.xlsx``: write a questionnaire as an XLSForm;
- ``coverage FILE``: list the texts missing in each language.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from questionnaires.coverage import coverage
from questionnaires.loader import QuestionnaireError
from questionnaires.xlsform import Imported, export_xlsform, export_yaml, import_file


def _read(path: str) -> Imported:
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise QuestionnaireError(path, [f"cannot read the file: {error.strerror}"]) from error
    return import_file(path, data)


def main(argv: list[str] | None = None) -> int:
    """Run a command; print problems to stderr; return the exit status."""
    parser = argparse.ArgumentParser(prog="python -m questionnaires")
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="check questionnaire YAML or XLSForm files")
    validate.add_argument("files", nargs="+")
    to_yaml = commands.add_parser("import", help="convert an XLSForm (.xlsx) to YAML")
    to_yaml.add_argument("file")
    to_yaml.add_argument("-o", "--output", required=True)
    to_xlsx = commands.add_parser("export", help="write a questionnaire as an XLSForm (.xlsx)")
    to_xlsx.add_argument("file")
    to_xlsx.add_argument("-o", "--output", required=True)
    report = commands.add_parser("coverage", help="list texts missing per language")
    report.add_argument("file")
    args = parser.parse_args(argv)
    status = 0
    for path in getattr(args, "files", None) or [args.file]:
        try:
            imported = _read(path)
        except QuestionnaireError as error:
            print(error, file=sys.stderr)
            status = 1
            continue
        for warning in imported.warnings:
            print(f"{path}: warning: {warning}", file=sys.stderr)
        questionnaire = imported.questionnaire
        if args.command == "import":
            Path(args.output).write_text(export_yaml(imported.definition), encoding="utf-8")
        elif args.command == "export":
            Path(args.output).write_bytes(export_xlsform(imported.definition))
        elif args.command == "coverage":
            table = coverage(questionnaire)
            for language in table.languages:
                print(f"{language}: {table.translated(language)}/{len(table.rows)}")
            for row in table.missing_rows():
                print(f"  {row.path}: missing {', '.join(sorted(row.missing))}")
            continue
        print(f"{path}: ok ({len(questionnaire.variables())} variables, "
              f"{len(questionnaire.pages)} pages, languages {', '.join(questionnaire.languages)})")
    return status


if __name__ == "__main__":
    sys.exit(main())
