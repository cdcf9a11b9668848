"""Eval sets (`*.jsonl`) and the runner that scores the service on them."""
