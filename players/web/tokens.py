"""The seats' secret links: one unguessable token per seat, in a 0600 file beside the journal.

A seat is the projector (`room`), the controller seat (`control`), a cell (`cell:<id>`) or
an evaluator on the roster (`evaluator:<name as a link>`, such as `evaluator:dana-reyes`).
Each has a 256-bit token (`secrets.token_urlsafe(32)`), far above the 128 bits the room needs.
The tokens live in `<journal>.seats`, created readable and writable by its owner only, and
never in the journal or the report, so a report can be shared without opening the room. The
same file is read again after `--resume`, so the links people hold keep working. Reissuing a
seat replaces its token: the old link (and every cookie made from it) stops working at once.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from engine.errors import UserError
from engine.format.model import Scenario
from engine.play.evaluation import seat_slug

ROOM = "room"
CONTROL = "control"
DEFAULT_BASE = "http://127.0.0.1:8000"


def cell_seat(cell: str) -> str:
    """The seat name of a cell's table."""
    return f"cell:{cell}"


def evaluator_seat(name: str) -> str:
    """The seat name of an evaluator's page (their name made fit for a link)."""
    return f"evaluator:{seat_slug(name)}"


def seats_path(journal: Path) -> Path:
    """Where a journal's seat tokens are kept."""
    return journal.with_name(journal.name + ".seats")


def seat_names(scenario: Scenario) -> list[str]:
    """Every seat of a scenario: the projector, the controller, then each cell in order."""
    return [ROOM, CONTROL, *(cell_seat(cell.id) for cell in scenario.cells)]


def seat_path(seat: str) -> str:
    """The page a seat opens (its cookie is scoped to it)."""
    if seat.startswith("cell:"):
        return f"/cell/{seat.removeprefix('cell:')}"
    if seat.startswith("evaluator:"):
        return f"/evaluator/{seat.removeprefix('evaluator:')}"
    return f"/{seat}"


@dataclass(frozen=True, slots=True)
class SeatLink:
    """One seat and the link that opens it."""

    seat: str
    url: str


class SeatBook:
    """The seats' tokens for one journal, kept in step with the file."""

    def __init__(
        self,
        path: Path,
        tokens: dict[str, str],
        secret: str,
        base: str = DEFAULT_BASE,
        folder: Path | None = None,
    ) -> None:
        self.path = path
        self.base = base
        """The address the links were last served on (what `wargame seats` prints)."""
        self.folder = folder
        """The scenario folder the room served the injects' attachments from (so a resume
        without SCENARIO serves them too); None when never recorded."""
        self._tokens = tokens
        self._by_token = {token: seat for seat, token in tokens.items()}
        self._secret = secret.encode()
        self._stamp = self._file_stamp()

    @classmethod
    def open(cls, journal: Path, scenario: Scenario, evaluators: Iterable[str] = ()) -> SeatBook:
        """The journal's seats, created (mode 0600) on first use; new cells (and evaluators,
        by name) get a token.

        Raises:
            UserError: the file cannot be read or written, or others may read it.
        """
        path = seats_path(journal)
        folder = None
        if path.exists():
            tokens, secret, base, folder = _read(path)
        else:
            tokens, secret, base = {}, secrets.token_hex(32), DEFAULT_BASE
        wanted = [*seat_names(scenario), *(evaluator_seat(name) for name in evaluators)]
        missing = [seat for seat in wanted if seat not in tokens]
        for seat in missing:
            tokens[seat] = secrets.token_urlsafe(32)
        book = cls(path, tokens, secret, base, folder)
        if missing or not path.exists():
            book.save()
        return book

    def add(self, seats: Iterable[str]) -> None:
        """Give each new seat a token (an evaluator added to the roster during the run).

        Raises:
            UserError: the file cannot be written.
        """
        self._reload_if_changed()
        missing = [seat for seat in seats if seat not in self._tokens]
        for seat in missing:
            self._tokens[seat] = secrets.token_urlsafe(32)
            self._by_token[self._tokens[seat]] = seat
        if missing:
            self.save()

    def seats(self) -> list[str]:
        """Every seat, in the file's order."""
        return list(self._tokens)

    def seat_of(self, token: str) -> str | None:
        """The seat a token opens, or None (read again if the file changed)."""
        self._reload_if_changed()
        return self._by_token.get(token) if token else None

    def token(self, seat: str) -> str:
        """A seat's current token."""
        self._reload_if_changed()
        return self._tokens[seat]

    def csrf(self, seat: str) -> str:
        """The seat's anti-forgery value: posts must carry it (it changes with the token)."""
        message = f"{seat}:{self.token(seat)}".encode()
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()

    def reissue(self, seat: str) -> str:
        """Give a seat a new token; the old link stops working. Returns the new token.

        Raises:
            UserError: there is no such seat.
        """
        self._reload_if_changed()
        if seat not in self._tokens:
            raise UserError(f"no seat {seat!r}; the seats are {', '.join(self._tokens)}")
        old = self._tokens[seat]
        self._tokens[seat] = secrets.token_urlsafe(32)
        self._by_token.pop(old, None)
        self._by_token[self._tokens[seat]] = seat
        self.save()
        return self._tokens[seat]

    def remember_base(self, base: str) -> None:
        """Keep the address the room is served on, for `wargame seats`."""
        if base != self.base:
            self.base = base
            self.save()

    def remember_folder(self, folder: Path) -> None:
        """Keep the scenario folder the attachments are served from, for a later resume."""
        folder = folder.resolve()
        if folder != self.folder:
            self.folder = folder
            self.save()

    def links(
        self, base: str | None = None, evaluators: Iterable[str] | None = None
    ) -> list[SeatLink]:
        """Every seat's link under `base` (default: where it was last served).

        Given the roster's `evaluators`, the seats of evaluators taken off it are left out
        (their tokens are kept, so adding them back gives them their old link).
        """
        root = (base or self.base).rstrip("/")
        current = None if evaluators is None else {evaluator_seat(name) for name in evaluators}
        return [
            SeatLink(seat, f"{root}/join/{self.token(seat)}")
            for seat in self.seats()
            if current is None or not seat.startswith("evaluator:") or seat in current
        ]

    def save(self) -> None:
        """Write the file atomically, readable by its owner only.

        Raises:
            UserError: the file cannot be written.
        """
        record: dict[str, object] = {"secret": self._secret.decode(), "base": self.base}
        if self.folder is not None:
            record["folder"] = str(self.folder)
        data = json.dumps({**record, "seats": self._tokens}, indent=1)
        temporary = self.path.with_name(self.path.name + ".tmp")
        try:
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            temporary.chmod(0o600)
            temporary.replace(self.path)
        except OSError as error:
            raise UserError(f"cannot write the seats file {self.path}: {error}") from None
        self._stamp = self._file_stamp()

    def _file_stamp(self) -> tuple[int, int] | None:
        try:
            info = self.path.stat()
        except OSError:
            return None
        return info.st_mtime_ns, info.st_size

    def _reload_if_changed(self) -> None:
        """Another process (`wargame seats --reissue`) may have changed the file."""
        stamp = self._file_stamp()
        if stamp is None or stamp == self._stamp:
            return
        try:
            tokens, _, _, _ = _read(self.path)
        except UserError:
            return  # keep the tokens we have rather than open or close the room by accident
        self._tokens = tokens
        self._by_token = {token: seat for seat, token in tokens.items()}
        self._stamp = stamp


def _read(path: Path) -> tuple[dict[str, str], str, str, Path | None]:
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            raise UserError(
                f"{path} may be read by other users (mode {mode:o}); "
                f"make it private with: chmod 600 {path}"
            )
        data = json.loads(path.read_text(encoding="utf-8"))
        tokens = {str(seat): str(token) for seat, token in data["seats"].items()}
        folder = Path(data["folder"]) if data.get("folder") else None
        return tokens, str(data["secret"]), str(data.get("base") or DEFAULT_BASE), folder
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise UserError(f"cannot read the seats file {path}: {error}") from None
