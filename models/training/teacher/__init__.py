"""The teacher: timed phonemes to ARKit weight curves (`curves.teacher_curves`), the targets the network learns."""
