"""Make a Pagefind bundle's filter and metadata files the same bytes on every run.

Pagefind 1.5 writes a filter's values, and the list of filters in
`pagefind.<hash>.pf_meta`, in the order of a Rust `HashMap`, which is seeded
afresh in every process (upstream issue 638); every other file is already
stable. The filter and meta files are named by a hash of their bytes and
`pagefind-entry.json` names the meta file, so one shuffled filter changes
three files. Here the lists are sorted, the files are written again (gzip
without a time stamp) under a hash of their new bytes, and the names that
point at them are updated. Order carries no meaning in these lists: the
WebAssembly looks filters and values up by name.

The files are `pagefind_dcd` + CBOR (arrays, text, unsigned integers only).
A file this codec cannot read back to the very same bytes (a later Pagefind
format) is left exactly as Pagefind wrote it: correct, only not stable.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

SIGNATURE = b"pagefind_dcd"
ENTRY = "pagefind-entry.json"


class _Unknown(ValueError):
    """A CBOR item outside the subset Pagefind uses for filters and metadata."""


def _decode(data: bytes, at: int = 0) -> tuple[object, int]:
    head = data[at]
    major, info = head >> 5, head & 31
    at += 1
    if info < 24:
        value = info
    elif info <= 27:
        size = 1 << (info - 24)
        value = int.from_bytes(data[at:at + size], "big")
        at += size
    else:
        raise _Unknown(f"CBOR length {info}")
    if major == 0:
        return value, at
    if major == 3:
        return data[at:at + value].decode("utf-8"), at + value
    if major == 4:
        items = []
        for _ in range(value):
            item, at = _decode(data, at)
            items.append(item)
        return items, at
    raise _Unknown(f"CBOR major type {major}")


def _head(major: int, value: int) -> bytes:
    if value < 24:
        return bytes([major << 5 | value])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if value < 1 << (8 * size):
            return bytes([major << 5 | info]) + value.to_bytes(size, "big")
    raise _Unknown(f"integer {value}")


def _encode(item: object) -> bytes:
    if isinstance(item, int):
        return _head(0, item)
    if isinstance(item, str):
        raw = item.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(item, list):
        return _head(4, len(item)) + b"".join(_encode(x) for x in item)
    raise _Unknown(type(item).__name__)


def _read(path: Path) -> list:
    """The file's CBOR; raises _Unknown unless it encodes back to the same bytes."""
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise _Unknown("no pagefind_dcd signature")
    body = raw[len(SIGNATURE):]
    item, end = _decode(body)
    if end != len(body) or _encode(item) != body or not isinstance(item, list):
        raise _Unknown("does not round-trip")
    return item


def _write(folder: Path, old_name: str, item: list, prefix: str, suffix: str) -> str:
    """Write `item` as `<prefix><lang>_<hash><suffix>` (same hash length as Pagefind's);
    remove the old file; return the new `<lang>_<hash>`."""
    body = SIGNATURE + _encode(item)
    lang, old_hash = old_name.rsplit("_", 1)
    name = f"{lang}_{hashlib.sha256(body).hexdigest()[:len(old_hash)]}"
    (folder / f"{prefix}{old_name}{suffix}").unlink()
    (folder / f"{prefix}{name}{suffix}").write_bytes(gzip.compress(body, mtime=0))
    return name


def stabilize(bundle: Path) -> bool:
    """Rewrite `bundle`'s filter, meta and entry files in a fixed order; False if the
    format was not the one this module knows (the bundle is then left as written)."""
    entry_path = bundle / ENTRY
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    try:
        metas = {lang: _read(bundle / f"pagefind.{index['hash']}.pf_meta")
                 for lang, index in entry["languages"].items()}
        filters = {name: _read(bundle / "filter" / f"{name}.pf_filter")
                   for meta in metas.values() for _, name in meta[3]}
    except (_Unknown, OSError, ValueError, IndexError, TypeError):
        return False
    renamed = {}
    for old, (name, values) in filters.items():
        renamed[old] = _write(bundle / "filter", old, [name, sorted(values)], "", ".pf_filter")
    for lang, meta in metas.items():
        meta[3] = sorted([name, renamed[old]] for name, old in meta[3])
        index = entry["languages"][lang]
        index["hash"] = _write(bundle, index["hash"], meta, "pagefind.", ".pf_meta")
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                          encoding="utf-8")
    return True
