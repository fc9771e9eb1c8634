"""Coordinator and committee screening of a cycle's applications (stage 3)."""
