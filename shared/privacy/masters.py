"""Master keys: they wrap the workers' data keys, behind an interface a KMS could serve.

The file holds ``{"current": id, "keys": {id: base64 key}}``. Wrapping uses the current key;
unwrapping names the key that wrapped. ``homeward keys rotate-master`` adds a new current key,
re-wraps every data key with it, and retires a master key only once no data key needs it.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

KEY_BYTES = 32
NONCE_BYTES = 12


class MasterKeyError(RuntimeError):
    """A data key cannot be wrapped or unwrapped: its master key is missing or wrong."""


class KeyWrapper(Protocol):
    """What a key management service does for us: wrap and unwrap data keys."""

    @property
    def current_id(self) -> str:
        """The id of the master key new data keys are wrapped with."""
        ...

    def wrap(self, data_key: bytes, owner: str) -> tuple[str, bytes]:
        """Returns (master key id, the data key wrapped), bound to its owner."""
        ...

    def unwrap(self, master_id: str, wrapped: bytes, owner: str) -> bytes:
        """Returns the data key; raises MasterKeyError if it does not unwrap."""
        ...


class NoMasterKeys:
    """The master keys of a tool that only destroys data keys (an erasure needs none): it
    wraps and unwraps nothing."""

    @property
    def current_id(self) -> str:
        """No master key is current."""
        return ""

    def wrap(self, data_key: bytes, owner: str) -> tuple[str, bytes]:
        """Refuses: this tool makes no data key."""
        raise MasterKeyError("this tool holds no master key: it makes no data key")

    def unwrap(self, master_id: str, wrapped: bytes, owner: str) -> bytes:
        """Refuses: this tool opens no data key."""
        raise MasterKeyError("this tool holds no master key: it opens no data key")


@dataclass
class MasterKeyFile:
    """Master keys read from a file (a mounted secret); re-read when the file changes."""

    path: Path
    _current: str = ""
    _keys: dict[str, AESGCM] | None = None
    _stamp: float = -1.0

    @classmethod
    def at(cls, path: str | Path, create: bool) -> MasterKeyFile:
        """The master keys at ``path``; with ``create``, a first key is made if it is missing
        (development and tests; production mounts the file)."""
        file = cls(Path(path))
        if create and not file.path.exists():
            write_master_file(file.path, *new_master_file())
        file.reload()
        return file

    def reload(self) -> None:
        """Reads the file again if it changed since it was read."""
        try:
            stamp = self.path.stat().st_mtime
        except FileNotFoundError:
            raise MasterKeyError(f"master key file {self.path} is missing") from None
        if stamp == self._stamp and self._keys is not None:
            return
        current, keys = read_master_file(self.path)
        self._current = current
        self._keys = {key_id: AESGCM(secret) for key_id, secret in keys.items()}
        self._stamp = stamp

    @property
    def current_id(self) -> str:
        """The id of the master key new data keys are wrapped with."""
        return self._current

    def _key(self, master_id: str) -> AESGCM:
        assert self._keys is not None
        found = self._keys.get(master_id)
        if found is None:
            self.reload()
            found = self._keys.get(master_id)
        if found is None:
            raise MasterKeyError(f"master key {master_id} is not in {self.path}")
        return found

    def wrap(self, data_key: bytes, owner: str) -> tuple[str, bytes]:
        """Returns (master key id, the data key wrapped), bound to its owner."""
        nonce = secrets.token_bytes(NONCE_BYTES)
        master_id = self._current
        sealed = self._key(master_id).encrypt(nonce, data_key, _bound(owner, master_id))
        return master_id, nonce + sealed

    def unwrap(self, master_id: str, wrapped: bytes, owner: str) -> bytes:
        """Returns the data key; raises MasterKeyError if it does not unwrap."""
        from cryptography.exceptions import InvalidTag

        try:
            return self._key(master_id).decrypt(
                wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:], _bound(owner, master_id)
            )
        except InvalidTag:
            raise MasterKeyError(f"a data key does not unwrap with master {master_id}") from None


def _bound(owner: str, master_id: str) -> bytes:
    return f"homeward-data-key|{owner}|{master_id}".encode()


def new_master_file() -> tuple[str, dict[str, bytes]]:
    """A new master key file's content: one key, current."""
    key_id = f"master-{secrets.token_hex(6)}"
    return key_id, {key_id: AESGCM.generate_key(bit_length=KEY_BYTES * 8)}


def read_master_file(path: Path) -> tuple[str, dict[str, bytes]]:
    """Returns (current id, every key by id) from a master key file."""
    try:
        content = json.loads(path.read_text(encoding="utf-8"))
        keys = {key_id: base64.b64decode(text) for key_id, text in content["keys"].items()}
        current = str(content["current"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise MasterKeyError(
            f"master key file {path} cannot be read: {type(exc).__name__}"
        ) from None
    if current not in keys or any(len(k) != KEY_BYTES for k in keys.values()):
        raise MasterKeyError(f"master key file {path} holds no valid current key")
    return current, keys


def write_master_file(path: Path, current: str, keys: dict[str, bytes]) -> None:
    """Writes a master key file readable by its owner only, atomically (never half written):
    a file created by another process at the same moment is kept."""
    path.parent.mkdir(parents=True, exist_ok=True)
    content = {
        "current": current,
        "keys": {k: base64.b64encode(v).decode() for k, v in keys.items()},
    }
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".master-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(content, out)
        os.chmod(temporary, 0o600)
        if path.exists():
            os.replace(temporary, path)
        else:
            with contextlib.suppress(FileExistsError):
                os.link(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
