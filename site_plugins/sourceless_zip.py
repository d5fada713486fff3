"""Turn a zip of Python sources into a zip of sourceless ``.pyc`` files.

This module runs *inside Pyodide* at build time (see
``site_plugins/js/precompile_stdlib.mjs``), so it must stay standard-library
only and must not import anything else from ``site_plugins``. Running it under
Pyodide's own interpreter makes the bytecode's magic number match the engine's.

Each ``pkg/mod.py`` becomes ``pkg/mod.pyc`` in the same place: ``zipimport``
looks for ``.pyc`` before ``.py``, and imports it without a source file. The
``.pyc`` files are unchecked hash-based (PEP 552), so import never looks for
the source and the output is byte-for-byte reproducible. Entries are stored
uncompressed so that HTTP compression (gzip/brotli) applies to the whole
file, which compresses better than per-entry deflate.
"""

from __future__ import annotations

import importlib.util
import json
import marshal
import sys
import zipfile

__all__ = ["build_sourceless_zip"]

# PEP 552 flags: bit 0 = hash-based, bit 1 = check_source. 0b01 = unchecked.
_UNCHECKED_HASH_FLAGS = 0b01


def _pyc_bytes(source: bytes, filename: str) -> bytes:
    code = compile(source, filename, "exec", dont_inherit=True, optimize=0)
    return b"".join(
        (
            importlib.util.MAGIC_NUMBER,
            _UNCHECKED_HASH_FLAGS.to_bytes(4, "little"),
            importlib.util.source_hash(source),
            marshal.dumps(code),
        )
    )


def build_sourceless_zip(src_zip: str, dst_zip: str, *, mount_point: str = "") -> str:
    """Write ``dst_zip``: ``src_zip`` with every ``.py`` compiled to ``.pyc``.

    ``mount_point`` is the path the zip will have on ``sys.path`` (e.g.
    ``/lib/python314.zip``); it goes into each code object's filename so
    tracebacks look as they would with the sources. A ``.py`` that does not
    compile is kept as source. Returns a JSON summary (counts and the files
    kept as source) for the caller to report.
    """
    compiled = 0
    kept: list[str] = []
    with zipfile.ZipFile(src_zip) as source_zip, zipfile.ZipFile(
        dst_zip, "w", compression=zipfile.ZIP_STORED
    ) as out:
        for info in source_zip.infolist():
            data = source_zip.read(info)
            name = info.filename
            if name.endswith(".py") and not info.is_dir():
                filename = f"{mount_point}/{name}" if mount_point else name
                try:
                    data = _pyc_bytes(data, filename)
                    name = name + "c"
                    compiled += 1
                except (SyntaxError, ValueError) as error:
                    kept.append(f"{name}: {error}")
            entry = zipfile.ZipInfo(name, date_time=info.date_time)
            entry.external_attr = info.external_attr
            entry.compress_type = zipfile.ZIP_STORED
            out.writestr(entry, data)
    return json.dumps(
        {
            "compiled": compiled,
            "kept_as_source": kept,
            "magic": importlib.util.MAGIC_NUMBER.hex(),
            "python": sys.version.split()[0],
        }
    )
