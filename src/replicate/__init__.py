"""replicate: replicate Kalén, Ponzer & Silén (2012) on a cohort of your own."""

__version__ = "0.1.0"
