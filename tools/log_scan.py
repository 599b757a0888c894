"""Scans log files for personal data: national ID numbers and Vietnamese phone numbers.

``python -m tools.log_scan PATH...`` prints each finding (file, line, what, the number masked)
and exits 1 if there is any. The test suite runs the same scan over every log line it produced.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

# Word-ish neighbours are excluded so ids (uuid groups, hex digests, offsets) are not mistaken.
_EDGE_BEFORE = r"(?<![0-9A-Za-z_\-./:])"
_EDGE_AFTER = r"(?![0-9A-Za-z_\-/:])"
# CCCD: 3 digits of a province (001-096), a gender/century digit (0-9), 8 more digits.
NATIONAL_ID = re.compile(_EDGE_BEFORE + r"0[0-9]{2}[0-9]{9}" + _EDGE_AFTER)
# Mobile numbers as people write them: 0912345678, 0912 345 678, +84 912 345 678, 84912345678.
PHONE = re.compile(
    _EDGE_BEFORE + r"(?:\+?84[ .]?|0)[35789][0-9]{1,2}(?:[ .]?[0-9]{3}){2}[0-9]?" + _EDGE_AFTER
)


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    kind: str
    masked: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.kind} {self.masked}"


def _mask(number: str) -> str:
    return "*" * (len(number) - 3) + number[-3:]


def scan_text(text: str, path: str = "-") -> list[Finding]:
    findings = []
    for number, line in enumerate(text.splitlines(), start=1):
        for kind, pattern in (("national ID", NATIONAL_ID), ("phone", PHONE)):
            findings += [
                Finding(path, number, kind, _mask(m.group())) for m in pattern.finditer(line)
            ]
    return findings


def scan(paths: Iterable[Path]) -> tuple[int, int, list[Finding]]:
    """Returns (files, lines, findings) over every file under the paths."""
    files = lines = 0
    findings: list[Finding] = []
    for root in paths:
        for path in sorted(root.rglob("*") if root.is_dir() else [root]):
            if not path.is_file():
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            files += 1
            lines += text.count("\n")
            findings += scan_text(text, str(path))
    return files, lines, findings


def main(argv: list[str]) -> int:
    files, lines, findings = scan(Path(a) for a in argv)
    for finding in findings:
        print(finding)
    print(f"{files} files, {lines} lines scanned, {len(findings)} findings")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
