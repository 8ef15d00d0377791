"""XML plumbing for REFI-QDA: namespaces, safe parsing, schema validation, stable GUIDs.

The two REFI-QDA schemas (QDA-XML v1.0, 18 March 2019) ship in ``schemas/`` and are
loaded with lxml; see ``schemas/README.md`` for where they come from. Real exports bend the
namespace rules (a missing ``xmlns``, another prefix, a mistyped URN, vendor elements), so
:func:`normalise_namespace` maps every element onto the standard namespace before validation
and says what it changed.

Stable GUIDs follow Taguette's approach (UUIDv5 over a fixed namespace and a path), so a code
exported twice keeps its identity (REFI-QDA 1.5 §5: GUIDs are ``8-4-4-4-12`` hex).

References
----------
REFI-QDA Standard 1.5 (Rotterdam Exchange Format Initiative, 2019), https://www.qdasoftware.org/.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from typing import Any, cast

from lxml import etree

from replicate.errors import DataError
from replicate.qdpx._report import Log

__all__ = [
    "CODEBOOK_NS",
    "GUID_NAMESPACE",
    "PROJECT_NS",
    "NamespaceFix",
    "local_name",
    "normalise_guid",
    "normalise_namespace",
    "note_namespace_fix",
    "parse_xml",
    "serialise",
    "stable_guid",
    "validate",
]

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
PROJECT_SCHEMA_LOCATION = "http://schema.qdasoftware.org/versions/Project/v1.0/Project.xsd"
CODEBOOK_SCHEMA_LOCATION = "http://schema.qdasoftware.org/versions/Codebook/v1.0/Codebook.xsd"

GUID_NAMESPACE = uuid.UUID("8f0e5b3c-2d4a-5f61-9c1e-7a2b3c4d5e6f")
"""Fixed UUIDv5 namespace of every GUID ``replicate`` writes (never change it: the GUIDs of
exported codes, sources and users would all change)."""

_NAMESPACE_BYTES = GUID_NAMESPACE.bytes
# the variant bits 10 over the first hex digit of the fourth group: 0-3 → 8-b, …, c-f → 8-b
_VARIANT = {d: format(0x8 | (int(d, 16) & 0x3), "x") for d in "0123456789abcdef"}
# strings json.dumps writes unchanged between quotes (no quote, backslash or control character)
_PLAIN = re.compile(r'[^"\\\x00-\x1f\x7f-\x9f\u2028\u2029]*')
_GUID_PATTERN = re.compile(r"the pattern '\(\[0-9a-fA-F\]\{8\}[^']*'")
_SCHEMA_FILES = {PROJECT_NS: "Project.xsd", CODEBOOK_NS: "Codebook.xsd"}
_GUID = re.compile(r"^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
                   r"[0-9a-fA-F]{12})\}?$")


def stable_guid(kind: str, *parts: str) -> str:
    """Return the UUIDv5 GUID of an object identified by ``kind`` and a path.

    Parameters
    ----------
    kind : str
        Object kind (``"code"``, ``"source"``, ``"user"`` …), so equal paths of different
        kinds get different GUIDs.
    *parts : str
        The identifying path, e.g. theme, category, subcategory and code.

    Returns
    -------
    str
        Lower-case ``8-4-4-4-12`` GUID, the same on every call.
    """
    if _PLAIN.fullmatch(kind) and all(map(_PLAIN.fullmatch, parts)):
        key = '["' + '", "'.join((kind, *parts)) + '"]'  # what json.dumps gives for these
    else:
        key = json.dumps([kind, *parts], ensure_ascii=False)
    # uuid.uuid5 spelled out (RFC 4122 §4.3: SHA-1 of namespace and name, version 5, variant
    # 10): the same GUID, without building a UUID object; an export of a million units makes
    # two million of them
    digest = hashlib.sha1(_NAMESPACE_BYTES + key.encode("utf-8"), usedforsecurity=False)
    h = digest.hexdigest()
    return (f"{h[:8]}-{h[8:12]}-5{h[13:16]}-{_VARIANT[h[16]]}{h[17:20]}-{h[20:32]}")


def normalise_guid(value: str) -> str:
    """Lower-case a GUID and drop optional braces (``{…}`` is allowed by the schema)."""
    m = _GUID.match(value.strip())
    return m.group(1).lower() if m else value.strip().lower()


def local_name(element: etree._Element) -> str:
    """Element name without its namespace."""
    return etree.QName(element).localname


@functools.cache
def _schema(namespace: str) -> etree.XMLSchema:
    name = _SCHEMA_FILES[namespace]
    data = resources.files("replicate.qdpx").joinpath("schemas", name).read_bytes()
    return etree.XMLSchema(etree.fromstring(data, _parser()))


def _parser() -> etree.XMLParser:
    # No entity expansion, no network, no DTD loading: project files come from outside.
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           remove_comments=True, remove_pis=True, huge_tree=False)


def parse_xml(data: bytes, *, file: str) -> etree._ElementTree:
    """Parse XML bytes safely.

    Raises
    ------
    DataError
        When the bytes are not well-formed XML (names the line).
    """
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno else None
        raise DataError(
            f"not well-formed XML ({exc.msg}); a REFI-QDA file must be UTF-8 XML",
            file=file, location=f"line {line}" if line else None,
        ) from None
    return etree.ElementTree(root)


@dataclass(frozen=True)
class NamespaceFix:
    """What :func:`normalise_namespace` changed.

    Attributes
    ----------
    missing : int
        Elements that had no namespace and were put into the standard one.
    variant : tuple of str
        Other namespace URIs that were taken to mean the standard one.
    prefix : str or None
        The prefix the root element used instead of the default namespace.
    foreign_elements : tuple of str
        Vendor elements (``{uri}name``) removed with their content.
    foreign_attributes : tuple of str
        Vendor attributes removed.
    """

    missing: int = 0
    variant: tuple[str, ...] = ()
    prefix: str | None = None
    foreign_elements: tuple[str, ...] = ()
    foreign_attributes: tuple[str, ...] = ()


def _is_variant(uri: str, expected: str) -> bool:
    # "urn:QDA-XML:project:1.0", "urn:qda-xml:project:1:0", "urn:QDA-XML:project:1.5" …
    kind = expected.split(":")[2]
    return re.fullmatch(rf"urn:qda-xml:{kind}(:[0-9.:]*)?", uri.strip().lower()) is not None


def normalise_namespace(root: etree._Element, expected: str) -> NamespaceFix:
    """Put every REFI-QDA element of ``root`` into the ``expected`` namespace, in place.

    Elements without a namespace or in a variant URN (other case, ``1:0`` for ``1.0``,
    another version) are renamed into ``expected``. Elements in any other namespace are
    vendor extensions the schema does not allow; they are removed, as are attributes in a
    namespace other than ``xsi``.

    Parameters
    ----------
    root : lxml.etree._Element
        Root element, modified in place.
    expected : str
        :data:`PROJECT_NS` or :data:`CODEBOOK_NS`.

    Returns
    -------
    NamespaceFix
        What was changed, for the import report.
    """
    missing = 0
    variants: set[str] = set()
    foreign_el: set[str] = set()
    foreign_attr: set[str] = set()
    prefix = root.prefix
    doomed: list[etree._Element] = []
    for el in root.iter(tag=etree.Element):
        uri = etree.QName(el).namespace
        name = etree.QName(el).localname
        if uri == expected:
            pass
        elif uri is None:
            missing += 1
            el.tag = f"{{{expected}}}{name}"
        elif _is_variant(uri, expected):
            variants.add(uri)
            el.tag = f"{{{expected}}}{name}"
        else:
            foreign_el.add(f"{{{uri}}}{name}")
            doomed.append(el)
            continue
        for attr in list(el.attrib):
            attr_uri = etree.QName(attr).namespace
            if attr_uri is not None and attr_uri != XSI_NS:
                foreign_attr.add(str(attr))
                del el.attrib[attr]
    for el in doomed:
        parent = el.getparent()
        if parent is not None:
            parent.remove(el)
    etree.cleanup_namespaces(root)
    return NamespaceFix(
        missing=missing, variant=tuple(sorted(variants)),
        prefix=prefix, foreign_elements=tuple(sorted(foreign_el)),
        foreign_attributes=tuple(sorted(foreign_attr)),
    )


def note_namespace_fix(fix: NamespaceFix, namespace: str, log: Log) -> None:
    """Report what :func:`normalise_namespace` changed: quirks, and vendor data removed."""
    if fix.missing:
        log.quirk("namespace-missing", f"{fix.missing} elements had no namespace; read as "
                  f"REFI-QDA ({namespace})")
    for uri in fix.variant:
        log.quirk("namespace-variant", f"namespace '{uri}' read as '{namespace}'")
    if fix.prefix:
        log.quirk("namespace-prefix", f"elements use the prefix '{fix.prefix}:' instead "
                  "of the default namespace (harmless)")
    if fix.foreign_elements:
        log.loss("Vendor elements", len(fix.foreign_elements),
                 "elements outside the REFI-QDA namespace were removed: "
                 + ", ".join(fix.foreign_elements[:5]))
    if fix.foreign_attributes:
        log.loss("Vendor attributes", len(fix.foreign_attributes),
                 "attributes outside the REFI-QDA namespace were removed: "
                 + ", ".join(fix.foreign_attributes[:5]))


def validate(tree: etree._ElementTree, namespace: str, *, file: str) -> None:
    """Validate against the REFI-QDA schema of ``namespace``.

    Raises
    ------
    DataError
        On the first violation, naming the line, element and GUID.
    """
    schema = _schema(namespace)
    if schema.validate(tree):
        return
    # lxml-stubs leave _ErrorLog empty; it is an iterable of _LogEntry.
    err = next(iter(cast("Iterable[Any]", schema.error_log)))
    element: etree._Element | None = None
    if err.path:
        found = tree.xpath(err.path)
        if isinstance(found, list) and found and isinstance(found[0], etree._Element):
            element = found[0]
    where = [f"line {err.line}"]
    if element is not None:
        where.append(f"element {local_name(element)}")
        guid = _nearest_guid(element)
        if guid:
            where.append(f"guid {guid}")
    message = _GUID_PATTERN.sub("the GUID pattern (8-4-4-4-12 hexadecimal digits, optionally "
                                "in braces)", err.message.replace(f"{{{namespace}}}", ""))
    which = _SCHEMA_FILES[namespace]
    raise DataError(
        f"does not follow the REFI-QDA schema ({which} v1.0): {message}",
        file=file, location=", ".join(where),
    )


def _nearest_guid(element: etree._Element) -> str | None:
    el: etree._Element | None = element
    while el is not None:
        guid = el.get("guid")
        if guid:
            return guid
        el = el.getparent()
    return None


def serialise(root: etree._Element, namespace: str, *, file: str) -> bytes:
    """Validate ``root`` against its schema and serialise it as UTF-8 XML bytes.

    Raises
    ------
    DataError
        When the document does not validate (a value in the tables breaks the schema).
    """
    tree = etree.ElementTree(root)
    validate(tree, namespace, file=file)
    # Written by hand for the double-quoted declaration that every QDA tool accepts.
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + etree.tostring(
        root, encoding="utf-8", xml_declaration=False, pretty_print=True)
