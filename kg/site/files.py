"""The files of a site being written: each written once, the pages listed for the sitemap.

files = SiteFiles(staging)
files.write("static/site.css", content)
files.page("index.html", html)          a page: also listed in files.pages
"""

from __future__ import annotations

from pathlib import Path

from kg.errors import OutputError


class SiteFiles:
    """Writes the files of one site into its folder, refusing to write one file twice."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.pages: list[str] = []
        self.written = 0
        self._folders: set[Path] = set()

    def page(self, path: str, html: bytes) -> None:
        """Write a page of the site (a path from its root) and list it."""
        self.pages.append(path)
        self.write(path, html)

    def write(self, path: str, content: bytes) -> None:
        """Write a file of the site; OutputError when two would be one file."""
        target = self.folder / path
        parent = target.parent
        if parent not in self._folders:
            parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(parent)
        try:
            with open(target, "xb") as stream:
                stream.write(content)
        except FileExistsError:
            raise OutputError(
                "two files of the site would have one name (IRIs that differ only in an "
                "ending such as .sv or .ttl)",
                where=path,
            ) from None
        except OSError as exc:
            raise OutputError(f"cannot write the site ({exc.strerror})", where=path) from exc
        self.written += 1
