from tandem.matching.presentation import ReasonWriter
from tandem.programs.models import Program


def test_points_to_check_read_in_the_readers_language(program: Program) -> None:
    flag = {"code": "same_employer", "params": {"employer": "CHU de Québec"}}
    assert ReasonWriter(program.topics.all(), "en").sentence(flag) == "same employer (CHU de Québec)"
    assert ReasonWriter(program.topics.all(), "fr").sentence(flag) == "même employeur (CHU de Québec)"


def test_shared_topics_are_named_not_numbered(program: Program) -> None:
    topic = program.topics.get(name_en="Leadership Skills")
    reason = {
        "code": "shared_topics",
        "params": {"items": [str(topic.pk)], "count": 1, "of": 2, "points": 12.5},
    }
    assert "Compétences en leadership" in ReasonWriter(program.topics.all(), "fr").sentence(reason)
