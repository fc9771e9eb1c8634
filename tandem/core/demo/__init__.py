"""Demo data for a developer's machine: `python manage.py load_demo`."""
