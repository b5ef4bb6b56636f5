"""Training runs as config files: each holds the arguments of one `python -m models.training.model.train` run."""
