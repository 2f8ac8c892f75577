"""The Jinja2 environment over the site's templates/, and template failures as
diagnostics that point at the template file and line."""

from __future__ import annotations

import traceback
from pathlib import Path

import jinja2

from opcc.diagnostics import Diagnostic, error

TEMPLATES_DIR = "templates"


class TemplateFailure(Exception):
    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic

    def __reduce__(self):  # raised in a worker process, re-raised in the build
        return TemplateFailure, (self.diagnostic,)


def make_environment(templates_dir: Path) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def template_diagnostic(exc: Exception, template_name: str, root: Path) -> Diagnostic:
    """Point at the template file and line where rendering failed."""
    templates = (root / TEMPLATES_DIR).resolve()
    path, line = f"{TEMPLATES_DIR}/{template_name}", None
    if isinstance(exc, jinja2.TemplateSyntaxError):
        if exc.filename:
            path = Path(exc.filename).resolve().relative_to(root.resolve()).as_posix() \
                if Path(exc.filename).resolve().is_relative_to(root.resolve()) else exc.filename
        line = exc.lineno
        return error("config.template", f"template syntax error: {exc.message}", path=path,
                     line=line, hint="check the {% %} and {{ }} tags around this line")
    if isinstance(exc, jinja2.TemplateNotFound):
        return error("config.template", f"template '{exc.name}' not found", path=path,
                     hint=f"add {TEMPLATES_DIR}/{exc.name} or fix the name that refers to it")
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        frame_path = Path(frame.filename).resolve()
        if frame_path.is_relative_to(templates):
            path = f"{TEMPLATES_DIR}/{frame_path.relative_to(templates).as_posix()}"
            line = frame.lineno
            break
    if isinstance(exc, jinja2.UndefinedError):
        return error("config.template", f"template uses an undefined value: {exc.message}",
                     path=path, line=line,
                     hint="templates/README.md lists the variables each template receives")
    return error("config.template", f"template error: {type(exc).__name__}: {exc}",
                 path=path, line=line, hint="check the template around this line")
