"""Command line: ``python -m questionnaires validate FILE [FILE ...]``."""

from __future__ import annotations

import argparse
import sys

from questionnaires.loader import QuestionnaireError, load_file


def main(argv: list[str] | None = None) -> int:
    """Validate questionnaire files; print problems; return the exit status."""
    parser = argparse.ArgumentParser(prog="python -m questionnaires")
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="check questionnaire YAML files")
    validate.add_argument("files", nargs="+")
    args = parser.parse_args(argv)
    status = 0
    for path in args.files:
        try:
            questionnaire = load_file(path)
        except QuestionnaireError as error:
            print(error, file=sys.stderr)
            status = 1
            continue
        print(f"{path}: ok ({len(questionnaire.variables())} variables, "
              f"{len(questionnaire.pages)} pages, languages {', '.join(questionnaire.languages)})")
    return status


if __name__ == "__main__":
    sys.exit(main())
