"""Synthetic demo cohort generator.

:func:`generate_demo` writes a complete, clearly synthetic cohort shaped like Kalén, Ponzer &
Silén (2012): tables, interview guide (two versions), pilot and interview transcripts, meaning
units, a double-coded subset and a codebook under the original's Table 1 hierarchy. It is
deterministic in its seed and scales for benchmarks.
"""

from __future__ import annotations

from replicate.demo.generate import generate_demo

__all__ = ["generate_demo"]
