from tandem.relationships.tests.fixtures import other_participant, pair, running_cycle  # noqa: F401
