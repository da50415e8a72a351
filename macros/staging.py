"""A build writes into a private folder beside site/ and swaps it in only when complete, one build at a time.

- Each build stages into a folder of its own (`.site.building-<random>`), so two builds never write
  into, or delete, each other's files.
- The swap holds a lock (an fcntl lock on `.site.lock`) for the whole build: a second build waits
  for the first, says so, and then builds; a build that dies releases the lock with its process.
- Every failure leaves the previous site/ as it was, and says in one Japanese line why the build stopped.
  Folders that a killed or failed build left behind are removed by the next build, under the lock.
"""

from __future__ import annotations

import errno
import fcntl
import logging
import os
import shutil
import tempfile
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.utils import CountHandler

log = logging.getLogger("mkdocs.plugins.course")


def write_error(error: OSError, folder: Path) -> str:
    """One Japanese line for a file-system failure while writing into `folder`."""
    where = error.filename or folder
    if error.errno == errno.ENOSPC:
        return f"ディスクの空きが足りないため、{where} に書き込めません。"
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"{where} に書き込めません（書き込みの権限がないか、読み取り専用です）。"
    return f"{where} に書き込めません（{error.strerror or error}）。"


class StagedSite:
    """The site folder of one build: `begin` before MkDocs writes, then `commit` or `abort`."""

    def __init__(self, site: Path) -> None:
        self.site = site.absolute()
        self.staging: Path | None = None
        self._lock: int | None = None
        self._lock_path = self.site.with_name(f".{self.site.name}.lock")

    def begin(self) -> Path:
        """Wait for any other build of this site, clear what failed builds left, return a new staging folder."""
        try:
            self.site.parent.mkdir(parents=True, exist_ok=True)
            self._acquire()
            for leftover in self._leftovers():
                shutil.rmtree(leftover, ignore_errors=True)
            self.staging = Path(tempfile.mkdtemp(prefix=f".{self.site.name}.building-", dir=self.site.parent))
        except OSError as error:
            self.abort()
            raise PluginError(self._stopped(error)) from None
        return self.staging

    def commit(self) -> None:
        """Put the finished staging folder in place of the site; the old site is removed afterwards."""
        assert self.staging is not None
        old = self.staging.with_name(self.staging.name.replace(".building-", ".old-"))
        try:
            if self.site.exists():
                os.rename(self.site, old)
            try:
                os.rename(self.staging, self.site)
            except OSError:
                if old.exists() and not self.site.exists():
                    os.rename(old, self.site)  # the previous site back in its place
                raise
        except OSError as error:
            self.abort()
            raise PluginError(self._stopped(error)) from None
        self.staging = None
        self._remove_old(old)
        self._release()

    def abort(self) -> None:
        """Remove the staging folder and let the next build go; the site is untouched."""
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
            self.staging = None
        self._release()

    def _stopped(self, error: OSError) -> str:
        kept = f"前のサイト {self.site.name}/ はそのまま残っています。" if self.site.exists() else ""
        return f"{write_error(error, self.site.parent)}ビルドを中止しました。{kept}"

    def _leftovers(self) -> list[Path]:
        name = self.site.name
        return sorted(self.site.parent.glob(f".{name}.building*")) + sorted(self.site.parent.glob(f".{name}.old*"))

    def _remove_old(self, old: Path) -> None:
        if not old.exists():
            return
        try:
            shutil.rmtree(old)
        except OSError as error:
            log.info(
                f"古いサイト {old} を削除できませんでした（{error.strerror or error}）。"
                "次のビルドで、もう一度削除します。"
            )

    # --- the lock --------------------------------------------------------------------------------
    # The lock file is removed by its holder before it lets go, so nothing is left behind; a build that
    # was waiting on the removed file notices (another inode, or none, at the path) and locks anew.

    def _acquire(self) -> None:
        waited = False
        while True:
            fd = os.open(self._lock_path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if not waited:
                    log.info(f"別のビルドが {self.site.name}/ を作っています。終わるまで待ちます…")
                    waited = True
                fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                same = os.stat(self._lock_path).st_ino == os.fstat(fd).st_ino
            except FileNotFoundError:
                same = False
            if same:
                self._lock = fd
                return
            os.close(fd)

    def _release(self) -> None:
        if self._lock is None:
            return
        try:
            os.unlink(self._lock_path)
        except OSError:
            pass  # a stale lock file is harmless: the next build locks it and removes it
        os.close(self._lock)  # closing the descriptor releases the lock
        self._lock = None


class BuildTransaction:
    """One `mkdocs build` as a transaction on the site folder: `begin` stages it (StagedSite) and, in strict
    mode, counts MkDocs' warnings; `commit` swaps the staged site in unless a warning was counted (MkDocs
    then aborts the build, and `abort` removes the staging folder); `abort` undoes everything else."""

    def __init__(self, site: Path, *, strict: bool) -> None:
        self._staged = StagedSite(site)
        self._warnings: CountHandler | None = CountHandler() if strict else None

    def begin(self) -> Path:
        """The folder MkDocs writes this build into."""
        staging = self._staged.begin()
        if self._warnings is not None:
            self._warnings.setLevel(logging.WARNING)
            logging.getLogger("mkdocs").addHandler(self._warnings)
        return staging

    def commit(self) -> Path | None:
        """The site folder, now holding this build; None when a strict build counted a warning (not swapped)."""
        if self._warnings is not None and self._warnings.get_counts():
            return None
        self._detach()
        self._staged.commit()
        return self._staged.site

    def abort(self) -> None:
        self._staged.abort()
        self._detach()

    def _detach(self) -> None:
        if self._warnings is not None:
            logging.getLogger("mkdocs").removeHandler(self._warnings)
            self._warnings = None
