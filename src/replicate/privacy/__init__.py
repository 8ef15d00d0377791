"""Privacy: pseudonyms, PII scans of inputs and outputs, small-cell protection.

* :func:`identifying_values` collects the identifying values of the rosters.
* :func:`scan_inputs` lists possible identifying values in transcripts and free-text columns
  (warnings for ``replicate scan``); :func:`scan_cohort` does it for a loaded cohort
  (``replicate validate``).
* :func:`scan_outputs` / :func:`assert_publishable` check a report folder before it is
  published; a finding means nothing is published.
* :func:`assign_pseudonyms` / :func:`write_key` give participants letters and keep the key
  outside the report.
* :func:`band_age`, :func:`band_ages`, :func:`suppress_small_cells` protect small cells;
  :func:`coarsen` coarsens combinations of attributes fewer than ``privacy.min_cell`` people
  share (quasi-identifiers), :func:`merge_rare` merges rare categories.
* :func:`redact` / :class:`Redactor` replace identifying values in every text before it is
  written (``[student]``, ``[mentor]``, ``[name]``, ``[e-mail]``, ``[phone]``, ``[ID]``,
  ``[URL]``); :func:`cohort_redactor` builds a cohort's, with its private log.
* :func:`esc`, :func:`note_html`, :func:`csv_safe_frame` keep values from config and data
  files inert in HTML, Markdown notes and CSV files.

See ``docs/privacy.md`` for what is and is not scanned.
"""

from __future__ import annotations

from replicate.privacy.banding import band_age, band_ages, suppress_small_cells
from replicate.privacy.cohort_scan import cohort_identities, scan_cohort
from replicate.privacy.escaping import (
    CONTENT_SECURITY_POLICY,
    csv_safe_frame,
    esc,
    note_html,
)
from replicate.privacy.findings import (
    Finding,
    findings_frame,
    format_finding,
    format_findings,
    mask,
)
from replicate.privacy.identities import Identity, IdentitySet, identifying_values
from replicate.privacy.outputs import (
    RedactionPolicy,
    cohort_redactor,
    redact_frame,
    write_redaction_log,
)
from replicate.privacy.patterns import find_emails, find_phone_numbers
from replicate.privacy.personnummer import (
    find_identity_numbers,
    identity_number_kind,
    luhn_valid,
)
from replicate.privacy.pseudonyms import (
    assign_pseudonyms,
    pseudonym_label,
    pseudonym_order,
    read_key,
    write_key,
)
from replicate.privacy.quasi import (
    NOT_STATED,
    Coarsening,
    coarsen,
    coarsening_kinds,
    merge_rare,
)
from replicate.privacy.redact import Redaction, Redactor, redact
from replicate.privacy.scan_inputs import scan_file, scan_inputs, scan_table, scan_text
from replicate.privacy.scan_outputs import (
    OutputScan,
    assert_publishable,
    raise_findings,
    scan_outputs,
)

__all__ = [
    "CONTENT_SECURITY_POLICY",
    "NOT_STATED",
    "Coarsening",
    "Finding",
    "Identity",
    "IdentitySet",
    "OutputScan",
    "Redaction",
    "RedactionPolicy",
    "Redactor",
    "assert_publishable",
    "assign_pseudonyms",
    "band_age",
    "band_ages",
    "coarsen",
    "coarsening_kinds",
    "cohort_identities",
    "cohort_redactor",
    "csv_safe_frame",
    "esc",
    "find_emails",
    "find_identity_numbers",
    "find_phone_numbers",
    "findings_frame",
    "format_finding",
    "format_findings",
    "identifying_values",
    "identity_number_kind",
    "luhn_valid",
    "mask",
    "merge_rare",
    "note_html",
    "pseudonym_label",
    "pseudonym_order",
    "raise_findings",
    "read_key",
    "redact",
    "redact_frame",
    "scan_cohort",
    "scan_file",
    "scan_inputs",
    "scan_outputs",
    "scan_table",
    "scan_text",
    "suppress_small_cells",
    "write_key",
    "write_redaction_log",
]
