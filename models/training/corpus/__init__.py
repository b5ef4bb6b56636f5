"""Synthetic speech corpus with exact phone timings (festival, flite, espeak-ng) and its augmentation."""
