"""Scoring lip sync against phone timings: forced alignment, the scores, the plots and the evaluation run."""
