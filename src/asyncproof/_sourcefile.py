"""Read and rewrite Python source files without losing a byte.

Files are read the way Python reads a module (`tokenize.detect_encoding`: a UTF-8 BOM or a
`# -*- coding: ... -*-` declaration, UTF-8 otherwise) and decoded with their line endings
untouched, so CRLF, CR and mixed endings reach the parser as they are and a rewrite writes
back exactly the lines it changed, in the file's own encoding.

A rewrite never leaves a half-written file: the new bytes go to a temporary file in the same
folder (flushed and fsynced, with the original's mode), which then replaces the original with
`os.replace`, an atomic rename. Just before that, the file is read again: if it no longer holds
the bytes that were read (someone edited it meanwhile), nothing is replaced.
"""

from __future__ import annotations

import contextlib
import io
import os
import stat
import tempfile
import tokenize
from dataclasses import dataclass

__all__ = ["ChangedOnDisk", "NotRegularFile", "SourceError", "SourceFile", "read_source"]

# Opening a FIFO for reading blocks until a writer appears; O_NONBLOCK makes it return at once
# (the file type is then checked on the open descriptor, and a FIFO is never read).
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


class SourceError(Exception):
    """A file that cannot be read or rewritten as Python source; the message says why."""


class NotRegularFile(SourceError):
    """A FIFO, socket, device or directory: skipped, never opened for reading."""


class ChangedOnDisk(SourceError):
    """The file changed between reading and rewriting it: it is left as it is."""


def file_kind(mode: int) -> str | None:
    """What a non-regular file is ("a FIFO"); None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def _read_bytes(path: str) -> tuple[bytes, os.stat_result]:
    kind = file_kind(os.stat(path).st_mode)  # sockets cannot even be opened: check first
    if kind is not None:
        raise NotRegularFile(f"skipped: {kind}, not a regular file")
    fd = os.open(path, _OPEN_FLAGS)
    with os.fdopen(fd, "rb") as file:
        status = os.fstat(fd)
        kind = file_kind(status.st_mode)  # it may have been swapped since the stat
        if kind is not None:
            raise NotRegularFile(f"skipped: {kind}, not a regular file")
        return file.read(), status


def decode_source(data: bytes) -> tuple[str, str]:
    """Decode a module's bytes as Python does; return `(text, encoding)`.

    The text keeps its line endings; `encoding` is `utf-8-sig` for a file with a BOM.

    Raises:
        SourceError: Null bytes (a binary file), a bad encoding declaration, or bytes the
            encoding cannot decode.
    """
    if b"\0" in data:
        raise SourceError("cannot read file: binary (it contains null bytes)")
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as exc:  # an unknown codec in the declaration, or bad UTF-8 in line 1-2
        raise SourceError(f"cannot read file: {exc.msg if hasattr(exc, 'msg') else exc}") from exc
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError as exc:
        declared = "declared" if encoding not in ("utf-8", "utf-8-sig") else "no declaration,"
        raise SourceError(
            f"cannot read file: not valid {encoding} ({declared} byte {exc.start}: {exc.reason});"
            " declare its encoding with a `# -*- coding: ... -*-` line"
        ) from exc


@dataclass(frozen=True)
class SourceFile:
    """A module as read from disk.

    Attributes:
        path: The file as named (shown in messages).
        text: The decoded text, line endings as in the file.
        encoding: The codec it was decoded with (`utf-8-sig` keeps a BOM).
        data: The bytes read, to confirm nothing changed them before a rewrite.
        mode: The file's permission bits, given to the rewritten file.
        device_inode: The file's identity when read.
        owner: Its user and group ids, kept when the process may set them (run as root).
    """

    path: str
    text: str
    encoding: str
    data: bytes
    mode: int
    device_inode: tuple[int, int]
    owner: tuple[int, int] = (-1, -1)

    def encode(self, text: str) -> bytes:
        """`text` in the file's encoding (with its BOM, if it had one).

        Raises:
            SourceError: `text` holds a character the encoding cannot represent.
        """
        try:
            return text.encode(self.encoding)
        except UnicodeEncodeError as exc:
            raise SourceError(
                f"not rewritten: {exc.object[exc.start : exc.end]!r} cannot be written"
                f" in the file's encoding ({self.encoding})"
            ) from exc

    def replace(self, text: str) -> None:
        """Atomically replace the file's content with `text`, in the file's encoding.

        The path is resolved first, so a symbolic link keeps pointing at the rewritten file.

        Raises:
            ChangedOnDisk: The file no longer holds the bytes that were read.
            SourceError: The new text cannot be encoded.
            OSError: Writing failed (disk full, file too large, permissions); the original
                file is untouched and no temporary file is left behind.
        """
        data = self.encode(text)
        target = os.path.realpath(self.path)
        directory, name = os.path.split(target)
        fd, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=directory)
        try:
            with os.fdopen(fd, "wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            os.chmod(temporary, self.mode)
            _keep_owner(temporary, self.owner)
            self._confirm_unchanged(target)
            os.replace(temporary, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        _fsync_directory(directory)

    def _confirm_unchanged(self, target: str) -> None:
        try:
            data, status = _read_bytes(target)
        except (OSError, SourceError) as exc:
            raise ChangedOnDisk(f"not rewritten: it changed while migrating ({exc})") from exc
        if data != self.data or (status.st_dev, status.st_ino) != self.device_inode:
            raise ChangedOnDisk("not rewritten: it changed on disk since it was read")


def _keep_owner(path: str, owner: tuple[int, int]) -> None:
    """Give `path` the original's owner when it differs (a root run on a user's files)."""
    chown = getattr(os, "chown", None)
    if chown is None or owner == (-1, -1):
        return
    status = os.stat(path)
    if (status.st_uid, status.st_gid) != owner:
        with contextlib.suppress(OSError):  # not allowed: the file becomes the runner's
            chown(path, *owner)


def _fsync_directory(directory: str) -> None:
    """Persist the rename itself (where directories can be opened: not on Windows)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def read_source(path: str) -> SourceFile:
    """Read the module at `path` without ever blocking on it.

    Raises:
        NotRegularFile: A FIFO, socket, device or directory (never opened for reading).
        SourceError: Unreadable, binary, or not decodable; the message says why.
    """
    try:
        data, status = _read_bytes(path)
    except OSError as exc:
        raise SourceError(f"cannot read file: {_reason(path, exc)}") from exc
    text, encoding = decode_source(data)
    return SourceFile(
        path=path,
        text=text,
        encoding=encoding,
        data=data,
        mode=stat.S_IMODE(status.st_mode),
        device_inode=(status.st_dev, status.st_ino),
        owner=(status.st_uid, status.st_gid),
    )


def _reason(path: str, exc: OSError) -> str:
    """An OS error without the path (the caller's line already names the file)."""
    if isinstance(exc, FileNotFoundError) and os.path.islink(path):
        return "broken symbolic link (its target does not exist)"
    return exc.strerror or str(exc)
