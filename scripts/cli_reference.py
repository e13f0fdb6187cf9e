#!/usr/bin/env python3
"""Write docs/reference/cli.md, the command reference, from the ``timeline`` command itself.

The page is made from click's own description of the commands (the typer app turned into a
click group), not from ``--help``'s terminal output, so it holds exactly the options, types,
defaults and help texts that the command accepts, and it cannot drift from them: a test
regenerates it and compares it with the committed page.

    python scripts/cli_reference.py           # rewrite docs/reference/cli.md
    python scripts/cli_reference.py --check   # exit 1 if the committed page is stale
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path
from typing import Any

import typer.main

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "reference" / "cli.md"
REFRESH = "python scripts/cli_reference.py"

# Characters that Markdown would read as markup inside a table cell or a paragraph.
_MARKDOWN = re.compile(r"([\\`*_\[\]|#])")


def _text(value: str) -> str:
    """Help text as literal Markdown: no HTML, emphasis or table break can come from it."""
    return _MARKDOWN.sub(r"\\\1", html.escape(value, quote=False))


def _code(value: str) -> str:
    # Inside a table, a pipe ends the cell even in a code span, so it is written as an entity
    # in a <code> element instead.
    return "<code>" + html.escape(value, quote=False).replace("|", "&#124;") + "</code>"


def _type(param: Any) -> str:
    kind = param.type
    # typer may carry its own copy of click, so parameters are told apart by click's public
    # attributes (param_type_name, is_flag, type.name) rather than by click's classes.
    if getattr(param, "is_flag", False):
        described = "flag"
    elif kind.name == "choice":
        described = "one of " + ", ".join(_code(str(choice)) for choice in kind.choices)
    elif kind.name.endswith(" range"):  # "int range" or "integer range", by click's version
        number = "integer" if kind.name.startswith("int") else "number"
        described = f"{number} from {kind.min:g} to {kind.max:g}"
    else:
        names = {"integer": "integer", "int": "integer", "float": "number", "path": "path"}
        described = names.get(kind.name, "text")
    if param.multiple:
        described += " (repeatable)"
    return described


def _default(param: Any) -> str:
    if param.required:
        return "required"
    default = param.default
    if default is None:
        return ""
    if getattr(param, "is_flag", False):
        if param.secondary_opts:
            chosen = param.opts if default else param.secondary_opts
            return _code(chosen[0])
        return "off" if not default else "on"
    return _code(str(default))


def _names(param: Any) -> str:
    if param.param_type_name == "argument":
        return _code(param.human_readable_name.upper())
    names = sorted(param.opts, key=lambda name: (name.startswith("--"), name))
    shown = ", ".join(_code(name) for name in names)
    if param.secondary_opts:
        shown += " / " + ", ".join(_code(name) for name in param.secondary_opts)
    return shown


def _command(name: str, command: Any, parent: Any, shown: str | None = None) -> list[str]:
    context = command.context_class(command, info_name=name, parent=parent)
    lines = [f"## timeline {shown or name}", ""]
    lines += ["```", command.get_usage(context), "```", ""]
    lines += [_text(" ".join((command.help or "").split())), ""]
    params = [param for param in command.params if not getattr(param, "hidden", False)]
    if params:
        lines += ["| option | takes | default | what it does |", "|---|---|---|---|"]
        for param in params:
            help_text = getattr(param, "help", None) or ""
            cells = [_names(param), _type(param), _default(param), _text(help_text)]
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    # A command group (`timeline source`): each of its commands, as "timeline source add".
    for sub_name, sub in sorted(getattr(command, "commands", {}).items()):
        lines += [
            "#" + line if line.startswith("## ") else line
            for line in _command(sub_name, sub, context, f"{name} {sub_name}")
        ]
    return lines


def render() -> str:
    """The reference page, as Markdown."""
    from timeline.cli import app  # the package gives the app with every command registered

    group: Any = typer.main.get_command(app)
    context = group.context_class(group, info_name="timeline")
    lines = [
        "# Command reference",
        "",
        "<!-- Generated from the command itself by `" + REFRESH + "`; do not edit. -->",
        "",
        _text(" ".join((group.help or "").split())),
        "",
        "Every command also takes `--help`, which prints what this page says about it.",
        "",
        "| command | what it does |",
        "|---|---|",
    ]
    commands = sorted(group.commands.items())
    for name, command in commands:
        summary = command.get_short_help_str(limit=200)
        lines.append(f"| [`timeline {name}`](#timeline-{name}) | {_text(summary)} |")
    lines.append("")
    for name, command in commands:
        lines += _command(name, command, context)
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    page = render()
    if argv[1:] == ["--check"]:
        if PAGE.read_text(encoding="utf-8") != page:
            print(f"{PAGE.relative_to(ROOT)} is stale: run {REFRESH}", file=sys.stderr)
            return 1
        return 0
    PAGE.parent.mkdir(parents=True, exist_ok=True)
    PAGE.write_text(page, encoding="utf-8")
    print(f"Wrote {PAGE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    # The reference describes this checkout's command, whatever copy is installed.
    sys.path.insert(0, str(ROOT))
    sys.exit(main(sys.argv))
